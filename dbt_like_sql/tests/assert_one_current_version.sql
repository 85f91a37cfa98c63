-- severity: error
-- Every agency-year has exactly one current version, and fct_reports shows that one.
SELECT v.report_key, count(*) FILTER (WHERE v.is_current) AS current_versions
FROM {{ ref('fct_report_versions') }} AS v
GROUP BY v.report_key
HAVING count(*) FILTER (WHERE v.is_current) <> 1
UNION ALL
SELECT r.report_key, 0
FROM {{ ref('fct_reports') }} AS r
LEFT JOIN {{ ref('fct_report_versions') }} AS v ON v.version_id = r.version_id AND v.is_current
WHERE v.version_id IS NULL
