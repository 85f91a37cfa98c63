-- severity: warn
-- Table 3, per applicant column: 新收 + 上年结转 = 总计 + 结转下年度.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 't3_balance'
