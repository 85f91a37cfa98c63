-- severity: warn
-- Table 3: the 总计 column = 自然人 + the five 法人或其他组织 columns.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 't3_column_total'
