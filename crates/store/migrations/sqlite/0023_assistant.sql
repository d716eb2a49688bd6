-- The AI assistant (sqlite, seed 003 §9): provider configs, conversations,
-- messages and the tokens each user used per UTC day.
-- A config's API key is sealed like node secrets (AES-256-GCM, versioned
-- prefix) and never leaves the server; api_key_hint is its masked form.
-- The partial unique index lets at most one config be active.
CREATE TABLE assistant_configs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    api_key      TEXT NOT NULL,
    api_key_hint TEXT NOT NULL,
    base_url     TEXT NOT NULL,
    model        TEXT NOT NULL,
    temperature  DOUBLE PRECISION NOT NULL,
    max_tokens   INTEGER NOT NULL,
    active       BOOLEAN NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX assistant_configs_one_active ON assistant_configs (active) WHERE active;

CREATE TABLE assistant_conversations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    model         TEXT NOT NULL,
    system_prompt TEXT NOT NULL,
    temperature   DOUBLE PRECISION NOT NULL,
    max_tokens    INTEGER NOT NULL,
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX assistant_conversations_by_user ON assistant_conversations (user_id, updated_at);

-- A reply is inserted when it starts (finish_reason NULL) and written as it
-- arrives, so a stopped or stalled stream keeps what came.
CREATE TABLE assistant_messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id   INTEGER NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
    role              TEXT NOT NULL,
    content           TEXT NOT NULL,
    reasoning         TEXT NOT NULL,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    total_tokens      INTEGER NOT NULL DEFAULT 0,
    finish_reason     TEXT,
    metadata          TEXT NOT NULL DEFAULT '{}',
    created_at        TEXT NOT NULL
);
CREATE INDEX assistant_messages_by_conversation ON assistant_messages (conversation_id, id);

-- Kept apart from the messages so deleting a conversation does not give
-- the day's tokens back.
CREATE TABLE assistant_usage (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day     TEXT NOT NULL,
    tokens  INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- An admin's per-user daily limit (else assistant.daily_token_limit).
CREATE TABLE assistant_limits (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    daily_tokens INTEGER NOT NULL
);
