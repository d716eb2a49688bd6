//! Batch actions on instances: one request, an answer per instance.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use tianqi_service::instances::BatchAction;
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::error::{domain_error, ApiResult, ErrorBody, ErrorDetail};
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceIds {
    /// Instance ids, 1–100, each once.
    pub ids: Vec<i64>,
}

/// What happened to one instance of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceOutcome {
    pub id: i64,
    pub ok: bool,
    /// The error its own request would have answered (code, sentence),
    /// when it failed; `status` is that request's HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceOutcomes {
    pub items: Vec<InstanceOutcome>,
}

async fn run(
    s: AppState,
    me: tianqi_core::policy::Principal,
    action: BatchAction,
    ids: &[i64],
) -> ApiResult<Json<InstanceOutcomes>> {
    let outcomes = s.services.instances.batch(&me, action, ids).await?;
    let items = outcomes
        .into_iter()
        .map(|(id, r)| match r {
            Ok(()) => InstanceOutcome {
                id,
                ok: true,
                error: None,
                status: None,
            },
            Err(e) => {
                let (status, detail) = domain_error(e);
                InstanceOutcome {
                    id,
                    ok: false,
                    error: Some(detail),
                    status: Some(status.as_u16()),
                }
            }
        })
        .collect();
    Ok(Json(InstanceOutcomes { items }))
}

/// Stop several instances (8 at a time); each answers for itself.
#[utoipa::path(post, path = "/api/v1/instances/batch/stop", tag = "instances", security(("bearer" = [])),
    request_body = InstanceIds,
    responses((status = 200, body = InstanceOutcomes), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_stop(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<InstanceIds>,
) -> ApiResult<Json<InstanceOutcomes>> {
    run(s, me, BatchAction::Stop, &b.ids).await
}

/// Start several stopped (or place again several failed) instances; each
/// answers for itself.
#[utoipa::path(post, path = "/api/v1/instances/batch/start", tag = "instances", security(("bearer" = [])),
    request_body = InstanceIds,
    responses((status = 200, body = InstanceOutcomes), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_start(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<InstanceIds>,
) -> ApiResult<Json<InstanceOutcomes>> {
    run(s, me, BatchAction::Start, &b.ids).await
}

/// Delete several instances (containers and data volumes); each answers for
/// itself, so one on an unreachable node does not keep the others.
#[utoipa::path(post, path = "/api/v1/instances/batch/delete", tag = "instances", security(("bearer" = [])),
    request_body = InstanceIds,
    responses((status = 200, body = InstanceOutcomes), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_delete(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<InstanceIds>,
) -> ApiResult<Json<InstanceOutcomes>> {
    run(s, me, BatchAction::Delete, &b.ids).await
}
