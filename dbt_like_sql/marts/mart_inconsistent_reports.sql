-- One row per current report that fails at least one consistency check, with its codes and messages.
WITH fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
dim_agencies AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
fct_quality_issues AS (
    SELECT * FROM {{ ref('fct_quality_issues') }}
),
final AS (
    SELECT
        r.report_key,
        r.agency_key,
        a.agency_name,
        r.report_year,
        r.template,
        count(*) AS failed_checks,
        list(q.code ORDER BY q.code) AS codes,
        string_agg(q.code || ': ' || q.message, ' | ' ORDER BY q.code) AS messages
    FROM fct_reports AS r
    JOIN dim_agencies AS a USING (agency_key)
    JOIN fct_quality_issues AS q USING (report_key)
    GROUP BY r.report_key, r.agency_key, a.agency_name, r.report_year, r.template
)
SELECT * FROM final
