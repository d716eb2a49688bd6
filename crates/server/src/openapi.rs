//! The OpenAPI document's frame: info, tags and the bearer scheme. Paths are
//! collected from the handlers' `#[utoipa::path]` attributes by the router, so
//! the document cannot list a route that does not exist or miss one that does.
//!
//! Who may call an operation is in its `security`: none = public,
//! `bearer: []` = any signed-in user, `bearer: ["admin"]` = admins only.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tianqi API",
        description = "天启 — self-hosted compute platform. REST under /api/v1, JSON bodies, \
                       errors as {\"error\":{\"code\",\"message\",\"field\"?}}. Authenticate with \
                       POST /api/v1/auth/login, then send Authorization: Bearer <token>. \
                       Security `bearer: [\"admin\"]` marks admin-only operations."
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "auth", description = "Sign in and out"),
        (name = "me", description = "Your account and API tokens"),
        (name = "users", description = "User administration (admin)"),
        (name = "audit", description = "Audit log (admin)"),
        (name = "images", description = "Image catalog (镜像库)"),
        (name = "specs", description = "Product specs (产品规格)"),
        (name = "nodes", description = "Compute nodes (算力节点, admin)"),
        (name = "instances", description = "Instances (实例管理)"),
        (name = "sandbox", description = "Run untrusted code: Piston v2 API and /api/v1/sandbox/run (代码沙箱)"),
        (name = "workspaces", description = "Workspaces: per-user long-lived containers (admin)"),
        (name = "workspaces-compat", description = "MATLAB容器管理系统 API, exact old shapes; \
            access by source address (workspaces.compat.allow_cidrs) or the compat bearer token"),
        (name = "port-forwards", description = "Port forwarding rules (端口转发, admin)"),
        (name = "tasks", description = "Tasks (任务, Mini PM2): scheduled and on-demand jobs, runs, logs; host-process tasks admin-only"),
        (name = "finetune", description = "Fine-tuning jobs (模型微调): presets, validated GPU selection, trainer containers placed like instances, live progress and loss curves, logs, stop"),
        (name = "usage", description = "Usage (计量): instance-, GPU- and CPU-core-hours and exact cost over a period, by user, node, spec or day; CSV export"),
        (name = "system", description = "System monitor (系统监控, admin): host CPU, memory, disks, load, network, top processes; Docker nodes; a WebSocket push"),
        (name = "jumpbox", description = "SSH jump host (跳板机): where it listens, your SSH public keys, open sessions (admin)"),
        (name = "assets", description = "Server inventory (资产管理, admin): hardware, rack position, warranty, CSV import/export"),
        (name = "assistant", description = "AI assistant (AI 助手): provider configs (admin, keys write-only), your conversations, replies streamed as Server-Sent Events, daily token limits"),
        (name = "kubernetes", description = "Kubernetes clusters (K8s 集群, admin): sealed kubeconfigs, connection tests"),
        (name = "ops", description = "Health, readiness, metrics"),
    )
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A session token from /api/v1/auth/login or an API token from /api/v1/me/tokens",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "compat",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The compat API admits source addresses in workspaces.compat.allow_cidrs \
                         without credentials, and any address with workspaces.compat.token",
                    ))
                    .build(),
            ),
        );
    }
}

/// Documents the errors every REST operation can answer, which the handlers'
/// attributes leave out: 401 on a secured operation (a missing, expired or
/// revoked token), 403 on an admin one, 400/413/422 where a body is read, and
/// a `default` error for the rest (429, 503 …) — all in the project's error
/// shape. The compat facades (their own shapes) are left as they are.
pub fn with_common_errors(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::content::ContentBuilder;
    use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
    let error = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ];
        for op in ops.into_iter().flatten() {
            let security = serde_json::to_value(&op.security).unwrap_or_default();
            let secured = security.as_array().is_some_and(|s| !s.is_empty());
            let admin = security.to_string().contains("\"admin\"");
            let has_body = op.request_body.is_some();
            let responses = &mut op.responses.responses;
            let mut add = |code: &str, description: &str| {
                responses
                    .entry(code.to_owned())
                    .or_insert_with(|| error(description));
            };
            if secured {
                add("401", "Missing, invalid, expired or revoked credentials");
            }
            if admin {
                add("403", "Admins only");
            }
            if has_body {
                add("400", "The body is not valid JSON");
                add("413", "The body is larger than http.body_limit_bytes");
                add("422", "A field is missing or wrong; `field` names it");
            }
            add(
                "default",
                "Any other error (e.g. 429 rate limited, 503 unavailable)",
            );
        }
    }
    doc
}
