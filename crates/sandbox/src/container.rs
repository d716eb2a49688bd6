//! Sandbox containers on the Docker Engine: their configuration (every
//! isolation setting in one place), the runner volume, creation with the
//! attached streams, removal and reaping.

use std::collections::HashMap;
use std::pin::Pin;

use bollard::container::{
    AttachContainerOptions, Config, CreateContainerOptions, ListContainersOptions, LogOutput,
    RemoveContainerOptions, UploadToContainerOptions,
};
use bollard::models::{HostConfig, HostConfigLogConfig, Mount, MountTypeEnum, ResourcesUlimits};
use bollard::volume::{CreateVolumeOptions, RemoveVolumeOptions};
use bollard::Docker;
use futures::Stream;
use sha2::{Digest, Sha256};
use tianqi_core::sandbox::Runtime;
use tokio::io::AsyncWrite;

use crate::settings::Settings;
use crate::{LABEL, RUNNER, RUNTIME_LABEL};

/// Where the runner volume is mounted (read-only) in every sandbox container.
const RUNNER_DIR: &str = "/.tianqi";
const RUNNER_FILE: &str = "tianqi-sandbox-runner";
/// nobody:nogroup — exists in Debian and busybox images alike.
const SANDBOX_USER: &str = "65534:65534";

pub type Output = Pin<Box<dyn Stream<Item = Result<LogOutput, bollard::errors::Error>> + Send>>;
pub type Input = Pin<Box<dyn AsyncWrite + Send>>;

/// A started pool container whose runner waits for its one job. Dropping it
/// removes the container (in the background), so no path — a finished run, a
/// client that went away mid-run, a shrinking pool — can leave it behind.
pub struct Warm {
    pub id: String,
    pub input: Input,
    pub output: Output,
    pub memory_bytes: u64,
    docker: Docker,
}

impl Drop for Warm {
    fn drop(&mut self) {
        let id = std::mem::take(&mut self.id);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let docker = self.docker.clone();
            runtime.spawn(async move { remove(&docker, &id).await });
        }
    }
}

fn api(e: bollard::errors::Error) -> String {
    tianqi_docker::DriverError::from(e).to_string()
}

/// `tianqi-sandbox-runner-<install>-<hash>`: per installation (only this
/// server ever writes it) and per runner build (an upgrade gets a new one).
pub fn runner_volume(install_id: &str) -> String {
    let hash = hex::encode(&Sha256::digest(RUNNER)[..6]);
    format!("tianqi-sandbox-runner-{install_id}-{hash}")
}

