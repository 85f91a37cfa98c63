-- severity: error
-- A 雷同 pair is two reports of two agencies: never one version, never one agency-year.
SELECT version_id_a, version_id_b
FROM {{ ref('mart_copied_reports') }}
WHERE version_id_a = version_id_b OR report_key_a = report_key_b
