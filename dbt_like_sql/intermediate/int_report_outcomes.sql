-- One row per current report: table-3 totals (column 总计) pivoted wide. NULL = not reported.
-- A group total not stated as its own row is not derived from sub-rows here: the marts only divide
-- what the source stated.
SELECT
    report_key,
    max(value) FILTER (WHERE row_key = 'new') AS applications_new,
    max(value) FILTER (WHERE row_key = 'carried_over') AS carried_over,
    max(value) FILTER (WHERE row_key = 'granted') AS granted,
    max(value) FILTER (WHERE row_key = 'partial') AS partial,
    max(value) FILTER (WHERE row_key = 'denied') AS denied,
    max(value) FILTER (WHERE row_key = 'unable') AS unable,
    max(value) FILTER (WHERE row_key = 'not_processed') AS not_processed,
    max(value) FILTER (WHERE row_key = 'other') AS other,
    max(value) FILTER (WHERE row_key = 'outcomes_total') AS outcomes_total,
    max(value) FILTER (WHERE row_key = 'carried_forward') AS carried_forward
FROM {{ ref('int_current_values') }}
WHERE table_key = 't3' AND column_key = 'total'
GROUP BY report_key