/// Memory the pool container of `rt` starts with (a run may change it).
pub fn default_memory(settings: &Settings, rt: &Runtime) -> u64 {
    let l = rt.spec.limits.apply(&settings.limits);
    if rt.compiled() {
        l.run_memory_bytes.max(l.compile_memory_bytes)
    } else {
        l.run_memory_bytes
    }
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The isolation of every run, in one place: no network, read-only root, a
/// size-capped tmpfs, an unprivileged user with no capabilities and no way to
/// gain privileges, memory without extra swap, a CPU quota, a pids limit,
/// nofile/fsize/cpu ulimits, first in line for the OOM killer, and no log file.
pub fn sandbox_config(settings: &Settings, rt: &Runtime, volume: &str) -> Config<String> {
    let limits = rt.spec.limits.apply(&settings.limits);
    let memory = to_i64(default_memory(settings, rt));
    let cpu_secs = limits
        .run_cpu_time_max_ms
        .max(limits.compile_cpu_time_max_ms)
        .div_ceil(1000)
        + 1;
    let ulimit = |name: &str, v: u64| ResourcesUlimits {
        name: Some(name.into()),
        soft: Some(to_i64(v)),
        hard: Some(to_i64(v)),
    };
    Config {
        image: Some(rt.spec.image.clone()),
        entrypoint: Some(vec![format!("{RUNNER_DIR}/{RUNNER_FILE}")]),
        cmd: Some(vec![]),
        user: Some(SANDBOX_USER.into()),
        working_dir: Some("/tmp".into()),
        env: Some(vec![]),
        labels: Some(HashMap::from([
            (LABEL.to_owned(), settings.install_id.clone()),
            (RUNTIME_LABEL.to_owned(), rt.key()),
        ])),
        attach_stdin: Some(true),
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        open_stdin: Some(true),
        stdin_once: Some(true),
        tty: Some(false),
        network_disabled: Some(true),
        host_config: Some(HostConfig {
            network_mode: Some("none".into()),
            readonly_rootfs: Some(true),
            tmpfs: Some(HashMap::from([(
                "/tmp".to_owned(),
                format!(
                    "rw,exec,nosuid,nodev,size={}m,mode=1777",
                    settings.tmpfs_mib
                ),
            )])),
            memory: Some(memory),
            memory_swap: Some(memory),
            nano_cpus: Some(to_i64(settings.cpus_milli.saturating_mul(1_000_000))),
            pids_limit: Some(settings.pids_limit),
            cap_drop: Some(vec!["ALL".into()]),
            security_opt: Some(vec!["no-new-privileges".into()]),
            ulimits: Some(vec![
                ulimit("nofile", settings.nofile),
                ulimit("fsize", settings.fsize_mib.saturating_mul(1024 * 1024)),
                ulimit("cpu", cpu_secs),
                ulimit("core", 0),
            ]),
            oom_score_adj: Some(1000),
            // Output reaches us through the attached stream only: no log file
            // on the engine's disk for a run that prints 100 MB.
            log_config: Some(HostConfigLogConfig {
                typ: Some("none".into()),
                config: None,
            }),
            ipc_mode: Some("private".into()),
            init: Some(false),
            mounts: Some(vec![Mount {
                target: Some(RUNNER_DIR.into()),
                source: Some(volume.into()),
                typ: Some(MountTypeEnum::VOLUME),
                read_only: Some(true),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Creates the runner volume and copies the runner into it through a helper
/// container that is never started (a read-only root cannot be copied into,
/// a volume can).
pub async fn install_runner(
    docker: &Docker,
    settings: &Settings,
    image: &str,
) -> Result<String, String> {
    let volume = runner_volume(&settings.install_id);
    docker
        .create_volume(CreateVolumeOptions {
            name: volume.clone(),
            labels: HashMap::from([(LABEL.to_owned(), settings.install_id.clone())]),
            ..Default::default()
        })
        .await
        .map_err(|e| format!("creating volume {volume}: {}", api(e)))?;
    let helper = docker
        .create_container(
            None::<CreateContainerOptions<String>>,
            Config {
                image: Some(image.to_owned()),
                entrypoint: Some(vec!["/nonexistent".into()]),
                labels: Some(HashMap::from([(
                    LABEL.to_owned(),
                    settings.install_id.clone(),
                )])),
                network_disabled: Some(true),
                host_config: Some(HostConfig {
                    network_mode: Some("none".into()),
                    mounts: Some(vec![Mount {
                        target: Some("/runner".into()),
                        source: Some(volume.clone()),
                        typ: Some(MountTypeEnum::VOLUME),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| match e {
            bollard::errors::Error::DockerResponseServerError { status_code: 404, .. } => format!(
                "image {image} of the sandbox runtimes is not on the sandbox node (scripts/sandbox-images.sh builds it)"
            ),
            other => format!("creating the runner copy helper from {image}: {}", api(other)),
        })?
        .id;
    let upload = async {
        let mut tar = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(RUNNER.len() as u64);
        header.set_mode(0o755);
        header.set_uid(0);
        header.set_gid(0);
        header.set_cksum();
        tar.append_data(&mut header, RUNNER_FILE, RUNNER)
            .map_err(|e| format!("packing the runner: {e}"))?;
        let bytes = tar
            .into_inner()
            .map_err(|e| format!("packing the runner: {e}"))?;
        docker
            .upload_to_container(
                &helper,
                Some(UploadToContainerOptions {
                    path: "/runner".to_owned(),
                    ..Default::default()
                }),
                bytes.into(),
            )
            .await
            .map_err(|e| format!("copying the runner into {volume}: {}", api(e)))
    }
    .await;
    remove(docker, &helper).await;
    upload.map(|()| volume)
}

/// Creates, attaches and starts one pool container.
pub async fn create_warm(
    docker: &Docker,
    settings: &Settings,
    rt: &Runtime,
    volume: &str,
) -> Result<Warm, String> {
    let id = docker
        .create_container(
            None::<CreateContainerOptions<String>>,
            sandbox_config(settings, rt, volume),
        )
        .await
        .map_err(|e| match e {
            bollard::errors::Error::DockerResponseServerError { status_code: 404, .. } => format!(
                "image {} of runtime {} is not on the sandbox node (scripts/sandbox-images.sh builds it)",
                rt.spec.image,
                rt.key()
            ),
            other => format!("creating a {} sandbox: {}", rt.key(), api(other)),
        })?
        .id;
    // Attach before start, so not a byte of output can be missed.
    let attached = docker
        .attach_container(
            &id,
            Some(AttachContainerOptions::<String> {
                stdin: Some(true),
                stdout: Some(true),
                stderr: Some(true),
                stream: Some(true),
                logs: Some(false),
                ..Default::default()
            }),
        )
        .await;
    let attached = match attached {
        Ok(a) => a,
        Err(e) => {
            remove(docker, &id).await;
            return Err(format!("attaching to a {} sandbox: {}", rt.key(), api(e)));
        }
    };
    if let Err(e) = docker.start_container::<String>(&id, None).await {
        remove(docker, &id).await;
        return Err(format!("starting a {} sandbox: {}", rt.key(), api(e)));
    }
    Ok(Warm {
        id,
        input: attached.input,
        output: attached.output,
        memory_bytes: default_memory(settings, rt),
        docker: docker.clone(),
    })
}

/// Kills and removes a container; a vanished one is fine, other failures are
/// logged (the next start-up reaps what is left).
pub async fn remove(docker: &Docker, id: &str) {
    let opts = RemoveContainerOptions {
        force: true,
        v: true,
        ..Default::default()
    };
    match docker.remove_container(id, Some(opts)).await {
        // Gone already, or another removal of it is under way.
        Ok(())
        | Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404 | 409,
            ..
        }) => {}
        Err(e) => {
            tracing::warn!(container = %id, error = %api(e), "removing a sandbox container failed")
        }
    }
}

/// Removes every container (and, with `volumes`, the runner volumes) this
/// installation's sandbox left on the node, and waits until the engine lists
/// none (a removal already in progress elsewhere shows as "Removal In
/// Progress" for a moment). Answers how many there were.
pub async fn reap(docker: &Docker, install_id: &str, volumes: bool) -> Result<usize, String> {
    let filters = HashMap::from([("label".to_owned(), vec![format!("{LABEL}={install_id}")])]);
    let list = || async {
        docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                filters: filters.clone(),
                ..Default::default()
            }))
            .await
            .map(|l| l.into_iter().filter_map(|c| c.id).collect::<Vec<String>>())
            .map_err(api)
    };
    let first = list().await?;
    let mut ids = first.clone();
    for _ in 0..50 {
        if ids.is_empty() {
            break;
        }
        futures::future::join_all(ids.iter().map(|id| remove(docker, id))).await;
        ids = list().await?;
        if !ids.is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    if volumes {
        if let Ok(v) = docker
            .list_volumes(Some(bollard::volume::ListVolumesOptions { filters }))
            .await
        {
            for vol in v.volumes.unwrap_or_default() {
                let _ = docker
                    .remove_volume(&vol.name, Some(RemoveVolumeOptions { force: true }))
                    .await;
            }
        }
    }
    Ok(first.len())
}
