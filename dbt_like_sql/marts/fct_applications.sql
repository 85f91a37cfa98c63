-- One row per report, applicant type and table-3 row (current version). Absent row = not reported.
-- value_source: cell (the table) or figure (a summary figure of a prose report that equals this cell).
WITH int_current_values AS (
    SELECT * FROM {{ ref('int_current_values') }}
),
dim_outcomes AS (
    SELECT * FROM {{ ref('dim_outcomes') }}
),
dim_applicant_types AS (
    SELECT * FROM {{ ref('dim_applicant_types') }}
),
final AS (
    SELECT
        v.report_key,
        v.column_key AS applicant_type,
        v.row_key AS outcome,
        CAST(v.value AS BIGINT) AS "count",
        v.is_uncertain,
        v.is_approximate,
        v.value_source
    FROM int_current_values AS v
    WHERE v.table_key = 't3'
        AND v.row_key IN (SELECT outcome FROM dim_outcomes)
        AND v.column_key IN (SELECT applicant_type FROM dim_applicant_types)
)
SELECT * FROM final
