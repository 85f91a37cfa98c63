-- One row per GB/T 2260 division code (seed from cpca's adcodes.csv, written by warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 'regions') }}
