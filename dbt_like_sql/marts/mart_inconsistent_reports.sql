-- One row per current report that fails at least one consistency check, with its codes and messages.
SELECT
    r.report_key,
    r.agency_key,
    a.agency_name,
    r.report_year,
    r.template,
    count(*) AS failed_checks,
    list(q.code ORDER BY q.code) AS codes,
    string_agg(q.code || ': ' || q.message, ' | ' ORDER BY q.code) AS messages
FROM {{ ref('fct_reports') }} AS r
JOIN {{ ref('dim_agencies') }} AS a USING (agency_key)
JOIN {{ ref('fct_quality_issues') }} AS q USING (report_key)
GROUP BY r.report_key, r.agency_key, a.agency_name, r.report_year, r.template
