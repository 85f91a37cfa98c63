-- One row per table-3 applicant column (seed from template.py, written by warehouse/dimensions.py).
SELECT * FROM {{ source('seeds', 'applicant_types') }}
