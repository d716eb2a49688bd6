//! Tianqi's services: the domain operations every transport calls.
//!
//! One service per feature, each owning its state (throttles, locks, caches),
//! held together by [`Services`]. A service validates input, applies the
//! access policy, and talks to the store and the node driver. Transports
//! (REST, WebSocket, SSH, CLI) stay thin: they parse, authenticate and call one
//! function here.
#![forbid(unsafe_code)]

pub mod assets;
pub mod assistant;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod finetune;
pub mod fleet;
pub mod forward;
pub mod instances;
pub mod jumpbox;
pub mod kube;
pub mod sandbox;
pub mod sessions;
pub mod signals;
pub mod system;
pub mod tasks;
pub mod usage;
pub mod users;
pub mod workspaces;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tianqi_core::clock::Clock;
use tianqi_core::crypto::{Key, SecretBox};
use tianqi_store::Store;

pub use assets::{AssetService, AssetSettings};
pub use assistant::{AssistantService, AssistantSettings};
pub use audit::{AuditService, AuditSettings};
pub use auth::{AuthService, AuthSettings};
pub use catalog::{CatalogService, NodeSettings};
pub use finetune::{FinetuneService, FinetuneSettings};
pub use forward::{ForwardService, ForwardSettings};
pub use instances::{InstanceService, InstanceSettings};
pub use kube::KubeService;
pub use sandbox::{SandboxService, SandboxSettings};
pub use sessions::{SessionEnd, SessionRegistry, SessionSettings};
pub use system::SystemService;
pub use tasks::{TaskService, TaskSettings};
pub use users::UserService;
pub use workspaces::WorkspaceService;

/// The keys generated on first start and kept in the data dir.
#[derive(Clone, Debug)]
pub struct Keys {
    /// Keys the HMAC under which bearer tokens are stored.
    pub token_signing: Key,
    /// Encrypts secrets at rest.
    pub secrets: SecretBox,
}

/// What every service is built on.
#[derive(Clone)]
pub struct Context {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub keys: Keys,
    /// This installation's id (generated once, kept in the store): part of the
    /// names and labels of everything it creates on nodes.
    pub install_id: String,
}

impl Context {
    /// Loads this installation's id, generating it on first use.
    pub async fn open(
        store: Store,
        keys: Keys,
        clock: Arc<dyn Clock>,
    ) -> tianqi_core::Result<Self> {
        const KEY: &str = "install_id";
        let install_id = match store.setting(KEY).await? {
            Some(id) => id,
            None => {
                let fresh = tianqi_core::crypto::new_token("")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(8)
                    .collect::<String>()
                    .to_ascii_lowercase();
                store.set_setting(KEY, &fresh).await?;
                fresh
            }
        };
        Ok(Self {
            store,
            clock,
            keys,
            install_id,
        })
    }
}

/// Every feature's settings, resolved from the configuration by the binary.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub auth: AuthSettings,
    pub audit: AuditSettings,
    pub nodes: NodeSettings,
    pub instances: InstanceSettings,
    pub sessions: SessionSettings,
    /// The workspace profile; none = workspaces are off.
    pub workspaces: Option<tianqi_core::workspace::Profile>,
    pub sandbox: SandboxSettings,
    pub forward: ForwardSettings,
    pub tasks: TaskSettings,
    pub finetune: FinetuneSettings,
    pub jumpbox: jumpbox::JumpboxSettings,
    pub assets: AssetSettings,
    pub assistant: AssistantSettings,
    pub kube: tianqi_kube::KubeSettings,
}

/// One service per feature, shared by every transport.
#[derive(Clone)]
pub struct Services {
    pub ctx: Context,
    /// Live streams and terminals, ended when access ends.
    pub sessions: SessionRegistry,
    pub auth: AuthService,
    pub users: UserService,
    pub audit: AuditService,
    pub catalog: CatalogService,
    pub instances: InstanceService,
    pub workspaces: WorkspaceService,
    pub sandbox: SandboxService,
    pub forward: ForwardService,
    pub tasks: TaskService,
    pub finetune: FinetuneService,
    pub usage: usage::UsageService,
    pub system: SystemService,
    pub jumpbox: jumpbox::JumpboxService,
    pub assets: AssetService,
    pub assistant: AssistantService,
    pub kube: KubeService,
    /// The servers sharing this database.
    pub fleet: fleet::FleetService,
}

impl Services {
    pub fn new(ctx: Context, settings: Settings) -> Self {
        let sessions = SessionRegistry::new(ctx.clone(), settings.sessions);
        let auth = AuthService::new(ctx.clone(), settings.auth, sessions.clone());
        let users = UserService::new(ctx.clone(), auth.clone());
        let kube = KubeService::new(ctx.clone(), settings.kube, sessions.clone());
        let catalog = CatalogService::new(ctx.clone(), settings.nodes, kube.clone());
        let instances = InstanceService::new(ctx.clone(), catalog.clone(), settings.instances);
        // A node check that connects reconciles the node's instances.
        catalog.watch_nodes(Arc::new(instances.clone()));
        let workspaces = WorkspaceService::new(ctx.clone(), catalog.clone(), settings.workspaces);
        let sandbox = SandboxService::start(&ctx, settings.sandbox);
        let forward = ForwardService::new(
            ctx.clone(),
            catalog.clone(),
            instances.clone(),
            settings.forward,
        );
        let tasks = TaskService::new(ctx.clone(), settings.tasks, instances.clone());
        Self {
            finetune: FinetuneService::new(ctx.clone(), settings.finetune, instances.clone()),
            system: SystemService::new(ctx.clone(), catalog.clone()),
            audit: AuditService::new(ctx.clone(), settings.audit),
            jumpbox: jumpbox::JumpboxService::new(ctx.clone(), settings.jumpbox),
            usage: usage::UsageService::new(ctx.clone()),
            assets: AssetService::new(ctx.clone(), settings.assets),
            assistant: AssistantService::new(ctx.clone(), settings.assistant),
            kube,
            fleet: fleet::FleetService::new(ctx.clone()),
            ctx,
            sessions,
            auth,
            users,
            catalog,
            instances,
            workspaces,
            sandbox,
            forward,
            tasks,
        }
    }

    pub fn store(&self) -> &Store {
        &self.ctx.store
    }

    /// Stops what runs in the background of the services (the sandbox's pool)
    /// and closes the store.
    pub async fn shutdown(&self) {
        // Terminals end their shells and write their audit entries first.
        self.sessions.stop_all();
        self.sessions.drained(Duration::from_secs(5)).await;
        self.sandbox.shutdown().await;
        self.forward.shutdown().await;
        self.tasks.shutdown().await;
        self.finetune.shutdown().await;
        self.assistant.shutdown().await;
        if let Err(e) = self.fleet.leave().await {
            tracing::warn!(error = %e, "could not leave the list of servers");
        }
        self.ctx.store.close().await;
    }
}
