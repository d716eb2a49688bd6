//! Compute nodes. Secret and TLS fields arrive and leave encrypted: the store
//! never sees their plaintext.

use chrono::{DateTime, Utc};
use tianqi_core::catalog::node::{DockerStatus, KubeBackend, NodeDraft};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, name, region, cpu_desc, memory_desc, system_disk_desc, data_disk_desc, public_ip, \
    private_ip, ssh_port, ssh_user, ssh_password_enc, gpu_name, gpu_count, vram_mib_per_card, hami_core_dir, \
    docker_address, use_tls, ca_cert_enc, client_cert_enc, client_key_enc, cpu_milli, memory_mib, \
    system_disk_gb, data_disk_gb, listed, remark, docker_status, docker_error, docker_checked_at, docker_facts, \
    created_at, updated_at, kube_cluster_id, kube_namespace, kube_storage_class";

/// A node as stored. In `draft`, `ssh_password`, `ca_cert`, `client_cert` and
/// `client_key` hold **ciphertext** (or `""` when unset).
#[derive(Debug, Clone)]
pub struct StoredNode {
    pub id: i64,
    pub draft: NodeDraft,
    pub docker_status: DockerStatus,
    pub docker_error: String,
    pub docker_checked_at: Option<DateTime<Utc>>,
    /// JSON of the last successful probe.
    pub docker_facts: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    region: String,
    cpu_desc: String,
    memory_desc: String,
    system_disk_desc: String,
    data_disk_desc: String,
    public_ip: String,
    private_ip: String,
    ssh_port: i32,
    ssh_user: String,
    ssh_password_enc: String,
    gpu_name: String,
    gpu_count: i64,
    vram_mib_per_card: i64,
    hami_core_dir: String,
    docker_address: String,
    use_tls: bool,
    ca_cert_enc: String,
    client_cert_enc: String,
    client_key_enc: String,
    cpu_milli: Option<i64>,
    memory_mib: Option<i64>,
    system_disk_gb: i64,
    data_disk_gb: i64,
    listed: bool,
    remark: String,
    docker_status: String,
    docker_error: String,
    docker_checked_at: Option<DateTime<Utc>>,
    docker_facts: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    kube_cluster_id: Option<i64>,
    kube_namespace: String,
    kube_storage_class: String,
}

