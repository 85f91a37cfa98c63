-- One row per agency-year and proceeding (行政复议, 未经复议直接起诉, 复议后起诉, or a prose report's
-- combined 行政诉讼): results, correction_rate (纠错率) = corrected / (upheld + corrected + other), i.e.
-- decided cases only, and cases per new application.
WITH fct_review_litigation AS (
    SELECT * FROM {{ ref('fct_review_litigation') }}
),
fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
int_report_outcomes AS (
    SELECT * FROM {{ ref('int_report_outcomes') }}
),
t4 AS (
    SELECT
        report_key, proceeding,
        max("count") FILTER (WHERE result = 'upheld') AS upheld,
        max("count") FILTER (WHERE result = 'corrected') AS corrected,
        max("count") FILTER (WHERE result = 'other') AS other,
        max("count") FILTER (WHERE result = 'pending') AS pending,
        max("count") FILTER (WHERE result = 'total') AS total
    FROM fct_review_litigation
    GROUP BY report_key, proceeding
),
final AS (
    SELECT
        r.report_key,
        r.agency_key,
        r.report_year,
        t4.proceeding,
        t4.upheld,
        t4.corrected,
        t4.other,
        t4.pending,
        t4.total,
        t4.corrected / nullif(t4.upheld + t4.corrected + t4.other, 0) AS correction_rate,
        t4.total / nullif(o.applications_new, 0) AS cases_per_new_application
    FROM t4
    JOIN fct_reports AS r USING (report_key)
    LEFT JOIN int_report_outcomes AS o USING (report_key)
    WHERE r.doc_kind = 'annual_report'  -- a 综述's cases are other agencies' cases
)
SELECT * FROM final
