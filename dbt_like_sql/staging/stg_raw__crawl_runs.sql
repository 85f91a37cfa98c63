-- One row per loaded crawl run, repeats too: the run record (run.json) and the load that brought it in. A
-- run that repeated an earlier one's observations (raw.load_runs.repeat_of) published nothing, but it ran:
-- operators see it here, with the run it repeated.
WITH raw_load_runs AS (
    SELECT * FROM {{ source('raw', 'load_runs') }}
),
raw_crawl_runs AS (
    SELECT * FROM {{ source('raw', 'crawl_runs') }}
),
final AS (
    SELECT
        l.run_id,
        l.load_seq,
        l.loaded_at,
        l.staged_path,
        l.report_lines,
        l.event_lines,
        l.repeat_of,
        c.started_at,
        c.finished_at,
        c.run_json
    FROM raw_load_runs AS l
    LEFT JOIN raw_crawl_runs AS c USING (run_id)
)
SELECT * FROM final
