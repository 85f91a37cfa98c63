-- One row per loaded crawl run: its times, URL outcomes by kind, and the report versions it brought.
WITH stg_raw__crawl_events AS (
    SELECT * FROM {{ ref('stg_raw__crawl_events') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
stg_raw__crawl_runs AS (
    SELECT * FROM {{ ref('stg_raw__crawl_runs') }}
),
events AS (
    SELECT
        run_id,
        count(*) AS urls,
        count(*) FILTER (WHERE outcome = 'fetched') AS fetched,
        count(*) FILTER (WHERE outcome = 'not_modified') AS not_modified,
        count(*) FILTER (WHERE outcome = 'failed') AS failed,
        count(*) FILTER (WHERE outcome = 'blocked') AS blocked,
        count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
        min("at") AS first_event_at,
        max("at") AS last_event_at
    FROM stg_raw__crawl_events
    GROUP BY run_id
),
versions AS (
    SELECT first_run_id AS run_id, count(*) AS versions_first_seen,
           count(*) FILTER (WHERE version_no > 1) AS corrections_first_seen
    FROM int_report_versions
    GROUP BY first_run_id
),
final AS (
    SELECT
        r.run_id,
        r.load_seq,
        r.loaded_at,
        coalesce(r.started_at, e.first_event_at) AS started_at,
        coalesce(r.finished_at, e.last_event_at) AS finished_at,
        r.report_lines AS reports_staged,
        coalesce(v.versions_first_seen, 0) AS versions_first_seen,
        coalesce(v.corrections_first_seen, 0) AS corrections_first_seen,
        coalesce(e.urls, 0) AS urls,
        coalesce(e.fetched, 0) AS fetched,
        coalesce(e.not_modified, 0) AS not_modified,
        coalesce(e.failed, 0) AS failed,
        coalesce(e.blocked, 0) AS blocked,
        coalesce(e.skipped, 0) AS skipped,
        r.run_json
    FROM stg_raw__crawl_runs AS r
    LEFT JOIN events AS e USING (run_id)
    LEFT JOIN versions AS v USING (run_id)
)
SELECT * FROM final
