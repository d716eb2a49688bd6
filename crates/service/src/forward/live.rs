//! Rules as answered: each with the forwarder's live state and, for instance
//! targets, the instance's name.

use std::collections::HashMap;

use tianqi_core::forward::{ForwardLive, PortForward};
use tianqi_forward::{RuleStatus, State};

use super::ForwardService;

impl ForwardService {
    pub(super) async fn with_live(&self, mut rules: Vec<PortForward>) -> Vec<PortForward> {
        let statuses = self.inner.engine.statuses().await;
        let mut names: HashMap<i64, Option<String>> = HashMap::new();
        for rule in &mut rules {
            rule.live = live(
                statuses.get(&rule.id),
                rule.enabled,
                self.inner.settings.enabled,
            );
            if let Some(id) = rule.target_instance_id {
                let name = match names.get(&id) {
                    Some(known) => known.clone(),
                    None => {
                        let name = self.inner.ctx.store.instance(id).await.ok().map(|i| i.name);
                        names.insert(id, name.clone());
                        name
                    }
                };
                rule.target_instance_name = name;
            }
        }
        rules
    }
}

fn live(status: Option<&RuleStatus>, enabled: bool, forwarding_on: bool) -> ForwardLive {
    let Some(s) = status else {
        // Not in the forwarder (yet): the first reconcile round after start
        // has not run, or forwarding is off.
        return ForwardLive {
            state: if enabled { "error" } else { "stopped" }.into(),
            error: enabled.then(|| {
                if forwarding_on {
                    "not started yet".to_owned()
                } else {
                    "port forwarding is off (forward.enabled = false)".to_owned()
                }
            }),
            ..ForwardLive::default()
        };
    };
    let (state, error) = match (s.state, enabled, forwarding_on) {
        (State::Stopped, true, false) => (
            State::Error.as_str(),
            Some("port forwarding is off (forward.enabled = false)".to_owned()),
        ),
        (state, _, _) => (state.as_str(), s.error.clone()),
    };
    ForwardLive {
        state: state.into(),
        error,
        last_error: s.last_error.clone(),
        active_connections: s.active,
        total_connections: s.total,
        bytes_in: s.bytes_in,
        bytes_out: s.bytes_out,
        rejected_connections: s.rejected,
        target_address: s.target.map(|t| t.to_string()),
    }
}
