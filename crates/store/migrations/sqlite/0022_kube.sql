-- Kubernetes clusters (sqlite), seed 003 §7. The kubeconfig is sealed like the
-- other secrets (AES-256-GCM, versioned prefix) and never leaves the server;
-- `server` is the API server's URL read from it, shown in the console.
-- `status`, `server_version`, `namespace_count` and `last_error` are what
-- the last connection test found.
CREATE TABLE k8s_clusters (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL DEFAULT '',
    enabled         BOOLEAN NOT NULL,
    kubeconfig      TEXT NOT NULL,
    server          TEXT NOT NULL,
    status          TEXT NOT NULL,
    server_version  TEXT NOT NULL DEFAULT '',
    namespace_count INTEGER,
    last_error      TEXT NOT NULL DEFAULT '',
    checked_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
