-- One row per report and proactive-disclosure metric (table 2 cells of either template, and the totals
-- prose reports state: figure.proactive_total, figure.consultations, figure.fees_collected_yuan).
SELECT
    v.report_key,
    v.metric_key,
    v.row_key AS item,
    v.column_key AS measure,
    v.value,
    v.is_uncertain,
    v.is_approximate,
    v.value_source
FROM {{ ref('int_current_values') }} AS v
WHERE v.table_key IN ('t2', 'figure') AND v.metric_key IN (SELECT metric_key FROM {{ ref('dim_metrics') }})
