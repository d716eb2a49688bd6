//! The audit trail's records, and what each one did in words.

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
    /// What was done, from the method and route: `create`, `update`, `delete`,
    /// or the route's own verb (`start`, `run`, `batch run`, `login`, …).
    pub action: String,
    /// To what kind of thing: the route's collection (`instances`, `ssh-keys`,
    /// `clusters`, …). With `resource_id` it names "which".
    pub object: String,
}

/// What a request did, in words: [`AuditEntry::action`] and [`AuditEntry::object`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deed {
    pub action: String,
    pub object: String,
}

/// Reads a route template as "action object". The object is the collection
/// the last `{param}` indexes (or the route's first word when none does); the
/// action is the words after that parameter (`/instances/{id}/start` → start),
/// else what the method does to the collection or the item.
pub fn deed(method: &str, route: &str) -> Deed {
    let segments: Vec<&str> = route
        .split('/')
        .filter(|s| !s.is_empty())
        .skip_while(|s| matches!(*s, "api" | "compat") || is_version(s))
        .collect();
    let is_param = |s: &str| s.starts_with('{');
    let verb = match method.to_ascii_uppercase().as_str() {
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        _ => "open",
    };
    let words = |s: &[&str]| {
        s.iter()
            .filter(|w| !is_param(w))
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let Some(last_param) = segments.iter().rposition(|s| is_param(s)) else {
        // No item: the collection itself, or a verb on it (`/tasks/batch/run`).
        let object = segments.first().copied().unwrap_or("").to_string();
        let rest = words(segments.get(1..).unwrap_or(&[]));
        let action = match (rest.is_empty(), verb) {
            (true, _) => verb.to_string(),
            (false, "create") => rest,
            (false, v) => format!("{v} {rest}"),
        };
        return Deed { action, object };
    };
    let mut literals = segments[..last_param].iter().rev().filter(|s| !is_param(s));
    let object = literals.next().copied().unwrap_or("");
    let after = words(&segments[last_param + 1..]);
    let action = match (after.is_empty(), verb) {
        // A POST to an item is a verb named before it (`/matlab/destroy/{id}`).
        (true, "create") => {
            return Deed {
                action: object.to_string(),
                object: literals.next().copied().unwrap_or(object).to_string(),
            }
        }
        (true, _) => verb.to_string(),
        (false, "create") | (false, "open") => after,
        (false, v) => format!("{v} {after}"),
    };
    Deed {
        action,
        object: object.to_string(),
    }
}

/// The columns of [`render_csv`], in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "id",
    "at",
    "actor",
    "actor_id",
    "action",
    "object",
    "resource_id",
    "method",
    "route",
    "status",
    "source_ip",
    "detail",
];

/// Entries as CSV: a header line of [`CSV_COLUMNS`], then one entry per line.
pub fn render_csv<'a>(entries: impl IntoIterator<Item = &'a AuditEntry>) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for e in entries {
        let opt = |v: Option<String>| v.unwrap_or_default();
        let cols = [
            e.id.to_string(),
            e.at.to_rfc3339(),
            opt(e.actor.clone()),
            opt(e.actor_id.map(|i| i.to_string())),
            e.action.clone(),
            e.object.clone(),
            opt(e.resource_id.clone()),
            e.method.clone(),
            e.route.clone(),
            e.status.to_string(),
            e.source_ip.clone(),
            e.detail.clone(),
        ];
        let line: Vec<String> = cols.iter().map(|c| crate::csv::cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

fn is_version(s: &str) -> bool {
    s.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(method: &str, route: &str) -> (String, String) {
        let d = deed(method, route);
        (d.action, d.object)
    }

    fn pair(a: &str, o: &str) -> (String, String) {
        (a.to_string(), o.to_string())
    }

    #[test]
    fn crud_on_collections_and_items() {
        assert_eq!(
            said("POST", "/api/v1/instances"),
            pair("create", "instances")
        );
        assert_eq!(
            said("PATCH", "/api/v1/images/{id}"),
            pair("update", "images")
        );
        assert_eq!(
            said("DELETE", "/api/v1/me/ssh-keys/{id}"),
            pair("delete", "ssh-keys")
        );
        assert_eq!(said("PUT", "/api/v1/quotas/{id}"), pair("update", "quotas"));
        assert_eq!(
            said("DELETE", "/api/v1/port-forwards"),
            pair("delete", "port-forwards")
        );
    }

    #[test]
    fn verbs_on_items() {
        assert_eq!(
            said("POST", "/api/v1/instances/{id}/start"),
            pair("start", "instances")
        );
        assert_eq!(
            said("POST", "/api/v1/k8s/clusters/{id}/test"),
            pair("test", "clusters")
        );
        assert_eq!(
            said("POST", "/api/v1/assistant/configs/{id}/activate"),
            pair("activate", "configs")
        );
        assert_eq!(
            said("POST", "/api/v1/nodes/{id}/images/pull"),
            pair("images pull", "nodes")
        );
        assert_eq!(
            said("PUT", "/api/v1/instances/{id}/auto-stop"),
            pair("update auto-stop", "instances")
        );
        assert_eq!(
            said("DELETE", "/api/v1/tasks/{id}/logs"),
            pair("delete logs", "tasks")
        );
        assert_eq!(
            said("GET", "/api/v1/instances/{id}/terminal"),
            pair("terminal", "instances")
        );
        assert_eq!(
            said("DELETE", "/api/v1/admin/orphans/{node_id}/{container_id}"),
            pair("delete", "orphans")
        );
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let e = AuditEntry {
            id: 7,
            at: DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
                .map(|t| t.with_timezone(&Utc))
                .unwrap(),
            actor_id: Some(2),
            actor: Some("=alice".into()),
            method: "POST".into(),
            route: "/api/v1/instances/{id}/start".into(),
            resource_id: Some("5".into()),
            source_ip: "10.0.0.1".into(),
            status: 200,
            detail: "{\"a\",1}".into(),
            action: "start".into(),
            object: "instances".into(),
        };
        let csv = render_csv([&e]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(CSV_COLUMNS.join(",").as_str()));
        assert_eq!(
            lines.next(),
            Some("7,2026-12-03T10:00:00+00:00,'=alice,2,start,instances,5,POST,/api/v1/instances/{id}/start,200,10.0.0.1,\"{\"\"a\"\",1}\"")
        );
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn verbs_on_collections() {
        assert_eq!(
            said("POST", "/api/v1/tasks/batch/run"),
            pair("batch run", "tasks")
        );
        assert_eq!(said("POST", "/api/v1/auth/login"), pair("login", "auth"));
        assert_eq!(said("POST", "/api/v1/me/password"), pair("password", "me"));
        assert_eq!(
            said("PUT", "/api/v1/quotas/default"),
            pair("update default", "quotas")
        );
        assert_eq!(said("POST", "/api/v2/execute"), pair("create", "execute"));
        assert_eq!(
            said("POST", "/compat/matlab/create"),
            pair("create", "matlab")
        );
        assert_eq!(
            said("POST", "/compat/matlab/destroy/{container_id}"),
            pair("destroy", "matlab")
        );
    }
}
