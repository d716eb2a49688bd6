//! The access policy: one place that answers "may this principal act on this
//! resource". REST handlers, the WebSocket endpoints and the SSH jump host all call
//! these functions, so ownership is enforced the same way on every transport.

use crate::users::Role;
use crate::{Error, Result};

/// Who is making a request, as established by authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    /// The token the request came with, so logout can revoke exactly it.
    pub token_id: i64,
    /// Until the user chooses a new password, only that, reading their own
    /// account and signing out are allowed (the server enforces it).
    pub must_change_password: bool,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Who may call a route. Every route declares one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No authentication (login, health, docs).
    Public,
    /// Any signed-in, enabled user.
    User,
    /// Admins only.
    Admin,
}

/// May `principal` call a route that requires `access`?
pub fn check_access(principal: Option<&Principal>, access: Access) -> Result<()> {
    match (access, principal) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(Error::unauthorized("authentication required")),
        (Access::User, Some(_)) => Ok(()),
        (Access::Admin, Some(p)) if p.is_admin() => Ok(()),
        (Access::Admin, Some(_)) => Err(Error::forbidden("this action requires the admin role")),
    }
}

/// May `principal` act on a resource owned by `owner_id`? Owners and admins may.
///
/// A user asking about somebody else's resource gets `NotFound`, not `Forbidden`:
/// telling them it exists would leak other users' resource ids.
pub fn check_owner(principal: &Principal, owner_id: i64, what: &str) -> Result<()> {
    if principal.is_admin() || principal.user_id == owner_id {
        Ok(())
    } else {
        Err(Error::not_found(format!("{what} not found")))
    }
}

/// May `principal` act on a private resource of `owner_id` (an assistant
/// conversation)? Only its owner: admins manage the service, they do not
/// read other people's chats. Others get `NotFound`, as with [`check_owner`].
pub fn check_private(principal: &Principal, owner_id: i64, what: &str) -> Result<()> {
    if principal.user_id == owner_id {
        Ok(())
    } else {
        Err(Error::not_found(format!("{what} not found")))
    }
}

