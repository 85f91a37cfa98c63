-- One row per fetch of a URL that carried a report version.
SELECT report_id, url, fetched_url, lower(host) AS host, portal, fetched_at, sha256, content_type, kind, role
FROM {{ source('raw', 'report_sources') }}
