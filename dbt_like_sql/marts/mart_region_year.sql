-- One row per division (province, city or county level) and report year: every report of an agency in
-- that division or below, rolled up. Rates are computed from the summed counts of reports that stated them.
WITH mart_agency_year_outcomes AS (
    SELECT * FROM {{ ref('mart_agency_year_outcomes') }}
),
fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
dim_regions AS (
    SELECT * FROM {{ ref('dim_regions') }}
),
placed AS (
    SELECT o.*, g.province_code, g.city_code, CASE WHEN g.level = 'county' THEN g.region_code END AS county_code,
           f.is_on_time, f.published_date
    FROM mart_agency_year_outcomes AS o
    JOIN fct_reports AS f USING (report_key)
    JOIN dim_regions AS g ON g.region_code = f.region_code
),
levels AS (
    SELECT 'province' AS region_level, province_code AS region_code, * FROM placed
    UNION ALL
    SELECT 'city', city_code, * FROM placed WHERE city_code IS NOT NULL
    UNION ALL
    SELECT 'county', county_code, * FROM placed WHERE county_code IS NOT NULL
),
final AS (
    SELECT
        l.region_level,
        l.region_code,
        d.region_name,
        l.report_year,
        count(*) AS reports,
        count(DISTINCT l.agency_key) AS agencies,
        count(*) FILTER (WHERE NOT l.is_consistent) AS reports_flagged,
        count(*) FILTER (WHERE l.is_on_time) AS reports_on_time,
        sum(l.applications_new) AS applications_new,
        sum(l.granted) AS granted,
        sum(l.partial) AS partial,
        sum(l.denied) AS denied,
        sum(l.outcomes_total) AS outcomes_total,
        sum(l.granted) FILTER (WHERE l.outcomes_total IS NOT NULL)
            / nullif(sum(l.outcomes_total) FILTER (WHERE l.granted IS NOT NULL), 0) AS grant_rate
    FROM levels AS l
    JOIN dim_regions AS d USING (region_code)
    GROUP BY l.region_level, l.region_code, d.region_name, l.report_year
)
SELECT * FROM final
