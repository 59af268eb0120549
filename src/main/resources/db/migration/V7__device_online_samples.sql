-- Devices online over time, for the welcome page's chart: one row every few minutes (never one per heartbeat),
-- kept for a week.
CREATE TABLE device_online_samples (
    sampled_at BIGINT  NOT NULL PRIMARY KEY,
    online     INTEGER NOT NULL,
    total      INTEGER NOT NULL
);
