//! An asset's fields as written (create, update, CSV row) and the draft they
//! become once every rule holds. Every rule names the field it checks, so the
//! API answers 422 with that field and the CSV import reports it per row.

use std::net::IpAddr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::values::{
    mac_address, AssetStatus, PowerState, UPosition, HOSTNAME_MAX, LONG_TEXT_MAX, SERVICE_TAG_MAX,
    SHORT_TEXT_MAX,
};
use crate::validate;
use crate::{Error, Result};

/// A complete, valid asset in storage form: what is written and read back.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetDraft {
    /// 主机名 (required).
    pub hostname: String,
    /// 服务标签: the vendor's unique id (Dell service tag); stored upper-case,
    /// unique across assets.
    pub service_tag: String,
    pub asset_number: String,
    pub model: String,
    pub serial_number: String,
    pub cpu_model: String,
    pub cpu_cores: Option<i64>,
    pub cpu_threads: Option<i64>,
    pub memory_gb: Option<i64>,
    /// Disk configuration, free text (e.g. "2×960G SSD RAID1; 8×8T SAS RAID6").
    pub disks: String,
    /// NICs, free text.
    pub nics: String,
    pub ip_address: String,
    /// Canonical `aa:bb:cc:dd:ee:ff`.
    pub mac_address: String,
    /// 机柜 (rack id).
    pub rack: String,
    /// 机架位置: `U5` or `U5-U8`.
    pub u_position: String,
    pub power_state: Option<PowerState>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub purchase_date: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub warranty_end: Option<NaiveDate>,
    pub os: String,
    pub department: String,
    pub owner: String,
    pub status: AssetStatus,
    pub remark: String,
    /// The compute node this server is, when linked (one asset per node).
    pub node_id: Option<i64>,
    /// The BMC (iDRAC) Redfish endpoint: `https://host[:port]`; '' = none.
    pub bmc_address: String,
    pub bmc_username: String,
}

/// `null` in JSON means "clear it": a field that is absent keeps its value.
fn nullable<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// What a create or an update sends. Absent fields keep their value (create:
/// the default); `null` clears a number, a date, the power state or the node.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssetFields {
    pub hostname: Option<String>,
    pub service_tag: Option<String>,
    pub asset_number: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub cpu_model: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub cpu_cores: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub cpu_threads: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub memory_gb: Option<Option<i64>>,
    pub disks: Option<String>,
    pub nics: Option<String>,
    pub ip_address: Option<String>,
    pub mac_address: Option<String>,
    pub rack: Option<String>,
    pub u_position: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PowerState>))]
    pub power_state: Option<Option<PowerState>>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub purchase_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub warranty_end: Option<Option<NaiveDate>>,
    pub os: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub status: Option<AssetStatus>,
    pub remark: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub node_id: Option<Option<i64>>,
    pub bmc_address: Option<String>,
    pub bmc_username: Option<String>,
    /// Write-only: absent keeps it, `""` removes it. Stored encrypted, never returned.
    pub bmc_password: Option<String>,
}

impl AssetDraft {
    /// A new asset: hostname and service tag are required.
    pub fn new(f: AssetFields) -> Result<AssetDraft> {
        if f.hostname.is_none() {
            return Err(Error::validation("hostname", "hostname is required"));
        }
        if f.service_tag.is_none() {
            return Err(Error::validation("service_tag", "service_tag is required"));
        }
        AssetDraft::default().apply(f)
    }

    /// This asset with the given fields changed, normalised and checked.
    pub fn apply(mut self, f: AssetFields) -> Result<AssetDraft> {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        set!(
            hostname,
            service_tag,
            asset_number,
            model,
            serial_number,
            cpu_model,
            cpu_cores,
            cpu_threads,
            memory_gb,
            disks,
            nics,
            ip_address,
            mac_address,
            rack,
            u_position,
            power_state,
            purchase_date,
            warranty_end,
            os,
            department,
            owner,
            status,
            remark,
            node_id,
            bmc_address,
            bmc_username
        );
        self.normalise()?;
        self.validate()?;
        Ok(self)
    }

