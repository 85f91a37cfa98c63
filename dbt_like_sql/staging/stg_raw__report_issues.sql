-- One row per consistency issue the parser found in a report version.
WITH raw_report_issues AS (
    SELECT * FROM {{ source('raw', 'report_issues') }}
),
final AS (
    SELECT report_id, seq, code, message
    FROM raw_report_issues
)
SELECT * FROM final
