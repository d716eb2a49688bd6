//! An asset's typed values and their rules: status, power state, rack
//! position (U5-U8) and MAC address, with the length limits of its columns.
//! Every rule names the field it checks, so the API answers 422 with that
//! field and the CSV import reports it per row.

use std::fmt;

use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
