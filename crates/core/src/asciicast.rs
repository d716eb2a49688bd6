//! asciicast v2, the format of jump host recordings: a JSON header line, then
//! one JSON array per event, `[seconds, "o", text]` for output and
//! `[seconds, "r", "COLSxROWS"]` for a resize. asciinema and the console's
//! player read it. Only output is kept: what the user types may hold
//! passwords, and the terminal echoes what it should show anyway.
//!
//! Text in a cast must be UTF-8 while a terminal's bytes arrive in arbitrary
//! chunks: a character split across two chunks is held back until its end
//! arrives ([`Utf8Carry`]), and bytes that are not UTF-8 at all become U+FFFD.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The media type of a cast file, as asciinema serves it.
pub const MEDIA_TYPE: &str = "application/x-asciicast";

/// One recorded terminal session, as admins list it (the file stays on the
/// server; `GET …/recordings/{id}/cast` streams it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recording {
    pub id: i64,
    /// The user who was in the session (the name is kept with the row).
    pub user_id: Option<i64>,
    pub username: String,
    pub instance_id: Option<i64>,
    pub instance_name: String,
    pub source_ip: String,
    /// The terminal's size when the session started.
    pub cols: u16,
    pub rows: u16,
    pub term: String,
    pub started_at: DateTime<Utc>,
    /// None while the session runs.
    pub ended_at: Option<DateTime<Utc>>,
    /// Terminal output recorded, in bytes.
    pub bytes: i64,
    /// The cast file's size.
    pub file_bytes: i64,
    /// Events were dropped because the disk could not keep up (the session
    /// itself was never slowed down).
    pub truncated: bool,
}

/// The cast's title: who, in which instance.
pub fn title(username: &str, instance: &str) -> String {
    format!("{username}@{instance}")
}

/// A file name for a new recording: sortable by start, unguessable, and made
/// of nothing a user chose (so it can never name a path elsewhere).
pub fn file_name(started: DateTime<Utc>, random: u64) -> String {
    format!("{}-{random:016x}.cast", started.format("%Y%m%dT%H%M%SZ"))
}

/// Whether `name` is a file name [`file_name`] makes (checked before a stored
/// name is joined to the recordings directory).
pub fn is_file_name(name: &str) -> bool {
    name.len() == 16 + 1 + 16 + 5
        && name.ends_with(".cast")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !name.contains("..")
}

/// The header line (with its newline).
pub fn header(cols: u16, rows: u16, started_unix: i64, term: &str, title: &str) -> String {
    let mut h = json!({
        "version": 2,
        "width": cols,
        "height": rows,
        "timestamp": started_unix,
        "title": title,
    });
    if !term.is_empty() {
        h["env"] = json!({ "TERM": term });
    }
    format!("{h}\n")
}

/// An output event line, `seconds` after the start.
pub fn output(seconds: f64, text: &str) -> String {
    format!("{}\n", json!([round_micros(seconds), "o", text]))
}

/// A resize event line.
pub fn resize(seconds: f64, cols: u16, rows: u16) -> String {
    format!(
        "{}\n",
        json!([round_micros(seconds), "r", format!("{cols}x{rows}")])
    )
}

fn round_micros(s: f64) -> f64 {
    (s.max(0.0) * 1e6).round() / 1e6
}

/// Turns chunks of bytes into whole UTF-8 text, holding back an incomplete
/// character at the end of a chunk for the next one.
#[derive(Debug, Default)]
pub struct Utf8Carry {
    pending: Vec<u8>,
}

impl Utf8Carry {
    pub fn push(&mut self, bytes: &[u8]) -> String {
        self.pending.extend_from_slice(bytes);
        let keep = incomplete_tail(&self.pending);
        let rest = self.pending.split_off(self.pending.len() - keep);
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending = rest;
        text
    }

    /// Whatever is still held back (at the end of the recording).
    pub fn finish(&mut self) -> String {
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        text
    }
}

/// How many bytes at the end of `b` start a UTF-8 character whose remaining
/// bytes have not arrived yet (0 to 3).
fn incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=3.min(b.len()) {
        let byte = b[b.len() - back];
        if byte & 0b1100_0000 == 0b1000_0000 {
            continue; // a continuation byte: look further back for its lead
        }
        let len = match byte {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0, // ASCII or invalid: nothing to wait for
        };
        return if len > back { back } else { 0 };
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_events_are_asciicast_v2() {
        let h: serde_json::Value =
            serde_json::from_str(header(100, 30, 1_764_000_000, "xterm", "alice@box").trim())
                .unwrap();
        assert_eq!(
            h,
            json!({"version": 2, "width": 100, "height": 30, "timestamp": 1_764_000_000i64,
                "title": "alice@box", "env": {"TERM": "xterm"}})
        );
        assert_eq!(
            output(1.234_567_89, "hi\r\n\"x\"\u{1b}[0m"),
            "[1.234568,\"o\",\"hi\\r\\n\\\"x\\\"\\u001b[0m\"]\n"
        );
        assert_eq!(resize(2.5, 120, 40), "[2.5,\"r\",\"120x40\"]\n");
        assert_eq!(output(-1.0, ""), "[0.0,\"o\",\"\"]\n");
    }

    #[test]
    fn file_names_are_made_of_time_and_randomness_only() {
        let t = DateTime::parse_from_rfc3339("2026-12-03T05:40:01Z")
            .unwrap()
            .with_timezone(&Utc);
        let n = file_name(t, 0xdead_beef);
        assert_eq!(n, "20261203T054001Z-00000000deadbeef.cast");
        assert!(is_file_name(&n));
        assert!(!is_file_name("../../etc/passwd"));
        assert!(!is_file_name("20261203T054001Z-00000000deadbeef.cas"));
        assert!(!is_file_name("20261203T054001Z-0000000/deadbeef.cast"));
        assert_eq!(title("alice", "box"), "alice@box");
    }

    #[test]
    fn characters_split_across_chunks_are_kept_whole() {
        let text = "序号 ok ✓ 😀";
        let bytes = text.as_bytes();
        // every split point, also inside multi-byte characters
        for cut in 0..=bytes.len() {
            let mut c = Utf8Carry::default();
            let mut got = c.push(&bytes[..cut]);
            got += &c.push(&bytes[cut..]);
            got += &c.finish();
            assert_eq!(got, text, "cut at {cut}");
        }
        // byte by byte
        let mut c = Utf8Carry::default();
        let got: String = bytes.iter().map(|b| c.push(&[*b])).collect();
        assert_eq!(got, text);
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters() {
        let mut c = Utf8Carry::default();
        assert_eq!(c.push(b"a\xffb"), "a\u{fffd}b");
        // a lead byte never completed is given up at the end
        assert_eq!(c.push(b"x\xe5"), "x");
        assert_eq!(c.finish(), "\u{fffd}");
    }
}
