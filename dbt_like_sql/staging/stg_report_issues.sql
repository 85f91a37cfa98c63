-- One row per consistency issue the parser found in a report version.
SELECT report_id, seq, code, message
FROM {{ source('raw', 'report_issues') }}
