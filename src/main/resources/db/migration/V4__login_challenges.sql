-- The second step of a login (email code or TOTP). The client holds the secret between the two calls; only its
-- SHA-256 is stored, and the email code only as SHA-256 too. A challenge is single-use and short-lived.
CREATE TABLE login_challenges (
    id          ${id_column},
    secret_hash VARCHAR(64) NOT NULL UNIQUE,
    user_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- email or totp
    kind        VARCHAR(8)  NOT NULL,
    code_hash   VARCHAR(64),
    attempts    INTEGER     NOT NULL DEFAULT 0,
    device_id   VARCHAR(100) NOT NULL DEFAULT '',
    device_uuid TEXT        NOT NULL DEFAULT '',
    device_info TEXT        NOT NULL DEFAULT '{}',
    created_at  BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);

-- The last TOTP time step a user signed in with: a code is accepted once, never replayed.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
