-- severity: error
-- is_consistent is true exactly when the report has no row in fct_quality_issues.
SELECT r.report_key, r.is_consistent, count(q.code) AS issues
FROM {{ ref('fct_reports') }} AS r
LEFT JOIN {{ ref('fct_quality_issues') }} AS q USING (report_key)
GROUP BY r.report_key, r.is_consistent
HAVING r.is_consistent <> (count(q.code) = 0)