impl TryFrom<Row> for StoredNode {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<StoredNode> {
        Ok(StoredNode {
            id: r.id,
            draft: NodeDraft {
                name: r.name,
                region: r.region,
                cpu_desc: r.cpu_desc,
                memory_desc: r.memory_desc,
                system_disk_desc: r.system_disk_desc,
                data_disk_desc: r.data_disk_desc,
                public_ip: r.public_ip,
                private_ip: r.private_ip,
                ssh_port: u16::try_from(r.ssh_port).map_err(|_| {
                    StoreError::Other(format!("node {} has ssh_port {}", r.id, r.ssh_port))
                })?,
                ssh_user: r.ssh_user,
                ssh_password: r.ssh_password_enc,
                gpu_name: r.gpu_name,
                gpu_count: r.gpu_count,
                vram_mib_per_card: r.vram_mib_per_card,
                hami_core_dir: r.hami_core_dir,
                kube: r.kube_cluster_id.map(|cluster_id| KubeBackend {
                    cluster_id,
                    namespace: r.kube_namespace,
                    storage_class: r.kube_storage_class,
                }),
                docker_address: r.docker_address,
                use_tls: r.use_tls,
                ca_cert: r.ca_cert_enc,
                client_cert: r.client_cert_enc,
                client_key: r.client_key_enc,
                cpu_milli: r.cpu_milli,
                memory_mib: r.memory_mib,
                system_disk_gb: r.system_disk_gb,
                data_disk_gb: r.data_disk_gb,
                listed: r.listed,
                remark: r.remark,
            },
            docker_status: DockerStatus::parse(&r.docker_status),
            docker_error: r.docker_error,
            docker_checked_at: r.docker_checked_at,
            docker_facts: r.docker_facts,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct NodeFilter {
    pub name_contains: Option<String>,
    pub listed: Option<bool>,
    pub docker_status: Option<DockerStatus>,
}

/// The outcome of one connection test.
#[derive(Debug, Clone)]
pub struct NodeStatusUpdate {
    pub status: DockerStatus,
    pub error: String,
    pub checked_at: DateTime<Utc>,
    /// New facts on success; `None` keeps the previous ones.
    pub facts: Option<String>,
    /// Capacity to fill in where the node has none yet (from Docker's report).
    pub fill_cpu_milli: Option<i64>,
    pub fill_memory_mib: Option<i64>,
    /// Disk sizes to fill in where the node declares none (0).
    pub fill_system_disk_gb: Option<i64>,
    pub fill_data_disk_gb: Option<i64>,
}

impl NodeStatusUpdate {
    /// A check that failed: the reason, no facts and nothing filled in.
    pub fn failed(error: String, checked_at: DateTime<Utc>) -> Self {
        Self {
            status: DockerStatus::Failed,
            error,
            checked_at,
            facts: None,
            fill_cpu_milli: None,
            fill_memory_mib: None,
            fill_system_disk_gb: None,
            fill_data_disk_gb: None,
        }
    }
}

impl Store {
    /// Inserts a node (secret fields already encrypted).
    pub async fn insert_node(&self, d: &NodeDraft, now: DateTime<Utc>) -> Result<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO nodes (name, region, cpu_desc, memory_desc, system_disk_desc, data_disk_desc, \
                 public_ip, private_ip, ssh_port, ssh_user, ssh_password_enc, gpu_name, gpu_count, \
                 vram_mib_per_card, hami_core_dir, docker_address, use_tls, ca_cert_enc, client_cert_enc, \
                 client_key_enc, cpu_milli, memory_mib, system_disk_gb, data_disk_gb, listed, remark, \
                 created_at, updated_at, kube_cluster_id, kube_namespace, kube_storage_class) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20, $21, $22, $23, $24, $25, $26, $27, $27, $28, $29, $30) RETURNING id",
            )
            .bind(&d.name)
            .bind(&d.region)
            .bind(&d.cpu_desc)
            .bind(&d.memory_desc)
            .bind(&d.system_disk_desc)
            .bind(&d.data_disk_desc)
            .bind(&d.public_ip)
            .bind(&d.private_ip)
            .bind(i32::from(d.ssh_port))
            .bind(&d.ssh_user)
            .bind(&d.ssh_password)
            .bind(&d.gpu_name)
            .bind(d.gpu_count)
            .bind(d.vram_mib_per_card)
            .bind(&d.hami_core_dir)
            .bind(&d.docker_address)
            .bind(d.use_tls)
            .bind(&d.ca_cert)
            .bind(&d.client_cert)
            .bind(&d.client_key)
            .bind(d.cpu_milli)
            .bind(d.memory_mib)
            .bind(d.system_disk_gb)
            .bind(d.data_disk_gb)
            .bind(d.listed)
            .bind(&d.remark)
            .bind(now)
            .bind(d.kube.as_ref().map(|k| k.cluster_id))
            .bind(d.kube.as_ref().map_or("", |k| k.namespace.as_str()))
            .bind(d.kube.as_ref().map_or("", |k| k.storage_class.as_str()))
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }

