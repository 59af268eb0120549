-- Devices: deployment, the server's own names for a device, and whether its sysinfo has arrived.

-- when `rustdesk --deploy` registered the device; NULL for devices that registered themselves
ALTER TABLE devices ADD COLUMN deployed_at BIGINT;
-- when the last sysinfo arrived; NULL means the server lacks the device's details and asks for them
ALTER TABLE devices ADD COLUMN sysinfo_at BIGINT;
-- the OS user name an administrator set (`--device_username`); shown instead of the reported one when not empty
ALTER TABLE devices ADD COLUMN username_alias VARCHAR(255) NOT NULL DEFAULT '';

CREATE INDEX devices_strategy ON devices (strategy_id);
CREATE INDEX users_strategy ON users (strategy_id);
CREATE INDEX device_groups_strategy ON device_groups (strategy_id);
