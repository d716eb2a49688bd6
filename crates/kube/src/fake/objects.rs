//! The object store's API: version, namespaces, and list, create, get,
//! merge patch and delete of core and apps objects.

use super::*;

pub(super) async fn version(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let v = lock(&s.cluster).git_version.clone();
    Json(
        json!({"major": "1", "minor": "31", "gitVersion": v, "gitCommit": "fake",
                "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z",
                "goVersion": "go1.23", "compiler": "gc", "platform": "linux/amd64"}),
    )
    .into_response()
}

pub(super) async fn namespaces(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let items: Vec<Value> = lock(&s.cluster)
        .namespaces
        .iter()
        .map(|n| json!({"metadata": {"name": n}, "status": {"phase": "Active"}}))
        .collect();
    Json(
        json!({"apiVersion": "v1", "kind": "NamespaceList", "metadata": {"resourceVersion": "1"},
                "items": items}),
    )
    .into_response()
}

pub(super) async fn namespace(
    State(s): State<Arc<Shared>>,
    Path(ns): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    if !lock(&s.cluster).namespaces.contains(&ns) {
        return not_found("namespaces", &ns);
    }
    Json(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns},
                "status": {"phase": "Active"}}),
    )
    .into_response()
}

pub(super) async fn cluster_nodes(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let items = lock(&s.cluster).nodes.clone();
    Json(
        json!({"apiVersion": "v1", "kind": "NodeList", "metadata": {"resourceVersion": "1"},
                "items": items}),
    )
    .into_response()
}

/// The plurals each API group serves here.
pub(super) const CORE: [&str; 4] = ["pods", "services", "endpoints", "persistentvolumeclaims"];
pub(super) const APPS: [&str; 3] = ["deployments", "statefulsets", "daemonsets"];

pub(super) fn kind_of(plural: &str) -> &'static str {
    match plural {
        "pods" => "Pod",
        "services" => "Service",
        "endpoints" => "Endpoints",
        "persistentvolumeclaims" => "PersistentVolumeClaim",
        "deployments" => "Deployment",
        "statefulsets" => "StatefulSet",
        _ => "DaemonSet",
    }
}

/// Which group a path's prefix names, or a 404 for one not served.
pub(super) fn served(group: &str, plural: &str) -> Result<(), Box<Response>> {
    let ok = match group {
        "core" => CORE.contains(&plural),
        _ => APPS.contains(&plural),
    };
    if ok {
        Ok(())
    } else {
        Err(Box::new(status(
            StatusCode::NOT_FOUND,
            "NotFound",
            "the server could not find the requested resource",
        )))
    }
}

/// `k=v` terms joined by `,` (what the driver sends for matchLabels).
pub(super) fn selects(obj: &Value, selector: Option<&str>) -> bool {
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return true;
    };
    let labels = &obj["metadata"]["labels"];
    sel.split(',').all(|term| match term.split_once('=') {
        Some((k, v)) => labels[k].as_str() == Some(v),
        None => labels.get(term).is_some(),
    })
}

/// RFC 7386 JSON merge patch.
pub(super) fn merge(target: &mut Value, patch: &Value) {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    if let Some(t) = target.as_object_mut() {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

pub(super) async fn list_objects(
    State(s): State<Arc<Shared>>,
    Path((ns, plural)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let group = if uri.path().starts_with("/api/v1/") {
        "core"
    } else {
        "apps"
    };
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served(group, &plural))
    {
        return *r;
    }
    let selector = q.get("labelSelector").cloned();
    // Subscribed before the objects are read: no change falls between.
    let changes = s.watch_tx.subscribe();
    let items: Vec<Value> = lock(&s.cluster)
        .objects
        .iter()
        .filter(|((p, n, _), o)| *p == plural && *n == ns && selects(o, selector.as_deref()))
        .map(|(_, o)| o.clone())
        .collect();
    if q.get("watch").map(String::as_str) == Some("true") {
        let from_now = q
            .get("resourceVersion")
            .is_some_and(|v| !v.is_empty() && v != "0");
        let timeout = q
            .get("timeoutSeconds")
            .and_then(|t| t.parse().ok())
            .unwrap_or(300u64);
        let initial = if from_now { Vec::new() } else { items };
        return watch_stream(&s, changes, plural, ns, selector, initial, timeout);
    }
    let version = if group == "core" { "v1" } else { "apps/v1" };
    Json(
        json!({"apiVersion": version, "kind": format!("{}List", kind_of(&plural)),
                "metadata": {"resourceVersion": "1"}, "items": items}),
    )
    .into_response()
}

/// A create (core group): stored as sent, with what the API server adds,
/// and at once the state its controllers would reach — a Pod running its
/// containers, a claim bound. An existing name is 409 AlreadyExists.
pub(super) async fn create_object(
    State(s): State<Arc<Shared>>,
    Path((ns, plural)): Path<(String, String)>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) =
        admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served("core", &plural))
    {
        return *r;
    }
    if lock(&s.cluster).stalled_creates.contains(&plural) {
        return std::future::pending().await;
    }
    let Ok(mut obj) = serde_json::from_slice::<Value>(&body) else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the body is not JSON",
        );
    };
    let Some(name) = obj["metadata"]["name"].as_str().map(str::to_owned) else {
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            "metadata.name: Required value",
        );
    };
    let key = (plural.clone(), ns.clone(), name.clone());
    let mut cluster = lock(&s.cluster);
    if cluster.objects.contains_key(&key) {
        return status(
            StatusCode::CONFLICT,
            "AlreadyExists",
            &format!("{plural} \"{name}\" already exists"),
        );
    }
    let serial = s.serial.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    obj["metadata"]["namespace"] = json!(ns);
    obj["metadata"]["uid"] = json!(format!("fake-uid-{serial}"));
    obj["metadata"]["resourceVersion"] = json!(serial.to_string());
    obj["metadata"]["creationTimestamp"] = json!("2026-01-01T00:00:00Z");
    match plural.as_str() {
        "pods" => {
            let running: Vec<Value> = obj["spec"]["containers"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| json!({"name": c["name"], "image": c["image"], "ready": true,
                                        "restartCount": 0,
                                        "state": {"running": {"startedAt": "2026-01-01T00:00:01Z"}}}))
                        .collect()
                })
                .unwrap_or_default();
            obj["status"] = json!({"phase": "Running", "containerStatuses": running});
        }
        "persistentvolumeclaims" => obj["status"] = json!({"phase": "Bound"}),
        _ => {}
    }
    cluster.objects.insert(key, obj.clone());
    s.changed(&plural, &ns, "ADDED", &obj);
    (StatusCode::CREATED, Json(obj)).into_response()
}

