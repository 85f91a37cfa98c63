-- One row per source URL of a loaded run and what the near-duplicate index made of its document, with
-- the load order of the run (the latest run's line is a URL's current relation) and the other verified
-- 雷同 relations parsed from JSON.
WITH raw_source_identities AS (
    SELECT * FROM {{ source('raw', 'source_identities') }}
),
raw_load_runs AS (
    SELECT * FROM {{ source('raw', 'load_runs') }}
),
final AS (
    SELECT
        i.run_id,
        l.load_seq,
        i.url,
        i.sha256,
        i.doc_id,
        i.report_id,
        i.relation,
        i.matched_doc_id,
        i.matched_report_id,
        i.text_similarity,
        i.figure_agreement,
        CAST(
            from_json(
                coalesce(i.related_json, '[]'),
                '[{"kind": "VARCHAR", "doc_id": "VARCHAR", "report_id": "VARCHAR", "text_similarity": "DOUBLE"}]'
            ) AS STRUCT(kind VARCHAR, doc_id VARCHAR, report_id VARCHAR, text_similarity DOUBLE)[]
        ) AS related
    FROM raw_source_identities AS i
    JOIN raw_load_runs AS l USING (run_id)
)
SELECT * FROM final
