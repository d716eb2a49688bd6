//! Tianqi's services: the domain operations every transport calls.
//!
//! A service validates input, applies the access policy, and talks to the store
//! (later also to the node pool). Transports (REST, WebSocket, SSH, CLI) stay thin:
//! they parse, authenticate and call one function here.
#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod instances;
pub mod password;
pub mod reconcile;
mod token_cache;
pub mod users;
pub mod workspaces;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tianqi_core::clock::Clock;
use tianqi_core::crypto::{Key, SecretBox};
use tianqi_core::throttle::{Throttle, ThrottleRule};
use tianqi_store::Store;

/// The keys generated on first start and kept in the data dir.
#[derive(Clone, Debug)]
pub struct Keys {
    /// Keys the HMAC under which bearer tokens are stored.
    pub token_signing: Key,
    /// Encrypts secrets at rest.
    pub secrets: SecretBox,
}

/// Authentication settings taken from the configuration.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub session_ttl: Duration,
    pub login_ip: ThrottleRule,
    pub login_user: ThrottleRule,
    pub max_api_tokens_per_user: usize,
    /// How long a token lookup may be reused (0 = never); see `token_cache`.
    pub token_cache_ttl: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(12 * 3600),
            login_ip: ThrottleRule {
                max_failures: 20,
                window: Duration::from_secs(300),
            },
            login_user: ThrottleRule {
                max_failures: 5,
                window: Duration::from_secs(300),
            },
            max_api_tokens_per_user: 100,
            token_cache_ttl: Duration::from_secs(2),
        }
    }
}

/// Catalog settings taken from the configuration.
#[derive(Debug, Clone)]
pub struct CatalogSettings {
    /// Where per-node files (TLS material for the Docker client) are written.
    pub data_dir: std::path::PathBuf,
    /// Bound on every call to a node's Docker Engine when testing it.
    pub node_timeout: Duration,
    /// PidsLimit of every instance container.
    pub pids_limit: i64,
    /// /dev/shm size of instance containers (capped at their memory).
    pub shm_mib: i64,
}

impl Default for CatalogSettings {
    fn default() -> Self {
        Self {
            data_dir: std::path::PathBuf::from("./data"),
            node_timeout: Duration::from_secs(5),
            pids_limit: 4096,
            shm_mib: 1024,
        }
    }
}

pub(crate) struct LoginThrottles {
    pub by_ip: Throttle,
    pub by_user: Throttle,
}

/// Everything the services need, shared by every transport.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub keys: Keys,
    pub clock: Arc<dyn Clock>,
    pub auth: AuthSettings,
    pub catalog: CatalogSettings,
    pub(crate) throttles: Arc<Mutex<LoginThrottles>>,
    pub(crate) hasher: password::Hasher,
    pub(crate) token_cache: Arc<token_cache::TokenCache>,
    /// Held while a placement is computed and its reservation written, so
    /// concurrent creates never see the same free capacity.
    pub(crate) placement_lock: Arc<tokio::sync::Mutex<()>>,
    /// This installation's id (generated once, kept in the store): part of the
    /// names and labels of everything it creates on nodes.
    pub install_id: String,
    /// Instances this process is creating or deleting right now: reconciliation
    /// leaves them alone (anything else in those states was interrupted).
    pub(crate) in_flight: Arc<Mutex<std::collections::HashSet<i64>>>,
    /// The workspace profile and its per-process state (none = not configured).
    pub(crate) workspaces: Option<Arc<workspaces::WorkspaceState>>,
}

impl Services {
    pub fn new(store: Store, keys: Keys, clock: Arc<dyn Clock>, auth: AuthSettings) -> Self {
        let throttles = LoginThrottles {
            by_ip: Throttle::new(auth.login_ip),
            by_user: Throttle::new(auth.login_user),
        };
        let token_cache = Arc::new(token_cache::TokenCache::new(auth.token_cache_ttl));
        Self {
            store,
            keys,
            clock,
            auth,
            catalog: CatalogSettings::default(),
            throttles: Arc::new(Mutex::new(throttles)),
            hasher: password::Hasher::new(),
            token_cache,
            placement_lock: Arc::new(tokio::sync::Mutex::new(())),
            install_id: String::new(),
            in_flight: Arc::new(Mutex::new(std::collections::HashSet::new())),
            workspaces: None,
        }
    }

    /// Loads this installation's id, generating it on first use.
    pub async fn with_install_id(mut self) -> tianqi_core::Result<Self> {
        const KEY: &str = "install_id";
        let id = match self.store.setting(KEY).await? {
            Some(id) => id,
            None => {
                let fresh = tianqi_core::crypto::new_token("")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(8)
                    .collect::<String>()
                    .to_ascii_lowercase();
                self.store.set_setting(KEY, &fresh).await?;
                fresh
            }
        };
        self.install_id = id;
        Ok(self)
    }

    pub fn with_workspaces(mut self, profile: tianqi_core::workspace::Profile) -> Self {
        self.workspaces = Some(Arc::new(workspaces::WorkspaceState::new(profile)));
        self
    }

    pub fn with_catalog(mut self, catalog: CatalogSettings) -> Self {
        self.catalog = catalog;
        self
    }
}
