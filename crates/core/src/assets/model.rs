//! The asset model and its rules. Every rule names the field it checks, so the
//! API answers 422 with that field and the CSV import reports it per row.

use std::fmt;
use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::validate;
use crate::{Error, Result};

/// Longest free-text column (disks, NICs, remark).
pub const LONG_TEXT_MAX: usize = 2048;
/// Longest short column (model, rack, department, ...).
pub const SHORT_TEXT_MAX: usize = 128;
pub const HOSTNAME_MAX: usize = 253;
pub const SERVICE_TAG_MAX: usize = 64;
/// The tallest rack we accept a position in (common racks are 42U–52U).
pub const RACK_UNITS_MAX: u16 = 60;

/// What the operators say about the server (状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AssetStatus {
    #[default]
    Online,
    Offline,
    Maintenance,
}

impl AssetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetStatus::Online => "online",
            AssetStatus::Offline => "offline",
            AssetStatus::Maintenance => "maintenance",
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "online" => Ok(AssetStatus::Online),
            "offline" => Ok(AssetStatus::Offline),
            "maintenance" => Ok(AssetStatus::Maintenance),
            _ => Err(Error::validation(
                field,
                format!("{field} must be online, offline or maintenance"),
            )),
        }
    }
}

/// The server's power as last seen (电源状态): `online` (on) or `offline` (off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PowerState {
    Online,
    Offline,
}

impl PowerState {
    pub fn as_str(self) -> &'static str {
        match self {
            PowerState::Online => "online",
            PowerState::Offline => "offline",
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "online" | "on" => Ok(PowerState::Online),
            "offline" | "off" => Ok(PowerState::Offline),
            _ => Err(Error::validation(
                field,
                format!("{field} must be online or offline"),
            )),
        }
    }
}

/// A rack position: `U5` (one unit) or `U5-U8` (units 5 to 8, start ≤ end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UPosition {
    pub start: u16,
    pub end: u16,
}

impl UPosition {
    /// Accepts `U5`, `U5-U8`, `u5-8` and spaces around the dash; answers the
    /// canonical `U5-U8` form through `Display`.
    pub fn parse(field: &str, s: &str) -> Result<Self> {
        let bad = || {
            Error::validation(
                field,
                format!(
                    "{field} must look like U5 or U5-U8 (units 1–{RACK_UNITS_MAX}, start ≤ end), got '{s}'"
                ),
            )
        };
        let unit = |part: &str| -> Result<u16> {
            let p = part.trim();
            let p = p
                .strip_prefix('U')
                .or_else(|| p.strip_prefix('u'))
                .unwrap_or(p);
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let n: u16 = p.parse().map_err(|_| bad())?;
            if n == 0 || n > RACK_UNITS_MAX {
                return Err(bad());
            }
            Ok(n)
        };
        let (start, end) = match s.split_once('-') {
            Some((a, b)) => (unit(a)?, unit(b)?),
            None => {
                let n = unit(s)?;
                (n, n)
            }
        };
        if start > end {
            return Err(Error::validation(
                field,
                format!("{field} '{s}' starts above where it ends (write the lower unit first, e.g. U{end}-U{start})"),
            ));
        }
        Ok(UPosition { start, end })
    }

    /// How many rack units the server takes.
    pub fn units(&self) -> u16 {
        self.end - self.start + 1
    }
}

impl fmt::Display for UPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "U{}", self.start)
        } else {
            write!(f, "U{}-U{}", self.start, self.end)
        }
    }
}

/// A MAC address in its canonical form: six lowercase hex pairs joined by `:`.
/// Accepts `:` or `-` separators and `aabb.ccdd.eeff` (Cisco style).
pub fn mac_address(field: &str, s: &str) -> Result<String> {
    let bad = || {
        Error::validation(
            field,
            format!("{field} must be a MAC address like 00:1a:2b:3c:4d:5e, got '{s}'"),
        )
    };
    let t = s.trim();
    let hex: String = if t.contains(':') || t.contains('-') {
        let parts: Vec<&str> = t.split([':', '-']).collect();
        if parts.len() != 6 || parts.iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        parts.concat()
    } else if t.contains('.') {
        let parts: Vec<&str> = t.split('.').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.len() != 4) {
            return Err(bad());
        }
        parts.concat()
    } else {
        return Err(bad());
    };
    if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let lower = hex.to_ascii_lowercase();
    let pairs: Vec<&str> = (0..6).map(|i| &lower[i * 2..i * 2 + 2]).collect();
    Ok(pairs.join(":"))
}

