-- One row per report and proactive-disclosure metric (table 2 cells of either template, and the totals
-- prose reports state: figure.proactive_total, figure.consultations, figure.fees_collected_yuan).
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
        v.row_key AS item,
        v.column_key AS measure,
        v.value,
        v.is_uncertain,
        v.is_approximate,
        v.value_source
    FROM int_current_values AS v
    WHERE v.table_key IN ('t2', 'figure') AND v.metric_key IN (SELECT metric_key FROM dim_metrics)
)
SELECT * FROM final
