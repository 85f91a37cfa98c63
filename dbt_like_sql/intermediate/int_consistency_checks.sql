-- One row per failed warehouse-side check of a current report (the source is never corrected: the row
-- flags it). Checks that need more than one document or the warehouse's own tables: a summary figure
-- contradicting its cell, cells that map to no template row, and cross-year continuity (this year's
-- 上年结转 = last year's 结转下年度). The template's identities within one report (table 3 and table 4
-- sums) are checked once, by the parser (crawler/parsing/checks.py), and land as its issues.
WITH int_current_values AS (
    SELECT * FROM {{ ref('int_current_values') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
stg_raw__report_figures AS (
    SELECT * FROM {{ ref('stg_raw__report_figures') }}
),
stg_seeds__figure_metrics AS (
    SELECT * FROM {{ ref('stg_seeds__figure_metrics') }}
),
stg_seeds__outcomes AS (
    SELECT * FROM {{ ref('stg_seeds__outcomes') }}
),
stg_seeds__applicant_types AS (
    SELECT * FROM {{ ref('stg_seeds__applicant_types') }}
),
stg_seeds__metrics AS (
    SELECT * FROM {{ ref('stg_seeds__metrics') }}
),
t3 AS (
    SELECT report_key, row_key AS outcome, column_key AS applicant_type, value
    FROM int_current_values
    WHERE table_key = 't3' AND value_source = 'cell'
),
figure_vs_cell AS (
    SELECT c.report_key, m.figure_key, f.value AS figure, x.value AS cell
    FROM int_report_versions AS c
    JOIN stg_raw__report_figures AS f ON f.report_id = c.version_id
    JOIN stg_seeds__figure_metrics AS m USING (figure_key)
    JOIN int_current_values AS x
        ON x.report_key = c.report_key AND x.metric_key = m.metric_key AND x.value_source = 'cell'
    WHERE c.is_current AND abs(f.value - x.value) > 1e-6
),
unmapped AS (
    SELECT v.report_key, v.metric_key
    FROM int_current_values AS v
    WHERE (v.table_key = 't3' AND (
            v.row_key NOT IN (SELECT outcome FROM stg_seeds__outcomes)
            OR v.column_key NOT IN (SELECT applicant_type FROM stg_seeds__applicant_types)))
        OR (v.table_key <> 't3' AND v.metric_key NOT IN (SELECT metric_key FROM stg_seeds__metrics))
),
years AS (
    SELECT report_key, agency_key, report_year FROM int_report_versions WHERE is_current
),
cross_year AS (
    SELECT this.report_key, cur.applicant_type, cur.value AS carried_over, prev.value AS carried_forward,
           last.report_year AS previous_year
    FROM years AS this
    JOIN years AS last ON last.agency_key = this.agency_key AND last.report_year = this.report_year - 1
    JOIN t3 AS cur ON cur.report_key = this.report_key AND cur.outcome = 'carried_over'
    JOIN t3 AS prev ON prev.report_key = last.report_key AND prev.outcome = 'carried_forward'
        AND prev.applicant_type = cur.applicant_type
    WHERE abs(cur.value - prev.value) > 1e-6
),
final AS (
    SELECT
        report_key,
        'figure_cell_mismatch' AS code,
        printf('%s stated as %g in the text but %g in the table', figure_key, figure, cell) AS message
    FROM figure_vs_cell
    UNION ALL
    SELECT report_key, 'unmapped_cell', printf('%s is not a row or column of the templates', metric_key)
    FROM unmapped
    UNION ALL
    SELECT report_key, 'cross_year_carry', printf('%s: 上年结转 %g but the %d report carried forward %g',
        applicant_type, carried_over, previous_year, carried_forward)
    FROM cross_year
)
SELECT * FROM final
