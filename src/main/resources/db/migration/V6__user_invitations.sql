-- Invitations mailed to new users (users.py invite). The link carries a random secret; only its SHA-256 is stored.
-- A row is deleted when the user sets their password, so each link works once.
CREATE TABLE user_invitations (
    id         ${id_column},
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX user_invitations_user ON user_invitations (user_id);
