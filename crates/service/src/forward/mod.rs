//! Port forwarding (端口转发): rules in the store, run by the forwarder this
//! service owns. Every change is applied to the running forwarder before the
//! request is answered (so it is live within the request's time); the
//! reconcile round makes the forwarder match the store after a restart or a
//! change made elsewhere, re-resolves instance targets and binds again the
//! rules whose address was busy.

mod dial;
mod follow;
mod live;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use serde::Deserialize;
use tianqi_core::forward::{
    sources_overlap, ForwardTarget, PortForward, PortForwardDraft, PortForwardFields, Protocol,
    TargetPolicy,
};
use tianqi_core::net::Cidr;
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::Principal;
use tianqi_core::{validate, Error, Result};
use tianqi_forward::{Forwarder, RuleSpec, Target};
use tianqi_store::{PortForwardFilter, StoreError};

use crate::catalog::CatalogService;
use crate::instances::InstanceService;
use crate::Context;

/// The forwarder's settings, resolved from `[forward]` and the server's own
/// listeners by the binary.
#[derive(Debug, Clone)]
pub struct ForwardSettings {
    /// false = rules are kept, nothing listens (`forward.enabled`).
    pub enabled: bool,
    pub engine: tianqi_forward::Settings,
    /// `forward.allowed_targets`.
    pub allowed_targets: Vec<Cidr>,
    /// This server's own listeners, never targets.
    pub protected: Vec<SocketAddr>,
}

