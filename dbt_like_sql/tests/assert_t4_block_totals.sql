-- severity: warn
-- Table 4: in each block 总计 = 维持 + 纠正 + 其他 + 尚未审结.
-- The source contradicts itself: flagged in fct_quality_issues, never blocks publishing.
SELECT report_key, code, message FROM {{ ref('int_consistency_checks') }} WHERE code = 't4_block_total'
