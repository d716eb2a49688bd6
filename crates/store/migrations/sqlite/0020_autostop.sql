-- Idle and scheduled shutdown (issue 22, sqlite).
-- Per instance, as its owner set it: stop at a time, or after running this
-- many seconds (counted from its last start). What the autostop loop found:
-- since when it is idle, and when it is due to stop and why ('scheduled',
-- 'max_runtime', 'idle'; '' when nothing is due). After an automatic stop
-- auto_stop_at/auto_stop_reason say when and why it was stopped.
ALTER TABLE instances ADD COLUMN stop_at TEXT;
ALTER TABLE instances ADD COLUMN stop_after_secs BIGINT;
ALTER TABLE instances ADD COLUMN idle_since TEXT;
ALTER TABLE instances ADD COLUMN auto_stop_at TEXT;
ALTER TABLE instances ADD COLUMN auto_stop_reason TEXT NOT NULL DEFAULT '';
-- Idle limits in minutes (NULL = none): per spec, and per user in the quotas
-- (user_id 0 = everyone's default); the stricter applies.
ALTER TABLE specs ADD COLUMN idle_stop_minutes BIGINT;
ALTER TABLE quotas ADD COLUMN idle_stop_minutes BIGINT;
