-- One row per summary figure a report version states (prose-era reports state only these).
WITH raw_report_figures AS (
    SELECT * FROM {{ source('raw', 'report_figures') }}
),
final AS (
    SELECT report_id, figure_key, value, is_approximate, is_uncertain
    FROM raw_report_figures
)
SELECT * FROM final
