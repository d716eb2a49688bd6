-- Usage beyond instances (issue 22): workspaces, container task runs,
-- fine-tuning jobs, and the disks of stopped instances. A workspace is named
-- by (profile, user), so a subject is (kind, subject_id, subject_key); a disk
-- interval meters disk_gb at the disk price in force when it opened.
ALTER TABLE usage_intervals ADD COLUMN subject_key TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_intervals ADD COLUMN disk_gb BIGINT NOT NULL DEFAULT 0;
-- Which server process last saw the subject (its boot id): an end learned by
-- another process (after a crash) closes at last_seen_at, not when learned.
ALTER TABLE usage_intervals ADD COLUMN seen_by TEXT NOT NULL DEFAULT '';
DROP INDEX usage_open;
CREATE UNIQUE INDEX usage_open ON usage_intervals (kind, subject_id, subject_key) WHERE ended_at IS NULL;
