-- One row per provincial or city summary (综述): the figures a province or city states for all of its
-- agencies together. They are kept out of the agency marts, where they would count every application twice.
WITH fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
dim_agencies AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
int_report_outcomes AS (
    SELECT * FROM {{ ref('int_report_outcomes') }}
),
final AS (
    SELECT
        r.report_key,
        r.agency_key,
        a.agency_name AS issuer_name,
        r.region_code,
        r.report_year,
        r.published_date,
        r.title,
        r.template,
        o.applications_new,
        o.granted,
        o.partial,
        o.denied,
        o.outcomes_total,
        o.granted / nullif(o.outcomes_total, 0) AS grant_rate,
        r.is_consistent
    FROM fct_reports AS r
    JOIN dim_agencies AS a USING (agency_key)
    LEFT JOIN int_report_outcomes AS o USING (report_key)
    WHERE r.doc_kind = 'provincial_summary'
)
SELECT * FROM final
