-- Usage metering and quotas (issue 22, sqlite).
-- One row per stretch an instance ran with fixed resources. No foreign keys:
-- usage outlives the instance (and the spec) it measured. The price is the
-- spec's price (1/10000 units) when the interval opened. last_seen_at is the
-- last time the platform saw the container running: an interval left open by
-- a crash is closed there.
CREATE TABLE usage_intervals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    subject_id      BIGINT NOT NULL,
    owner_id        BIGINT NOT NULL,
    node_id         BIGINT NOT NULL,
    spec_id         BIGINT,
    cpu_milli       BIGINT NOT NULL,
    memory_mib      BIGINT NOT NULL,
    gpu_cards       BIGINT NOT NULL,
    gpu_milli       BIGINT NOT NULL,
    price_per_hour  BIGINT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    last_seen_at    TEXT NOT NULL
);
-- At most one open interval per subject (concurrent opens insert once).
CREATE UNIQUE INDEX usage_open ON usage_intervals (kind, subject_id) WHERE ended_at IS NULL;
CREATE INDEX usage_by_owner ON usage_intervals (owner_id, started_at);
CREATE INDEX usage_by_start ON usage_intervals (started_at);

-- Quotas: user_id 0 is the default for everyone; NULL = no limit.
CREATE TABLE quotas (
    user_id                BIGINT PRIMARY KEY,
    max_instances          BIGINT,
    max_gpus               BIGINT,
    max_cpu_milli          BIGINT,
    max_memory_mib         BIGINT,
    max_monthly_cost       BIGINT,
    max_monthly_gpu_hours  BIGINT,
    updated_at             TEXT NOT NULL
);
