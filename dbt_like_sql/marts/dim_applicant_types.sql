-- One row per table-3 applicant column: 自然人, the five 法人或其他组织 kinds, 总计.
SELECT applicant_type, label, applicant_group, group_label, sort_order
FROM {{ ref('stg_seed_applicant_types') }}
