//! Input rules, each returning an error that names the field.

use crate::{Error, Result};

pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 256;
pub const DISPLAY_NAME_MAX: usize = 64;
pub const EMAIL_MAX: usize = 254;
pub const TOKEN_NAME_MAX: usize = 64;

/// Usernames double as SSH login names (`ssh -p 2026 alice@host`) and appear in
/// container labels, so they are restricted to a portable ASCII set: a letter or
/// digit first, then letters, digits, `_`, `.` or `-`, at most 32 characters.
pub fn username(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    if value.chars().count() > USERNAME_MAX {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {USERNAME_MAX} characters"),
        ));
    }
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !first_ok || !rest_ok {
        return Err(Error::validation(
            field,
            format!(
                "{field} may contain only ASCII letters, digits, '_', '.' and '-', and must start with a letter or digit"
            ),
        ));
    }
    Ok(())
}

/// Passwords: 8 to 256 characters, not only whitespace. No composition rules
/// (they push people to predictable patterns); length is what matters.
pub fn password(field: &str, value: &str) -> Result<()> {
    let n = value.chars().count();
    if n == 0 || value.trim().is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    if n < PASSWORD_MIN {
        return Err(Error::validation(
            field,
            format!("{field} must be at least {PASSWORD_MIN} characters"),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {PASSWORD_MAX} characters"),
        ));
    }
    Ok(())
}

/// Free text with a length bound and no control characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::validation(
            field,
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(())
}

/// A loose e-mail check: empty is allowed (the field is optional); otherwise one
/// `@` with something on both sides. Deliverability is not our business.
pub fn email(field: &str, value: &str) -> Result<()> {
    text(field, value, EMAIL_MAX)?;
    if value.is_empty() {
        return Ok(());
    }
    match value.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !value.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(Error::validation(
            field,
            format!("{field} must look like name@example.org"),
        )),
    }
}

/// A required, non-blank name with a length bound.
pub fn name(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    text(field, value, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn field_of(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn usernames() {
        for ok in ["alice", "a", "Bob_1", "x.y-z", "0abc", &"a".repeat(32)] {
            assert!(username("username", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "_a",
            "a b",
            "张三",
            "a/b",
            "a@b",
            &"a".repeat(33),
            "é",
        ] {
            let e = username("username", bad).err();
            assert_eq!(e.map(field_of).as_deref(), Some("username"), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(password("password", "12345678").is_ok());
        assert!(password("password", "密码密码密码密码").is_ok());
        for bad in ["", "        ", "short", &"x".repeat(257)] {
            assert!(password("password", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn emails() {
        assert!(email("email", "").is_ok());
        assert!(email("email", "a@b.c").is_ok());
        for bad in ["a", "@b", "a@", "a b@c", "a@b\n"] {
            assert!(email("email", bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn username_never_panics_and_accepts_only_ascii(s in "\\PC{0,40}") {
            if username("u", &s).is_ok() {
                prop_assert!(s.is_ascii());
                prop_assert!(!s.is_empty() && s.len() <= USERNAME_MAX);
            }
        }
    }
}
