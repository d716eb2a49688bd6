//! Targets that follow an instance: the container's current address, asked of
//! its node, checked against the allow-list like any target.

use std::net::SocketAddr;
use std::sync::Weak;

use tianqi_forward::{Resolve, ResolveFuture};

use super::{ForwardService, Inner};

impl ForwardService {
    /// Where instance `id`'s container answers on `port` now, or why it cannot
    /// be reached (shown as the rule's last error). Bounded by the node timeout.
    pub(super) async fn instance_address(&self, id: i64, port: u16) -> Result<SocketAddr, String> {
        address(&self.inner, id, port).await
    }
}

async fn address(inner: &Inner, id: i64, port: u16) -> Result<SocketAddr, String> {
    let inst = inner
        .ctx
        .store
        .instance(id)
        .await
        .map_err(|_| format!("instance {id} no longer exists"))?;
    if inst.container_id.is_empty() {
        return Err(format!("instance {} has no container", inst.name));
    }
    let (docker, node) = inner
        .catalog
        .docker(inst.node_id)
        .await
        .map_err(|e| format!("instance {}: {e}", inst.name))?;
    let timeout = inner.catalog.settings().timeout;
    let ip = tokio::time::timeout(
        timeout,
        tianqi_docker::network::container_ip(&docker, &inst.container_id),
    )
    .await
    .map_err(|_| {
        format!(
            "node '{}' did not answer within {timeout:?}",
            node.draft.name
        )
    })?
    .map_err(|e| format!("instance {} on node '{}': {e}", inst.name, node.draft.name))?
    .ok_or_else(|| {
        format!(
            "instance {} is not running (its container has no address)",
            inst.name
        )
    })?;
    if !inner
        .settings
        .allowed_targets
        .iter()
        .any(|c| c.contains(ip))
    {
        return Err(format!(
            "instance {} is at {ip}, outside forward.allowed_targets",
            inst.name
        ));
    }
    Ok(SocketAddr::new(ip, port))
}

/// The forwarder's way back to us when connecting to a following target fails.
pub(super) struct Resolver(pub(super) Weak<Inner>);

impl Resolve for Resolver {
    fn resolve(&self, rule_id: i64) -> ResolveFuture {
        let inner = self.0.clone();
        Box::pin(async move {
            let (inner, instance, port) = rule_target(&inner, rule_id).await?;
            address(&inner, instance, port).await
        })
    }
}

/// The service (while it runs) and rule `rule_id`'s instance and port, or
/// why there are none (the rule's last error).
pub(super) async fn rule_target(
    inner: &Weak<Inner>,
    rule_id: i64,
) -> Result<(std::sync::Arc<Inner>, i64, u16), String> {
    let inner = inner.upgrade().ok_or("the server is stopping")?;
    let rule = inner
        .ctx
        .store
        .port_forward(rule_id)
        .await
        .map_err(|e| format!("rule {rule_id}: {e}"))?;
    let instance = rule
        .target_instance_id
        .ok_or_else(|| format!("rule {rule_id} has no instance target"))?;
    Ok((inner, instance, rule.target_port))
}
