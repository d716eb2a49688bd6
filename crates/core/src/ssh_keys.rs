//! Users' SSH public keys for the jump host: the OpenSSH one-line format
//! (`ssh-ed25519 AAAA… comment`) checked and normalised, and its fingerprint
//! as `ssh-keygen -l` shows it (`SHA256:` + unpadded base64 of the SHA-256 of
//! the key blob).

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Key types the jump host verifies.
pub const ALGORITHMS: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// The longest line accepted (an RSA 16384-bit key is about 2.8 KB).
pub const LINE_MAX: usize = 8192;

/// A registered key as the API shows it (never needed secret: it is public).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SshKey {
    pub id: i64,
    pub name: String,
    /// `ssh-ed25519`, `ssh-rsa`, …
    pub algorithm: String,
    /// `SHA256:…`, as `ssh-keygen -l -f key.pub` prints it.
    pub fingerprint: String,
    /// The key as registered, normalised to `type base64 comment`.
    pub public_key: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A checked public key line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedKey {
    pub algorithm: String,
    pub blob: Vec<u8>,
    pub comment: String,
    pub fingerprint: String,
}

impl ParsedKey {
    /// `type base64[ comment]`.
    pub fn line(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.blob);
        if self.comment.is_empty() {
            format!("{} {b64}", self.algorithm)
        } else {
            format!("{} {b64} {}", self.algorithm, self.comment)
        }
    }
}

/// `SHA256:…` of a key blob.
pub fn fingerprint(blob: &[u8]) -> String {
    let digest = Sha256::digest(blob);
    format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
    )
}

/// Parses one OpenSSH public key line; errors name the problem, on the field
/// `public_key`.
pub fn parse_public_key(text: &str) -> Result<ParsedKey> {
    let bad = |m: &str| Error::validation("public_key", m.to_owned());
    let line = text.trim();
    if line.is_empty() {
        return Err(bad(
            "public_key is empty: paste one line such as the contents of ~/.ssh/id_ed25519.pub",
        ));
    }
    if line.len() > LINE_MAX {
        return Err(bad(&format!(
            "public_key is longer than {LINE_MAX} characters"
        )));
    }
    if line.contains('\n') || line.contains('\r') {
        return Err(bad("public_key must be a single line (one key)"));
    }
    if line.contains("PRIVATE KEY") {
        return Err(bad(
            "this is a private key: paste the .pub file instead, and keep the private key secret",
        ));
    }
    let mut parts = line.split_whitespace();
    let algorithm = parts.next().unwrap_or_default();
    let Some(b64) = parts.next() else {
        return Err(bad(
            "public_key must be 'type base64 [comment]', e.g. 'ssh-ed25519 AAAAC3… you@host'",
        ));
    };
    let comment: Vec<&str> = parts.collect();
    if !ALGORITHMS.contains(&algorithm) {
        return Err(bad(&format!(
            "unsupported key type '{algorithm}'; use one of: {}",
            ALGORITHMS.join(", ")
        )));
    }
    let blob = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| bad("the key data (second word) is not valid base64"))?;
    // The blob starts with its own type as an SSH string: it must agree.
    let declared = blob
        .get(..4)
        .and_then(|l| <[u8; 4]>::try_from(l).ok())
        .map(|l| u32::from_be_bytes(l) as usize)
        .and_then(|n| blob.get(4..4 + n))
        .map(|t| String::from_utf8_lossy(t).into_owned());
    match declared {
        Some(t) if t == algorithm => {}
        Some(t) => {
            return Err(bad(&format!(
                "the key data is a '{t}' key but the line says '{algorithm}'"
            )))
        }
        None => return Err(bad("the key data is truncated or not an SSH public key")),
    }
    if blob.len() < 4 + algorithm.len() + 16 {
        return Err(bad("the key data is truncated or not an SSH public key"));
    }
    Ok(ParsedKey {
        algorithm: algorithm.to_owned(),
        fingerprint: fingerprint(&blob),
        blob,
        comment: comment.join(" "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A real key (ssh-keygen -t ed25519), its fingerprint as ssh-keygen -l prints it.
    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBloZaAisMu8t37uV1J8GdVq9GFzdwGYgS++ybSeOgvk test@box";
    const FP: &str = "SHA256:hA1xizjC+Mg3oSwlcOpaTLuuY1oEezkFXyuUpa6x9ro";

    #[test]
    fn parses_and_normalises() {
        let k = parse_public_key(&format!("  {KEY}\n")).unwrap();
        assert_eq!(k.algorithm, "ssh-ed25519");
        assert_eq!(k.comment, "test@box");
        assert_eq!(k.line(), KEY);
        assert_eq!(k.fingerprint, FP);
    }

    #[test]
    fn names_the_problem() {
        let msg = |t: &str| parse_public_key(t).unwrap_err().to_string();
        assert!(msg("").contains("empty"));
        assert!(msg("ssh-dss AAAA").contains("unsupported key type 'ssh-dss'"));
        assert!(msg("ssh-ed25519").contains("type base64"));
        assert!(msg("ssh-ed25519 !!!").contains("not valid base64"));
        assert!(msg(
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIBloZaAisMu8t37uV1J8GdVq9GFzdwGYgS++ybSeOgvk"
        )
        .contains("is a 'ssh-ed25519' key"));
        assert!(msg("ssh-ed25519 AAAA").contains("truncated"));
        assert!(msg("-----BEGIN OPENSSH PRIVATE KEY-----").contains("private key"));
        assert!(msg(&format!("{KEY}\n{KEY}")).contains("single line"));
        match parse_public_key("x") {
            Err(Error::Validation { field, .. }) => assert_eq!(field, "public_key"),
            other => panic!("{other:?}"),
        }
    }
}
