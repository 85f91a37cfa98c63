-- One row per GB/T 2260 division (cpca's code list): names of the division and its parents, level.
WITH stg_seeds__regions AS (
    SELECT * FROM {{ ref('stg_seeds__regions') }}
),
final AS (
    SELECT region_code, name AS region_name, level, parent_code, province_code, city_code, province, city, county
    FROM stg_seeds__regions
)
SELECT * FROM final
