-- One row per portal any loaded run covered: is it healthy? Its last run and last success, what it
-- yielded, its failures and blocked URLs, its alarms, and reports per report year with a flag when the
-- latest year has fewer than the year before (a column that moved, a site that lost its archive — or a
-- season not over yet). Built from run.json's per-portal summaries, repeats included (a repeat is a run).
WITH fct_crawl_runs AS (
    SELECT * FROM {{ ref('fct_crawl_runs') }}
),
stg_raw__reports AS (
    SELECT * FROM {{ ref('stg_raw__reports') }}
),
portal_runs AS (
    SELECT
        r.run_id,
        r.load_seq,
        r.finished_at,
        p.key AS portal,
        CAST(json_extract(p.value, '$.reports') AS INTEGER) AS reports,
        coalesce(CAST(json_extract(p.value, '$.outcomes.failed') AS INTEGER), 0) AS failed,
        coalesce(CAST(json_extract(p.value, '$.outcomes.blocked') AS INTEGER), 0) AS blocked
    FROM fct_crawl_runs AS r, json_each(r.run_json, '$.portals') AS p
),
portal_alarms AS (
    SELECT r.run_id, a.value ->> 'portal' AS portal, a.value ->> 'level' AS level, a.value ->> 'code' AS code
    FROM fct_crawl_runs AS r, json_each(r.run_json, '$.alarms') AS a
),
per_run AS (
    SELECT
        pr.run_id, pr.load_seq, pr.finished_at, pr.portal, pr.reports, pr.failed, pr.blocked,
        count(pa.code) FILTER (WHERE pa.level = 'error') AS errors,
        coalesce(list(DISTINCT pa.code ORDER BY pa.code) FILTER (WHERE pa.code IS NOT NULL), []) AS codes
    FROM portal_runs AS pr
    LEFT JOIN portal_alarms AS pa ON pa.run_id = pr.run_id AND pa.portal = pr.portal
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY portal ORDER BY load_seq DESC) AS recency
    FROM per_run
),
history AS (
    SELECT
        portal,
        count(*) AS runs,
        count(*) FILTER (WHERE errors > 0) AS failed_runs,
        max(finished_at) FILTER (WHERE errors = 0 AND reports > 0) AS last_success_at
    FROM per_run
    GROUP BY portal
),
by_year AS (
    SELECT portal, report_year, count(DISTINCT agency_name_norm) AS reports
    FROM stg_raw__reports
    WHERE portal IS NOT NULL AND report_year IS NOT NULL AND doc_kind = 'annual_report'
    GROUP BY portal, report_year
),
years AS (
    SELECT
        portal,
        map(list(report_year ORDER BY report_year), list(reports ORDER BY report_year)) AS reports_by_year,
        max(report_year) AS latest_year
    FROM by_year
    GROUP BY portal
),
final AS (
    SELECT
        h.portal,
        h.runs,
        h.failed_runs,
        last.run_id AS last_run_id,
        last.finished_at AS last_run_at,
        if(last.errors > 0, 'failed', 'ok') AS last_status,
        h.last_success_at,
        last.reports AS last_reports,
        prev.reports AS previous_reports,
        last.failed AS last_failed,
        last.blocked AS last_blocked,
        last.codes AS last_alarm_codes,
        y.reports_by_year,
        y.latest_year,
        coalesce(y.reports_by_year[y.latest_year], 0) AS latest_year_reports,
        coalesce(y.reports_by_year[y.latest_year - 1], 0) AS previous_year_reports,
        coalesce(y.reports_by_year[y.latest_year], 0) < coalesce(y.reports_by_year[y.latest_year - 1], 0)
            AS fewer_than_last_year
    FROM history AS h
    JOIN ranked AS last ON last.portal = h.portal AND last.recency = 1
    LEFT JOIN ranked AS prev ON prev.portal = h.portal AND prev.recency = 2
    LEFT JOIN years AS y ON y.portal = h.portal
)
SELECT * FROM final
