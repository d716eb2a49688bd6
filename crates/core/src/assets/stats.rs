//! The inventory's statistics (统计卡片): counts by status and warranties
//! ending soon, computed from each asset's status and warranty end.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::WarrantyState;
use super::values::AssetStatus;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetStatistics {
    pub total: i64,
    pub online: i64,
    pub offline: i64,
    pub maintenance: i64,
    /// Warranties ending in the next 30 days (today included).
    pub warranty_within_30_days: i64,
    /// Warranties ending in the next 90 days (the 30-day ones included).
    pub warranty_within_90_days: i64,
    pub warranty_expired: i64,
}

impl AssetStatistics {
    pub fn of(
        assets: impl IntoIterator<Item = (AssetStatus, Option<NaiveDate>)>,
        today: NaiveDate,
    ) -> Self {
        let mut s = AssetStatistics::default();
        for (status, warranty_end) in assets {
            s.total += 1;
            match status {
                AssetStatus::Online => s.online += 1,
                AssetStatus::Offline => s.offline += 1,
                AssetStatus::Maintenance => s.maintenance += 1,
            }
            match WarrantyState::of(warranty_end, today).0 {
                WarrantyState::Within30Days => {
                    s.warranty_within_30_days += 1;
                    s.warranty_within_90_days += 1;
                }
                WarrantyState::Within90Days => s.warranty_within_90_days += 1,
                WarrantyState::Expired => s.warranty_expired += 1,
                WarrantyState::Unknown | WarrantyState::Active => {}
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let today: NaiveDate = "2026-12-02".parse().unwrap();
        let d = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        let s = AssetStatistics::of(
            [
                (AssetStatus::Online, d("2026-12-10")),
                (AssetStatus::Online, d("2027-02-01")),
                (AssetStatus::Offline, d("2026-01-01")),
                (AssetStatus::Maintenance, None),
                (AssetStatus::Online, d("2030-01-01")),
            ],
            today,
        );
        assert_eq!(
            s,
            AssetStatistics {
                total: 5,
                online: 3,
                offline: 1,
                maintenance: 1,
                warranty_within_30_days: 1,
                warranty_within_90_days: 2,
                warranty_expired: 1,
            }
        );
    }
}
