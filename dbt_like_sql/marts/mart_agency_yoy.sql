-- One row per stable agency and report year that has a report for the year before: year-on-year changes.
-- The agency is followed by its stable id (dim_agencies.agency_id), so a series runs on across a rename
-- (国土资源局 → 自然资源局) and a division-code change (a county that became a district). When one stable
-- agency has two reports in a year (two names used at once), the one stating applications_new is taken.
WITH mart_agency_year_outcomes AS (
    SELECT * FROM {{ ref('mart_agency_year_outcomes') }}
),
dim_agencies AS (
    SELECT * FROM {{ ref('dim_agencies') }}
),
yearly AS (
    SELECT m.*, a.agency_id
    FROM mart_agency_year_outcomes AS m
    JOIN dim_agencies AS a USING (agency_key)
    QUALIFY row_number() OVER (
        PARTITION BY a.agency_id, m.report_year ORDER BY m.applications_new IS NULL, m.report_key
    ) = 1
),
final AS (
    SELECT
        cur.agency_id,
        cur.agency_key,
        prev.agency_key AS previous_agency_key,
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
    FROM yearly AS cur
    JOIN yearly AS prev
        ON prev.agency_id = cur.agency_id AND prev.report_year = cur.report_year - 1
)
SELECT * FROM final
