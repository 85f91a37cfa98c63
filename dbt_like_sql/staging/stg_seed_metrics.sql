-- One row per table-2/table-4 cell or prose summary metric (seed from template.py, via warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 'metrics') }}
