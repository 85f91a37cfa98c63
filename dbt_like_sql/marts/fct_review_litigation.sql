-- One row per report, proceeding and result (table 4, current version). proceeding 'litigation' holds a
-- prose report's combined litigation total when it does not split direct / after reconsideration.
WITH int_current_values AS (
    SELECT * FROM {{ ref('int_current_values') }}
),
dim_metrics AS (
    SELECT * FROM {{ ref('dim_metrics') }}
),
final AS (
    SELECT
        v.report_key,
        v.metric_key,
        v.row_key AS proceeding,
        v.column_key AS result,
        CAST(v.value AS BIGINT) AS "count",
        v.is_uncertain,
        v.is_approximate,
        v.value_source
    FROM int_current_values AS v
    WHERE v.table_key = 't4' AND v.metric_key IN (SELECT metric_key FROM dim_metrics)
)
SELECT * FROM final
