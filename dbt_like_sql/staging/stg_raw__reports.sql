-- One row per report version (content hash) as landed, with a normalised agency name and the order
-- versions arrived in.
WITH raw_report_sightings AS (
    SELECT * FROM {{ source('raw', 'report_sightings') }}
),
raw_load_runs AS (
    SELECT * FROM {{ source('raw', 'load_runs') }}
),
raw_reports AS (
    SELECT * FROM {{ source('raw', 'reports') }}
),
sightings AS (
    SELECT s.report_id, min(l.load_seq) AS first_load_seq, count(*) AS runs_seen
    FROM raw_report_sightings AS s
    JOIN raw_load_runs AS l USING (run_id)
    GROUP BY s.report_id
),
named AS (
    SELECT *, regexp_replace(trim(agency), '[\s　]+', '', 'g') AS agency_name_norm
    FROM raw_reports
),
final AS (
    SELECT
        r.report_id,
        r.first_run_id,
        r.portal,
        trim(r.agency) AS agency_name,
        nullif(r.agency_name_norm, '') AS agency_name_norm,
        nullif(trim(r.province), '') AS province,
        nullif(trim(r.city), '') AS city,
        nullif(trim(r.county), '') AS county,
        nullif(trim(r.region_code), '') AS region_code,
        r.report_year,
        r.published_date,
        r.title,
        r.doc_kind,
        r.template,
        r.script,
        r.flags_json,
        r.sections_json,
        r.agency_norm_key,
        r.agency_parent_key,
        r.agency_stable_id,
        r.division_code,
        r.current_division_code,
        r.agency_lineage,
        coalesce(s.first_load_seq, 0) AS first_load_seq,
        coalesce(s.runs_seen, 0) AS runs_seen
    FROM named AS r
    LEFT JOIN sightings AS s USING (report_id)
)
SELECT * FROM final
