//! The fake Kubernetes API server as a program, for the console's
//! end-to-end run (web/e2e): serves `FakeCluster::sample()` on loopback and
//! prints one JSON line `{"url", "kubeconfig"}`; then appends a log line to
//! pod `team-a/web-1` every second (so a followed log has something new) until
//! its stdin closes or it is killed. No real API server can run where this
//! project is built.

use std::io::BufRead;

use tianqi_kube::fake::{FakeApiServer, FakeCluster};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let fake = FakeApiServer::start(FakeCluster::sample()).await?;
    let hello = serde_json::json!({"url": fake.url(), "kubeconfig": fake.kubeconfig()});
    println!("{hello}");
    let (closed_tx, mut closed) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            if line.is_err() {
                break;
            }
        }
        let _ = closed_tx.send(());
    });
    let mut n = 0u64;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = &mut closed => break,
            _ = tick.tick() => {
                n += 1;
                fake.append_log("team-a", "web-1", &format!("tick {n}"));
            }
        }
    }
    fake.stop().await;
    Ok(())
}
