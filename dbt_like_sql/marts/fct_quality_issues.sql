-- One row per current report and failed check: the parser's issues (check_source = parser) and the
-- warehouse's own checks (check_source = warehouse). Messages of the same code are joined with "; ".
WITH stg_raw__report_issues AS (
    SELECT * FROM {{ ref('stg_raw__report_issues') }}
),
int_report_versions AS (
    SELECT * FROM {{ ref('int_report_versions') }}
),
int_consistency_checks AS (
    SELECT * FROM {{ ref('int_consistency_checks') }}
),
issues AS (
    SELECT v.report_key, i.code, i.message, 'parser' AS check_source
    FROM stg_raw__report_issues AS i
    JOIN int_report_versions AS v ON v.version_id = i.report_id AND v.is_current
    UNION ALL
    SELECT report_key, code, message, 'warehouse' FROM int_consistency_checks
),
final AS (
    SELECT
        report_key,
        code,
        string_agg(DISTINCT coalesce(message, ''), '; ' ORDER BY coalesce(message, '')) AS message,
        min(check_source) AS check_source,
        count(*) AS occurrences
    FROM issues
    GROUP BY report_key, code
)
SELECT * FROM final
