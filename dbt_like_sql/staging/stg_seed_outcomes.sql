-- One row per table-3 row key, group rows included (seed from template.py, via warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 'outcomes') }}