impl Default for ForwardSettings {
    fn default() -> Self {
        let config = tianqi_forward::ForwardConfig::default();
        Self {
            enabled: config.enabled,
            engine: config.settings(),
            allowed_targets: config.allowed_target_networks().unwrap_or_default(),
            protected: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PortForwardListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Part of the source address.
    pub source_ip: Option<String>,
    /// `tcp` or `udp`.
    pub protocol: Option<String>,
    pub enabled: Option<bool>,
}

#[derive(Clone)]
pub struct ForwardService {
    inner: Arc<Inner>,
}

struct Inner {
    ctx: Context,
    catalog: CatalogService,
    instances: InstanceService,
    engine: Forwarder,
    settings: ForwardSettings,
    /// Held by every change and by the apply half of a reconcile round, so a
    /// round never applies a snapshot older than a change it overlaps.
    changes: tokio::sync::Mutex<()>,
}

impl ForwardService {
    pub fn new(
        ctx: Context,
        catalog: CatalogService,
        instances: InstanceService,
        settings: ForwardSettings,
    ) -> Self {
        let engine = Forwarder::new(settings.engine.clone());
        let inner = Arc::new(Inner {
            ctx,
            catalog,
            instances,
            engine,
            settings,
            changes: tokio::sync::Mutex::default(),
        });
        inner
            .engine
            .set_resolver(Arc::new(follow::Resolver(Arc::downgrade(&inner))));
        inner
            .engine
            .set_dialer(Arc::new(dial::Dialer(Arc::downgrade(&inner))));
        Self { inner }
    }

    /// The running forwarder (read-only use: statuses for metrics).
    pub fn engine(&self) -> &Forwarder {
        &self.inner.engine
    }

    /// This server's addresses (not loopback): the default source addresses.
    pub fn server_ips(&self) -> Result<Vec<String>> {
        Ok(server_addresses()?.iter().map(IpAddr::to_string).collect())
    }

    fn policy(&self) -> TargetPolicy {
        TargetPolicy {
            allowed: self.inner.settings.allowed_targets.clone(),
            protected: self.inner.settings.protected.clone(),
            local_ips: server_addresses().unwrap_or_default(),
        }
    }

    pub async fn get(&self, id: i64) -> Result<PortForward> {
        let rule = self.row(id).await?;
        Ok(self.with_live(vec![rule]).await.remove(0))
    }

    async fn row(&self, id: i64) -> Result<PortForward> {
        self.inner
            .ctx
            .store
            .port_forward(id)
            .await
            .map_err(|e| crate::catalog::missing_by_id(e, "port forward", id))
    }

    pub async fn list(&self, q: PortForwardListQuery) -> Result<Page<PortForward>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(s) = &q.source_ip {
            validate::text("source_ip", s, 64)?;
        }
        let filter = PortForwardFilter {
            source_ip_contains: q.source_ip.filter(|s| !s.trim().is_empty()),
            protocol: q
                .protocol
                .filter(|p| !p.is_empty())
                .map(|p| Protocol::parse("protocol", &p))
                .transpose()?,
            enabled: q.enabled,
        };
        let (items, total) = self
            .inner
            .ctx
            .store
            .list_port_forwards(&filter, page)
            .await?;
        Ok(Page::new(self.with_live(items).await, total, page))
    }

    pub async fn create(&self, me: &Principal, f: PortForwardFields) -> Result<PortForward> {
        let default_source = server_addresses().ok().and_then(|a| a.first().copied());
        let draft = PortForwardDraft::new(f, default_source)?;
        let _changing = self.inner.changes.lock().await;
        self.check(me, &draft, None).await?;
        let rule = self
            .inner
            .ctx
            .store
            .insert_port_forward(&draft, Some(me.user_id), self.inner.ctx.clock.now())
            .await
            .map_err(|e| taken(e, &draft))?;
        self.run(&rule).await;
        self.get(rule.id).await
    }

    pub async fn update(
        &self,
        me: &Principal,
        id: i64,
        f: PortForwardFields,
    ) -> Result<PortForward> {
        let _changing = self.inner.changes.lock().await;
        let current = self.row(id).await?;
        let draft = PortForwardDraft::from_rule(&current)?.apply(f)?;
        self.check(me, &draft, Some(id)).await?;
        let rule = self
            .inner
            .ctx
            .store
            .update_port_forward(id, &draft, self.inner.ctx.clock.now())
            .await
            .map_err(|e| taken(e, &draft))?;
        self.run(&rule).await;
        self.get(id).await
    }

    pub async fn set_enabled(&self, id: i64, enabled: bool) -> Result<PortForward> {
        let _changing = self.inner.changes.lock().await;
        self.row(id).await?;
        let rule = self
            .inner
            .ctx
            .store
            .set_port_forward_enabled(id, enabled, self.inner.ctx.clock.now())
            .await?;
        self.run(&rule).await;
        self.get(id).await
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        self.delete_many(&[id]).await
    }

    /// Deletes every listed rule, or none when one of them does not exist.
    pub async fn delete_many(&self, ids: &[i64]) -> Result<()> {
        if ids.is_empty() {
            return Err(Error::validation("ids", "ids must list at least one rule"));
        }
        let _changing = self.inner.changes.lock().await;
        let mut missing = Vec::new();
        for id in ids {
            if self.row(*id).await.is_err() {
                missing.push(id.to_string());
            }
        }
        if !missing.is_empty() {
            return Err(Error::not_found(format!(
                "port forward {} not found; nothing was deleted",
                missing.join(", ")
            )));
        }
        self.inner.ctx.store.delete_port_forwards(ids).await?;
        for id in ids {
            self.inner.engine.remove(*id).await;
        }
        Ok(())
    }

    /// The target (safe, allowed, an instance the caller may see) and the
    /// source (no other rule on an overlapping address).
    async fn check(&self, me: &Principal, d: &PortForwardDraft, id: Option<i64>) -> Result<()> {
        match d.target {
            ForwardTarget::Ip(ip) => {
                self.policy()
                    .check("target_ip", SocketAddr::new(ip, d.target_port), d.source())?;
            }
            ForwardTarget::Instance(instance) => {
                let inst = self
                    .inner
                    .instances
                    .get(me, instance)
                    .await
                    .map_err(|e| match e {
                        Error::NotFound(_) => Error::validation(
                            "target_instance_id",
                            format!("instance {instance} not found"),
                        ),
                        other => other,
                    })?;
                if d.protocol == Protocol::Udp && self.on_kube_node(instance).await {
                    return Err(Error::validation(
                        "protocol",
                        format!(
                            "instance {} runs on a Kubernetes node: its rules carry TCP \
                             (the cluster's portforward), not UDP",
                            inst.name
                        ),
                    ));
                }
            }
        }
        let others = self
            .inner
            .ctx
            .store
            .port_forwards_on_port(d.source_port, d.protocol)
            .await?;
        for other in others.iter().filter(|o| Some(o.id) != id) {
            let Ok(addr) = other.source_ip.parse::<IpAddr>() else {
                continue;
            };
            let theirs = SocketAddr::new(addr, other.source_port);
            if sources_overlap((d.protocol, d.source()), (other.protocol, theirs)) {
                return Err(Error::conflict(format!(
                    "{}/{} overlaps rule {} on {theirs}/{}",
                    d.source(),
                    d.protocol.as_str(),
                    other.id,
                    other.protocol.as_str()
                )));
            }
        }
        Ok(())
    }

    /// Makes the forwarder run `rule` as stored (an instance target resolved
    /// first, so the rule works as soon as this returns).
    async fn run(&self, rule: &PortForward) {
        let dialed = self.dialed(rule).await;
        let Some(spec) = self.spec(rule, dialed) else {
            return;
        };
        if dialed {
            self.inner.engine.apply(spec).await;
        } else if let (Some(instance), true) = (rule.target_instance_id, rule.enabled) {
            let addr = self.instance_address(instance, rule.target_port).await;
            self.inner.engine.apply(spec).await;
            self.inner.engine.set_target(rule.id, addr).await;
        } else {
            self.inner.engine.apply(spec).await;
        }
    }

    /// Whether `rule`'s connections are dialed (its instance is on a
    /// Kubernetes node) rather than made to an address.
    async fn dialed(&self, rule: &PortForward) -> bool {
        match rule.target_instance_id {
            Some(instance) => self.on_kube_node(instance).await,
            None => false,
        }
    }

    fn spec(&self, rule: &PortForward, dialed: bool) -> Option<RuleSpec> {
        let listen = SocketAddr::new(rule.source_ip.parse().ok()?, rule.source_port);
        let target = match rule.target_instance_id {
            Some(_) if dialed => Target::Dial,
            Some(_) => Target::Follow,
            None => Target::Addr(SocketAddr::new(
                rule.target_ip.parse().ok()?,
                rule.target_port,
            )),
        };
        Some(RuleSpec {
            id: rule.id,
            protocol: match rule.protocol {
                Protocol::Tcp => tianqi_forward::Protocol::Tcp,
                Protocol::Udp => tianqi_forward::Protocol::Udp,
            },
            listen,
            target,
            enabled: rule.enabled && self.inner.settings.enabled,
        })
    }

    /// The reconcile loop's round: the forwarder made to match the store,
    /// instance targets resolved again (outside the change lock: a slow
    /// node delays no request), busy addresses tried again.
    pub async fn reconcile_round(&self) -> Result<()> {
        let rules = self.inner.ctx.store.all_port_forwards().await?;
        let mut dialed = std::collections::HashSet::new();
        for rule in &rules {
            if self.dialed(rule).await {
                dialed.insert(rule.id);
            }
        }
        let wanted: Vec<(i64, i64, u16)> = rules
            .iter()
            .filter(|r| r.enabled && !dialed.contains(&r.id))
            .filter_map(|r| r.target_instance_id.map(|i| (r.id, i, r.target_port)))
            .collect();
        let resolved = futures::future::join_all(
            wanted
                .iter()
                .map(|(_, instance, port)| self.instance_address(*instance, *port)),
        )
        .await;

        let seen: std::collections::HashSet<i64> = rules.iter().map(|r| r.id).collect();
        let _changing = self.inner.changes.lock().await;
        let rules = self.inner.ctx.store.all_port_forwards().await?;
        for rule in rules.iter().filter(|r| !seen.contains(&r.id)) {
            if self.dialed(rule).await {
                dialed.insert(rule.id);
            }
        }
        for rule in &rules {
            if let Some(spec) = self.spec(rule, dialed.contains(&rule.id)) {
                self.inner.engine.apply(spec).await;
            }
        }
        for ((id, instance, port), addr) in wanted.iter().zip(resolved) {
            let still = rules.iter().any(|r| {
                r.id == *id && r.target_instance_id == Some(*instance) && r.target_port == *port
            });
            if still {
                self.inner.engine.set_target(*id, addr).await;
            }
        }
        for id in self.inner.engine.rule_ids().await {
            if !rules.iter().any(|r| r.id == id) {
                self.inner.engine.remove(id).await;
            }
        }
        Ok(())
    }

    /// Stops every rule and closes every connection.
    pub async fn shutdown(&self) {
        self.inner.engine.shutdown().await;
    }
}

fn server_addresses() -> Result<Vec<IpAddr>> {
    tianqi_forward::server_addresses()
        .map_err(|e| Error::internal(format!("cannot list this server's addresses: {e}")))
}

/// The exact duplicate a concurrent create slipped past the overlap check.
fn taken(e: StoreError, d: &PortForwardDraft) -> Error {
    match e {
        StoreError::Unique(_) => Error::conflict(format!(
            "{}/{} is already used by another rule",
            d.source(),
            d.protocol.as_str()
        )),
        other => other.into(),
    }
}
