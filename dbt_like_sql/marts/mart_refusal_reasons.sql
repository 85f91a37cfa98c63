-- One row per agency-year and sub-row of 不予公开 / 无法提供 / 不予处理 / 其他处理 (column 总计): the count,
-- its share of its group and of all outcomes (总计). Shares are NULL when a divisor was not reported or is 0.
-- Annual reports only. A reason stated as 0 has no row: ranked, it would come out as a "top reason" with
-- n = 0 (its share is 0 and its group's total is unchanged).
WITH fct_applications AS (
    SELECT * FROM {{ ref('fct_applications') }}
),
dim_outcomes AS (
    SELECT * FROM {{ ref('dim_outcomes') }}
),
fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
int_report_outcomes AS (
    SELECT * FROM {{ ref('int_report_outcomes') }}
),
t3 AS (
    SELECT f.report_key, f.outcome, f."count", d.parent_outcome, d.sort_order
    FROM fct_applications AS f
    JOIN dim_outcomes AS d USING (outcome)
    WHERE f.applicant_type = 'total'
),
final AS (
    SELECT
        r.report_key,
        r.agency_key,
        r.report_year,
        s.parent_outcome AS outcome_group,
        s.outcome,
        s.sort_order,
        s."count",
        s."count" / nullif(g."count", 0) AS share_of_group,
        s."count" / nullif(o.outcomes_total, 0) AS share_of_outcomes
    FROM t3 AS s
    JOIN fct_reports AS r USING (report_key)
    LEFT JOIN t3 AS g ON g.report_key = s.report_key AND g.outcome = s.parent_outcome
    LEFT JOIN int_report_outcomes AS o ON o.report_key = s.report_key
    WHERE s.parent_outcome IS NOT NULL
      AND s."count" > 0  -- a stated 0 would rank as a reason; its share is 0 and the group total stays
      AND r.doc_kind = 'annual_report'
)
SELECT * FROM final
