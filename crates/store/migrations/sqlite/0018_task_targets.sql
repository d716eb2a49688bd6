-- Task runs in containers (sqlite): the capacity a running container task
-- holds on a node, for the run's life only (placement counts it beside the
-- instances), and the container it runs in (re-attached or cleaned up at
-- boot). The row goes when the run's container is removed.
CREATE TABLE task_reservations (
    run_id          INTEGER PRIMARY KEY REFERENCES task_runs(id) ON DELETE CASCADE,
    task_id         TEXT NOT NULL,
    node_id         INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    cpu_milli       INTEGER NOT NULL,
    memory_mib      INTEGER NOT NULL,
    system_disk_gb  INTEGER NOT NULL,
    gpu_cards       TEXT NOT NULL DEFAULT '[]',
    container_id    TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX task_reservations_by_node ON task_reservations (node_id);