/// The compute node an asset is linked to, as shown on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeLink {
    pub id: i64,
    pub name: String,
}

/// How the warranty stands today (维保): drives the console's badge and the
/// statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarrantyState {
    /// No warranty end recorded.
    Unknown,
    Expired,
    /// Ends within 30 days (today included).
    #[serde(rename = "within_30_days")]
    Within30Days,
    /// Ends within 31 to 90 days.
    #[serde(rename = "within_90_days")]
    Within90Days,
    Active,
}

impl WarrantyState {
    pub fn of(end: Option<NaiveDate>, today: NaiveDate) -> (WarrantyState, Option<i64>) {
        let Some(end) = end else {
            return (WarrantyState::Unknown, None);
        };
        let days = (end - today).num_days();
        let state = match days {
            d if d < 0 => WarrantyState::Expired,
            0..=30 => WarrantyState::Within30Days,
            31..=90 => WarrantyState::Within90Days,
            _ => WarrantyState::Active,
        };
        (state, Some(days))
    }
}

/// An asset as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Asset {
    pub id: i64,
    #[serde(flatten)]
    pub fields: AssetDraft,
    /// The compute node this server is (when linked).
    pub node: Option<NodeLink>,
    pub warranty_state: WarrantyState,
    /// Days until the warranty ends (negative: ended that long ago).
    pub warranty_days_left: Option<i64>,
    /// A BMC password is stored (it is never shown).
    pub has_bmc_password: bool,
    pub bmc: BmcState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Asset {
    /// The asset as shown on `today` (the warranty state depends on the date).
    pub fn new(
        id: i64,
        fields: AssetDraft,
        node: Option<NodeLink>,
        (has_bmc_password, bmc): (bool, BmcState),
        (created_at, updated_at): (DateTime<Utc>, DateTime<Utc>),
        today: NaiveDate,
    ) -> Asset {
        let (warranty_state, warranty_days_left) = WarrantyState::of(fields.warranty_end, today);
        Asset {
            id,
            fields,
            node,
            warranty_state,
            warranty_days_left,
            has_bmc_password,
            bmc,
            created_at,
            updated_at,
        }
    }
}

/// The last "refresh from BMC": when, the health it reported, or why it failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BmcState {
    pub checked_at: Option<DateTime<Utc>>,
    /// Redfish `Status.HealthRollup`: OK, Warning, Critical ('' before a read).
    pub health: String,
    /// Why the last refresh failed ('' when it worked).
    pub error: String,
}

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
    use proptest::prelude::*;

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

    #[test]
    fn u_positions() {
        let p = UPosition::parse("u", "U5-U8").unwrap();
        assert_eq!((p.start, p.end, p.units()), (5, 8, 4));
        assert_eq!(UPosition::parse("u", "U12").unwrap().to_string(), "U12");
        assert_eq!(UPosition::parse("u", "3-3").unwrap().to_string(), "U3");
        for bad in [
            "", "U", "U-", "U5-", "U61", "U5-U4", "U+5", "U5-U8-U9", "五",
        ] {
            assert!(UPosition::parse("u", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn warranty_states() {
        let today = date("2026-12-02");
        let s = |d: &str| WarrantyState::of(Some(date(d)), today).0;
        assert_eq!(s("2026-12-01"), WarrantyState::Expired);
        assert_eq!(s("2026-12-02"), WarrantyState::Within30Days);
        assert_eq!(s("2027-01-01"), WarrantyState::Within30Days);
        assert_eq!(s("2027-01-02"), WarrantyState::Within90Days);
        assert_eq!(s("2027-03-02"), WarrantyState::Within90Days);
        assert_eq!(s("2027-03-03"), WarrantyState::Active);
        assert_eq!(
            WarrantyState::of(None, today),
            (WarrantyState::Unknown, None)
        );
    }

    proptest! {
        #[test]
        fn u_position_never_panics_and_round_trips(s in "\\PC{0,12}") {
            if let Ok(p) = UPosition::parse("u", &s) {
                prop_assert!(p.start >= 1 && p.start <= p.end && p.end <= RACK_UNITS_MAX);
                prop_assert_eq!(UPosition::parse("u", &p.to_string()).ok(), Some(p));
            }
        }

        #[test]
        fn mac_never_panics_and_is_canonical(s in "\\PC{0,20}") {
            if let Ok(m) = mac_address("m", &s) {
                prop_assert_eq!(m.len(), 17);
                prop_assert_eq!(mac_address("m", &m).ok(), Some(m.clone()));
            }
        }
    }
}
