-- Sign-in attempts per key (`ip:<address>`, `user:<name>`) in a fixed window
-- (postgres). Counted before the password is checked, so concurrent guesses
-- cannot slip past the limit; kept in the database so every server on it and
-- the admin CLI (`tianqi user unlock`) see the same counts.
CREATE TABLE login_attempts (
    key                TEXT PRIMARY KEY,
    window_started_ms  BIGINT NOT NULL,
    attempts           BIGINT NOT NULL
);

-- What a long-lived session did, on its audit entry (a terminal: when it
-- started and ended, bytes each way, why it ended). Never a body or a secret.
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';

-- Linux capabilities an image's containers get back on top of what the
-- platform drops from every instance (JSON array, e.g. ["NET_RAW"]).
ALTER TABLE images ADD COLUMN capabilities TEXT NOT NULL DEFAULT '[]';
