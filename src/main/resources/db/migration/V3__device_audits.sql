-- Device audits (connection, file, alarm records posted by RustDesk clients).

-- The signed-in user who controlled the session, when their client asked for the record (conn/active), so
-- "records where user U was the controller" is a plain filter. An id, not a reference: audits outlive users.
ALTER TABLE connection_audits ADD COLUMN controller_user_id BIGINT;

-- Alarms carry the connection they came from and, for whitelist alarms, hbbs's correlation string.
ALTER TABLE alarm_audits ADD COLUMN conn_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alarm_audits ADD COLUMN conn_audit_ref VARCHAR(255);

-- The lookups every posted stage and the controller's calls make.
CREATE INDEX connection_audits_conn ON connection_audits (device_id, conn_id);
CREATE INDEX connection_audits_session ON connection_audits (device_id, session_id);
CREATE INDEX connection_audits_controller ON connection_audits (controller_user_id);
CREATE INDEX file_audits_created ON file_audits (created_at);
