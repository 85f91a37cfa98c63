-- One row per URL and report version it carried: the URL's role (page, attachment) and its relation to
-- the report as the near-duplicate index settled it in the latest run that staged it (kept, correction,
-- copied_report, exact_copy, mirror, format_pair, image_text_pair), with the document it was verified
-- against and the similarity. A source loaded before identities existed is 'unclassified'.
WITH stg_raw__report_sources AS (
    SELECT * FROM {{ ref('stg_raw__report_sources') }}
),
stg_raw__source_identities AS (
    SELECT * FROM {{ ref('stg_raw__source_identities') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
fetches AS (
    SELECT
        report_id,
        url,
        first(role ORDER BY fetched_at DESC NULLS LAST, role) AS role,
        first(kind ORDER BY fetched_at DESC NULLS LAST, kind) AS kind,
        first(host ORDER BY fetched_at DESC NULLS LAST, host) AS host,
        first(portal ORDER BY fetched_at DESC NULLS LAST, portal) AS portal,
        min(fetched_at) AS first_seen_at,
        max(fetched_at) AS last_seen_at
    FROM stg_raw__report_sources
    GROUP BY report_id, url
),
latest_identity AS (
    SELECT
        report_id,
        url,
        first(relation ORDER BY load_seq DESC) AS relation,
        first(doc_id ORDER BY load_seq DESC) AS doc_id,
        first(matched_doc_id ORDER BY load_seq DESC) AS matched_doc_id,
        first(matched_report_id ORDER BY load_seq DESC) AS matched_version_id,
        first(text_similarity ORDER BY load_seq DESC) AS text_similarity,
        first(figure_agreement ORDER BY load_seq DESC) AS figure_agreement
    FROM stg_raw__source_identities
    GROUP BY report_id, url
),
final AS (
    SELECT
        substr(md5(f.url), 1, 16) AS source_key,
        f.url,
        f.report_id AS version_id,
        v.report_key,
        v.agency_key,
        f.role,
        f.kind,
        f.host,
        f.portal,
        coalesce(i.relation, 'unclassified') AS relation,
        i.doc_id,
        i.matched_doc_id,
        i.matched_version_id,
        i.text_similarity,
        i.figure_agreement,
        f.first_seen_at,
        f.last_seen_at,
        row_number() OVER (
            PARTITION BY f.url ORDER BY f.last_seen_at DESC NULLS LAST, f.report_id
        ) = 1 AS is_latest_for_url
    FROM fetches AS f
    LEFT JOIN latest_identity AS i USING (report_id, url)
    LEFT JOIN int_report_versions AS v ON v.version_id = f.report_id
)
SELECT * FROM final
