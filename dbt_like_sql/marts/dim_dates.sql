-- One row per calendar date a report version was published on.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
final AS (
    SELECT DISTINCT
        published_date AS date_key,
        year(published_date) AS year,
        quarter(published_date) AS quarter,
        month(published_date) AS month,
        day(published_date) AS day,
        isodow(published_date) AS iso_weekday
    FROM int_report_versions
    WHERE published_date IS NOT NULL
)
SELECT * FROM final
