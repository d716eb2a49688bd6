//! Rules to instances on Kubernetes nodes: each connection is the cluster's
//! portforward to the Pod's port (a Pod's address is the cluster's own, not
//! one this server can route to), so such rules carry TCP only.

use std::sync::Weak;

use tianqi_forward::{Dial, DialFuture, Dialed};

use super::{ForwardService, Inner};

impl ForwardService {
    /// Whether instance `id` runs on a Kubernetes node (its rules are dialed).
    pub(super) async fn on_kube_node(&self, id: i64) -> bool {
        let store = &self.inner.ctx.store;
        match store.instance(id).await {
            Ok(inst) => store
                .node(inst.node_id)
                .await
                .is_ok_and(|n| n.draft.kube.is_some()),
            Err(_) => false,
        }
    }
}

/// The forwarder's way to open a connection of a dialed rule.
pub(super) struct Dialer(pub(super) Weak<Inner>);

impl Dial for Dialer {
    fn dial(&self, rule_id: i64) -> DialFuture {
        let inner = self.0.clone();
        Box::pin(async move {
            let (inner, instance, port) = super::follow::rule_target(&inner, rule_id).await?;
            let mut port = inner
                .instances
                .rule_pod_port(instance, port)
                .await
                .map_err(|e| e.to_string())?;
            // The halves go to the forwarder; the rest (the cluster's
            // forward) lives as long as the connection.
            let read = std::mem::replace(&mut port.output, Box::pin(tokio::io::empty()));
            let write = std::mem::replace(&mut port.input, Box::pin(tokio::io::sink()));
            Ok(Dialed {
                read,
                write,
                guard: Box::new(port),
            })
        })
    }
}
