-- Kubernetes grants (sqlite), seed 003 §7: a user may read or write every
-- cluster (cluster_id NULL), one cluster (namespace NULL), or one namespace
-- of a cluster. A user's grant goes with the user or the cluster. One grant
-- per user and scope: the index reads NULLs as values (0, '') so a second
-- global grant of the same user is a conflict, not a duplicate row.
CREATE TABLE k8s_grants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    cluster_id  INTEGER REFERENCES k8s_clusters(id) ON DELETE CASCADE,
    namespace   TEXT,
    level       TEXT NOT NULL CHECK (level IN ('read', 'write')),
    created_at  TEXT NOT NULL,
    CHECK (namespace IS NULL OR cluster_id IS NOT NULL)
);
CREATE UNIQUE INDEX k8s_grants_scope
    ON k8s_grants (user_id, COALESCE(cluster_id, 0), COALESCE(namespace, ''));
CREATE INDEX k8s_grants_cluster ON k8s_grants (cluster_id);
