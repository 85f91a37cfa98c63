-- One row per report version whose agency and year are known. report_key identifies the agency-year
-- (stable across corrections); versions are ordered by the load that first saw them, then publication
-- date, then first fetch; the last one is current and every earlier one is superseded by the next. The
-- agency kind (which deadline applies) is read from the name: reports do not state it.
WITH stg_raw__reports AS (
    SELECT * FROM {{ ref('stg_raw__reports') }}
),
stg_raw__report_sources AS (
    SELECT * FROM {{ ref('stg_raw__report_sources') }}
),
named AS (
    -- Which reading of the name gives the agency kind; 'no_pattern' is the weakest (a department).
    SELECT
        *,
        CASE
            WHEN regexp_matches(agency_name_norm, '(乡|镇)人民政府$|街道办事处$') THEN 'name_township_suffix'
            WHEN regexp_matches(agency_name_norm, '开发区|高新区|新区|园区|管委会|管理委员会') THEN 'name_zone_words'
            WHEN regexp_matches(agency_name_norm, '人民政府$') THEN 'name_government_suffix'
            ELSE 'no_pattern'
        END AS agency_kind_basis
    FROM stg_raw__reports
    WHERE agency_name_norm IS NOT NULL AND report_year IS NOT NULL
),
keyed AS (
    SELECT
        *,
        CASE agency_kind_basis
            WHEN 'name_township_suffix' THEN 'township'
            WHEN 'name_zone_words' THEN 'development_zone'
            WHEN 'name_government_suffix' THEN 'government'
            ELSE 'department'
        END AS agency_kind,
        substr(md5(agency_name_norm), 1, 16) AS agency_key,
        -- A version staged before agency identities existed keeps its own name as its stable id.
        coalesce(agency_stable_id, '?/' || agency_name_norm) AS agency_id,
        substr(md5(agency_name_norm || '|' || report_year), 1, 16) AS report_key
    FROM named
),
sources AS (
    SELECT
        report_id,
        count(DISTINCT url) AS source_count,
        min(fetched_at) AS first_seen_at,
        max(fetched_at) AS last_seen_at
    FROM stg_raw__report_sources
    GROUP BY report_id
),
ordered AS (
    SELECT
        k.*,
        coalesce(s.source_count, 0) AS source_count,
        s.first_seen_at,
        s.last_seen_at,
        row_number() OVER (
            PARTITION BY k.report_key
            ORDER BY k.first_load_seq, k.published_date NULLS FIRST, s.first_seen_at NULLS FIRST, k.report_id
        ) AS version_no,
        count(*) OVER (PARTITION BY k.report_key) AS version_count
    FROM keyed AS k
    LEFT JOIN sources AS s USING (report_id)
),
final AS (
    SELECT
        report_id AS version_id,
        report_key,
        agency_key,
        agency_name,
        agency_name_norm,
        agency_kind,
        agency_kind_basis,
        agency_id,
        agency_norm_key,
        agency_parent_key,
        division_code,
        current_division_code,
        agency_lineage,
        province,
        city,
        county,
        region_code AS staged_region_code,
        report_year,
        published_date,
        title,
        doc_kind,
        template,
        script,
        portal,
        first_run_id,
        first_load_seq,
        source_count,
        first_seen_at,
        last_seen_at,
        version_no,
        version_count,
        version_no = version_count AS is_current,
        lead(report_id) OVER (PARTITION BY report_key ORDER BY version_no) AS superseded_by
    FROM ordered
)
SELECT * FROM final
