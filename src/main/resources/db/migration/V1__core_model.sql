-- rdhub core model. Runs unchanged on SQLite and PostgreSQL: ${id_column} is the only dialect placeholder.
-- Times are epoch milliseconds (UTC). guid columns hold the UUID text that clients and scripts see.
-- Never edit this file once it has landed: add V2__..., V3__... instead.

CREATE TABLE strategies (
    id          ${id_column},
    guid        VARCHAR(36)  NOT NULL UNIQUE,
    name        VARCHAR(255) NOT NULL,
    note        TEXT         NOT NULL DEFAULT '',
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  BIGINT       NOT NULL,
    modified_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX strategies_name ON strategies (LOWER(name));

-- Client options a strategy pushes to devices (heartbeat config_options).
CREATE TABLE strategy_options (
    strategy_id BIGINT       NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
    option_key  VARCHAR(255) NOT NULL,
    value       TEXT         NOT NULL,
    PRIMARY KEY (strategy_id, option_key)
);

CREATE TABLE user_groups (
    id         ${id_column},
    guid       VARCHAR(36)  NOT NULL UNIQUE,
    name       VARCHAR(255) NOT NULL,
    note       TEXT         NOT NULL DEFAULT '',
    created_at BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX user_groups_name ON user_groups (LOWER(name));

CREATE TABLE users (
    id                       ${id_column},
    guid                     VARCHAR(36)  NOT NULL UNIQUE,
    name                     VARCHAR(255) NOT NULL,
    display_name             VARCHAR(255),
    email                    VARCHAR(320),
    note                     TEXT         NOT NULL DEFAULT '',
    -- 1 normal, 0 disabled, -1 unverified (invited, password not set yet)
    status                   INTEGER      NOT NULL DEFAULT 1,
    is_admin                 BOOLEAN      NOT NULL DEFAULT FALSE,
    group_id                 BIGINT       NOT NULL REFERENCES user_groups (id),
    strategy_id              BIGINT       REFERENCES strategies (id) ON DELETE SET NULL,
    password_hash            TEXT,
    must_change_password     BOOLEAN      NOT NULL DEFAULT FALSE,
    totp_secret              TEXT,
    totp_enabled_at          BIGINT,
    tfa_enforced             BOOLEAN      NOT NULL DEFAULT FALSE,
    email_verification       BOOLEAN      NOT NULL DEFAULT FALSE,
    email_alarm_notification BOOLEAN      NOT NULL DEFAULT FALSE,
    -- local, oidc or ldap; external_id is the provider's stable id for the last two
    auth_source              VARCHAR(16)  NOT NULL DEFAULT 'local',
    external_id              TEXT,
    created_at               BIGINT       NOT NULL,
    updated_at               BIGINT       NOT NULL
);
CREATE UNIQUE INDEX users_name ON users (LOWER(name));
CREATE INDEX users_group ON users (group_id);

CREATE TABLE device_groups (
    id          ${id_column},
    guid        VARCHAR(36)  NOT NULL UNIQUE,
    name        VARCHAR(255) NOT NULL,
    note        TEXT         NOT NULL DEFAULT '',
    strategy_id BIGINT       REFERENCES strategies (id) ON DELETE SET NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE UNIQUE INDEX device_groups_name ON device_groups (LOWER(name));

-- Who may access whom: a user group or a single user (subject) may reach the members of a user group or the
-- devices of a device group (target). Both directions of the console ("can access to", "can be accessed from")
-- are views of these rows.
CREATE TABLE access_grants (
    id                     ${id_column},
    subject_user_group_id  BIGINT REFERENCES user_groups (id) ON DELETE CASCADE,
    subject_user_id        BIGINT REFERENCES users (id) ON DELETE CASCADE,
    target_user_group_id   BIGINT REFERENCES user_groups (id) ON DELETE CASCADE,
    target_device_group_id BIGINT REFERENCES device_groups (id) ON DELETE CASCADE,
    created_at             BIGINT NOT NULL,
    CHECK ((subject_user_group_id IS NULL) <> (subject_user_id IS NULL)),
    CHECK ((target_user_group_id IS NULL) <> (target_device_group_id IS NULL))
);

CREATE TABLE devices (
    id              ${id_column},
    guid            VARCHAR(36)  NOT NULL UNIQUE,
    rustdesk_id     VARCHAR(100) NOT NULL UNIQUE,
    uuid            TEXT,
    public_key      TEXT,
    hostname        VARCHAR(255) NOT NULL DEFAULT '',
    os              VARCHAR(255) NOT NULL DEFAULT '',
    username        VARCHAR(255) NOT NULL DEFAULT '',
    version         VARCHAR(64)  NOT NULL DEFAULT '',
    cpu             VARCHAR(255) NOT NULL DEFAULT '',
    memory          VARCHAR(64)  NOT NULL DEFAULT '',
    ip              VARCHAR(64)  NOT NULL DEFAULT '',
    note            TEXT         NOT NULL DEFAULT '',
    alias           VARCHAR(255) NOT NULL DEFAULT '',
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    owner_user_id   BIGINT       REFERENCES users (id) ON DELETE SET NULL,
    device_group_id BIGINT       REFERENCES device_groups (id) ON DELETE SET NULL,
    strategy_id     BIGINT       REFERENCES strategies (id) ON DELETE SET NULL,
    -- the last sysinfo document as JSON
    info            TEXT         NOT NULL DEFAULT '{}',
    created_at      BIGINT       NOT NULL,
    last_online_at  BIGINT
);
CREATE INDEX devices_owner ON devices (owner_user_id);
CREATE INDEX devices_device_group ON devices (device_group_id);

CREATE TABLE address_books (
    id            ${id_column},
    guid          VARCHAR(36)  NOT NULL UNIQUE,
    name          VARCHAR(255) NOT NULL,
    note          TEXT         NOT NULL DEFAULT '',
    owner_user_id BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    personal      BOOLEAN      NOT NULL DEFAULT FALSE,
    -- shared books may carry a password that their peers use
    password      TEXT,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE INDEX address_books_owner ON address_books (owner_user_id);

CREATE TABLE address_book_peers (
    id              ${id_column},
    address_book_id BIGINT       NOT NULL REFERENCES address_books (id) ON DELETE CASCADE,
    rustdesk_id     VARCHAR(100) NOT NULL,
    alias           VARCHAR(255) NOT NULL DEFAULT '',
    note            TEXT         NOT NULL DEFAULT '',
    -- JSON array of tag names
    tags            TEXT         NOT NULL DEFAULT '[]',
    password        TEXT,
    hash            TEXT,
    username        VARCHAR(255) NOT NULL DEFAULT '',
    hostname        VARCHAR(255) NOT NULL DEFAULT '',
    platform        VARCHAR(64)  NOT NULL DEFAULT '',
    -- client fields kept as they were sent, for the legacy single-document view
    extra           TEXT         NOT NULL DEFAULT '{}',
    deleted_at      BIGINT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    UNIQUE (address_book_id, rustdesk_id)
);

CREATE TABLE address_book_tags (
    id              ${id_column},
    address_book_id BIGINT       NOT NULL REFERENCES address_books (id) ON DELETE CASCADE,
    name            VARCHAR(255) NOT NULL,
    -- unsigned 32-bit ARGB as the client sends it
    color           BIGINT       NOT NULL DEFAULT 0,
    UNIQUE (address_book_id, name)
);

-- Who may use a shared address book: 1 read-only, 2 read-write, 3 full control. A row with neither a user nor a
-- group applies to everyone.
CREATE TABLE address_book_rules (
    id              ${id_column},
    guid            VARCHAR(36) NOT NULL UNIQUE,
    address_book_id BIGINT      NOT NULL REFERENCES address_books (id) ON DELETE CASCADE,
    user_id         BIGINT      REFERENCES users (id) ON DELETE CASCADE,
    user_group_id   BIGINT      REFERENCES user_groups (id) ON DELETE CASCADE,
    rule            INTEGER     NOT NULL CHECK (rule IN (1, 2, 3)),
    created_at      BIGINT      NOT NULL,
    CHECK (user_id IS NULL OR user_group_id IS NULL)
);

-- Audits keep names and ids as text so they stay readable after the device or user is deleted.
CREATE TABLE connection_audits (
    id             ${id_column},
    guid           VARCHAR(36)  NOT NULL UNIQUE,
    device_id      VARCHAR(100) NOT NULL,
    conn_id        INTEGER      NOT NULL DEFAULT 0,
    -- unsigned 64-bit, as decimal text
    session_id     VARCHAR(20)  NOT NULL DEFAULT '0',
    conn_type      INTEGER,
    peer_id        VARCHAR(255) NOT NULL DEFAULT '',
    peer_name      VARCHAR(255) NOT NULL DEFAULT '',
    ip             VARCHAR(64)  NOT NULL DEFAULT '',
    primary_auth   INTEGER,
    two_factor     INTEGER,
    note           TEXT         NOT NULL DEFAULT '',
    conn_audit_ref VARCHAR(255),
    created_at     BIGINT       NOT NULL,
    authorized_at  BIGINT,
    end_time       BIGINT
);
CREATE INDEX connection_audits_device ON connection_audits (device_id, created_at);

CREATE TABLE file_audits (
    id         ${id_column},
    guid       VARCHAR(36)  NOT NULL UNIQUE,
    device_id  VARCHAR(100) NOT NULL,
    peer_id    VARCHAR(255) NOT NULL DEFAULT '',
    conn_id    INTEGER      NOT NULL DEFAULT 0,
    direction  INTEGER      NOT NULL,
    path       TEXT         NOT NULL DEFAULT '',
    is_file    BOOLEAN      NOT NULL DEFAULT FALSE,
    info       TEXT         NOT NULL DEFAULT '{}',
    created_at BIGINT       NOT NULL
);
CREATE INDEX file_audits_device ON file_audits (device_id, created_at);

CREATE TABLE alarm_audits (
    id         ${id_column},
    guid       VARCHAR(36)  NOT NULL UNIQUE,
    device_id  VARCHAR(100) NOT NULL DEFAULT '',
    typ        INTEGER      NOT NULL,
    info       TEXT         NOT NULL DEFAULT '{}',
    created_at BIGINT       NOT NULL
);
CREATE INDEX alarm_audits_created ON alarm_audits (created_at);

-- One row per change an administrator makes, from the console, the API or the CLI.
CREATE TABLE console_audits (
    id               ${id_column},
    guid             VARCHAR(36)  NOT NULL UNIQUE,
    operator_user_id BIGINT,
    -- who acted, as shown: a user name, "token:<name>" or "cli"
    operator         VARCHAR(255) NOT NULL,
    channel          VARCHAR(16)  NOT NULL,
    ip               VARCHAR(64)  NOT NULL DEFAULT '',
    action           VARCHAR(64)  NOT NULL,
    -- Pro's console-log codes where one fits (typ: area, iop: operation)
    typ              INTEGER,
    iop              INTEGER,
    target           VARCHAR(255) NOT NULL DEFAULT '',
    details          TEXT         NOT NULL DEFAULT '',
    created_at       BIGINT       NOT NULL
);
CREATE INDEX console_audits_created ON console_audits (created_at);

-- Browser sessions of the web console (HttpOnly cookie holds the secret; only its hash is stored).
CREATE TABLE console_sessions (
    id           ${id_column},
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    user_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip           VARCHAR(64)  NOT NULL DEFAULT '',
    user_agent   VARCHAR(512) NOT NULL DEFAULT '',
    created_at   BIGINT       NOT NULL,
    last_used_at BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

-- Bearer tokens that RustDesk clients get from /api/login.
CREATE TABLE access_tokens (
    id           ${id_column},
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    user_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id    VARCHAR(100) NOT NULL DEFAULT '',
    device_uuid  TEXT         NOT NULL DEFAULT '',
    device_info  TEXT         NOT NULL DEFAULT '{}',
    created_at   BIGINT       NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);

-- Tokens for scripts and automation, each with a permission level per resource.
CREATE TABLE api_tokens (
    id                 ${id_column},
    guid               VARCHAR(36)  NOT NULL UNIQUE,
    name               VARCHAR(255) NOT NULL,
    token_hash         VARCHAR(64)  NOT NULL UNIQUE,
    created_by_user_id BIGINT       REFERENCES users (id) ON DELETE SET NULL,
    created_at         BIGINT       NOT NULL,
    expires_at         BIGINT,
    last_used_at       BIGINT
);

CREATE TABLE api_token_permissions (
    api_token_id BIGINT      NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    resource     VARCHAR(32) NOT NULL,
    -- r or rw; a resource without a row has no access
    level        VARCHAR(2)  NOT NULL CHECK (level IN ('r', 'rw')),
    PRIMARY KEY (api_token_id, resource)
);

-- Server-wide settings edited in the console (SMTP, registration rules, ...), as text values.
CREATE TABLE settings (
    setting_key VARCHAR(128) PRIMARY KEY,
    value       TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);
