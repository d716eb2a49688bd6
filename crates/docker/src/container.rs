//! Containers: create from a [`ContainerPlan`], start, stop, restart, remove.

use std::collections::HashMap;

use bollard::container::{
    Config, CreateContainerOptions, RemoveContainerOptions, RestartContainerOptions,
    StopContainerOptions,
};
use bollard::models::{
    DeviceRequest, HostConfig, HostConfigLogConfig, Mount, MountTypeEnum, PortBinding,
    RestartPolicy, RestartPolicyNameEnum,
};
use bollard::network::CreateNetworkOptions;
use bollard::volume::RemoveVolumeOptions;
use bollard::Docker;
use tianqi_core::container::{ContainerPlan, NetworkPlan};

use crate::DriverError;

fn config(plan: &ContainerPlan, with_storage_opt: bool) -> Config<String> {
    let volumes = plan.volumes.iter().map(|(name, target)| Mount {
        target: Some(target.clone()),
        source: Some(name.clone()),
        typ: Some(MountTypeEnum::VOLUME),
        ..Default::default()
    });
    let files = plan.read_only_files.iter().map(|(host, target)| Mount {
        target: Some(target.clone()),
        source: Some(host.clone()),
        typ: Some(MountTypeEnum::BIND),
        read_only: Some(true),
        ..Default::default()
    });
    let mounts = volumes.chain(files).collect();
    let device_requests = (!plan.gpu_device_ids.is_empty()).then(|| {
        vec![DeviceRequest {
            driver: Some("nvidia".into()),
            device_ids: Some(plan.gpu_device_ids.clone()),
            capabilities: Some(vec![vec!["gpu".into()]]),
            ..Default::default()
        }]
    });
    let storage_opt = match (with_storage_opt, plan.storage_size_gb) {
        (true, Some(gb)) => Some(HashMap::from([("size".to_owned(), format!("{gb}G"))])),
        _ => None,
    };
    let exposed_ports = (!plan.ports.is_empty()).then(|| {
        plan.ports
            .iter()
            .map(|(inside, _)| (format!("{inside}/tcp"), HashMap::new()))
            .collect()
    });
    let port_bindings = (!plan.ports.is_empty()).then(|| {
        plan.ports
            .iter()
            .map(|(inside, host)| {
                (
                    format!("{inside}/tcp"),
                    Some(vec![PortBinding {
                        host_ip: plan.publish_ip.clone(),
                        host_port: Some(host.to_string()),
                    }]),
                )
            })
            .collect()
    });
    let restart_policy = plan.restart_unless_stopped.then_some(RestartPolicy {
        name: Some(RestartPolicyNameEnum::UNLESS_STOPPED),
        maximum_retry_count: None,
    });
    Config {
        image: Some(plan.image.clone()),
        exposed_ports,
        cmd: (!plan.cmd.is_empty()).then(|| plan.cmd.clone()),
        working_dir: plan.working_dir.clone(),
        labels: Some(plan.labels.clone().into_iter().collect()),
        env: Some(plan.env.clone()),
        tty: Some(false),
        host_config: Some(HostConfig {
            // A tiny init as PID 1: signals reach the workload (stop is prompt)
            // and orphaned processes are reaped.
            init: Some(true),
            nano_cpus: Some(plan.nano_cpus),
            memory: Some(plan.memory_bytes),
            memory_swap: Some(plan.memory_swap_bytes),
            shm_size: Some(plan.shm_bytes),
            pids_limit: Some(plan.pids_limit),
            storage_opt,
            mounts: Some(mounts),
            binds: (!plan.binds.is_empty()).then(|| plan.binds.clone()),
            device_requests,
            port_bindings,
            restart_policy,
            network_mode: plan.network.as_ref().map(|n| n.name.clone()),
            cap_drop: (!plan.cap_drop.is_empty()).then(|| plan.cap_drop.clone()),
            cap_add: (!plan.cap_add.is_empty()).then(|| plan.cap_add.clone()),
            log_config: plan
                .log_rotation
                .as_ref()
                .map(|(size, files)| HostConfigLogConfig {
                    typ: Some("json-file".into()),
                    config: Some(HashMap::from([
                        ("max-size".to_owned(), size.clone()),
                        ("max-file".to_owned(), files.to_string()),
                    ])),
                }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Creates the container. Answers its id and whether the system-disk size is
/// enforced: when the storage driver refuses `size`, the container is created
/// without it and the caller records "not enforced" (never silently dropped).
/// Makes the plan's network when the node does not have it yet (several
/// creates may race: "already exists" is success).
///
/// Docker does not make network names unique (`check_duplicate` is best
/// effort), so two creates that both find the network missing could make two
/// of the same name, after which every use of it fails as "ambiguous". The
/// check and the create are therefore one step per name in this process.
async fn ensure_network(docker: &Docker, net: &NetworkPlan) -> Result<(), DriverError> {
    let lock = network_lock(&net.name);
    let _held = lock.lock().await;
    match docker.inspect_network::<String>(&net.name, None).await {
        Ok(_) => return Ok(()),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => {}
        Err(e) => return Err(e.into()),
    }
    let options = CreateNetworkOptions {
        name: net.name.clone(),
        driver: "bridge".to_owned(),
        labels: net.labels.clone().into_iter().collect(),
        check_duplicate: true,
        ..Default::default()
    };
    match docker.create_network(options).await {
        Ok(_) => Ok(()),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 409, ..
        }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The lock for one network name (entries are tiny and few: one per owner).
fn network_lock(name: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static LOCKS: std::sync::LazyLock<
        std::sync::Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
    > = std::sync::LazyLock::new(Default::default);
    match LOCKS.lock() {
        Ok(mut map) => map.entry(name.to_owned()).or_default().clone(),
        // A poisoned map only loses the serialisation, not correctness of
        // the calls themselves.
        Err(_) => std::sync::Arc::default(),
    }
}

/// Removes an owner network no container uses any more (best effort: one in
/// use stays).
pub async fn remove_network_if_unused(docker: &Docker, name: &str) {
    if let Ok(n) = docker.inspect_network::<String>(name, None).await {
        if n.containers.as_ref().is_none_or(HashMap::is_empty) {
            let _ = docker.remove_network(name).await;
        }
    }
}

pub async fn create_container(
    docker: &Docker,
    plan: &ContainerPlan,
) -> Result<(String, bool), DriverError> {
    if let Some(net) = &plan.network {
        ensure_network(docker, net).await?;
    }
    let options = Some(CreateContainerOptions {
        name: plan.name.clone(),
        platform: None,
    });
    let wants_size = plan.storage_size_gb.is_some();
    match docker
        .create_container(options.clone(), config(plan, true))
        .await
    {
        Ok(r) => Ok((r.id, wants_size)),
        Err(e) if wants_size && e.to_string().to_lowercase().contains("storage") => {
            tracing::info!(container = %plan.name, error = %e, "storage-opt size not supported here; disk not enforced");
            let r = docker
                .create_container(options, config(plan, false))
                .await?;
            Ok((r.id, false))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn image_present(docker: &Docker, reference: &str) -> Result<bool, DriverError> {
    match docker.inspect_image(reference).await {
        Ok(_) => Ok(true),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub async fn start(docker: &Docker, id: &str) -> Result<(), DriverError> {
    match docker.start_container::<String>(id, None).await {
        Ok(())
        | Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 304, ..
        }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Stops with SIGTERM, then SIGKILL after `grace_secs`. The request may take
/// that long, so it gets its own, longer timeout.
pub async fn stop(docker: &Docker, id: &str, grace_secs: i64) -> Result<(), DriverError> {
    let docker = docker.clone().with_timeout(std::time::Duration::from_secs(
        grace_secs.unsigned_abs() + 10,
    ));
    match docker
        .stop_container(id, Some(StopContainerOptions { t: grace_secs }))
        .await
    {
        Ok(())
        | Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 304, ..
        }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub async fn restart(docker: &Docker, id: &str, grace_secs: isize) -> Result<(), DriverError> {
    let docker = docker.clone().with_timeout(std::time::Duration::from_secs(
        grace_secs.unsigned_abs() as u64 + 10,
    ));
    Ok(docker
        .restart_container(id, Some(RestartContainerOptions { t: grace_secs }))
        .await?)
}

/// Is the container running? `None` when it does not exist.
pub async fn running(docker: &Docker, id: &str) -> Result<Option<bool>, DriverError> {
    match docker.inspect_container(id, None).await {
        Ok(c) => Ok(Some(c.state.and_then(|s| s.running).unwrap_or(false))),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A container's state as an instance needs it: running, or how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunState {
    pub running: bool,
    pub end: tianqi_core::instance::ContainerEnd,
    /// Docker's own error for the container (a start that failed), if any.
    pub error: String,
}

/// The state of a container; `None` when it does not exist (one inspect).
pub async fn run_state(docker: &Docker, id: &str) -> Result<Option<RunState>, DriverError> {
    match docker.inspect_container(id, None).await {
        Ok(c) => {
            let state = c.state.unwrap_or_default();
            let argv = c
                .path
                .into_iter()
                .chain(c.args.unwrap_or_default())
                .collect();
            Ok(Some(RunState {
                running: state.running.unwrap_or(false),
                end: tianqi_core::instance::ContainerEnd {
                    exit_code: state.exit_code.unwrap_or_default(),
                    oom_killed: state.oom_killed.unwrap_or(false),
                    argv,
                    tty: c.config.and_then(|c| c.tty).unwrap_or(false),
                },
                error: state.error.unwrap_or_default(),
            }))
        }
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Removes the container (if any) and then every named volume, even when the
/// container could not be removed: user data volumes must not outlive a delete.
/// Answers the first error after trying everything.
pub async fn remove(docker: &Docker, id: &str, volumes: &[String]) -> Result<(), DriverError> {
    let mut first_error = None;
    if !id.is_empty() {
        let opts = RemoveContainerOptions {
            force: true,
            v: true,
            ..Default::default()
        };
        match docker.remove_container(id, Some(opts)).await {
            Ok(())
            | Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => {}
            Err(e) => first_error = Some(DriverError::from(e)),
        }
    }
    for v in volumes {
        match docker
            .remove_volume(v, Some(RemoveVolumeOptions { force: true }))
            .await
        {
            Ok(())
            | Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => {}
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(DriverError::from(e));
                }
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Every container (stopped ones included) carrying all of `labels`
/// (`key=value` or a bare `key`).
async fn list_all(
    docker: &Docker,
    labels: Vec<String>,
) -> Result<Vec<bollard::secret::ContainerSummary>, DriverError> {
    let filters = HashMap::from([("label".to_owned(), labels)]);
    Ok(docker
        .list_containers(Some(bollard::container::ListContainersOptions {
            all: true,
            filters,
            ..Default::default()
        }))
        .await?)
}

/// Every container this installation manages on the node (one call).
pub async fn list_managed(
    docker: &Docker,
    install_id: &str,
) -> Result<Vec<tianqi_core::reconcile::SeenContainer>, DriverError> {
    let list = list_all(
        docker,
        vec![
            "tianqi.managed=true".to_owned(),
            format!("tianqi.install={install_id}"),
        ],
    )
    .await?;
    Ok(list
        .into_iter()
        // Workspaces, task runs and fine-tuning jobs carry the same marker
        // but have their own records and reconciliation (`list_workspaces`,
        // the task and fine-tuning services at boot); they are not instance
        // orphans.
        .filter(|c| {
            !c.labels.as_ref().is_some_and(|l| {
                l.contains_key(tianqi_core::workspace::LABEL_PROFILE)
                    || l.contains_key(tianqi_core::tasks::LABEL_TASK_RUN)
                    || l.contains_key(tianqi_core::finetune::LABEL_JOB)
            })
        })
        .map(|c| tianqi_core::reconcile::SeenContainer {
            container_id: c.id.unwrap_or_default(),
            name: c
                .names
                .and_then(|n| n.first().cloned())
                .unwrap_or_default()
                .trim_start_matches('/')
                .to_owned(),
            instance_id: c
                .labels
                .as_ref()
                .and_then(|l| l.get("tianqi.instance"))
                .and_then(|v| v.parse().ok()),
            running: c.state.as_deref() == Some("running"),
        })
        .collect())
}

/// What the workspace code needs to know about one container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInfo {
    pub id: String,
    pub name: String,
    pub running: bool,
    /// Docker's state word: created, running, exited, restarting, paused, dead.
    pub state: String,
    pub labels: HashMap<String, String>,
    /// RFC 3339 as Docker gives it.
    pub created: String,
    pub started_at: String,
}

/// Inspects a container by id or name; `None` when it does not exist.
pub async fn inspect(docker: &Docker, id: &str) -> Result<Option<ContainerInfo>, DriverError> {
    match docker.inspect_container(id, None).await {
        Ok(c) => {
            let state = c.state.unwrap_or_default();
            Ok(Some(ContainerInfo {
                id: c.id.unwrap_or_default(),
                name: c
                    .name
                    .unwrap_or_default()
                    .trim_start_matches('/')
                    .to_owned(),
                running: state.running.unwrap_or(false),
                state: state.status.map(|s| s.to_string()).unwrap_or_default(),
                labels: c.config.and_then(|c| c.labels).unwrap_or_default(),
                created: c.created.unwrap_or_default(),
                started_at: state.started_at.unwrap_or_default(),
            }))
        }
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Every container of this installation carrying `label_key=label_value`
/// (one call), stopped ones included.
pub async fn list_labelled(
    docker: &Docker,
    install_id: &str,
    label_key: &str,
    label_value: &str,
) -> Result<Vec<ContainerInfo>, DriverError> {
    let list = list_all(
        docker,
        vec![
            format!("tianqi.install={install_id}"),
            format!("{label_key}={label_value}"),
        ],
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|c| {
            let state = c.state.unwrap_or_default();
            ContainerInfo {
                id: c.id.unwrap_or_default(),
                name: c
                    .names
                    .and_then(|n| n.first().cloned())
                    .unwrap_or_default()
                    .trim_start_matches('/')
                    .to_owned(),
                running: state == "running",
                state,
                labels: c.labels.unwrap_or_default(),
                created: c
                    .created
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
                started_at: String::new(),
            }
        })
        .collect())
}

/// Every container of this installation that carries the label `key`
/// (any value), stopped ones included: (id, the label's value).
pub async fn list_with_label(
    docker: &Docker,
    install_id: &str,
    key: &str,
) -> Result<Vec<(String, String)>, DriverError> {
    let list = list_all(
        docker,
        vec![format!("tianqi.install={install_id}"), key.to_owned()],
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|c| {
            let value = c
                .labels
                .as_ref()
                .and_then(|l| l.get(key).cloned())
                .unwrap_or_default();
            (c.id.unwrap_or_default(), value)
        })
        .collect())
}

/// Waits for the container to stop running; answers its exit code. The
/// request lasts as long as the container runs, so it has no client timeout
/// of its own (a week).
pub async fn wait_exit(docker: &Docker, id: &str) -> Result<i64, DriverError> {
    use futures::StreamExt;
    let docker = docker
        .clone()
        .with_timeout(std::time::Duration::from_secs(7 * 24 * 3600));
    let mut waits = docker.wait_container(
        id,
        Some(bollard::container::WaitContainerOptions {
            condition: "not-running",
        }),
    );
    match waits.next().await {
        Some(Ok(r)) => Ok(r.status_code),
        // bollard answers a non-zero exit as an error carrying the code.
        Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. })) => Ok(code),
        Some(Err(e)) => Err(e.into()),
        None => Err(DriverError::Api(format!(
            "no answer waiting for container {id}"
        ))),
    }
}

/// The first `max_bytes` of a regular file in the container (running or
/// ended), read through the archive endpoint — no program in the image is
/// needed. `None` when the file (or the container) does not exist.
pub async fn read_file(
    docker: &Docker,
    id: &str,
    path: &str,
    max_bytes: usize,
) -> Result<Option<Vec<u8>>, DriverError> {
    use futures::StreamExt;
    use std::io::Read;
    let mut stream = docker.download_from_container(
        id,
        Some(bollard::container::DownloadFromContainerOptions {
            path: path.to_owned(),
        }),
    );
    let mut tar_bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(b) => {
                tar_bytes.extend_from_slice(&b);
                // The tar header and padding add little; stop a runaway file.
                if tar_bytes.len() > max_bytes + 64 * 1024 {
                    break;
                }
            }
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
    }
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let entries = archive
        .entries()
        .map_err(|e| DriverError::Config(format!("reading the archive of {path}: {e}")))?;
    for entry in entries {
        let Ok(entry) = entry else {
            // A cut-off archive (the file was larger): what was read counts.
            break;
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let mut out = Vec::new();
        // A truncated entry reads up to where the bytes end.
        let _ = entry.take(max_bytes as u64).read_to_end(&mut out);
        return Ok(Some(out));
    }
    Ok(None)
}
