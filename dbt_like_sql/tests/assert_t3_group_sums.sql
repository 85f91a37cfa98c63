-- severity: warn
-- Table 3: each group row (不予公开, 无法提供, 不予处理, 其他处理) = its sub-rows.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code LIKE 't3_group_%'
