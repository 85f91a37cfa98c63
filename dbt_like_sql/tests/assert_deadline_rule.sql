-- severity: error
-- The deadline follows the rule in dim_years: departments 31 Jan from the 2019 year on, else 31 Mar;
-- a document that is not an annual report (a 综述) has none.
SELECT r.report_key, r.deadline_date, y.department_deadline, y.government_deadline, a.agency_kind
FROM {{ ref('fct_reports') }} AS r
JOIN {{ ref('dim_years') }} AS y USING (report_year)
JOIN {{ ref('dim_agencies') }} AS a USING (agency_key)
WHERE r.deadline_date IS DISTINCT FROM CASE WHEN r.doc_kind <> 'annual_report' THEN NULL
                              WHEN a.agency_kind = 'department' THEN y.department_deadline
                              ELSE y.government_deadline END
   OR r.days_from_deadline IS DISTINCT FROM date_diff('day', r.deadline_date, r.published_date)
