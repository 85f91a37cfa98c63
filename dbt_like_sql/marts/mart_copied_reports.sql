-- One row per pair of report versions the near-duplicate index verified as 雷同 (copied report): the same
-- text and figures under two agencies. Flagged for analysts, never merged: each side stays its own report.
-- A pair is unordered (version_id_a < version_id_b); its similarity is the highest any run measured. Both
-- reports are of one year: reports of two years are never a 雷同 (crawler/identity/classify.py).
WITH stg_raw__source_identities AS (
    SELECT * FROM {{ ref('stg_raw__source_identities') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
best AS (
    SELECT report_id AS a, matched_report_id AS b, text_similarity, figure_agreement
    FROM stg_raw__source_identities
    WHERE relation = 'copied_report' AND matched_report_id IS NOT NULL
),
others AS (
    SELECT report_id AS a, r.report_id AS b, r.text_similarity, NULL::DOUBLE AS figure_agreement
    FROM (SELECT report_id, unnest(related) AS r FROM stg_raw__source_identities)
    WHERE r.kind = 'copied_report' AND r.report_id IS NOT NULL
),
pairs AS (
    SELECT
        least(a, b) AS version_id_a,
        greatest(a, b) AS version_id_b,
        max(text_similarity) AS text_similarity,
        max(figure_agreement) AS figure_agreement
    FROM (SELECT * FROM best UNION ALL SELECT * FROM others)
    WHERE a <> b
    GROUP BY 1, 2
),
final AS (
    SELECT
        p.version_id_a,
        p.version_id_b,
        va.report_key AS report_key_a,
        vb.report_key AS report_key_b,
        va.agency_key AS agency_key_a,
        vb.agency_key AS agency_key_b,
        va.agency_name AS agency_name_a,
        vb.agency_name AS agency_name_b,
        coalesce(va.report_year, vb.report_year) AS report_year,
        p.text_similarity,
        p.figure_agreement
    FROM pairs AS p
    LEFT JOIN int_report_versions AS va ON va.version_id = p.version_id_a
    LEFT JOIN int_report_versions AS vb ON vb.version_id = p.version_id_b
)
SELECT * FROM final
