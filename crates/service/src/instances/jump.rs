//! What the SSH jump host asks of instances: the menu of running instances a
//! principal may enter, and the instance a `user+NAME` login names. Both go
//! through the same owner scope as the REST list (`owner_scope`), so a user
//! sees and reaches only their own instances, an admin everyone's.

use std::collections::HashMap;

use tianqi_core::instance::{Instance, InstanceStatus};
use tianqi_core::jumpbox::{resolve_target, MenuEntry};
use tianqi_core::page::{PageQuery, MAX_PAGE_SIZE};
use tianqi_core::policy::{owner_scope, Principal};
use tianqi_core::{Error, Result};
use tianqi_store::InstanceFilter;

use super::InstanceService;

impl InstanceService {
    /// Every running instance `me` may enter, oldest first.
    async fn running_for(&self, me: &Principal) -> Result<Vec<Instance>> {
        let filter = InstanceFilter {
            owner_id: owner_scope(me),
            node_id: None,
            status: Some(InstanceStatus::Running),
            name_contains: None,
        };
        let mut all = Vec::new();
        for page in 1.. {
            let req = PageQuery {
                page: Some(page),
                page_size: Some(MAX_PAGE_SIZE),
            }
            .validate()?;
            let (items, total) = self.ctx.store.list_instances(&filter, req).await?;
            let done = items.is_empty();
            all.extend(items);
            if done || i64::try_from(all.len()).unwrap_or(i64::MAX) >= total {
                break;
            }
        }
        Ok(all)
    }

    /// The jump host's menu for `me`: running instances with their node's
    /// name, and the owner's name for admins.
    pub async fn jump_menu(&self, me: &Principal) -> Result<Vec<MenuEntry>> {
        let running = self.running_for(me).await?;
        let nodes: HashMap<i64, String> = self
            .ctx
            .store
            .all_nodes()
            .await?
            .into_iter()
            .map(|n| (n.id, n.draft.name))
            .collect();
        let mut owners: HashMap<i64, String> = HashMap::new();
        let mut entries = Vec::with_capacity(running.len());
        for i in running {
            let owner = if me.is_admin() {
                if let std::collections::hash_map::Entry::Vacant(v) = owners.entry(i.owner_id) {
                    let name = self
                        .ctx
                        .store
                        .user(i.owner_id)
                        .await
                        .map(|u| u.username)
                        .unwrap_or_else(|_| format!("#{}", i.owner_id));
                    v.insert(name);
                }
                owners.get(&i.owner_id).cloned()
            } else {
                None
            };
            entries.push(MenuEntry {
                instance_id: i.id,
                node: nodes
                    .get(&i.node_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", i.node_id)),
                name: i.name,
                container_id: i.container_id,
                owner,
            });
        }
        Ok(entries)
    }

    /// The running instance `target` (a name, else an id) means for `me`.
    /// Another user's instance is "not found", exactly like one that does
    /// not exist.
    pub async fn jump_target(&self, me: &Principal, target: &str) -> Result<i64> {
        let running = self.running_for(me).await?;
        let candidates: Vec<(i64, String)> = running.into_iter().map(|i| (i.id, i.name)).collect();
        match resolve_target(target, &candidates) {
            Ok(Some(id)) => Ok(id),
            Ok(None) => Err(Error::not_found(format!(
                "no running instance named '{target}' (or with that id) that you may use"
            ))),
            Err(ids) => Err(Error::conflict(format!(
                "several running instances are named '{target}'; use an id instead: {}",
                ids.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}
