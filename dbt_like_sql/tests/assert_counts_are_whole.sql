-- severity: error
-- Table 3 and table 4 count applications and cases: a fractional value is a parsing error, and the facts
-- store counts as integers, so it must block publishing rather than be rounded away.
SELECT report_key, metric_key, value
FROM {{ ref('int_current_values') }}
WHERE table_key IN ('t3', 't4') AND value <> floor(value)
