-- One row per URL outcome in a crawl run.
SELECT run_id, url, lower(host) AS host, portal, outcome, reason, status, sha256, "at", role, report_id, target
FROM {{ source('raw', 'crawl_events') }}
