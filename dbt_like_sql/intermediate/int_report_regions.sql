-- One row per report version: the GB/T 2260 division it belongs to. The staged code wins when the code
-- list knows it; otherwise the most specific name that matches (county, city, province); otherwise the
-- nearest known ancestor of the staged code. region_match says which rule applied.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
stg_seeds__regions AS (
    SELECT * FROM {{ ref('stg_seeds__regions') }}
),
v AS (
    SELECT version_id, province, city, county, staged_region_code AS code
    FROM int_report_versions
),
g AS (SELECT * FROM stg_seeds__regions),
by_code AS (
    SELECT v.version_id, g.region_code FROM v JOIN g ON g.region_code = v.code
),
by_county AS (
    SELECT v.version_id, min(g.region_code) AS region_code
    FROM v JOIN g ON g.level = 'county' AND g.county = v.county
        AND (v.province IS NULL OR g.province = v.province)
        AND (v.city IS NULL OR g.city IS NULL OR g.city = v.city)
    GROUP BY v.version_id
),
by_city AS (
    SELECT v.version_id, min(g.region_code) AS region_code
    FROM v JOIN g ON g.level = 'city' AND g.name = v.city AND (v.province IS NULL OR g.province = v.province)
    GROUP BY v.version_id
),
by_province AS (
    SELECT v.version_id, min(g.region_code) AS region_code
    FROM v JOIN g ON g.level = 'province' AND g.name = v.province
    GROUP BY v.version_id
),
by_ancestor AS (
    SELECT v.version_id, coalesce(c.region_code, p.region_code) AS region_code
    FROM v
    LEFT JOIN g AS c ON c.region_code = substr(v.code, 1, 4) || '00'
    LEFT JOIN g AS p ON p.region_code = substr(v.code, 1, 2) || '0000'
    WHERE v.code IS NOT NULL
),
final AS (
    SELECT
        v.version_id,
        coalesce(bc.region_code, bn.region_code, bi.region_code, bp.region_code, ba.region_code) AS region_code,
        CASE
            WHEN bc.region_code IS NOT NULL THEN 'code'
            WHEN bn.region_code IS NOT NULL THEN 'county_name'
            WHEN bi.region_code IS NOT NULL THEN 'city_name'
            WHEN bp.region_code IS NOT NULL THEN 'province_name'
            WHEN ba.region_code IS NOT NULL THEN 'code_ancestor'
        END AS region_match
    FROM v
    LEFT JOIN by_code AS bc USING (version_id)
    LEFT JOIN by_county AS bn USING (version_id)
    LEFT JOIN by_city AS bi USING (version_id)
    LEFT JOIN by_province AS bp USING (version_id)
    LEFT JOIN by_ancestor AS ba USING (version_id)
)
SELECT * FROM final
