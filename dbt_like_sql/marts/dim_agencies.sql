-- One row per reporting organisation. Level follows its division (a township reports under its county);
-- parent is the people's government of the same division (for a government: of the parent division),
-- where that government's own reports are in the warehouse. Each row is one name of a stable agency
-- (agency_id, from crawler.identity: renames, mergers and division-code changes followed), valid from its
-- first to its last report year; the latest name's valid_to_year is null (still in use).
WITH int_agencies AS (
    SELECT * FROM {{ ref('int_agencies') }}
),
dim_regions AS (
    SELECT * FROM {{ ref('dim_regions') }}
),
a AS (
    SELECT a.*, g.level AS region_level, g.parent_code
    FROM int_agencies AS a
    LEFT JOIN dim_regions AS g USING (region_code)
),
governments AS (
    SELECT region_code, min(agency_key) AS agency_key
    FROM a WHERE agency_kind = 'government' GROUP BY region_code
),
names AS (  -- the names of one stable agency, latest first: type-2 rows valid from/to report years
    SELECT
        agency_key,
        row_number() OVER (
            PARTITION BY agency_id ORDER BY last_report_year DESC, first_report_year DESC, agency_key
        ) AS name_no,
        count(*) OVER (PARTITION BY agency_id) AS names_of_agency
    FROM a
),
final AS (
    SELECT
        a.agency_key,
        a.agency_name,
        a.agency_name_norm,
        a.agency_kind,
        -- no report states its kind: it is always read from the name (agency_kind_basis says how)
        true AS is_agency_kind_inferred,
        a.agency_kind_basis,
        CASE WHEN a.agency_kind = 'township' THEN 'township' ELSE a.region_level END AS agency_level,
        a.region_code,
        CASE WHEN a.agency_kind = 'government' THEN pg.agency_key ELSE sg.agency_key END AS parent_agency_key,
        a.first_report_year,
        a.last_report_year,
        a.report_count,
        a.agency_id,
        a.agency_norm_key,
        a.agency_parent_norm_key,
        a.agency_lineage,
        a.division_code,
        a.current_division_code,
        a.first_report_year AS valid_from_year,
        CASE WHEN n.name_no > 1 THEN a.last_report_year END AS valid_to_year,
        n.name_no = 1 AS is_current_name,
        n.names_of_agency
    FROM a
    JOIN names AS n USING (agency_key)
    LEFT JOIN governments AS sg ON sg.region_code = a.region_code AND sg.agency_key <> a.agency_key
    LEFT JOIN governments AS pg ON pg.region_code = a.parent_code
)
SELECT * FROM final
