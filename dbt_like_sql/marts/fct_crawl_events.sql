-- One row per URL outcome in a crawl run.
WITH stg_raw__crawl_events AS (
    SELECT * FROM {{ ref('stg_raw__crawl_events') }}
),
final AS (
    SELECT DISTINCT run_id, url, host, portal, outcome, reason, status, sha256, "at", role, report_id, target
    FROM stg_raw__crawl_events
)
SELECT * FROM final
