-- Fine-tuning jobs (sqlite), seed 003 §10 模型微调. A job is a container on
-- a node chosen by the instances' placement; while `reserved` is true its
-- capacity (cpu, memory, disk, GPU cards) counts on the node beside the
-- instances' and the container task runs' (`Store::allocations`). The
-- reservation is released in the same write that records the job's end.
-- `spec` is the checked JobSpec (JSON), `metrics` the latest figures (JSON),
-- `command` the argv the container runs (JSON). `jsonl_seen` is how many
-- trainer_log.jsonl lines were read, so a re-attached job does not read
-- them twice.
CREATE TABLE finetune_jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    spec            TEXT NOT NULL,
    status          TEXT NOT NULL,
    progress        DOUBLE PRECISION NOT NULL DEFAULT 0,
    metrics         TEXT NOT NULL DEFAULT '{}',
    node_id         INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
    cpu_milli       INTEGER NOT NULL DEFAULT 0,
    memory_mib      INTEGER NOT NULL DEFAULT 0,
    system_disk_gb  INTEGER NOT NULL DEFAULT 0,
    gpu_cards       TEXT NOT NULL DEFAULT '[]',
    reserved        BOOLEAN NOT NULL DEFAULT FALSE,
    container_id    TEXT NOT NULL DEFAULT '',
    command         TEXT NOT NULL DEFAULT '[]',
    stop_requested  BOOLEAN NOT NULL DEFAULT FALSE,
    jsonl_seen      INTEGER NOT NULL DEFAULT 0,
    exit_code       INTEGER,
    error           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    ended_at        TEXT
);
CREATE INDEX finetune_jobs_by_owner ON finetune_jobs (owner_id, id);
CREATE INDEX finetune_jobs_reserved ON finetune_jobs (node_id) WHERE reserved;

-- The loss / learning-rate / epoch series, one row per step.
CREATE TABLE finetune_points (
    job_id          INTEGER NOT NULL REFERENCES finetune_jobs(id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    loss            DOUBLE PRECISION,
    eval_loss       DOUBLE PRECISION,
    learning_rate   DOUBLE PRECISION,
    epoch           DOUBLE PRECISION,
    PRIMARY KEY (job_id, step)
);
