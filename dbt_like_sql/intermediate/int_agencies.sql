-- One row per agency (normalised name): the name, kind and division of its most recent report, and the
-- stable agency id (crawler.identity) that joins its names across renames and division-code changes.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
int_report_regions AS (
    SELECT * FROM {{ ref('int_report_regions') }}
),
versions AS (
    SELECT v.*, r.region_code
    FROM int_report_versions AS v
    JOIN int_report_regions AS r USING (version_id)
    WHERE v.is_current
),
final AS (
    SELECT
        agency_key,
        agency_name_norm,
        first(agency_name ORDER BY report_year DESC, version_id) AS agency_name,
        first(agency_kind ORDER BY report_year DESC, version_id) AS agency_kind,
        first(agency_kind_basis ORDER BY report_year DESC, version_id) AS agency_kind_basis,
        first(region_code ORDER BY region_code IS NULL, report_year DESC, version_id) AS region_code,
        first(agency_id ORDER BY report_year DESC, version_id) AS agency_id,
        first(agency_norm_key ORDER BY report_year DESC, version_id) AS agency_norm_key,
        first(agency_parent_key ORDER BY report_year DESC, version_id) AS agency_parent_norm_key,
        first(division_code ORDER BY division_code IS NULL, report_year DESC, version_id) AS division_code,
        first(current_division_code ORDER BY current_division_code IS NULL, report_year DESC, version_id)
            AS current_division_code,
        first(agency_lineage ORDER BY report_year DESC, version_id) AS agency_lineage,
        min(report_year) AS first_report_year,
        max(report_year) AS last_report_year,
        count(*) AS report_count
    FROM versions
    GROUP BY agency_key, agency_name_norm
)
SELECT * FROM final
