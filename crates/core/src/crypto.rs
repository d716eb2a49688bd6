//! Secrets at rest and bearer tokens.
//!
//! * [`SecretBox`] encrypts secrets (node SSH passwords, TLS keys, kubeconfigs, AI
//!   API keys) with AES-256-GCM. The stored form is `v1:<key id>:<base64url(nonce ‖
//!   ciphertext)>`: the version says how to read the rest, and the key id lets a
//!   box hold old keys for decryption while encrypting with the newest (rotation).
//! * Bearer tokens are 256 random bits shown once to their owner; the store keeps
//!   only HMAC-SHA256(signing key, token), so a copy of the database alone is not
//!   enough to use or forge a token.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{Error, Result};

const FORMAT_VERSION: &str = "v1";

/// 32 bytes of key material, wiped from memory when dropped.
#[derive(Clone)]
pub struct Key(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.id())
    }
}

impl Key {
    pub fn generate() -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        Key(k)
    }

    /// Parses the textual form written by [`Key::encode`] (base64url, 32 bytes).
    pub fn decode(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(
            B64.decode(text.trim())
                .map_err(|_| Error::internal("key is not valid base64url"))?,
        );
        let arr: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| Error::internal("key must be exactly 32 bytes"))?;
        Ok(Key(Zeroizing::new(arr)))
    }

    pub fn encode(&self) -> String {
        B64.encode(self.0.as_ref())
    }

    /// A short, non-secret fingerprint naming the key inside ciphertexts.
    pub fn id(&self) -> String {
        let digest = Sha256::digest(self.0.as_ref());
        hex::encode(&digest[..4])
    }

    fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Encrypts with the current key; decrypts with any key it holds.
#[derive(Clone, Debug)]
pub struct SecretBox {
    current: Key,
    previous: Vec<Key>,
}

impl SecretBox {
    pub fn new(current: Key) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }

    /// Keeps `old` for decrypting values written before a key rotation.
    pub fn with_previous(mut self, old: Key) -> Self {
        self.previous.push(old);
        self
    }

    pub fn encrypt(&self, plaintext: &str) -> Result<String> {
        let cipher = Aes256Gcm::new(self.current.bytes().into());
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .map_err(|_| Error::internal("encryption failed"))?;
        let mut blob = Vec::with_capacity(12 + ct.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ct);
        Ok(format!(
            "{FORMAT_VERSION}:{}:{}",
            self.current.id(),
            B64.encode(blob)
        ))
    }

    pub fn decrypt(&self, stored: &str) -> Result<Zeroizing<String>> {
        let mut parts = stored.splitn(3, ':');
        let (Some(version), Some(kid), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::internal("stored secret has an unknown format"));
        };
        if version != FORMAT_VERSION {
            return Err(Error::internal(format!(
                "stored secret has unsupported version {version}"
            )));
        }
        let key = std::iter::once(&self.current)
            .chain(self.previous.iter())
            .find(|k| k.id() == kid)
            .ok_or_else(|| Error::internal(format!("no key with id {kid} to decrypt a secret")))?;
        let blob = B64
            .decode(body)
            .map_err(|_| Error::internal("stored secret is not valid base64"))?;
        if blob.len() < 12 {
            return Err(Error::internal("stored secret is truncated"));
        }
        let (nonce, ct) = blob.split_at(12);
        let cipher = Aes256Gcm::new(key.bytes().into());
        let pt = cipher
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| Error::internal("stored secret failed authentication"))?;
        String::from_utf8(pt)
            .map(Zeroizing::new)
            .map_err(|_| Error::internal("stored secret is not UTF-8"))
    }
}

/// A new bearer token: the kind's prefix and 256 random bits, base64url.
pub fn new_token(prefix: &str) -> String {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    format!("{prefix}{}", B64.encode(raw))
}

/// The keyed hash under which a token is stored and looked up.
pub fn token_hash(signing_key: &Key, token: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail; fall back to a plain
    // hash only to satisfy the type, never in practice.
    match <Hmac<Sha256> as Mac>::new_from_slice(signing_key.bytes()) {
        Ok(mut mac) => {
            mac.update(token.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => hex::encode(Sha256::digest(token.as_bytes())),
    }
}

/// A random password for generated accounts: 20 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), about 115 bits.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = OsRng;
    (0..20)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// Compares a presented token with the configured one in time independent of
/// where they differ (the length is not secret).
pub fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let b = SecretBox::new(Key::generate());
        let ct = b.encrypt("hunter2-secret").unwrap_or_default();
        assert!(ct.starts_with("v1:"));
        assert!(!ct.contains("hunter2"));
        assert_eq!(
            b.decrypt(&ct).ok().as_deref().map(String::as_str),
            Some("hunter2-secret")
        );
        // same plaintext, different nonce
        assert_ne!(b.encrypt("x").ok(), b.encrypt("x").ok());
        // flip one byte of the body: authentication fails
        let mut tampered = ct.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap_or_default();
        assert!(b.decrypt(&tampered).is_err());
        assert!(b.decrypt("garbage").is_err());
        assert!(b.decrypt("v9:abc:def").is_err());
    }

    #[test]
    fn rotation_reads_old_values() {
        let old = Key::generate();
        let ct = SecretBox::new(old.clone()).encrypt("s").unwrap_or_default();
        let rotated = SecretBox::new(Key::generate()).with_previous(old);
        assert_eq!(
            rotated.decrypt(&ct).ok().as_deref().map(String::as_str),
            Some("s")
        );
        let other = SecretBox::new(Key::generate());
        assert!(other.decrypt(&ct).is_err());
    }

    #[test]
    fn key_encoding() {
        let k = Key::generate();
        let back = Key::decode(&k.encode()).ok();
        assert_eq!(back.map(|b| b.id()), Some(k.id()));
        assert!(Key::decode("short").is_err());
    }

    #[test]
    fn tokens_are_random_and_hash_depends_on_key() {
        let t1 = new_token("tqs_");
        let t2 = new_token("tqs_");
        assert_ne!(t1, t2);
        assert!(t1.starts_with("tqs_") && t1.len() == 4 + 43);
        let k1 = Key::generate();
        let k2 = Key::generate();
        assert_eq!(token_hash(&k1, &t1), token_hash(&k1, &t1));
        assert_ne!(token_hash(&k1, &t1), token_hash(&k2, &t1));
    }

    #[test]
    fn generated_passwords() {
        let p = generate_password();
        assert_eq!(p.len(), 20);
        assert!(crate::validate::password("p", &p).is_ok());
        assert_ne!(p, generate_password());
    }
}