    /// Trims, upper-cases the service tag, and writes MAC and U position in
    /// their canonical forms (so search and uniqueness see one spelling).
    fn normalise(&mut self) -> Result<()> {
        for s in [
            &mut self.hostname,
            &mut self.service_tag,
            &mut self.asset_number,
            &mut self.model,
            &mut self.serial_number,
            &mut self.cpu_model,
            &mut self.ip_address,
            &mut self.mac_address,
            &mut self.rack,
            &mut self.u_position,
            &mut self.os,
            &mut self.department,
            &mut self.owner,
            &mut self.bmc_address,
            &mut self.bmc_username,
        ] {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_owned();
            }
        }
        self.service_tag = self.service_tag.to_ascii_uppercase();
        if !self.mac_address.is_empty() {
            self.mac_address = mac_address("mac_address", &self.mac_address)?;
        }
        if !self.u_position.is_empty() {
            self.u_position = UPosition::parse("u_position", &self.u_position)?.to_string();
        }
        if !self.bmc_address.is_empty() {
            self.bmc_address = super::redfish::bmc_address("bmc_address", &self.bmc_address)?;
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<()> {
        validate::name("hostname", &self.hostname, HOSTNAME_MAX)?;
        if self.hostname.contains(char::is_whitespace) {
            return Err(Error::validation(
                "hostname",
                "hostname must not contain spaces",
            ));
        }
        validate::name("service_tag", &self.service_tag, SERVICE_TAG_MAX)?;
        if !self
            .service_tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::validation(
                "service_tag",
                "service_tag may contain only letters, digits, '-' and '_'",
            ));
        }
        for (field, value) in [
            ("asset_number", &self.asset_number),
            ("model", &self.model),
            ("serial_number", &self.serial_number),
            ("cpu_model", &self.cpu_model),
            ("rack", &self.rack),
            ("os", &self.os),
            ("department", &self.department),
            ("owner", &self.owner),
            ("bmc_username", &self.bmc_username),
        ] {
            validate::text(field, value, SHORT_TEXT_MAX)?;
        }
        // Disks, NICs and the remark are multi-line by nature.
        for (field, value) in [
            ("disks", &self.disks),
            ("nics", &self.nics),
            ("remark", &self.remark),
        ] {
            if value.chars().count() > LONG_TEXT_MAX {
                return Err(Error::validation(
                    field,
                    format!("{field} must be at most {LONG_TEXT_MAX} characters"),
                ));
            }
            if value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                return Err(Error::validation(
                    field,
                    format!("{field} must not contain control characters"),
                ));
            }
        }
        for (field, value, max) in [
            ("cpu_cores", self.cpu_cores, 4096),
            ("cpu_threads", self.cpu_threads, 8192),
            ("memory_gb", self.memory_gb, 1 << 20),
        ] {
            if let Some(v) = value {
                if !(1..=max).contains(&v) {
                    return Err(Error::validation(
                        field,
                        format!("{field} must be between 1 and {max}"),
                    ));
                }
            }
        }
        if let (Some(c), Some(t)) = (self.cpu_cores, self.cpu_threads) {
            if t < c {
                return Err(Error::validation(
                    "cpu_threads",
                    format!("cpu_threads ({t}) must not be below cpu_cores ({c})"),
                ));
            }
        }
        if !self.ip_address.is_empty() && self.ip_address.parse::<IpAddr>().is_err() {
            return Err(Error::validation(
                "ip_address",
                format!(
                    "ip_address must be an IPv4 or IPv6 address, got '{}'",
                    self.ip_address
                ),
            ));
        }
        if !self.mac_address.is_empty() {
            mac_address("mac_address", &self.mac_address)?;
        }
        if !self.u_position.is_empty() {
            UPosition::parse("u_position", &self.u_position)?;
        }
        if let (Some(p), Some(w)) = (self.purchase_date, self.warranty_end) {
            if w < p {
                return Err(Error::validation(
                    "warranty_end",
                    format!("warranty_end ({w}) must not be before purchase_date ({p})"),
                ));
            }
        }
        if !self.bmc_address.is_empty() {
            super::redfish::bmc_address("bmc_address", &self.bmc_address)?;
        }
        if let Some(n) = self.node_id {
            if n <= 0 {
                return Err(Error::validation("node_id", "node_id must be a node's id"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("not a validation error: {other:?}"),
        }
    }

    fn base() -> AssetFields {
        AssetFields {
            hostname: Some("gpu-01".into()),
            service_tag: Some("abc1234".into()),
            ..AssetFields::default()
        }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn required_fields_and_normalisation() {
        let d = AssetDraft::new(AssetFields {
            mac_address: Some("00-1A-2B-3C-4D-5E".into()),
            u_position: Some(" u5 - 8 ".into()),
            ..base()
        })
        .unwrap();
        assert_eq!(d.service_tag, "ABC1234");
        assert_eq!(d.mac_address, "00:1a:2b:3c:4d:5e");
        assert_eq!(d.u_position, "U5-U8");
        assert_eq!(d.status, AssetStatus::Online);
        let no_host = AssetDraft::new(AssetFields {
            hostname: None,
            ..base()
        });
        assert_eq!(field_of(no_host.unwrap_err()), "hostname");
        let blank_tag = AssetDraft::new(AssetFields {
            service_tag: Some("  ".into()),
            ..base()
        });
        assert_eq!(field_of(blank_tag.unwrap_err()), "service_tag");
    }

    #[test]
    fn bad_values_name_their_field() {
        let cases: Vec<(AssetFields, &str)> = vec![
            (
                AssetFields {
                    u_position: Some("U9-U5".into()),
                    ..base()
                },
                "u_position",
            ),
            (
                AssetFields {
                    u_position: Some("U0".into()),
                    ..base()
                },
                "u_position",
            ),
            (
                AssetFields {
                    u_position: Some("rack 5".into()),
                    ..base()
                },
                "u_position",
            ),
            (
                AssetFields {
                    mac_address: Some("00:1a:2b:3c:4d".into()),
                    ..base()
                },
                "mac_address",
            ),
            (
                AssetFields {
                    mac_address: Some("zz:1a:2b:3c:4d:5e".into()),
                    ..base()
                },
                "mac_address",
            ),
            (
                AssetFields {
                    ip_address: Some("10.0.0.300".into()),
                    ..base()
                },
                "ip_address",
            ),
            (
                AssetFields {
                    purchase_date: Some(Some(date("2024-05-01"))),
                    warranty_end: Some(Some(date("2024-04-30"))),
                    ..base()
                },
                "warranty_end",
            ),
            (
                AssetFields {
                    cpu_cores: Some(Some(0)),
                    ..base()
                },
                "cpu_cores",
            ),
            (
                AssetFields {
                    cpu_cores: Some(Some(32)),
                    cpu_threads: Some(Some(16)),
                    ..base()
                },
                "cpu_threads",
            ),
            (
                AssetFields {
                    hostname: Some("gpu 01".into()),
                    ..base()
                },
                "hostname",
            ),
            (
                AssetFields {
                    service_tag: Some("AB/12".into()),
                    ..base()
                },
                "service_tag",
            ),
        ];
        for (f, field) in cases {
            let got = AssetDraft::new(f.clone()).map(|_| ()).map_err(field_of);
            assert_eq!(got, Err(field.to_owned()), "{f:?}");
        }
    }

    #[test]
    fn updates_keep_absent_fields_and_null_clears() {
        let d = AssetDraft::new(AssetFields {
            cpu_cores: Some(Some(64)),
            rack: Some("A01".into()),
            ..base()
        })
        .unwrap();
        let kept = d.clone().apply(AssetFields::default()).unwrap();
        assert_eq!(kept, d);
        let cleared = d
            .apply(AssetFields {
                cpu_cores: Some(None),
                ..AssetFields::default()
            })
            .unwrap();
        assert_eq!(cleared.cpu_cores, None);
        assert_eq!(cleared.rack, "A01");
        let parsed: AssetFields = serde_json::from_str(r#"{"cpu_cores": null}"#).unwrap();
        assert_eq!(parsed.cpu_cores, Some(None));
        let parsed: AssetFields = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(parsed.cpu_cores, None);
    }
}
