-- One row per figure of a current report version that lands on a template cell or metric: the stated
-- cell, else the summary figure that equals it (prose-era reports). An absent row means "not reported";
-- a stated 0 is a row with value 0.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
stg_raw__report_cells AS (
    SELECT * FROM {{ ref('stg_raw__report_cells') }}
),
stg_raw__report_figures AS (
    SELECT * FROM {{ ref('stg_raw__report_figures') }}
),
stg_seeds__figure_metrics AS (
    SELECT * FROM {{ ref('stg_seeds__figure_metrics') }}
),
current AS (
    SELECT version_id, report_key FROM int_report_versions WHERE is_current
),
cells AS (
    SELECT
        c.report_key, s.cell_key AS metric_key, s.table_key, s.row_key, s.column_key,
        s.value, s.is_uncertain, false AS is_approximate, 'cell' AS value_source
    FROM stg_raw__report_cells AS s
    JOIN current AS c ON c.version_id = s.report_id
),
figures AS (
    SELECT
        c.report_key, m.metric_key, split_part(m.metric_key, '.', 1), split_part(m.metric_key, '.', 2),
        split_part(m.metric_key, '.', 3), f.value, f.is_uncertain, f.is_approximate, 'figure'
    FROM stg_raw__report_figures AS f
    JOIN current AS c ON c.version_id = f.report_id
    JOIN stg_seeds__figure_metrics AS m USING (figure_key)
    WHERE NOT EXISTS (
        SELECT 1 FROM cells AS x WHERE x.report_key = c.report_key AND x.metric_key = m.metric_key
    )
    -- the combined litigation total only stands in when the table's two litigation blocks are absent
    AND NOT (m.metric_key = 't4.litigation.total' AND EXISTS (
        SELECT 1 FROM cells AS x WHERE x.report_key = c.report_key AND x.row_key LIKE 'litigation\_%' ESCAPE '\'
    ))
),
final AS (
    SELECT * FROM cells
    UNION ALL
    SELECT * FROM figures
)
SELECT * FROM final
