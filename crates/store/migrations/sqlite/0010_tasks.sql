-- Tasks (sqlite): the Mini PM2 scheduler's definitions and every run.
-- id is the seed's string id. spec is the checked definition as JSON
-- (tianqi_core::tasks::TaskSpec): its fields change with the feature, the
-- columns beside it are what the scheduler and lists query.
CREATE TABLE tasks (
    id              TEXT PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    spec            TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    status          TEXT NOT NULL,
    next_run_at     TEXT,
    last_run_at     TEXT,
    last_exit_code  INTEGER,
    last_error      TEXT,
    run_count       INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX tasks_by_owner ON tasks (owner_id, id);

CREATE TABLE task_runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id         TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    trigger_kind    TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    duration_ms     INTEGER,
    exit_code       INTEGER,
    signal          INTEGER,
    reason          TEXT,
    log_file        TEXT NOT NULL
);
CREATE INDEX task_runs_by_task ON task_runs (task_id, id);
CREATE INDEX task_runs_by_status ON task_runs (status);