/// The owner filter a list query should apply: `None` (everything) for admins,
/// the caller's own id otherwise.
pub fn owner_scope(principal: &Principal) -> Option<i64> {
    if principal.is_admin() {
        None
    } else {
        Some(principal.user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, role: Role) -> Principal {
        Principal {
            must_change_password: false,
            user_id: id,
            username: format!("u{id}"),
            role,
            token_id: 1,
        }
    }

    #[test]
    fn access_matrix() {
        let admin = p(1, Role::Admin);
        let user = p(2, Role::User);
        assert!(check_access(None, Access::Public).is_ok());
        assert!(matches!(
            check_access(None, Access::User),
            Err(Error::Unauthorized(_))
        ));
        assert!(matches!(
            check_access(None, Access::Admin),
            Err(Error::Unauthorized(_))
        ));
        assert!(check_access(Some(&user), Access::User).is_ok());
        assert!(matches!(
            check_access(Some(&user), Access::Admin),
            Err(Error::Forbidden(_))
        ));
        assert!(check_access(Some(&admin), Access::Admin).is_ok());
    }

    #[test]
    fn ownership() {
        let admin = p(1, Role::Admin);
        let alice = p(2, Role::User);
        let bob = p(3, Role::User);
        assert!(check_owner(&alice, 2, "instance").is_ok());
        assert!(check_owner(&admin, 2, "instance").is_ok());
        assert!(matches!(
            check_owner(&bob, 2, "instance"),
            Err(Error::NotFound(_))
        ));
        assert_eq!(owner_scope(&admin), None);
        assert_eq!(owner_scope(&bob), Some(3));
    }
}

/// May `principal`, holding `grants` (theirs), do `level` on `target` of a
/// Kubernetes cluster? Admins may do anything. A cluster or namespace the
/// user holds no grant on answers `NotFound` (as for somebody else's
/// instance: its existence is not told); a read grant asked to write
/// answers `Forbidden`, naming what is missing.
pub fn check_k8s(
    principal: &Principal,
    grants: &[crate::kube::grants::Grant],
    target: crate::kube::grants::KubeTarget<'_>,
    level: crate::kube::grants::GrantLevel,
) -> Result<()> {
    use crate::kube::grants::KubeTarget;
    if principal.is_admin() {
        return Ok(());
    }
    let mine = grants.iter().filter(|g| g.user_id == principal.user_id);
    let best = mine.filter(|g| g.covers(target)).map(|g| g.level).max();
    match (best, target) {
        (Some(have), _) if have >= level => Ok(()),
        (Some(_), _) => Err(Error::forbidden(
            "your Kubernetes grant here is read-only; changes need a write grant",
        )),
        (None, KubeTarget::Cluster(c)) if k8s_cluster_visible(principal, grants, c) => Err(
            Error::forbidden("this needs a grant on the whole cluster, not one namespace"),
        ),
        (None, KubeTarget::Cluster(c)) => Err(Error::not_found(format!("cluster {c} not found"))),
        (None, KubeTarget::Namespace(_, ns)) => {
            Err(Error::not_found(format!("namespace {ns} not found")))
        }
    }
}

/// Does `principal` see cluster `id` (in the list, and its namespaces
/// they hold a grant on)?
pub fn k8s_cluster_visible(
    principal: &Principal,
    grants: &[crate::kube::grants::Grant],
    id: i64,
) -> bool {
    principal.is_admin()
        || grants
            .iter()
            .any(|g| g.user_id == principal.user_id && g.touches(id))
}

/// The namespaces of cluster `id` that `principal` sees, out of `all` (what
/// the cluster listed): every one with a global or cluster grant, else those
/// granted one by one.
pub fn k8s_namespaces_visible(
    principal: &Principal,
    grants: &[crate::kube::grants::Grant],
    id: i64,
    all: Vec<String>,
) -> Vec<String> {
    use crate::kube::grants::KubeTarget;
    all.into_iter()
        .filter(|ns| {
            principal.is_admin()
                || grants.iter().any(|g| {
                    g.user_id == principal.user_id && g.covers(KubeTarget::Namespace(id, ns))
                })
        })
        .collect()
}

#[cfg(test)]
mod k8s_tests {
    use super::*;
    use crate::kube::grants::{Grant, GrantLevel, GrantScope, KubeTarget};

    fn user(id: i64, role: Role) -> Principal {
        Principal {
            user_id: id,
            username: format!("u{id}"),
            role,
            token_id: 1,
            must_change_password: false,
        }
    }

    fn g(user_id: i64, scope: GrantScope, level: GrantLevel) -> Grant {
        Grant {
            user_id,
            scope,
            level,
        }
    }

    /// Users × scopes × operations: every cell of the matrix.
    #[test]
    fn the_grant_matrix() {
        use GrantLevel::{Read, Write};
        let ns = |c, n: &str| GrantScope::Namespace(c, n.into());
        let grants = vec![
            g(2, GrantScope::Global, Read),
            g(3, GrantScope::Cluster(1), Write),
            g(4, ns(1, "team-a"), Write),
            g(5, ns(1, "team-a"), Read),
            g(5, ns(2, "team-a"), Write),
        ];
        let admin = user(1, Role::Admin);
        let (global_r, c1_w, ns_w, ns_r, nobody) = (
            user(2, Role::User),
            user(3, Role::User),
            user(4, Role::User),
            user(5, Role::User),
            user(6, Role::User),
        );
        let targets = [
            KubeTarget::Cluster(1),
            KubeTarget::Namespace(1, "team-a"),
            KubeTarget::Namespace(1, "team-b"),
            KubeTarget::Namespace(2, "team-a"),
            KubeTarget::Cluster(2),
        ];
        // Expected outcome per (who, level) over the targets: 'y' allowed,
        // 'f' forbidden, 'n' not found.
        let table: [(&Principal, GrantLevel, &str); 12] = [
            (&admin, Read, "yyyyy"),
            (&admin, Write, "yyyyy"),
            (&global_r, Read, "yyyyy"),
            (&global_r, Write, "fffff"),
            (&c1_w, Read, "yyynn"),
            (&c1_w, Write, "yyynn"),
            (&ns_w, Read, "fynnn"),
            (&ns_w, Write, "fynnn"),
            (&ns_r, Read, "fynyf"),
            (&ns_r, Write, "ffnyf"),
            (&nobody, Read, "nnnnn"),
            (&nobody, Write, "nnnnn"),
        ];
        for (who, level, want) in table {
            for (t, w) in targets.iter().zip(want.chars()) {
                let got = match check_k8s(who, &grants, *t, level) {
                    Ok(()) => 'y',
                    Err(Error::Forbidden(_)) => 'f',
                    Err(Error::NotFound(_)) => 'n',
                    Err(e) => panic!("{e:?}"),
                };
                assert_eq!(got, w, "user {} {level:?} on {t:?}", who.user_id);
            }
        }
    }

    #[test]
    fn what_a_user_sees() {
        let grants = vec![
            g(
                4,
                GrantScope::Namespace(1, "team-a".into()),
                GrantLevel::Read,
            ),
            g(3, GrantScope::Cluster(2), GrantLevel::Read),
        ];
        let all = || {
            vec![
                "default".to_owned(),
                "team-a".to_owned(),
                "team-b".to_owned(),
            ]
        };
        let (ns_user, c_user, admin) = (
            user(4, Role::User),
            user(3, Role::User),
            user(1, Role::Admin),
        );
        assert!(k8s_cluster_visible(&ns_user, &grants, 1));
        assert!(!k8s_cluster_visible(&ns_user, &grants, 2));
        assert!(!k8s_cluster_visible(&c_user, &grants, 1));
        assert!(k8s_cluster_visible(&admin, &grants, 99));
        assert_eq!(
            k8s_namespaces_visible(&ns_user, &grants, 1, all()),
            ["team-a"]
        );
        assert!(k8s_namespaces_visible(&ns_user, &grants, 2, all()).is_empty());
        assert_eq!(k8s_namespaces_visible(&c_user, &grants, 2, all()).len(), 3);
        assert_eq!(k8s_namespaces_visible(&admin, &grants, 1, all()).len(), 3);
        // Somebody else's grant gives nothing.
        let other = user(9, Role::User);
        assert!(!k8s_cluster_visible(&other, &grants, 1));
    }
}
