//! The assets' CSV exchange format: one header line naming the columns (the
//! API's field names, in any order, a subset allowed as long as `hostname`
//! and `service_tag` are there), then one asset per line. RFC 4180 quoting:
//! a cell with a comma, a quote or a line break is quoted, quotes doubled.
//!
//! Parsing checks every row and reports every bad one (line and field), so an
//! operator fixes the whole file in one go; whether good rows are imported
//! when some are bad is the caller's choice (all or nothing by default).

use std::collections::HashSet;

use serde::Serialize;

use super::draft::{AssetDraft, AssetFields};
use super::values::{AssetStatus, PowerState};
use crate::{Error, Result};

/// The columns, in the order the export writes them.
pub const COLUMNS: [&str; 24] = [
    "hostname",
    "service_tag",
    "asset_number",
    "model",
    "serial_number",
    "cpu_model",
    "cpu_cores",
    "cpu_threads",
    "memory_gb",
    "disks",
    "nics",
    "ip_address",
    "mac_address",
    "rack",
    "u_position",
    "power_state",
    "purchase_date",
    "warranty_end",
    "os",
    "department",
    "owner",
    "status",
    "remark",
    "node_id",
];

/// The most rows one import takes.
pub const IMPORT_MAX_ROWS: usize = 10_000;

/// A row that cannot be imported: its line in the file (the header is line 1),
/// the column at fault and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetRowError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

/// The file, checked: the good rows (with their line) and the bad ones.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub rows: Vec<(usize, AssetDraft)>,
    pub errors: Vec<AssetRowError>,
}

/// Splits CSV text into records, each with the line it starts on. A quoted
/// cell may span lines. A UTF-8 BOM (spreadsheets write one) is skipped.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut touched = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                in_quotes = true;
                touched = true;
            }
            ',' => {
                record.push(std::mem::take(&mut cell));
                touched = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if touched || !cell.is_empty() {
                    record.push(std::mem::take(&mut cell));
                    out.push((start_line, std::mem::take(&mut record)));
                }
                touched = false;
                line += 1;
                start_line = line;
            }
            _ => {
                cell.push(c);
                touched = true;
            }
        }
    }
    if in_quotes {
        return Err(Error::validation(
            "csv",
            format!("line {start_line}: a quoted cell is never closed"),
        ));
    }
    if touched || !cell.is_empty() {
        record.push(cell);
        out.push((start_line, record));
    }
    Ok(out)
}

/// Reads the header: each column's field name. An unknown or repeated column,
/// or a missing required one, is an error naming it.
fn header(cells: &[String]) -> Result<Vec<&'static str>> {
    let mut seen = HashSet::new();
    let mut cols = Vec::with_capacity(cells.len());
    for c in cells {
        let name = c.trim().to_ascii_lowercase();
        let Some(col) = COLUMNS.iter().find(|k| **k == name) else {
            return Err(Error::validation(
                "csv",
                format!(
                    "unknown column '{}' in the header (columns: {})",
                    c.trim(),
                    COLUMNS.join(", ")
                ),
            ));
        };
        if !seen.insert(*col) {
            return Err(Error::validation(
                "csv",
                format!("column '{col}' appears twice in the header"),
            ));
        }
        cols.push(*col);
    }
    for required in ["hostname", "service_tag"] {
        if !seen.contains(required) {
            return Err(Error::validation(
                "csv",
                format!("the header has no '{required}' column (it is required)"),
            ));
        }
    }
    Ok(cols)
}

