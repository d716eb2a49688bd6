//! A Kubernetes node shared by two servers on PostgreSQL: one of them
//! watches its Pods (the `kube-watch` lease), so the cluster sees one watch,
//! and a Pod ended behind the platform's back shows on the instance at once
//! through either server; when the watching server stops, the other takes
//! the lease and watches.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tianqi_kube::fake::{FakeApiServer, FakeCluster};
use tianqi_store::Store;

use crate::harness::{Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::kube::instances::{kube_node, pod_image_and_spec, until_status};
use crate::kube::resources::register;
use crate::scale_out::lease_holder_within;

const NS: &str = "team-a";

fn watches(fake: &FakeApiServer) -> usize {
    fake.requests()
        .iter()
        .filter(|r| {
            r.starts_with(&format!("GET /api/v1/namespaces/{NS}/pods?")) && r.contains("watch=true")
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_server_watches_a_shared_cluster_and_another_takes_over() {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let site = Site::new(Backend::Postgres).await;
    let first = TestServer::start_with(site.config(), ADMIN_PASSWORD).await;
    let store = Store::open(&site.config().database_url, &Default::default())
        .await
        .unwrap();
    let cluster = register(&first, &fake, "shared").await;
    let (st, node) = kube_node(&first, cluster, "k8s-shared", NS).await;
    assert_eq!(st, StatusCode::CREATED, "{node}");
    // Started with the node already there: it would watch at once, if it
    // did not have to hold the lease for it.
    let second = TestServer::start_with(site.config(), ADMIN_PASSWORD).await;
    let (img, spec) = pod_image_and_spec(&first).await;
    let (st, inst) = second
        .post(
            "/api/v1/instances",
            &second.admin_token,
            json!({"name": "watched", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let pod = inst["container_name"].as_str().unwrap().to_owned();

    // One watch for the node.
    let start = Instant::now();
    while watches(&fake) == 0 {
        assert!(start.elapsed() < Duration::from_secs(15), "nobody watches");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        watches(&fake),
        1,
        "one server watches: {:?}",
        fake.requests()
    );
    let holder = lease_holder_within(&store, "kube-watch", |_| true).await;
    let (watcher, other) = if holder == first.holder {
        (first, second)
    } else {
        (second, first)
    };

    // Ended behind the platform's back: seen through the watch, whichever
    // server is asked.
    fake.edit(|k| {
        let key = ("pods".to_owned(), NS.to_owned(), pod.clone());
        if let Some(p) = k.objects.get_mut(&key) {
            p["status"]["phase"] = json!("Failed");
            p["status"]["containerStatuses"][0]["state"] =
                json!({"terminated": {"exitCode": 1, "reason": "Error"}});
        }
    });
    until_status(&other, &other.admin_token, id, "exited").await;

    // The watching server stops (giving its lease up): the other watches.
    let before = watches(&fake);
    let gone = watcher.holder.clone();
    watcher.stop().await;
    let now_holder = lease_holder_within(&store, "kube-watch", |h| h != gone).await;
    assert_eq!(now_holder, other.holder);
    let start = Instant::now();
    while watches(&fake) == before {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the other never watched"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    store.close().await;
    other.stop().await;
    site.remove().await;
}
