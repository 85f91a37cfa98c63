-- One row per table-3 identity and the row it sums, signed (seed from template.py, via warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 't3_identities') }}
