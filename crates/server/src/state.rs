//! What every handler can reach.

use std::sync::Arc;

use tianqi_core::net::Cidr;
use tianqi_service::workspaces::CompatAccess;
use tianqi_service::Services;

use crate::config::HttpConfig;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub http: Arc<HttpConfig>,
    /// Peers whose `X-Forwarded-For` is believed (see `auth::source_ip`).
    pub proxies: Arc<[Cidr]>,
    pub metrics: Metrics,
    /// The MATLAB compat API: where it sits on the main listener and who may call it.
    pub matlab: Arc<MatlabCompat>,
}

/// Where the MATLAB-compatible routes are served and who is admitted.
#[derive(Debug, Clone)]
pub struct MatlabCompat {
    /// Prefix on the main listener; none = not there.
    pub prefix: Option<String>,
    pub access: CompatAccess,
}

impl AppState {
    pub fn new(services: Services, http: HttpConfig, matlab: MatlabCompat) -> Self {
        Self {
            services,
            proxies: http.proxies().into(),
            http: Arc::new(http),
            metrics: Metrics::global(),
            matlab: Arc::new(matlab),
        }
    }
}
