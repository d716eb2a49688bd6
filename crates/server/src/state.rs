//! What every handler can reach.

use std::sync::Arc;

use tianqi_service::Services;

use crate::config::Config;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<Config>,
    pub metrics: Metrics,
}
