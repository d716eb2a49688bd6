//! Exact quantities. The API speaks in cores, GB and currency units with
//! decimals; the platform stores integers (millicores, MiB, 1/10000 of a unit) so
//! that sums and comparisons never drift.

use serde::{Deserialize, Deserializer, Serializer};

use crate::{Error, Result};

pub const MAX_CORES: f64 = 100_000.0;
pub const MAX_GB: f64 = 1_000_000.0;

/// Cores (e.g. 0.5) → millicores. At most three decimals are kept.
pub fn cores_to_milli(field: &str, cores: f64) -> Result<i64> {
    non_negative_finite(field, cores, MAX_CORES)?;
    Ok((cores * 1000.0).round() as i64)
}

pub fn milli_to_cores(milli: i64) -> f64 {
    milli as f64 / 1000.0
}

/// Gigabytes (GiB, as Docker and `free -g` count them) → MiB.
pub fn gb_to_mib(field: &str, gb: f64) -> Result<i64> {
    non_negative_finite(field, gb, MAX_GB)?;
    Ok((gb * 1024.0).round() as i64)
}

pub fn mib_to_gb(mib: i64) -> f64 {
    // Rounded to 3 decimals so 1.5 GB reads back as 1.5, not 1.4999999.
    ((mib as f64 / 1024.0) * 1000.0).round() / 1000.0
}

fn non_negative_finite(field: &str, v: f64, max: f64) -> Result<()> {
    if !v.is_finite() {
        return Err(Error::validation(
            field,
            format!("{field} must be a number"),
        ));
    }
    if v < 0.0 {
        return Err(Error::validation(
            field,
            format!("{field} must not be negative"),
        ));
    }
    if v > max {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {max}"),
        ));
    }
    Ok(())
}

/// A price with four decimals, held as an integer number of 1/10000 units.
/// Accepted as a JSON string ("12.5") or number (12.5); always answered as a
/// string, so no client float parser can change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Price(pub i64);

impl Price {
    pub const SCALE: i64 = 10_000;

    pub fn parse(field: &str, text: &str) -> Result<Price> {
        let bad = || {
            Error::validation(
                field,
                format!(
                    "{field} must be a non-negative amount with at most 4 decimals, like \"12.50\""
                ),
            )
        };
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() || whole.len() > 12 || frac.len() > 4 {
            return Err(bad());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let w: i64 = whole.parse().map_err(|_| bad())?;
        let f: i64 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
        Ok(Price(w * Self::SCALE + f))
    }

    pub fn to_text(self) -> String {
        let w = self.0 / Self::SCALE;
        let f = self.0 % Self::SCALE;
        let frac = format!("{f:04}");
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            format!("{w}.00")
        } else if frac.len() == 1 {
            format!("{w}.{frac}0")
        } else {
            format!("{w}.{frac}")
        }
    }
}

impl serde::Serialize for Price {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(serde_json::Number),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Text(t) => t,
            // serde_json keeps the number's digits as written when asked for its
            // string form, but plain f64 formatting is exact enough for 4 decimals.
            Raw::Number(n) => n.to_string(),
        };
        Price::parse("price_per_hour", &text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Price {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("Decimal amount with up to 4 decimals, e.g. \"12.50\" (a JSON number is accepted on input)"))
            .examples([serde_json::json!("12.50")])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Price {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prices() {
        assert_eq!(Price::parse("p", "12.5").unwrap(), Price(125_000));
        assert_eq!(Price::parse("p", "0.0001").unwrap(), Price(1));
        assert_eq!(Price::parse("p", "7").unwrap().to_text(), "7.00");
        assert_eq!(Price::parse("p", "1.2345").unwrap().to_text(), "1.2345");
        assert_eq!(Price::parse("p", "0.1").unwrap().to_text(), "0.10");
        for bad in ["", "-1", "1.23456", "abc", "1e3", ".5", "1..2", " "] {
            assert!(Price::parse("p", bad).is_err(), "{bad:?}");
        }
        let p: Price = serde_json::from_str("0.1").unwrap();
        assert_eq!(p, Price(1000));
        let p: Price = serde_json::from_str("\"3.30\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"3.30\"");
        // adding 0.1 ten times is exactly 1
        let sum: i64 = (0..10).map(|_| Price::parse("p", "0.1").unwrap().0).sum();
        assert_eq!(Price(sum).to_text(), "1.00");
    }

    #[test]
    fn quantities() {
        assert_eq!(cores_to_milli("c", 0.5).unwrap(), 500);
        assert_eq!(gb_to_mib("m", 1.5).unwrap(), 1536);
        assert_eq!(mib_to_gb(1536), 1.5);
        assert!(cores_to_milli("c", -1.0).is_err());
        assert!(gb_to_mib("m", f64::NAN).is_err());
    }

    proptest! {
        #[test]
        fn price_text_round_trips(units in 0i64..1_000_000_000_000) {
            let p = Price(units);
            prop_assert_eq!(Price::parse("p", &p.to_text()).unwrap(), p);
        }
    }
}