pub(super) async fn one_object(
    State(s): State<Arc<Shared>>,
    Path((ns, plural, name)): Path<(String, String, String)>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let group = if uri.path().starts_with("/api/v1/") {
        "core"
    } else {
        "apps"
    };
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served(group, &plural))
    {
        return *r;
    }
    let key = (plural.clone(), ns, name.clone());
    let mut cluster = lock(&s.cluster);
    match method {
        Method::GET => match cluster.objects.get(&key) {
            Some(o) => Json(o.clone()).into_response(),
            None => not_found(&plural, &name),
        },
        Method::PATCH => {
            let merge_patch = headers.get("content-type").and_then(|v| v.to_str().ok())
                == Some("application/merge-patch+json");
            let patch: Option<Value> = serde_json::from_slice(&body).ok();
            let (true, Some(patch)) = (merge_patch, patch) else {
                return status(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "UnsupportedMediaType",
                    "the fake serves JSON merge patches only",
                );
            };
            let Some(obj) = cluster.objects.get_mut(&key) else {
                return not_found(&plural, &name);
            };
            merge(obj, &patch);
            // The controller, at once: the wanted replicas are the ready ones.
            if let Some(n) = obj["spec"]["replicas"].as_i64() {
                obj["status"]["replicas"] = json!(n);
                obj["status"]["readyReplicas"] = json!(n);
            }
            let obj = obj.clone();
            s.changed(&plural, &key.1, "MODIFIED", &obj);
            Json(obj).into_response()
        }
        Method::DELETE => match cluster.objects.remove(&key).inspect(|o| {
            s.changed(&plural, &key.1, "DELETED", o);
        }) {
            Some(_) if plural == "pods" => {
                let _ = s.log_tx.send((key.1.clone(), name.clone(), None));
                Json(json!({"kind": "Status", "apiVersion": "v1", "metadata": {},
                            "status": "Success", "details": {"name": name, "kind": plural}}))
                .into_response()
            }
            Some(_) => Json(json!({"kind": "Status", "apiVersion": "v1", "metadata": {},
                                   "status": "Success", "details": {"name": name, "kind": plural}}))
            .into_response(),
            None => not_found(&plural, &name),
        },
        _ => status(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "method not allowed",
        ),
    }
}

/// A watch's body: the initial objects as ADDED, then each change of a
/// matching object, one JSON line each, until the timeout, the client goes
/// or the server stops.
fn watch_stream(
    s: &Arc<Shared>,
    mut changes: tokio::sync::broadcast::Receiver<super::Change>,
    plural: String,
    ns: String,
    selector: Option<String>,
    initial: Vec<Value>,
    timeout_secs: u64,
) -> Response {
    let (tx, mut out) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let line = |kind: &str, object: &Value| {
        let mut text = json!({"type": kind, "object": object}).to_string();
        text.push('\n');
        Bytes::from(text)
    };
    for o in &initial {
        let _ = tx.try_send(Ok(line("ADDED", o)));
    }
    let mut gone = s.gone.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        let deadline = tokio::time::sleep(std::time::Duration::from_secs(timeout_secs));
        tokio::pin!(deadline);
        loop {
            let got = tokio::select! {
                got = changes.recv() => got,
                () = &mut deadline => break,
                () = super::streams::went_away(&mut gone) => {
                    let _ = tx.send(Err(std::io::Error::other("the API server went away"))).await;
                    break;
                }
            };
            match got {
                Ok(c)
                    if c.plural == plural
                        && c.namespace == ns
                        && selects(&c.object, selector.as_deref()) =>
                {
                    if tx.send(Ok(line(c.kind, &c.object))).await.is_err() {
                        break;
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
    let stream = futures::stream::poll_fn(move |cx| out.poll_recv(cx));
    axum::body::Body::from_stream(stream).into_response()
}
