-- One row per agency and report year (the current version of an annual report): the report-quality index,
-- the indicators the CASS law institute's evaluators score by hand (docs/quality-index.md), each with its
-- evidence, its basis and a 0..1 score, then a weighted score and a rank within level and year. A score is
-- NULL when its evidence was not collected (basis 'unknown') or the rule does not apply ('not_applicable'):
-- it then drops out of quality_score, whose weights are data (dbt_like_sql/seeds/quality_weights.yml), never a guess.
WITH fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
stg_raw__reports AS (
    SELECT * FROM {{ ref('stg_raw__reports') }}
),
stg_raw__report_cells AS (
    SELECT * FROM {{ ref('stg_raw__report_cells') }}
),
stg_raw__report_sources AS (
    SELECT * FROM {{ ref('stg_raw__report_sources') }}
),
stg_raw__source_identities AS (
    SELECT * FROM {{ ref('stg_raw__source_identities') }}
),
stg_seeds__metrics AS (
    SELECT * FROM {{ ref('stg_seeds__metrics') }}
),
stg_seeds__outcomes AS (
    SELECT * FROM {{ ref('stg_seeds__outcomes') }}
),
stg_seeds__applicant_types AS (
    SELECT * FROM {{ ref('stg_seeds__applicant_types') }}
),
mart_copied_reports AS (
    SELECT * FROM {{ ref('mart_copied_reports') }}
),
mart_region_summaries AS (
    SELECT * FROM {{ ref('mart_region_summaries') }}
),
dim_agencies AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
dim_regions AS (
    SELECT * FROM {{ ref('dim_regions') }}
),
stg_seeds__quality_weights AS (
    SELECT * FROM {{ ref('stg_seeds__quality_weights') }}
),
outline AS (  -- the sections of each outline (crawler/parsing/sections.py holds the matching rules)
    SELECT * FROM (VALUES
        ('2019', 1, 'overview', '总体情况'),
        ('2019', 2, 'active_disclosure', '主动公开政府信息情况'),
        ('2019', 3, 'applications', '收到和处理政府信息公开申请情况'),
        ('2019', 4, 'review_litigation', '政府信息公开行政复议、行政诉讼情况'),
        ('2019', 5, 'problems_improvements', '存在的主要问题及改进情况'),
        ('2019', 6, 'other_matters', '其他需要报告的事项'),
        ('prose', 1, 'active_disclosure', '主动公开政府信息的情况'),
        ('prose', 2, 'applications', '依申请公开和不予公开政府信息的情况'),
        ('prose', 3, 'fees', '收费及减免情况'),
        ('prose', 4, 'review_litigation', '行政复议、行政诉讼情况'),
        ('prose', 5, 'problems_improvements', '存在的主要问题及改进情况')
    ) AS t(outline, section_no, section_key, section_label)
),
current AS (
    SELECT r.*, s.sections_json,
        CASE WHEN r.template IN ('2019', '2021') THEN '2019' WHEN r.template = 'prose' THEN 'prose' END AS outline
    FROM fct_reports AS r
    JOIN stg_raw__reports AS s ON s.report_id = r.version_id
    WHERE r.doc_kind = 'annual_report'
),
found AS (  -- sections the parser recorded; NULL sections_json (staged before sections were) stays unknown
    SELECT c.report_key, unnest(from_json(c.sections_json, '["VARCHAR"]')) AS section_key
    FROM current AS c
    WHERE c.sections_json IS NOT NULL
),
sections AS (
    SELECT
        c.report_key,
        count(o.section_key) AS sections_expected,
        count(o.section_key) FILTER (WHERE f.section_key IS NOT NULL) AS sections_found,
        string_agg(o.section_label, '、' ORDER BY o.section_no) FILTER (WHERE f.section_key IS NULL)
            AS sections_missing
    FROM current AS c
    JOIN outline AS o USING (outline)
    LEFT JOIN found AS f ON f.report_key = c.report_key AND f.section_key = o.section_key
    WHERE c.sections_json IS NOT NULL
    GROUP BY c.report_key
),
expected_cells AS (  -- every leaf cell of the template's tables 2-4 in an era (group rows are sums)
    SELECT metric_key AS cell_key, in_2019, in_2021 FROM stg_seeds__metrics WHERE table_no IN (2, 4)
    UNION ALL
    SELECT 't3.' || o.outcome || '.' || a.applicant_type, o.in_2019, o.in_2021
    FROM stg_seeds__outcomes AS o, stg_seeds__applicant_types AS a
    WHERE o.row_kind <> 'group'
),
cells AS (
    SELECT
        c.report_key,
        count(*) AS cells_expected,
        count(rc.cell_key) AS cells_stated
    FROM current AS c
    JOIN expected_cells AS e ON (c.template = '2019' AND e.in_2019) OR (c.template = '2021' AND e.in_2021)
    LEFT JOIN stg_raw__report_cells AS rc ON rc.report_id = c.version_id AND rc.cell_key = e.cell_key
    GROUP BY c.report_key
),
versions AS (  -- every version of the agency-year: a second one is a change after publication
    SELECT
        v.report_key,
        max(v.first_seen_at) FILTER (WHERE v.version_no > 1) AS last_changed_at,
        count(DISTINCT s.host) AS source_hosts,
        count(DISTINCT s.url) AS source_urls
    FROM int_report_versions AS v
    LEFT JOIN stg_raw__report_sources AS s ON s.report_id = v.version_id
    GROUP BY v.report_key
),
copies_differ AS (  -- an older version still served on one host after a newer one appeared on another
    SELECT DISTINCT old.report_key
    FROM int_report_versions AS old
    JOIN int_report_versions AS new ON new.report_key = old.report_key AND new.version_no > old.version_no
    JOIN stg_raw__report_sources AS so ON so.report_id = old.version_id
    JOIN stg_raw__report_sources AS sn ON sn.report_id = new.version_id
    WHERE so.host <> sn.host AND so.fetched_at >= sn.fetched_at
),
identity_checked AS (  -- versions the near-duplicate index compared with the run's other documents
    SELECT DISTINCT report_id AS version_id FROM stg_raw__source_identities
),
copied AS (
    SELECT version_id, max(text_similarity) AS copied_similarity, count(*) AS copied_pairs
    FROM (
        SELECT version_id_a AS version_id, text_similarity FROM mart_copied_reports
        UNION ALL
        SELECT version_id_b, text_similarity FROM mart_copied_reports
    )
    GROUP BY version_id
),
evidence AS (
    SELECT
        c.report_key,
        c.version_id,
        c.agency_key,
        c.report_year,
        c.template,
        c.region_code,
        c.published_date,
        c.deadline_date,
        c.days_from_deadline,
        c.is_on_time,
        c.is_consistent,
        c.issue_count,
        c.version_count,
        v.last_changed_at,
        s.sections_expected,
        s.sections_found,
        s.sections_missing,
        k.cells_expected,
        k.cells_stated,
        v.source_hosts,
        v.source_urls,
        d.report_key IS NOT NULL AS copies_differ,
        i.version_id IS NOT NULL AS is_identity_checked,
        coalesce(p.copied_pairs, 0) AS copied_pairs,
        p.copied_similarity
    FROM current AS c
    LEFT JOIN sections AS s USING (report_key)
    LEFT JOIN cells AS k USING (report_key)
    LEFT JOIN versions AS v USING (report_key)
    LEFT JOIN copies_differ AS d USING (report_key)
    LEFT JOIN identity_checked AS i ON i.version_id = c.version_id
    LEFT JOIN copied AS p ON p.version_id = c.version_id
),
indicators AS (
    SELECT
        e.*,
        a.agency_id,
        a.agency_name,
        CASE WHEN a.agency_kind IN ('department', 'township', 'development_zone') THEN a.agency_kind
             WHEN a.agency_kind = 'government' THEN coalesce(a.agency_level, 'unknown')
             ELSE 'unknown' END AS evaluation_level,
        g.province,
        CASE WHEN e.published_date IS NOT NULL THEN 'published_date' ELSE 'unknown' END AS on_time_basis,
        NULL::BOOLEAN AS in_report_column,  -- the crawl does not yet stage the column a report was listed in
        'unknown' AS report_column_basis,
        CASE WHEN e.sections_expected IS NOT NULL THEN 'parsed_outline' ELSE 'unknown' END AS section_basis,
        e.sections_found / e.sections_expected AS section_coverage,
        CASE WHEN e.template IN ('2019', '2021') THEN 'template_cells'
             WHEN e.template = 'prose' THEN 'not_applicable' ELSE 'unknown' END AS table_basis,
        e.cells_stated / nullif(e.cells_expected, 0) AS table_fill,
        e.version_count > 1 AS changed_after_publication,
        e.source_hosts > 1 AS posted_on_several_sources,
        NULL::BOOLEAN AS companion_found,  -- 图解/解读 are skipped by the crawl, not staged with an agency
        'unknown' AS companion_basis,
        CASE WHEN e.is_identity_checked OR e.copied_pairs > 0 THEN e.copied_pairs > 0 END AS has_copied_passages,
        CASE WHEN e.is_identity_checked OR e.copied_pairs > 0 THEN 'identity_index' ELSE 'unknown' END
            AS copied_basis,
        NULL::DOUBLE AS prev_year_shared_share,  -- the index compares reports of one year only
        'unknown' AS prev_year_basis,
        CASE WHEN a.agency_kind = 'government' AND a.agency_level IN ('province', 'city')
             THEN rs.report_key IS NOT NULL END AS region_summary_found,
        CASE WHEN a.agency_kind = 'government' AND a.agency_level IN ('province', 'city')
             THEN 'region_summaries' ELSE 'not_applicable' END AS region_summary_basis
    FROM evidence AS e
    JOIN dim_agencies AS a USING (agency_key)
    LEFT JOIN dim_regions AS g ON g.region_code = coalesce(e.region_code, a.region_code)
    LEFT JOIN (SELECT DISTINCT region_code, report_year, first(report_key) AS report_key
               FROM mart_region_summaries GROUP BY region_code, report_year) AS rs
        ON rs.region_code = a.region_code AND rs.report_year = e.report_year
),
scores AS (  -- each indicator on 0..1; NULL = unknown or not applicable, left out of the weighted mean
    SELECT
        report_key,
        CASE WHEN is_on_time THEN 1.0 WHEN NOT is_on_time THEN 0.0 END AS on_time,
        CASE WHEN in_report_column THEN 1.0 WHEN NOT in_report_column THEN 0.0 END AS report_column,
        section_coverage AS section_coverage,
        CASE WHEN table_basis = 'template_cells' THEN table_fill END AS table_fill,
        CASE WHEN is_consistent THEN 1.0 ELSE 0.0 END AS identities_hold,
        CASE WHEN changed_after_publication THEN 0.0 ELSE 1.0 END AS unchanged,
        CASE WHEN copies_differ THEN 0.0 ELSE 1.0 END AS copies_agree,
        CASE WHEN companion_found THEN 1.0 WHEN NOT companion_found THEN 0.0 END AS companion,
        CASE WHEN has_copied_passages THEN 0.0 WHEN NOT has_copied_passages THEN 1.0 END AS original_text,
        CASE WHEN region_summary_found THEN 1.0 WHEN NOT region_summary_found THEN 0.0 END AS region_summary
    FROM indicators
),
long_scores AS (  -- UNPIVOT leaves NULLs out: an unknown indicator carries no weight
    UNPIVOT scores ON on_time, report_column, section_coverage, table_fill, identities_hold, unchanged,
        copies_agree, companion, original_text, region_summary
    INTO NAME indicator VALUE score
),
weighted AS (
    SELECT
        l.report_key,
        100 * sum(l.score * w.weight) / nullif(sum(w.weight), 0) AS quality_score,
        sum(w.weight) / (SELECT sum(weight) FROM stg_seeds__quality_weights) AS score_weight_known
    FROM long_scores AS l
    JOIN stg_seeds__quality_weights AS w USING (indicator)
    WHERE w.weight > 0
    GROUP BY l.report_key
),
final AS (
    SELECT
        i.report_key,
        i.agency_key,
        i.agency_id,
        i.agency_name,
        i.report_year,
        i.evaluation_level,
        i.province,
        i.region_code,
        i.version_id,
        i.template,
        i.published_date,
        i.deadline_date,
        i.days_from_deadline,
        i.is_on_time,
        i.on_time_basis,
        s.on_time AS on_time_score,
        i.in_report_column,
        i.report_column_basis,
        i.sections_expected,
        i.sections_found,
        i.sections_missing,
        i.section_coverage,
        i.section_basis,
        i.cells_expected,
        i.cells_stated,
        i.table_fill,
        i.table_basis,
        s.table_fill AS table_fill_score,
        i.is_consistent AS identities_hold,
        i.issue_count,
        i.version_count,
        i.changed_after_publication,
        i.last_changed_at,
        i.source_hosts,
        i.source_urls,
        i.posted_on_several_sources,
        i.copies_differ,
        i.companion_found,
        i.companion_basis,
        i.has_copied_passages,
        i.copied_pairs,
        i.copied_similarity,
        i.copied_basis,
        i.prev_year_shared_share,
        i.prev_year_basis,
        i.region_summary_found,
        i.region_summary_basis,
        w.quality_score,
        w.score_weight_known,
        rank() OVER (
            PARTITION BY i.evaluation_level, i.report_year ORDER BY w.quality_score DESC NULLS LAST
        ) AS quality_rank,
        count(*) OVER (PARTITION BY i.evaluation_level, i.report_year) AS level_reports
    FROM indicators AS i
    JOIN scores AS s USING (report_key)
    LEFT JOIN weighted AS w USING (report_key)
)
SELECT * FROM final
