-- One row per agency and report year (annual reports only): applications, outcomes and the rates analysts compare.
-- grant_rate (予以公开率) = granted / outcomes_total; substantive_rate (实质公开率) = (granted + partial) /
-- outcomes_total; release_rate = (granted + partial) / (granted + partial + denied); backlog_ratio =
-- carried_forward / (new + carried_over). A rate is NULL when a term was not reported or the divisor is 0.
WITH fct_reports AS (
    SELECT * FROM {{ ref('fct_reports') }}
),
int_report_outcomes AS (
    SELECT * FROM {{ ref('int_report_outcomes') }}
),
final AS (
    SELECT
        r.report_key,
        r.agency_key,
        r.report_year,
        r.template,
        o.applications_new,
        o.carried_over,
        o.applications_new + o.carried_over AS applications_handled,
        o.granted,
        o.partial,
        o.denied,
        o.unable,
        o.not_processed,
        o.other,
        o.outcomes_total,
        o.carried_forward,
        o.granted / nullif(o.outcomes_total, 0) AS grant_rate,
        (o.granted + o.partial) / nullif(o.outcomes_total, 0) AS substantive_rate,
        (o.granted + o.partial) / nullif(o.granted + o.partial + o.denied, 0) AS release_rate,
        o.carried_forward / nullif(o.applications_new + o.carried_over, 0) AS backlog_ratio,
        r.is_consistent
    FROM fct_reports AS r
    LEFT JOIN int_report_outcomes AS o USING (report_key)
    WHERE r.doc_kind = 'annual_report'  -- a province's 综述 sums other agencies' figures: mart_region_summaries
)
SELECT * FROM final
