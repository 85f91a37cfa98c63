-- One row per stated table cell of a report version; the key "t3.granted.total" split into its parts.
WITH raw_report_cells AS (
    SELECT * FROM {{ source('raw', 'report_cells') }}
),
final AS (
    SELECT
        report_id,
        cell_key,
        split_part(cell_key, '.', 1) AS table_key,
        split_part(cell_key, '.', 2) AS row_key,
        split_part(cell_key, '.', 3) AS column_key,
        value,
        is_uncertain
    FROM raw_report_cells
)
SELECT * FROM final
