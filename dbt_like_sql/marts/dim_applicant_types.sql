-- One row per table-3 applicant column: 自然人, the five 法人或其他组织 kinds, 总计.
WITH stg_seeds__applicant_types AS (
    SELECT * FROM {{ ref('stg_seeds__applicant_types') }}
),
final AS (
    SELECT applicant_type, label, applicant_group, group_label, sort_order
    FROM stg_seeds__applicant_types
)
SELECT * FROM final
