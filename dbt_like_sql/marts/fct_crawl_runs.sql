-- One row per loaded crawl run, repeats too: its times, mode, status and alarms (from run.json), its URL
-- outcomes by kind and the report versions it brought. A repeat's events are not loaded (they are its
-- repeat_of run's), so its URL counts are NULL rather than a misleading 0.
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
records AS (
    SELECT
        run_id,
        json_extract_string(run_json, '$.mode') AS mode,
        json_extract_string(run_json, '$.status') AS status,
        coalesce(json_extract_string(run_json, '$.alarms[*].level'), []) AS alarm_levels,
        coalesce(json_extract_string(run_json, '$.alarms[*].code'), []) AS alarm_codes,
        coalesce(len(json_keys(run_json, '$.portals')), 0) AS portals
    FROM stg_raw__crawl_runs
),
final AS (
    SELECT
        r.run_id,
        r.load_seq,
        r.loaded_at,
        coalesce(r.started_at, e.first_event_at) AS started_at,
        coalesce(r.finished_at, e.last_event_at) AS finished_at,
        rec.mode,
        rec.status,
        r.repeat_of IS NOT NULL AS is_repeat,
        r.repeat_of,
        rec.portals,
        len(rec.alarm_codes) AS alarms,
        len(list_filter(rec.alarm_levels, lambda level: level = 'error')) AS error_alarms,
        len(list_filter(rec.alarm_levels, lambda level: level = 'warning')) AS warning_alarms,
        list_sort(list_distinct(rec.alarm_codes)) AS alarm_codes,
        r.report_lines AS reports_staged,
        coalesce(v.versions_first_seen, 0) AS versions_first_seen,
        coalesce(v.corrections_first_seen, 0) AS corrections_first_seen,
        if(r.repeat_of IS NULL, coalesce(e.urls, 0), NULL) AS urls,
        if(r.repeat_of IS NULL, coalesce(e.fetched, 0), NULL) AS fetched,
        if(r.repeat_of IS NULL, coalesce(e.not_modified, 0), NULL) AS not_modified,
        if(r.repeat_of IS NULL, coalesce(e.failed, 0), NULL) AS failed,
        if(r.repeat_of IS NULL, coalesce(e.blocked, 0), NULL) AS blocked,
        if(r.repeat_of IS NULL, coalesce(e.skipped, 0), NULL) AS skipped,
        r.run_json
    FROM stg_raw__crawl_runs AS r
    LEFT JOIN records AS rec USING (run_id)
    LEFT JOIN events AS e USING (run_id)
    LEFT JOIN versions AS v USING (run_id)
)
SELECT * FROM final