/// One cell into the fields; an empty cell leaves the field at its default.
fn set(f: &mut AssetFields, col: &str, v: &str) -> Result<()> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(());
    }
    let int = |field: &str| -> Result<Option<Option<i64>>> {
        v.parse::<i64>().map(|n| Some(Some(n))).map_err(|_| {
            Error::validation(field, format!("{field} must be a whole number, got '{v}'"))
        })
    };
    let date = |field: &str| -> Result<Option<Option<chrono::NaiveDate>>> {
        v.parse::<chrono::NaiveDate>()
            .map(|d| Some(Some(d)))
            .map_err(|_| {
                Error::validation(
                    field,
                    format!("{field} must be a date like 2025-01-31, got '{v}'"),
                )
            })
    };
    let s = || Some(v.to_owned());
    match col {
        "hostname" => f.hostname = s(),
        "service_tag" => f.service_tag = s(),
        "asset_number" => f.asset_number = s(),
        "model" => f.model = s(),
        "serial_number" => f.serial_number = s(),
        "cpu_model" => f.cpu_model = s(),
        "cpu_cores" => f.cpu_cores = int(col)?,
        "cpu_threads" => f.cpu_threads = int(col)?,
        "memory_gb" => f.memory_gb = int(col)?,
        "disks" => f.disks = s(),
        "nics" => f.nics = s(),
        "ip_address" => f.ip_address = s(),
        "mac_address" => f.mac_address = s(),
        "rack" => f.rack = s(),
        "u_position" => f.u_position = s(),
        "power_state" => f.power_state = Some(Some(PowerState::parse(col, v)?)),
        "purchase_date" => f.purchase_date = date(col)?,
        "warranty_end" => f.warranty_end = date(col)?,
        "os" => f.os = s(),
        "department" => f.department = s(),
        "owner" => f.owner = s(),
        "status" => f.status = Some(AssetStatus::parse(col, v)?),
        "remark" => f.remark = s(),
        "node_id" => f.node_id = int(col)?,
        _ => {}
    }
    Ok(())
}

fn row_error(line: usize, e: Error) -> AssetRowError {
    match e {
        Error::Validation { field, message } | Error::BadRequest { field, message } => {
            AssetRowError {
                line,
                field,
                message,
            }
        }
        other => AssetRowError {
            line,
            field: String::new(),
            message: other.to_string(),
        },
    }
}

/// Checks a whole file. A broken header (or no header, or too many rows) is
/// an error for the file; a bad row is reported in [`Parsed::errors`]. A
/// service tag repeated inside the file is an error on its later rows.
pub fn parse(text: &str) -> Result<Parsed> {
    let mut recs = records(text)?.into_iter();
    let Some((_, head)) = recs.next() else {
        return Err(Error::validation(
            "csv",
            "the file is empty: expected a header line",
        ));
    };
    let cols = header(&head)?;
    let mut parsed = Parsed::default();
    let mut tags: HashSet<String> = HashSet::new();
    for (n, (line, cells)) in recs.enumerate() {
        if n >= IMPORT_MAX_ROWS {
            return Err(Error::validation(
                "csv",
                format!("the file has more than {IMPORT_MAX_ROWS} rows; split it"),
            ));
        }
        if cells.len() != cols.len() {
            parsed.errors.push(AssetRowError {
                line,
                field: "csv".into(),
                message: format!(
                    "the row has {} cells, the header {} columns",
                    cells.len(),
                    cols.len()
                ),
            });
            continue;
        }
        let mut fields = AssetFields::default();
        let checked = cols
            .iter()
            .zip(&cells)
            .try_for_each(|(col, v)| set(&mut fields, col, v))
            .and_then(|()| AssetDraft::new(fields));
        match checked {
            Ok(d) if !tags.insert(d.service_tag.clone()) => parsed.errors.push(AssetRowError {
                line,
                field: "service_tag".into(),
                message: format!(
                    "service_tag {} appears more than once in the file",
                    d.service_tag
                ),
            }),
            Ok(d) => parsed.rows.push((line, d)),
            Err(e) => parsed.errors.push(row_error(line, e)),
        }
    }
    Ok(parsed)
}

