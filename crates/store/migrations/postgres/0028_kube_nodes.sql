-- A node may be a namespace of a registered Kubernetes cluster instead of a
-- Docker Engine: its instances are Pods there. A cluster that backs a node
-- cannot be deleted while the node exists (no cascade: the node's instances
-- would lose where they run).
ALTER TABLE nodes ADD COLUMN kube_cluster_id BIGINT REFERENCES k8s_clusters (id);
ALTER TABLE nodes ADD COLUMN kube_namespace TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN kube_storage_class TEXT NOT NULL DEFAULT '';
