//! The CSV round trip: export, import all-or-nothing with a per-row report,
//! or skipping bad rows.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{export, full_asset, import};
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

async fn csv_round_trip(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let (st, first) = s.post("/api/v1/assets", a, full_asset()).await;
    assert_eq!(st, StatusCode::CREATED, "{first}");
    let (st, _) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "cpu-01", "service_tag": "CPU0001", "remark": "a, \"quoted\" remark"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, before) = s.get("/api/v1/assets", a).await;
    let text = export(&s, "").await;
    assert!(
        text.starts_with("hostname,service_tag,asset_number,"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        1 + 2 + 1,
        "disks span two lines: {text}"
    );
    let only = export(&s, "?hostname=cpu").await;
    assert!(
        only.contains("CPU0001") && !only.contains("7XK2M93"),
        "{only}"
    );

    // The file back into an empty inventory gives the same assets.
    let (st, r) = s
        .post(
            "/api/v1/assets/batch-delete",
            a,
            json!({"ids": before["items"].as_array().unwrap().iter().map(|i| i["id"].clone()).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    let (st, r) = import(&s, &text, false).await;
    assert_eq!(
        (st, &r),
        (StatusCode::OK, &json!({"imported": 2, "skipped": []}))
    );
    let (_, after) = s.get("/api/v1/assets", a).await;
    let strip = |v: &Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                for k in ["id", "created_at", "updated_at"] {
                    i.as_object_mut().unwrap().remove(k);
                }
                i
            })
            .collect()
    };
    assert_eq!(strip(&after), strip(&before));

    // Importing the same file again: every row's tag is taken; nothing goes in.
    let (st, r) = import(&s, &text, false).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["rows"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(r["rows"][0]["field"], "service_tag");

    // A wrong header names the column.
    let r = import(&s, "hostname,service_tag,colour\nh,T,red\n", false).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("csv"),
    );
    assert!(
        r.1["error"]["message"].as_str().unwrap().contains("colour"),
        "{}",
        r.1
    );

    // Bad rows: all reported with line and field, nothing imported ...
    let file = "hostname,service_tag,mac_address,u_position,warranty_end,purchase_date\n\
                new-1,NEW0001,,U1-U2,,\n\
                new-2,NEW0002,00:11:22,,,\n\
                new-3,NEW0003,,U9-U5,,\n\
                new-4,NEW0004,,,2024-01-01,2025-01-01\n\
                new-5,new0001,,,,\n";
    let (st, r) = import(&s, file, false).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["error"]["field"], "mac_address");
    let report: Vec<(i64, String)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        report,
        vec![
            (3, "mac_address".into()),
            (4, "u_position".into()),
            (5, "warranty_end".into()),
            (6, "service_tag".into())
        ]
    );
    let (_, list) = s.get("/api/v1/assets", a).await;
    assert_eq!(list["total"], 2, "nothing imported: {list}");
    // ... unless asked to skip them.
    let (st, r) = import(&s, file, true).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["imported"], 1);
    assert_eq!(r["skipped"].as_array().unwrap().len(), 4);
    let (_, list) = s.get("/api/v1/assets?service_tag=NEW", a).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["u_position"], "U1-U2");
    s.stop().await;
}
on_both!(csv_round_trip);
