-- One row per table-2 and table-4 cell of either template, plus the summary figures prose reports state.
SELECT metric_key, table_no, row_key, row_label, column_key, column_label, in_2019, in_2021
FROM {{ ref('stg_seed_metrics') }}
