//! Batch actions: one request acts on several instances, each answering as
//! its own request would — another user's instance is "not found" and left
//! alone, an unknown id does not keep the others from being done — and bad
//! batches are refused whole.

use super::*;

fn outcome(res: &Value, id: i64) -> Value {
    res["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {res}"))
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no outcome for {id}: {res}"))
}

async fn batch_actions_answer_for_each_instance(site: &Site) {
    let s = TestServer::start(site).await;
    let (node_id, image_id, spec_id) = catalog(&s, "batch", 4.0, 0.25, 0.1).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let create = |token: String, name: &'static str| {
        let s = &s;
        async move {
            let (st, inst) = s
                .post(
                    "/api/v1/instances",
                    &token,
                    json!({"name": name, "image_id": image_id, "spec_id": spec_id, "node_id": node_id}),
                )
                .await;
            assert_eq!(st, StatusCode::CREATED, "{inst}");
            assert_eq!(inst["status"], "running", "{inst}");
            inst
        }
    };
    let a1 = create(alice.clone(), "a-one").await;
    let a2 = create(alice.clone(), "a-two").await;
    let b1 = create(bob.clone(), "b-one").await;
    let id = |v: &Value| v["id"].as_i64().unwrap();
    // A user sees the node by its name (GET /nodes is admins' only).
    assert_eq!(a1["node_name"], "batch", "{a1}");
    let (_, mine) = s.get("/api/v1/instances", &alice).await;
    assert_eq!(mine["items"][0]["node_name"], "batch", "{mine}");

    // alice stops hers and names bob's: hers stop, his is "not found" and runs on.
    let (st, res) = s
        .post(
            "/api/v1/instances/batch/stop",
            &alice,
            json!({"ids": [id(&a1), id(&b1), id(&a2)]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{res}");
    let order: Vec<i64> = res["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        order,
        [id(&a1), id(&b1), id(&a2)],
        "answered in the order asked"
    );
    assert_eq!(outcome(&res, id(&a1))["ok"], true, "{res}");
    assert_eq!(outcome(&res, id(&a2))["ok"], true, "{res}");
    let theirs = outcome(&res, id(&b1));
    assert_eq!(
        (
            theirs["ok"].as_bool(),
            theirs["status"].as_u64(),
            theirs["error"]["code"].as_str()
        ),
        (Some(false), Some(404), Some("not_found")),
        "{res}"
    );
    for i in [&a1, &a2] {
        let (_, got) = s.get(&format!("/api/v1/instances/{}", id(i)), &alice).await;
        assert_eq!(got["status"], "exited", "{got}");
        let state = inspect(i["container_id"].as_str().unwrap());
        assert_eq!(state["State"]["Running"], false, "{state}");
    }
    let (_, his) = s.get(&format!("/api/v1/instances/{}", id(&b1)), &bob).await;
    assert_eq!(his["status"], "running", "{his}");

    // started again, together
    let (st, res) = s
        .post(
            "/api/v1/instances/batch/start",
            &alice,
            json!({"ids": [id(&a1), id(&a2)]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{res}");
    assert!(
        res["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["ok"] == true),
        "{res}"
    );
    let state = inspect(a1["container_id"].as_str().unwrap());
    assert_eq!(state["State"]["Running"], true, "{state}");

    // Bad batches are refused whole, naming the field; nothing is done.
    let too_many: Vec<i64> = (1..=101).collect();
    for body in [
        json!({"ids": []}),
        json!({"ids": too_many}),
        json!({"ids": [id(&a1), id(&a1)]}),
    ] {
        let r = s
            .call(
                Method::POST,
                "/api/v1/instances/batch/delete",
                Some(&alice),
                Some(body),
            )
            .await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("ids"),
        );
    }
    let r = s
        .call(
            Method::POST,
            "/api/v1/instances/batch/delete",
            Some(&alice),
            Some(json!({"ids": [id(&a1)], "force": true})),
        )
        .await;
    assert!(
        r.0.is_client_error() && r.0 != StatusCode::NOT_FOUND,
        "{r:?}"
    );
    let r = s
        .call(
            Method::POST,
            "/api/v1/instances/batch/delete",
            None,
            Some(json!({"ids": [id(&a1)]})),
        )
        .await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert!(container_exists(a1["container_id"].as_str().unwrap()));

    // Deleted with an unknown id among them: the others go, containers too.
    let (st, res) = s
        .post(
            "/api/v1/instances/batch/delete",
            &alice,
            json!({"ids": [id(&a1), 987_654, id(&a2)]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{res}");
    assert_eq!(
        outcome(&res, 987_654)["error"]["code"],
        "not_found",
        "{res}"
    );
    assert_eq!(outcome(&res, id(&a1))["ok"], true, "{res}");
    assert_eq!(outcome(&res, id(&a2))["ok"], true, "{res}");
    let (_, mine) = s.get("/api/v1/instances", &alice).await;
    assert_eq!(mine["total"], 0, "{mine}");
    for i in [&a1, &a2] {
        assert!(!container_exists(i["container_id"].as_str().unwrap()));
    }

    // The audit log names the batch.
    let (_, audit) = s.get("/api/v1/audit?page_size=200", &s.admin_token).await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "batch delete" && e["object"] == "instances"),
        "{audit}"
    );

    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", id(&b1)), &bob)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
}
on_both!(batch_actions_answer_for_each_instance);
