-- Workspaces: one long-lived container per (profile, user id) (sqlite).
-- The row is the record the compat /list answers from and the journal a
-- restarted server reconciles against Docker's labelled containers.
-- status: creating (a create in progress or interrupted) | running | stopped.
CREATE TABLE workspaces (
    profile         TEXT NOT NULL,
    user_id         INTEGER NOT NULL,
    node_id         INTEGER NOT NULL REFERENCES nodes(id) ON DELETE RESTRICT,
    container_name  TEXT NOT NULL,
    container_id    TEXT NOT NULL DEFAULT '',
    http_port       INTEGER NOT NULL,
    ws_port         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (profile, user_id),
    -- A host port belongs to one workspace, whatever the profiles say.
    UNIQUE (node_id, http_port),
    UNIQUE (node_id, ws_port)
);
