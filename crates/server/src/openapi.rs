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
