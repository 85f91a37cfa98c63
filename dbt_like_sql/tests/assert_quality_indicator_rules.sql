-- severity: error
-- Each indicator of mart_report_quality follows its rule (docs/quality-index.md): a row per broken rule,
-- named. A wrong derived value is a bug: nothing is published.
WITH q AS (
    SELECT * FROM {{ ref('mart_report_quality') }}
),
r AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
a AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
broken AS (
    SELECT q.report_key, 'on_time' AS indicator FROM q
    WHERE q.is_on_time IS DISTINCT FROM (q.days_from_deadline <= 0)
       OR q.on_time_score IS DISTINCT FROM CASE WHEN q.is_on_time THEN 1.0 WHEN NOT q.is_on_time THEN 0.0 END
       OR (q.on_time_basis = 'unknown') IS DISTINCT FROM (q.published_date IS NULL)
    UNION ALL
    SELECT q.report_key, 'section_coverage' FROM q
    WHERE q.sections_found > q.sections_expected
       OR q.section_coverage IS DISTINCT FROM q.sections_found / q.sections_expected
       OR (q.sections_missing IS NULL) IS DISTINCT FROM (q.sections_found IS NULL OR q.sections_found = q.sections_expected)
       OR (q.section_basis = 'unknown') IS DISTINCT FROM (q.sections_expected IS NULL)
       OR q.sections_expected IS DISTINCT FROM CASE WHEN q.section_basis = 'unknown' THEN NULL
                                                 WHEN q.template = 'prose' THEN 5 ELSE 6 END
    UNION ALL
    SELECT q.report_key, 'table_fill' FROM q
    WHERE q.cells_stated > q.cells_expected
       OR q.table_fill IS DISTINCT FROM q.cells_stated / q.cells_expected
       OR q.table_fill_score IS DISTINCT FROM CASE WHEN q.table_basis = 'template_cells' THEN q.table_fill END
       OR (q.table_basis = 'template_cells') IS DISTINCT FROM (q.template IN ('2019', '2021'))
    UNION ALL
    SELECT q.report_key, 'identities_hold' FROM q JOIN r USING (report_key)
    WHERE q.identities_hold IS DISTINCT FROM r.is_consistent OR q.issue_count IS DISTINCT FROM r.issue_count
    UNION ALL
    SELECT q.report_key, 'changed_after_publication' FROM q
    WHERE q.changed_after_publication IS DISTINCT FROM (q.version_count > 1)
       OR (q.last_changed_at IS NULL) IS DISTINCT FROM (q.version_count = 1)
    UNION ALL
    SELECT q.report_key, 'several_sources' FROM q
    WHERE q.posted_on_several_sources IS DISTINCT FROM (q.source_hosts > 1)
       OR (q.copies_differ AND NOT (q.posted_on_several_sources AND q.changed_after_publication))
    UNION ALL
    SELECT q.report_key, 'copied_passages' FROM q
    WHERE q.has_copied_passages IS DISTINCT FROM CASE WHEN q.copied_basis = 'identity_index' THEN q.copied_pairs > 0 END
       OR (q.copied_pairs = 0 AND q.copied_similarity IS NOT NULL)
    UNION ALL
    SELECT q.report_key, 'region_summary' FROM q JOIN a USING (agency_key)
    WHERE (q.region_summary_found IS NULL) IS DISTINCT FROM (q.region_summary_basis = 'not_applicable')
       OR (q.region_summary_basis = 'region_summaries')
          IS DISTINCT FROM (a.agency_kind = 'government' AND q.evaluation_level IN ('province', 'city'))
),
final AS (
    SELECT * FROM broken
)
SELECT * FROM final
