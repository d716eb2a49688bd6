//! Who may do what on the clusters: grants (admin-managed) and the one
//! check every cluster call goes through, [`KubeService::authorize`]. The
//! decision itself is `tianqi_core::policy::check_k8s`; this loads the
//! caller's grants for it. A revoked grant ends the live sessions it
//! allowed (pod terminals, followed logs) through the session registry's
//! recheck, which asks the same policy.

use serde::Deserialize;
use tianqi_core::kube::grants::{Grant, GrantInput, GrantLevel, GrantRecord, KubeTarget};
use tianqi_core::policy::{self, Principal};
use tianqi_core::{Error, Result};
use tianqi_store::{GrantFilter, StoreError};

use super::KubeService;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GrantListQuery {
    /// Only this user's grants (admins; a user always sees their own).
    pub user_id: Option<i64>,
    /// Only the grants on this cluster (global grants are not included).
    pub cluster_id: Option<i64>,
}

impl KubeService {
    /// The grants `me` may see: an admin any (filtered), a user their own.
    pub async fn list_grants(&self, me: &Principal, q: GrantListQuery) -> Result<Vec<GrantRecord>> {
        let user_id = match policy::owner_scope(me) {
            Some(own) => Some(own),
            None => q.user_id,
        };
        Ok(self
            .ctx
            .store
            .list_k8s_grants(GrantFilter {
                user_id,
                cluster_id: q.cluster_id,
            })
            .await?)
    }

    /// Grants a user access (admin). 422 naming the field for a user or
    /// cluster that does not exist; 409 when the user already holds a grant
    /// on exactly this scope (delete it to change its level).
    pub async fn create_grant(&self, input: &GrantInput) -> Result<GrantRecord> {
        let g = input.checked()?;
        match self.ctx.store.user(g.user_id).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => {
                return Err(Error::validation(
                    "user_id",
                    format!("user {} does not exist", g.user_id),
                ))
            }
            Err(e) => return Err(e.into()),
        }
        if let (Some(c), _) = g.scope.parts() {
            match self.ctx.store.k8s_cluster(c).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    return Err(Error::validation(
                        "cluster_id",
                        format!("cluster {c} does not exist"),
                    ))
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.ctx
            .store
            .insert_k8s_grant(&g, self.ctx.clock.now())
            .await
            .map_err(|e| match e {
                StoreError::Unique(_) => Error::conflict(
                    "this user already holds a grant on this scope; delete it to change its level",
                ),
                StoreError::InUse(_) => {
                    Error::conflict("the user or the cluster was removed meanwhile")
                }
                other => other.into(),
            })
    }

    /// Revokes a grant (admin): what it allowed ends now — live pod
    /// terminals and followed logs it covered close ("access ended").
    pub async fn delete_grant(&self, id: i64) -> Result<GrantRecord> {
        let g = self.ctx.store.k8s_grant(id).await.map_err(|e| match e {
            StoreError::NotFound => Error::not_found(format!("grant {id} not found")),
            other => other.into(),
        })?;
        if !self.ctx.store.delete_k8s_grant(id).await? {
            return Err(Error::not_found(format!("grant {id} not found")));
        }
        self.sessions.recheck_now().await;
        Ok(g)
    }

    /// The grants the policy decides `me`'s calls with (none are read for
    /// an admin, who needs none).
    pub(crate) async fn grants_of(&self, me: &Principal) -> Result<Vec<Grant>> {
        if me.is_admin() {
            return Ok(Vec::new());
        }
        grants_of_user(&self.ctx.store, me.user_id).await
    }

    /// The one check of every cluster call: may `me` do `level` on `target`?
    /// No grant there answers 404 (the cluster or namespace is not told to
    /// exist), a read grant asked to change 403.
    pub async fn authorize(
        &self,
        me: &Principal,
        target: KubeTarget<'_>,
        level: GrantLevel,
    ) -> Result<()> {
        let grants = self.grants_of(me).await?;
        policy::check_k8s(me, &grants, target, level)
    }
}

/// A user's grants as the policy reads them.
pub(crate) async fn grants_of_user(
    store: &tianqi_store::Store,
    user_id: i64,
) -> Result<Vec<Grant>> {
    let records = store
        .list_k8s_grants(GrantFilter {
            user_id: Some(user_id),
            cluster_id: None,
        })
        .await?;
    Ok(records.iter().filter_map(GrantRecord::grant).collect())
}
