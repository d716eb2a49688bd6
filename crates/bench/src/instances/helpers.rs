//! Request bodies and checks shared by the phases.

use super::*;

pub(super) fn node_body(name: &str, address: &str, use_tls: bool) -> serde_json::Value {
    json!({
        "name": name,
        "public_ip": "127.0.0.1",
        "private_ip": "127.0.0.1",
        "docker_address": address,
        "use_tls": use_tls,
        "cpu_cores": 64,
        "memory_gb": 64,
        "system_disk_gb": 1000,
    })
}

pub(super) fn ensure_connected(node: &NodeView) -> Result<()> {
    ensure!(
        node.docker_status == "connected",
        "node {} ({}) is {}: {}",
        node.name,
        node.id,
        node.docker_status,
        node.docker_error
    );
    Ok(())
}

/// A 2 s warm-up, then the measured run; both must be all 2xx.
pub(super) async fn warm_then_run(run: &WrkRun<'_>, what: &str) -> Result<WrkReport> {
    WrkRun {
        duration: WARMUP,
        ..run.clone()
    }
    .run()
    .await?
    .check_clean(&format!("warm-up {what}"))?;
    let report = run.run().await?;
    report.check_clean(what)?;
    Ok(report)
}

/// `rows` rows named `list-000000`.., created a second apart ending a minute
/// ago, each inserted and then set `running` with the store's own calls.
pub(super) async fn seed_rows(
    store: &Store,
    rows: u32,
    image_address: &str,
    owner_id: i64,
    node_id: i64,
    image_id: i64,
    spec_id: i64,
) -> Result<()> {
    let base = Utc::now() - chrono::Duration::seconds(i64::from(rows) + 60);
    for i in 0..rows {
        let at = base + chrono::Duration::seconds(i64::from(i));
        let row = NewInstance {
            name: format!("list-{i:06}"),
            owner_id,
            node_id,
            image_id,
            spec_id,
            image_address: image_address.to_owned(),
            cpu_milli: ROW_CPU_MILLI,
            memory_mib: ROW_MEMORY_MIB,
            system_disk_gb: 0,
            data_disk_gb: 0,
            gpus: Vec::new(),
            gpu_split: false,
            remark: String::new(),
            stop_at: None,
            stop_after_secs: None,
            now: at,
        };
        let inst = store
            .insert_instance(&row)
            .await
            .with_context(|| format!("inserting instance row {}", row.name))?;
        store
            .set_instance_status(inst.id, InstanceStatus::Running, "", at)
            .await
            .with_context(|| format!("marking instance row {} running", row.name))?;
    }
    Ok(())
}
