//! Facts a server's BMC reports over Redfish (DMTF's REST API, spoken by Dell's
//! iDRAC and every current BMC), read from a `ComputerSystem` resource
//! (`/redfish/v1/Systems/<id>`), and what they change on an asset. Pure: the
//! HTTP client lives in the service; this reads the JSON it fetched.

use serde::Serialize;
use serde_json::Value;

use super::draft::AssetDraft;
use super::values::PowerState;
use crate::{Error, Result};

/// What one system resource says. Every field is optional: BMCs differ in
/// what they fill in.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BmcFacts {
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    /// Dell puts the service tag in `SKU`.
    pub service_tag: Option<String>,
    pub cpu_model: Option<String>,
    /// Processor sockets (`ProcessorSummary.Count`).
    pub cpu_sockets: Option<i64>,
    /// Cores (`ProcessorSummary.CoreCount`, newer schemas).
    pub cpu_cores: Option<i64>,
    /// Threads (`ProcessorSummary.LogicalProcessorCount`).
    pub cpu_threads: Option<i64>,
    pub memory_gb: Option<i64>,
    pub power_state: Option<PowerState>,
    /// `Status.HealthRollup` (or `Status.Health`): OK, Warning, Critical.
    pub health: Option<String>,
}

/// One field a refresh changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn int(v: &Value, path: &[&str]) -> Option<i64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_i64()
        .or_else(|| cur.as_f64().map(|f| f.round() as i64))
        .filter(|n| *n > 0)
}

impl BmcFacts {
    /// Reads a `ComputerSystem` resource.
    pub fn from_system(system: &Value) -> BmcFacts {
        let power_state = match text(system, &["PowerState"]).as_deref() {
            Some("On") | Some("PoweringOff") => Some(PowerState::Online),
            Some("Off") | Some("PoweringOn") => Some(PowerState::Offline),
            _ => None,
        };
        BmcFacts {
            manufacturer: text(system, &["Manufacturer"]),
            model: text(system, &["Model"]),
            serial_number: text(system, &["SerialNumber"]),
            service_tag: text(system, &["SKU"]),
            cpu_model: text(system, &["ProcessorSummary", "Model"]),
            cpu_sockets: int(system, &["ProcessorSummary", "Count"]),
            cpu_cores: int(system, &["ProcessorSummary", "CoreCount"]),
            cpu_threads: int(system, &["ProcessorSummary", "LogicalProcessorCount"]),
            memory_gb: int(system, &["MemorySummary", "TotalSystemMemoryGiB"]),
            power_state,
            health: text(system, &["Status", "HealthRollup"])
                .or_else(|| text(system, &["Status", "HealthRollUp"]))
                .or_else(|| text(system, &["Status", "Health"])),
        }
    }

    /// The asset with what the BMC reported written over it, and the fields
    /// that changed. What the BMC does not report is left as it was. A
    /// service tag the BMC reports wins (it is read from the hardware).
    pub fn apply(&self, current: &AssetDraft) -> (AssetDraft, Vec<FieldChange>) {
        let mut next = current.clone();
        let mut changes = Vec::new();
        let mut set_text = |field: &str, slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                if slot != v {
                    changes.push(FieldChange {
                        field: field.into(),
                        before: slot.clone(),
                        after: v.clone(),
                    });
                    *slot = v.clone();
                }
            }
        };
        set_text("model", &mut next.model, &self.model);
        set_text(
            "serial_number",
            &mut next.serial_number,
            &self.serial_number,
        );
        set_text(
            "service_tag",
            &mut next.service_tag,
            &self.service_tag.as_ref().map(|s| s.to_ascii_uppercase()),
        );
        set_text("cpu_model", &mut next.cpu_model, &self.cpu_model);
        let show = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        for (field, slot, v) in [
            ("cpu_cores", &mut next.cpu_cores, self.cpu_cores),
            ("cpu_threads", &mut next.cpu_threads, self.cpu_threads),
            ("memory_gb", &mut next.memory_gb, self.memory_gb),
        ] {
            if v.is_some() && *slot != v {
                changes.push(FieldChange {
                    field: field.into(),
                    before: show(*slot),
                    after: show(v),
                });
                *slot = v;
            }
        }
        if self.power_state.is_some() && next.power_state != self.power_state {
            let show = |p: Option<PowerState>| p.map(|p| p.as_str().to_owned()).unwrap_or_default();
            changes.push(FieldChange {
                field: "power_state".into(),
                before: show(next.power_state),
                after: show(self.power_state),
            });
            next.power_state = self.power_state;
        }
        (next, changes)
    }
}

