-- One row per loaded crawl run: the run record (run.json) and the load that brought it in.
SELECT
    l.run_id,
    l.load_seq,
    l.loaded_at,
    l.staged_path,
    l.report_lines,
    l.event_lines,
    c.started_at,
    c.finished_at,
    c.run_json
FROM {{ source('raw', 'load_runs') }} AS l
LEFT JOIN {{ source('raw', 'crawl_runs') }} AS c USING (run_id)
