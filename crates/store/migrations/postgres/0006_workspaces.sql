-- Workspaces: one long-lived container per (profile, user id) (postgres).
-- The row is the record the compat /list answers from and the journal a
-- restarted server reconciles against Docker's labelled containers.
-- status: creating (a create in progress or interrupted) | running | stopped.
CREATE TABLE workspaces (
    profile         TEXT NOT NULL,
    user_id         BIGINT NOT NULL,
    node_id         BIGINT NOT NULL REFERENCES nodes(id) ON DELETE RESTRICT,
    container_name  TEXT NOT NULL,
    container_id    TEXT NOT NULL DEFAULT '',
    http_port       BIGINT NOT NULL,
    ws_port         BIGINT NOT NULL,
    status          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile, user_id),
    -- A host port belongs to one workspace, whatever the profiles say.
    UNIQUE (node_id, http_port),
    UNIQUE (node_id, ws_port)
);
