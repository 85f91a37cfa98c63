-- One row per GB/T 2260 division (cpca's code list): names of the division and its parents, level.
SELECT region_code, name AS region_name, level, parent_code, province_code, city_code, province, city, county
FROM {{ ref('stg_seed_regions') }}
