-- One row per agency and report year that has a report for the year before: year-on-year changes.
WITH mart_agency_year_outcomes AS (
    SELECT * FROM {{ ref('mart_agency_year_outcomes') }}
),
final AS (
    SELECT
        cur.agency_key,
        cur.report_year,
        cur.report_key,
        prev.report_key AS previous_report_key,
        cur.applications_new,
        prev.applications_new AS previous_applications_new,
        cur.applications_new - prev.applications_new AS applications_new_change,
        (cur.applications_new - prev.applications_new) / nullif(prev.applications_new, 0) AS applications_new_growth,
        cur.outcomes_total - prev.outcomes_total AS outcomes_total_change,
        cur.granted - prev.granted AS granted_change,
        cur.grant_rate - prev.grant_rate AS grant_rate_change,
        cur.substantive_rate - prev.substantive_rate AS substantive_rate_change
    FROM mart_agency_year_outcomes AS cur
    JOIN mart_agency_year_outcomes AS prev
        ON prev.agency_key = cur.agency_key AND prev.report_year = cur.report_year - 1
)
SELECT * FROM final
