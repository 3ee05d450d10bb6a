-- The per-respondent GROUP BY of docs/scale-out.md (DuckDB dialect), as run by
-- tests/scale_out.rs. `events` is the event log; the data types and share actions are
-- spelled in lower case, exactly as the codebook's `behavior` names and `share_actions`.
-- One row per respondent with at least one event; per data type 1 = shared, 0 = known but
-- not shared, NULL (empty cell) = no event of that type (unknown).
SELECT
    trim(respondent_id) AS respondent_id,
    CASE WHEN bool_or(dt = 'location') THEN max(CASE WHEN dt = 'location' AND shared THEN 1 ELSE 0 END) END AS location,
    CASE WHEN bool_or(dt = 'contacts') THEN max(CASE WHEN dt = 'contacts' AND shared THEN 1 ELSE 0 END) END AS contacts
FROM (
    SELECT
        respondent_id,
        lower(trim(data_type)) AS dt,
        lower(trim(action)) IN ('grant', 'share') AS shared
    FROM events
    -- events without an id, a data type or an action are rejected rows in paradox
    WHERE trim(coalesce(respondent_id, '')) <> ''
      AND trim(coalesce(data_type, '')) <> ''
      AND trim(coalesce(action, '')) <> ''
)
GROUP BY trim(respondent_id)
ORDER BY respondent_id;
