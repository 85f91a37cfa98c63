-- severity: warn
-- This year's 上年结转 = last year's 结转下年度继续办理 (same agency, per applicant column).
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 'cross_year_carry'
