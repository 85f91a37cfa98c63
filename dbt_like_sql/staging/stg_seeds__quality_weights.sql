-- One row per quality indicator: its weight in the report-quality score (dbt_like_sql/seeds/quality_weights.yml, read
-- and checked by warehouse/quality_weights.py).
WITH seeds_quality_weights AS (
    SELECT * FROM {{ source('seeds', 'quality_weights') }}
),
final AS (
    SELECT indicator, weight FROM seeds_quality_weights
)
SELECT * FROM final
