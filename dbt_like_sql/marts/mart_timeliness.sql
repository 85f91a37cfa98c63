-- One row per report year and agency kind: how many annual reports were published by the statutory
-- deadline. The deadline and is_on_time are fct_reports' (its one definition: departments 31 Jan from the
-- 2019 year on, everyone else and every pre-2019 report 31 Mar); this mart only counts them. A province's
-- 综述 is not an agency's report and has no statutory deadline, so it is left out here.
WITH fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
dim_agencies AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
final AS (
    SELECT
        r.report_year,
        a.agency_kind,
        count(*) AS reports,
        count(r.published_date) AS reports_with_date,
        count(*) FILTER (WHERE r.is_on_time) AS on_time,
        count(*) FILTER (WHERE NOT r.is_on_time) AS late,
        count(*) FILTER (WHERE r.is_on_time) / nullif(count(r.published_date), 0) AS on_time_rate,
        median(r.days_from_deadline) FILTER (WHERE NOT r.is_on_time) AS median_days_late,
        max(r.days_from_deadline) AS max_days_from_deadline
    FROM fct_reports AS r
    JOIN dim_agencies AS a USING (agency_key)
    WHERE r.doc_kind = 'annual_report'
    GROUP BY r.report_year, a.agency_kind
)
SELECT * FROM final
