-- severity: error
-- A superseded version points to the next version of the same agency-year; the current one to nothing.
SELECT old.version_id
FROM {{ ref('fct_report_versions') }} AS old
LEFT JOIN {{ ref('fct_report_versions') }} AS new ON new.version_id = old.superseded_by
WHERE (old.is_current AND old.superseded_by IS NOT NULL)
   OR (NOT old.is_current AND (new.version_id IS NULL OR new.report_key <> old.report_key
       OR new.version_no <> old.version_no + 1))
