-- One row per agency and report year: the current version. Deadline: 31 January for departments and
-- 31 March for everyone else from the 2019 year on; 31 March for everyone before (2008 条例).
-- days_from_deadline > 0 is late. This is the one timeliness definition: the marts count is_on_time, and
-- only annual reports have a deadline (a province's 综述 has none: its deadline and is_on_time are NULL).
-- is_consistent: no parser issue and no failed warehouse check.
WITH int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
int_report_regions AS (
    SELECT * FROM {{ ref('int_report_regions') }}
),
fct_quality_issues AS (
    SELECT * FROM {{ ref('fct_quality_issues') }}
),
int_agencies AS (
    SELECT * FROM {{ ref('int_agencies') }}
),
v AS (
    SELECT v.*, r.region_code
    FROM int_report_versions AS v
    JOIN int_report_regions AS r USING (version_id)
    WHERE v.is_current
),
issues AS (
    SELECT report_key, count(*) AS issue_count FROM fct_quality_issues GROUP BY report_key
),
deadlines AS (  -- the agency's kind as the dimension states it, so one agency has one rule
    SELECT
        v.report_key,
        CASE WHEN v.doc_kind <> 'annual_report' THEN NULL  -- a 综述 is no agency's statutory report
             WHEN v.report_year >= 2019 AND a.agency_kind = 'department' THEN make_date(v.report_year + 1, 1, 31)
             ELSE make_date(v.report_year + 1, 3, 31) END AS deadline_date
    FROM v
    JOIN int_agencies AS a USING (agency_key)
),
final AS (
    SELECT
        v.report_key,
        v.agency_key,
        v.report_year,
        v.version_id,
        v.version_count,
        v.published_date,
        v.template,
        v.doc_kind,
        v.script,
        v.title,
        v.portal,
        v.region_code,
        v.source_count,
        v.first_seen_at,
        d.deadline_date,
        date_diff('day', d.deadline_date, v.published_date) AS days_from_deadline,
        v.published_date <= d.deadline_date AS is_on_time,
        coalesce(i.issue_count, 0) = 0 AS is_consistent,
        coalesce(i.issue_count, 0) AS issue_count
    FROM v
    JOIN deadlines AS d USING (report_key)
    LEFT JOIN issues AS i USING (report_key)
)
SELECT * FROM final
