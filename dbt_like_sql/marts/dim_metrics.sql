-- One row per table-2 and table-4 cell of either template, plus the summary figures prose reports state.
WITH stg_seeds__metrics AS (
    SELECT * FROM {{ ref('stg_seeds__metrics') }}
),
final AS (
    SELECT metric_key, table_no, row_key, row_label, column_key, column_label, in_2019, in_2021
    FROM stg_seeds__metrics
)
SELECT * FROM final