    pub async fn update_node(&self, id: i64, d: &NodeDraft, now: DateTime<Utc>) -> Result<()> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE nodes SET name = $2, region = $3, cpu_desc = $4, memory_desc = $5, system_disk_desc = $6, \
                 data_disk_desc = $7, public_ip = $8, private_ip = $9, ssh_port = $10, ssh_user = $11, \
                 ssh_password_enc = $12, gpu_name = $13, gpu_count = $14, vram_mib_per_card = $15, \
                 hami_core_dir = $16, docker_address = $17, use_tls = $18, ca_cert_enc = $19, \
                 client_cert_enc = $20, client_key_enc = $21, cpu_milli = $22, memory_mib = $23, \
                 system_disk_gb = $24, data_disk_gb = $25, listed = $26, remark = $27, updated_at = $28, \
                 kube_storage_class = $29 WHERE id = $1",
            )
            .bind(id)
            .bind(&d.name)
            .bind(&d.region)
            .bind(&d.cpu_desc)
            .bind(&d.memory_desc)
            .bind(&d.system_disk_desc)
            .bind(&d.data_disk_desc)
            .bind(&d.public_ip)
            .bind(&d.private_ip)
            .bind(i32::from(d.ssh_port))
            .bind(&d.ssh_user)
            .bind(&d.ssh_password)
            .bind(&d.gpu_name)
            .bind(d.gpu_count)
            .bind(d.vram_mib_per_card)
            .bind(&d.hami_core_dir)
            .bind(&d.docker_address)
            .bind(d.use_tls)
            .bind(&d.ca_cert)
            .bind(&d.client_cert)
            .bind(&d.client_key)
            .bind(d.cpu_milli)
            .bind(d.memory_mib)
            .bind(d.system_disk_gb)
            .bind(d.data_disk_gb)
            .bind(d.listed)
            .bind(&d.remark)
            .bind(now)
            .bind(d.kube.as_ref().map_or("", |k| k.storage_class.as_str()))
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn node(&self, id: i64) -> Result<StoredNode> {
        let sql = format!("SELECT {COLUMNS} FROM nodes WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    pub async fn list_nodes(
        &self,
        f: &NodeFilter,
        page: PageRequest,
    ) -> Result<(Vec<StoredNode>, i64)> {
        let filter = "($1 IS NULL OR name LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR listed = $2) \
                      AND ($3 IS NULL OR docker_status = $3)";
        let list =
            format!("SELECT {COLUMNS} FROM nodes WHERE {filter} ORDER BY id LIMIT $4 OFFSET $5");
        let count = format!("SELECT COUNT(*) FROM nodes WHERE {filter}");
        let pattern = f.name_contains.as_deref().map(crate::like_pattern);
        let status = f.docker_status.map(DockerStatus::as_str);
        let (rows, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&list)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(status)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(status)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        Ok((
            rows.into_iter()
                .map(StoredNode::try_from)
                .collect::<Result<_>>()?,
            total,
        ))
    }

    /// Every node (for the health loop).
    pub async fn all_nodes(&self) -> Result<Vec<StoredNode>> {
        let sql = format!("SELECT {COLUMNS} FROM nodes ORDER BY id");
        let rows: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        rows.into_iter().map(StoredNode::try_from).collect()
    }

    pub async fn delete_node(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM nodes WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    pub async fn set_node_status(&self, id: i64, u: &NodeStatusUpdate) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE nodes SET docker_status = $2, docker_error = $3, docker_checked_at = $4, \
                 docker_facts = COALESCE($5, docker_facts), \
                 cpu_milli = COALESCE(cpu_milli, $6), memory_mib = COALESCE(memory_mib, $7), \
                 system_disk_gb = CASE WHEN system_disk_gb = 0 THEN COALESCE($8, 0) ELSE system_disk_gb END, \
                 data_disk_gb = CASE WHEN data_disk_gb = 0 THEN COALESCE($9, 0) ELSE data_disk_gb END \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(u.status.as_str())
            .bind(&u.error)
            .bind(u.checked_at)
            .bind(u.facts.as_deref())
            .bind(u.fill_cpu_milli)
            .bind(u.fill_memory_mib)
            .bind(u.fill_system_disk_gb)
            .bind(u.fill_data_disk_gb)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
