-- severity: error
-- Each report version has at most one kept (or correction / copied_report) representative source per run.
SELECT run_id, report_id, count(*) AS representatives
FROM {{ ref('stg_raw__source_identities') }}
WHERE relation IN ('kept', 'correction', 'copied_report')
GROUP BY run_id, report_id
HAVING count(*) > 1
