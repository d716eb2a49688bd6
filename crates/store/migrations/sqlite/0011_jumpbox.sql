-- SSH public keys users register for the jump host (sqlite). The line is
-- public; the fingerprint (SHA256:…) is what authentication looks up.
CREATE TABLE ssh_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    algorithm     TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    -- one key once per user: a second add is a conflict, even when racing
    UNIQUE (user_id, fingerprint)
);
