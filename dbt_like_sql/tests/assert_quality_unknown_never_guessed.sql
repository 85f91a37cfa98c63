-- severity: error
-- Evidence not collected is NULL, never a guess: an indicator whose basis is unknown or not_applicable has no
-- value and no score, and one whose basis is known has a value.
SELECT report_key, 'value set without evidence' AS problem
FROM {{ ref('mart_report_quality') }}
WHERE (report_column_basis = 'unknown' AND in_report_column IS NOT NULL)
   OR (companion_basis = 'unknown' AND companion_found IS NOT NULL)
   OR (prev_year_basis = 'unknown' AND prev_year_shared_share IS NOT NULL)
   OR (copied_basis = 'unknown' AND has_copied_passages IS NOT NULL)
   OR (section_basis = 'unknown' AND section_coverage IS NOT NULL)
   OR (on_time_basis = 'unknown' AND on_time_score IS NOT NULL)
   OR (table_basis <> 'template_cells' AND table_fill_score IS NOT NULL)
   OR (region_summary_basis = 'not_applicable' AND region_summary_found IS NOT NULL)
UNION ALL
SELECT report_key, 'known evidence without a value'
FROM {{ ref('mart_report_quality') }}
WHERE (section_basis = 'parsed_outline' AND section_coverage IS NULL)
   OR (on_time_basis = 'published_date' AND on_time_score IS NULL)
   OR (copied_basis = 'identity_index' AND has_copied_passages IS NULL)
   OR (region_summary_basis = 'region_summaries' AND region_summary_found IS NULL)