/// The first system's path in a `/redfish/v1/Systems` collection.
pub fn first_member(collection: &Value) -> Option<String> {
    collection
        .get("Members")?
        .as_array()?
        .first()?
        .get("@odata.id")?
        .as_str()
        .filter(|p| p.starts_with("/redfish/v1/Systems/"))
        .map(str::to_owned)
}

/// A BMC address: `https://host[:port]` (or `http://`), nothing after the host.
/// Answers it without a trailing slash.
pub fn bmc_address(field: &str, s: &str) -> Result<String> {
    let t = s.trim().trim_end_matches('/');
    let bad = || {
        Error::validation(
            field,
            format!("{field} must look like https://10.0.0.10 or https://idrac-01:443, got '{s}'"),
        )
    };
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .ok_or_else(bad)?;
    if rest.is_empty()
        || rest.len() > 255
        || rest.contains(['/', '?', '#', '@', ' '])
        || rest.chars().any(|c| c.is_control())
    {
        return Err(bad());
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dell() -> Value {
        json!({
            "@odata.id": "/redfish/v1/Systems/System.Embedded.1",
            "Manufacturer": "Dell Inc.", "Model": "PowerEdge R750xa", "SKU": "7xk2m93",
            "SerialNumber": "CN7016", "PowerState": "On",
            "ProcessorSummary": {"Count": 2, "CoreCount": 56, "LogicalProcessorCount": 112,
                "Model": "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz"},
            "MemorySummary": {"TotalSystemMemoryGiB": 512.0},
            "Status": {"Health": "OK", "HealthRollup": "Warning", "State": "Enabled"}
        })
    }

    #[test]
    fn reads_a_dell_system() {
        let f = BmcFacts::from_system(&dell());
        assert_eq!(f.model.as_deref(), Some("PowerEdge R750xa"));
        assert_eq!(f.service_tag.as_deref(), Some("7xk2m93"));
        assert_eq!(
            (f.cpu_sockets, f.cpu_cores, f.cpu_threads),
            (Some(2), Some(56), Some(112))
        );
        assert_eq!(f.memory_gb, Some(512));
        assert_eq!(f.power_state, Some(PowerState::Online));
        assert_eq!(f.health.as_deref(), Some("Warning"));
        let empty = BmcFacts::from_system(&json!({"PowerState": "Off", "Model": ""}));
        assert_eq!(
            empty,
            BmcFacts {
                power_state: Some(PowerState::Offline),
                ..BmcFacts::default()
            }
        );
    }

    #[test]
    fn applies_only_what_changed() {
        let current = AssetDraft {
            hostname: "gpu-01".into(),
            service_tag: "7XK2M93".into(),
            model: "R750".into(),
            cpu_cores: Some(56),
            ..AssetDraft::default()
        };
        let (next, changes) = BmcFacts::from_system(&dell()).apply(&current);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "model",
                "serial_number",
                "cpu_model",
                "cpu_threads",
                "memory_gb",
                "power_state"
            ]
        );
        assert_eq!(
            changes[0],
            FieldChange {
                field: "model".into(),
                before: "R750".into(),
                after: "PowerEdge R750xa".into()
            }
        );
        assert_eq!(next.hostname, "gpu-01");
        let (again, none) = BmcFacts::from_system(&dell()).apply(&next);
        assert!(none.is_empty());
        assert_eq!(again, next);
    }

    #[test]
    fn collections_and_addresses() {
        let c = json!({"Members": [{"@odata.id": "/redfish/v1/Systems/System.Embedded.1"}]});
        assert_eq!(
            first_member(&c).as_deref(),
            Some("/redfish/v1/Systems/System.Embedded.1")
        );
        assert_eq!(first_member(&json!({"Members": []})), None);
        assert_eq!(
            first_member(&json!({"Members": [{"@odata.id": "http://evil/x"}]})),
            None
        );
        assert_eq!(
            bmc_address("a", "https://10.0.0.10/").unwrap(),
            "https://10.0.0.10"
        );
        assert_eq!(
            bmc_address("a", "http://127.0.0.1:8000").unwrap(),
            "http://127.0.0.1:8000"
        );
        for bad in [
            "",
            "10.0.0.10",
            "ftp://x",
            "https://",
            "https://a/b",
            "https://u:p@h",
            "https://a b",
        ] {
            assert!(bmc_address("a", bad).is_err(), "{bad}");
        }
    }
}
