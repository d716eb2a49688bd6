-- Instances: containers with reserved capacity on a node (sqlite).
-- A row's resource columns ARE its reservation: placement sums them per node for
-- every row whose status holds capacity (all but 'failed').
CREATE TABLE instances (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    node_id         INTEGER NOT NULL REFERENCES nodes(id) ON DELETE RESTRICT,
    image_id        INTEGER,
    spec_id         INTEGER,
    image_address   TEXT NOT NULL,
    status          TEXT NOT NULL,
    status_error    TEXT NOT NULL DEFAULT '',
    container_id    TEXT NOT NULL DEFAULT '',
    container_name  TEXT NOT NULL DEFAULT '',
    cpu_milli       INTEGER NOT NULL,
    memory_mib      INTEGER NOT NULL,
    system_disk_gb  INTEGER NOT NULL DEFAULT 0,
    data_disk_gb    INTEGER NOT NULL DEFAULT 0,
    -- JSON [{"index","vram_mib","sm_percent"}]
    gpu_cards       TEXT NOT NULL DEFAULT '[]',
    gpu_split       BOOLEAN NOT NULL DEFAULT FALSE,
    disk_enforced   BOOLEAN NOT NULL DEFAULT FALSE,
    remark          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (owner_id, name)
);
CREATE INDEX instances_node ON instances(node_id, status);
