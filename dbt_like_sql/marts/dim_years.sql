-- One row per report year from 2008 (the first 条例) to the latest year reported: the rules in force.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
bounds AS (
    SELECT 2008 AS first_year, greatest(2008, coalesce(max(report_year), 2008)) AS last_year
    FROM int_report_versions
),
final AS (
    SELECT
        CAST(y.report_year AS INTEGER) AS report_year,
        CASE WHEN y.report_year < 2019 THEN '2008条例' ELSE '2019条例' END AS regulation,
        CASE WHEN y.report_year < 2019 THEN 'prose' WHEN y.report_year < 2021 THEN '2019' ELSE '2021' END
            AS template_in_force,
        CASE WHEN y.report_year < 2019 THEN make_date(CAST(y.report_year AS INTEGER) + 1, 3, 31)
             ELSE make_date(CAST(y.report_year AS INTEGER) + 1, 1, 31) END AS department_deadline,
        make_date(CAST(y.report_year AS INTEGER) + 1, 3, 31) AS government_deadline
    FROM bounds, range(bounds.first_year, bounds.last_year + 1) AS y(report_year)
)
SELECT * FROM final
