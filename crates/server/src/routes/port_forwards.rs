//! Port forwarding (端口转发, admin only): rules with their live state, batch
//! delete, enable/disable, the server's addresses; and the per-rule series of
//! `/metrics`.

use std::fmt::Write as _;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tianqi_core::forward::{ForwardLive, PortForward, PortForwardFields};
use tianqi_core::page::Page;
use tianqi_core::Error;
use tianqi_forward::{RuleStatus, State as RuleState};
use tianqi_service::forward::PortForwardListQuery;
use tianqi_service::Services;
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// Rules, newest first, each with its live state and counters.
#[utoipa::path(get, path = "/api/v1/port-forwards", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(PortForwardListQuery),
    responses((status = 200, body = Page<PortForward>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_port_forwards(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiQuery(q): ApiQuery<PortForwardListQuery>,
) -> ApiResult<Json<Page<PortForward>>> {
    Ok(Json(s.services.forward.list(q).await?))
}

/// Create a rule; an enabled one listens before this answers. A source
/// overlapping another rule's → 409; a port taken by another process → the
/// rule is saved with `live.state` `error` and the reason.
#[utoipa::path(post, path = "/api/v1/port-forwards", tag = "port-forwards", security(("bearer" = ["admin"])),
    request_body = PortForwardFields,
    responses((status = 201, body = PortForward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_port_forward(
    State(s): State<AppState>,
    AdminUser(me): AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<PortForwardFields>,
) -> ApiResult<(StatusCode, Json<PortForward>)> {
    let rule = s.services.forward.create(&me, f).await?;
    let _ = ctx.resource_id.set(rule.id.to_string());
    Ok((StatusCode::CREATED, Json(rule)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchDelete {
    /// Comma-separated rule ids, e.g. `1,2,3`.
    pub ids: String,
}

/// Delete several rules at once (`?ids=1,2,3`); none is deleted when one
/// does not exist (404 naming it).
#[utoipa::path(delete, path = "/api/v1/port-forwards", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(BatchDelete),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn delete_port_forwards(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiQuery(q): ApiQuery<BatchDelete>,
) -> ApiResult<StatusCode> {
    let ids = q
        .ids
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<i64>().map_err(|_| {
                Error::validation(
                    "ids",
                    format!("ids must be comma-separated integers, not `{p}`"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > 500 {
        return Err(Error::validation("ids", "at most 500 ids at once").into());
    }
    s.services.forward.delete_many(&ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This server's addresses (loopback excepted), for the source address (获取服务器IP).
#[utoipa::path(get, path = "/api/v1/port-forwards/server-ips", tag = "port-forwards", security(("bearer" = ["admin"])),
    responses((status = 200, body = ServerIps), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn server_ips(State(s): State<AppState>, _a: AdminUser) -> ApiResult<Json<ServerIps>> {
    Ok(Json(ServerIps {
        items: s.services.forward.server_ips()?,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServerIps {
    /// IPv4 first; the first one is the default source address.
    pub items: Vec<String>,
}

/// One rule with its live state.
#[utoipa::path(get, path = "/api/v1/port-forwards/{id}", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PortForward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_port_forward(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<PortForward>> {
    Ok(Json(s.services.forward.get(id).await?))
}

/// Change a rule; absent fields stay. Applied to the running forwarder
/// before this answers (a new address rebinds; open connections to the old
/// one get `forward.disable_grace_secs`).
#[utoipa::path(patch, path = "/api/v1/port-forwards/{id}", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = PortForwardFields,
    responses((status = 200, body = PortForward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_port_forward(
    State(s): State<AppState>,
    AdminUser(me): AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<PortForwardFields>,
) -> ApiResult<Json<PortForward>> {
    Ok(Json(s.services.forward.update(&me, id, f).await?))
}

/// Delete a rule (its listener closes before this answers).
#[utoipa::path(delete, path = "/api/v1/port-forwards/{id}", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_port_forward(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.forward.delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable a rule: it listens before this answers.
#[utoipa::path(post, path = "/api/v1/port-forwards/{id}/enable", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PortForward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn enable_port_forward(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<PortForward>> {
    Ok(Json(s.services.forward.set_enabled(id, true).await?))
}

/// Disable a rule: it stops listening before this answers; its open TCP
/// connections close after `forward.disable_grace_secs`.
#[utoipa::path(post, path = "/api/v1/port-forwards/{id}/disable", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PortForward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn disable_port_forward(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<PortForward>> {
    Ok(Json(s.services.forward.set_enabled(id, false).await?))
}

/// The live state and counters of one rule alone (cheap to poll).
#[utoipa::path(get, path = "/api/v1/port-forwards/{id}/live", tag = "port-forwards", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ForwardLive), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn live_port_forward(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<ForwardLive>> {
    Ok(Json(s.services.forward.get(id).await?.live))
}

/// The per-rule series appended to `/metrics` (Prometheus text format).
pub async fn metrics_text(services: &Services) -> String {
    let statuses = services.forward.engine().statuses().await;
    let mut ids: Vec<_> = statuses.keys().copied().collect();
    ids.sort_unstable();
    let mut out = String::new();
    type Read = fn(&RuleStatus) -> u64;
    let series: [(&str, &str, &str, Read); 6] = [
        (
            "tianqi_forward_up",
            "gauge",
            "1 while the rule listens",
            |s| u64::from(s.state == RuleState::Listening),
        ),
        (
            "tianqi_forward_connections_active",
            "gauge",
            "open TCP connections or live UDP sessions",
            |s| s.active,
        ),
        (
            "tianqi_forward_connections_total",
            "counter",
            "connections (UDP: sessions) since start",
            |s| s.total,
        ),
        (
            "tianqi_forward_connections_rejected_total",
            "counter",
            "connections refused at the per-rule cap",
            |s| s.rejected,
        ),
        (
            "tianqi_forward_bytes_in_total",
            "counter",
            "bytes from clients to the target",
            |s| s.bytes_in,
        ),
        (
            "tianqi_forward_bytes_out_total",
            "counter",
            "bytes from the target to clients",
            |s| s.bytes_out,
        ),
    ];
    for (name, kind, help, read) in series {
        let _ = writeln!(out, "# HELP {name} Port forwarding: {help}, per rule.");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for id in &ids {
            if let Some(st) = statuses.get(id) {
                let _ = writeln!(out, "{name}{{rule=\"{id}\"}} {}", read(st));
            }
        }
    }
    out
}

/// The port-forward routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            list_port_forwards,
            create_port_forward,
            delete_port_forwards
        ))
        .routes(routes!(server_ips))
        .routes(routes!(
            get_port_forward,
            update_port_forward,
            delete_port_forward
        ))
        .routes(routes!(enable_port_forward))
        .routes(routes!(disable_port_forward))
        .routes(routes!(live_port_forward))
}