/// The assets as CSV, every column of [`COLUMNS`], ready to import again.
pub fn render<'a>(assets: impl IntoIterator<Item = &'a AssetDraft>) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for a in assets {
        let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let cols = [
            a.hostname.clone(),
            a.service_tag.clone(),
            a.asset_number.clone(),
            a.model.clone(),
            a.serial_number.clone(),
            a.cpu_model.clone(),
            num(a.cpu_cores),
            num(a.cpu_threads),
            num(a.memory_gb),
            a.disks.clone(),
            a.nics.clone(),
            a.ip_address.clone(),
            a.mac_address.clone(),
            a.rack.clone(),
            a.u_position.clone(),
            a.power_state
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            date(a.purchase_date),
            date(a.warranty_end),
            a.os.clone(),
            a.department.clone(),
            a.owner.clone(),
            a.status.as_str().to_owned(),
            a.remark.clone(),
            num(a.node_id),
        ];
        let line: Vec<String> = cols.iter().map(|c| crate::csv::cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let a = AssetDraft::new(AssetFields {
            hostname: Some("gpu-01".into()),
            service_tag: Some("ABC1234".into()),
            model: Some("PowerEdge R750xa".into()),
            cpu_cores: Some(Some(64)),
            cpu_threads: Some(Some(128)),
            memory_gb: Some(Some(512)),
            disks: Some("2×960G SSD, RAID1\n8×8T \"SAS\"".into()),
            ip_address: Some("10.0.0.5".into()),
            mac_address: Some("00:1a:2b:3c:4d:5e".into()),
            u_position: Some("U5-U8".into()),
            power_state: Some(Some(PowerState::Online)),
            purchase_date: Some(Some("2024-01-15".parse().unwrap())),
            warranty_end: Some(Some("2027-01-15".parse().unwrap())),
            department: Some("AI 实验室".into()),
            status: Some(AssetStatus::Maintenance),
            ..AssetFields::default()
        })
        .unwrap();
        let b = AssetDraft::new(AssetFields {
            hostname: Some("cpu-02".into()),
            service_tag: Some("XYZ9876".into()),
            ..AssetFields::default()
        })
        .unwrap();
        let text = render([&a, &b]);
        let parsed = parse(&text).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let back: Vec<AssetDraft> = parsed.rows.into_iter().map(|(_, d)| d).collect();
        assert_eq!(back, vec![a, b]);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_field() {
        let text =
            "\u{feff}hostname,service_tag,mac_address,u_position,purchase_date,warranty_end\r\n\
                    ok-1,TAG1,,U1-U2,,\r\n\
                    bad-mac,TAG2,00:11,,,\r\n\
                    \r\n\
                    bad-u,TAG3,,U9-U5,,\r\n\
                    bad-date,TAG4,,,2025-01-01,2024-01-01\r\n\
                    dup,tag1,,,,\r\n\
                    short,TAG6\r\n";
        let p = parse(text).unwrap();
        assert_eq!(p.rows.len(), 1);
        let got: Vec<(usize, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "mac_address"),
                (5, "u_position"),
                (6, "warranty_end"),
                (7, "service_tag"),
                (8, "csv")
            ]
        );
    }

    #[test]
    fn header_problems_name_the_column() {
        let e = parse("hostname,service_tag,colour\na,B,c\n").unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        assert_eq!(field_of(e), "csv");
        let e = parse("hostname,model\na,b\n").unwrap_err();
        assert!(e.to_string().contains("service_tag"), "{e}");
        let e = parse("hostname,service_tag,hostname\n").unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        assert!(parse("").is_err());
        assert!(parse("hostname,service_tag\n\"a,B\n").is_err());
    }

    #[test]
    fn typed_cells_are_checked() {
        let p = parse("hostname,service_tag,cpu_cores,status,power_state\na,B,lots,online,on\nc,D,8,broken,\n")
            .unwrap();
        let got: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(got, vec!["cpu_cores", "status"]);
    }

    #[test]
    fn formulas_are_defused_on_export() {
        let a = AssetDraft::new(AssetFields {
            hostname: Some("h".into()),
            service_tag: Some("T".into()),
            remark: Some("=HYPERLINK(\"x\")".into()),
            ..AssetFields::default()
        })
        .unwrap();
        let text = render([&a]);
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    }
}
