-- One row per URL a report version was fetched from: host, portal, first and last fetch.
WITH stg_raw__report_sources AS (
    SELECT * FROM {{ ref('stg_raw__report_sources') }}
),
final AS (
    SELECT
        substr(md5(url), 1, 16) AS source_key,
        url,
        first(host ORDER BY fetched_at, host) AS host,
        first(portal ORDER BY fetched_at, portal) AS portal,
        first(kind ORDER BY fetched_at DESC, kind) AS kind,
        min(fetched_at) AS first_seen_at,
        max(fetched_at) AS last_seen_at,
        count(DISTINCT report_id) AS versions_carried
    FROM stg_raw__report_sources
    GROUP BY url
)
SELECT * FROM final
