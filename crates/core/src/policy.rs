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
