-- One row per summary figure a report version states (prose-era reports state only these).
SELECT report_id, figure_key, value, is_approximate, is_uncertain
FROM {{ source('raw', 'report_figures') }}
