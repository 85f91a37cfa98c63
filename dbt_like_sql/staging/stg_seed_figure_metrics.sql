-- One row per summary figure key: the cell or metric it equals (seed from template.py, via warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 'figure_metrics') }}
