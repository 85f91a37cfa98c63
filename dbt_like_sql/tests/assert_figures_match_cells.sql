-- severity: warn
-- A figure quoted in the text equals the table cell it names.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 'figure_cell_mismatch'
