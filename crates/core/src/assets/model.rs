//! An asset as the API shows it: its stored fields, the node it is linked to,
//! its warranty state on a given day and the last BMC refresh.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::draft::AssetDraft;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
}
