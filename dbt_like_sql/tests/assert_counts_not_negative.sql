-- severity: warn
-- Application and review counts are never negative (table 2's 本年增/减 may be; it is not checked here).
SELECT report_key, outcome AS item, "count" FROM {{ ref('fct_applications') }} WHERE "count" < 0
UNION ALL
SELECT report_key, metric_key, "count" FROM {{ ref('fct_review_litigation') }} WHERE "count" < 0
