-- One row per URL outcome in a crawl run.
WITH raw_crawl_events AS (
    SELECT * FROM {{ source('raw', 'crawl_events') }}
),
final AS (
    SELECT run_id, url, lower(host) AS host, portal, outcome, reason, status, sha256, "at", role, report_id, target
    FROM raw_crawl_events
)
SELECT * FROM final
