-- One row per report version (content hash), superseded ones kept: a corrected report (same agency and
-- year, different content) becomes current and the older version points to it through superseded_by.
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
FROM {{ ref('int_report_versions') }}
