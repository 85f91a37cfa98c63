-- severity: error
-- quality_score is 100 x the weighted mean of the known indicator scores, with the weights of
-- dbt_like_sql/seeds/quality_weights.yml (recomputed here from the published score columns), and quality_rank orders the
-- scores within level and year.
WITH q AS (
    SELECT * FROM {{ ref('mart_report_quality') }}
),
w AS (
    SELECT * FROM {{ ref('stg_seeds__quality_weights') }}
),
parts AS (
    SELECT q.report_key, w.weight, CASE w.indicator
        WHEN 'on_time' THEN q.on_time_score
        WHEN 'report_column' THEN CASE WHEN q.in_report_column THEN 1.0 WHEN NOT q.in_report_column THEN 0.0 END
        WHEN 'section_coverage' THEN q.section_coverage
        WHEN 'table_fill' THEN q.table_fill_score
        WHEN 'identities_hold' THEN CASE WHEN q.identities_hold THEN 1.0 ELSE 0.0 END
        WHEN 'unchanged' THEN CASE WHEN q.changed_after_publication THEN 0.0 ELSE 1.0 END
        WHEN 'copies_agree' THEN CASE WHEN q.copies_differ THEN 0.0 ELSE 1.0 END
        WHEN 'companion' THEN CASE WHEN q.companion_found THEN 1.0 WHEN NOT q.companion_found THEN 0.0 END
        WHEN 'original_text' THEN CASE WHEN q.has_copied_passages THEN 0.0 WHEN NOT q.has_copied_passages THEN 1.0 END
        WHEN 'region_summary' THEN CASE WHEN q.region_summary_found THEN 1.0
                                        WHEN NOT q.region_summary_found THEN 0.0 END
        END AS score
    FROM q CROSS JOIN w
    WHERE w.weight > 0
),
expected AS (
    SELECT report_key, 100 * sum(score * weight) FILTER (WHERE score IS NOT NULL)
        / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS expected_score
    FROM parts GROUP BY report_key
),
misranked AS (
    SELECT a.report_key
    FROM q AS a JOIN q AS b ON a.evaluation_level = b.evaluation_level AND a.report_year = b.report_year
    WHERE a.quality_score > b.quality_score AND a.quality_rank >= b.quality_rank
),
final AS (
    SELECT q.report_key, q.quality_score, e.expected_score, 'score' AS problem
    FROM q JOIN expected AS e USING (report_key)
    WHERE abs(q.quality_score - e.expected_score) > 1e-9 OR (q.quality_score IS NULL) <> (e.expected_score IS NULL)
       OR q.quality_score NOT BETWEEN 0 AND 100
    UNION ALL
    SELECT report_key, NULL, NULL, 'rank' FROM misranked
)
SELECT * FROM final
