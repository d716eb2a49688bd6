//! The audit trail's records.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One audited mutation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub method: String,
    /// The route template, e.g. `/api/v1/users/{id}`.
    pub route: String,
    /// The resource id taken from the path, when the route has one.
    pub resource_id: Option<String>,
    pub source_ip: String,
    pub status: u16,
    /// For a long-lived session, written when it ends (JSON: start, end,
    /// bytes, why it ended); empty for ordinary requests.
    pub detail: String,
}
