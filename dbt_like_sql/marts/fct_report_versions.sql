-- One row per report version (content hash), superseded ones kept: a corrected report (same agency and
-- year, different content) becomes current and the older version points to it through superseded_by.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
final AS (
    SELECT
        version_id,
        report_key,
        agency_key,
        report_year,
        version_no,
        is_current,
        superseded_by,
        published_date,
        template,
        title,
        portal,
        first_run_id,
        source_count,
        first_seen_at,
        last_seen_at
    FROM int_report_versions
)
SELECT * FROM final
