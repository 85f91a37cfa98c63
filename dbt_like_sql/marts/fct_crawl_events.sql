-- One row per URL outcome in a crawl run.
SELECT DISTINCT run_id, url, host, portal, outcome, reason, status, sha256, "at", role, report_id, target
FROM {{ ref('stg_crawl_events') }}
