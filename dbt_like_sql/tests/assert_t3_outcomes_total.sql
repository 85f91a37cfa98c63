-- severity: warn
-- Table 3: 总计 = the six outcome groups.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 't3_outcomes_total'
