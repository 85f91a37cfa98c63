-- severity: warn
-- Every parsed cell is a row and column of the templates.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 'unmapped_cell'
