-- One row per table-3 row of either template (and each group row), with the 2021→2019 crosswalk.
WITH stg_seeds__outcomes AS (
    SELECT * FROM {{ ref('stg_seeds__outcomes') }}
),
final AS (
    SELECT outcome, label, row_kind, parent_outcome, outcome_group, in_2019, in_2021, crosswalk_2019, sort_order
    FROM stg_seeds__outcomes
)
SELECT * FROM final
