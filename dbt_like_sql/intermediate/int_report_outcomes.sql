-- One row per current report: table-3 totals (column 总计) pivoted wide, as integers (whole numbers are
-- enforced by assert_counts_are_whole). NULL = not reported.
-- A group total not stated as its own row is not derived from sub-rows here: the marts only divide
-- what the source stated.
WITH int_current_values AS (
    SELECT * FROM {{ ref('int_current_values') }}
),
final AS (
    SELECT
        report_key,
        CAST(max(value) FILTER (WHERE row_key = 'new') AS BIGINT) AS applications_new,
        CAST(max(value) FILTER (WHERE row_key = 'carried_over') AS BIGINT) AS carried_over,
        CAST(max(value) FILTER (WHERE row_key = 'granted') AS BIGINT) AS granted,
        CAST(max(value) FILTER (WHERE row_key = 'partial') AS BIGINT) AS partial,
        CAST(max(value) FILTER (WHERE row_key = 'denied') AS BIGINT) AS denied,
        CAST(max(value) FILTER (WHERE row_key = 'unable') AS BIGINT) AS unable,
        CAST(max(value) FILTER (WHERE row_key = 'not_processed') AS BIGINT) AS not_processed,
        CAST(max(value) FILTER (WHERE row_key = 'other') AS BIGINT) AS other,
        CAST(max(value) FILTER (WHERE row_key = 'outcomes_total') AS BIGINT) AS outcomes_total,
        CAST(max(value) FILTER (WHERE row_key = 'carried_forward') AS BIGINT) AS carried_forward
    FROM int_current_values
    WHERE table_key = 't3' AND column_key = 'total'
    GROUP BY report_key
)
SELECT * FROM final
