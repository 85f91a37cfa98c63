-- One row per fetch of a URL that carried a report version.
WITH raw_report_sources AS (
    SELECT * FROM {{ source('raw', 'report_sources') }}
),
final AS (
    SELECT report_id, url, fetched_url, lower(host) AS host, portal, fetched_at, sha256, content_type, kind, role
    FROM raw_report_sources
)
SELECT * FROM final
