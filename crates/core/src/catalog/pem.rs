//! Checks that PEM text holds what a field needs, before anything is stored or
//! handed to a TLS library.

use crate::{Error, Result};
use rustls_pemfile::Item;

fn items(field: &str, text: &str) -> Result<Vec<Item>> {
    let mut reader = text.as_bytes();
    let items: Vec<Item> = rustls_pemfile::read_all(&mut reader)
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::validation(field, format!("{field} is not valid PEM")))?;
    if items.is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must be PEM text (-----BEGIN …-----)"),
        ));
    }
    Ok(items)
}

/// At least one certificate.
pub fn certificate(field: &str, text: &str) -> Result<()> {
    if items(field, text)?
        .iter()
        .any(|i| matches!(i, Item::X509Certificate(_)))
    {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must contain a certificate"),
        ))
    }
}

/// Exactly one private key.
pub fn private_key(field: &str, text: &str) -> Result<()> {
    let keys = items(field, text)?
        .into_iter()
        .filter(|i| matches!(i, Item::Pkcs1Key(_) | Item::Pkcs8Key(_) | Item::Sec1Key(_)))
        .count();
    if keys == 1 {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must contain exactly one private key"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage() {
        assert!(certificate("ca_cert", "hello").is_err());
        assert!(certificate(
            "ca_cert",
            "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"
        )
        .is_err());
        assert!(private_key("client_key", "").is_err());
        // a syntactically valid block of the wrong kind
        let csr = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
        assert!(certificate("ca_cert", csr).is_err());
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(private_key("client_key", key).is_ok());
        assert!(certificate("client_cert", key).is_err());
    }
}
