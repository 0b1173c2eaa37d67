//! Transcript readers: pure functions from text to [`Transcript`]s (the caller does the I/O).
//!
//! * [`parse_jsonl_line`] / [`read_jsonl`]: the JSON Lines of `shared/CONTRACT.md`, one
//!   transcript per line.
//! * [`read_json`]: a JSON array of messages, or one object with `messages`.
//! * [`read_csv`]: CSV with a header naming the role and text columns (and optionally a
//!   conversation id and a timestamp).
//! * [`read_plain`]: role-labelled plain text (`Agent:`, `Khách hàng:`, `Оператор:`, `ลูกค้า:`,
//!   `Pelanggan:` …) with the labels of a coach's packs ([`crate::Coach::role_labels`]), optional
//!   `[10:02]` or ISO timestamps and multi-line messages.
//!
//! A malformed line is reported as a [`ReadError`] with its line number and reason, and reading
//! goes on: the result keeps every transcript and every error in source order. Each transcript
//! comes with a [`SourceMap`] per message, so a finding's span in a message maps back to the
//! bytes of the source (inside a JSON string, a CSV cell, a line of text).

mod csv;
mod json;
mod plain;
mod source;

use super::Transcript;
use crate::role::Role;

pub use self::csv::read_csv;
pub use json::{jsonl_line_sources, parse_jsonl_line, read_json, read_jsonl};
pub use plain::read_plain;
pub use source::SourceMap;

/// A problem at one line of the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ReadError {
    /// 1-based line number.
    pub line: usize,
    /// The transcript id, when it could be read.
    pub id: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// One item of a reader's output, in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A transcript and the line it starts at.
    Transcript {
        /// 1-based line where it starts.
        line: usize,
        /// The transcript.
        transcript: Transcript,
        /// Per message, where its text lies in the source (empty when unknown).
        sources: Vec<SourceMap>,
    },
    /// A line that could not be read.
    Error(ReadError),
}

kebab_enum! {
    /// Input formats.
    pub enum Format {
        /// JSON Lines, one transcript per line.
        Jsonl = "jsonl",
        /// A JSON array of messages (or an object with `messages`).
        Json = "json",
        /// CSV with role and text columns.
        Csv = "csv",
        /// Role-labelled plain text.
        Text = "text",
    }
}

impl Format {
    /// The format a file name's extension suggests (`.jsonl`/`.ndjson`, `.json`, `.csv`,
    /// `.txt`/`.log`/`.md`).
    pub fn from_extension(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "txt" | "log" | "md" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Reads `src` in `format`; `labels` are the role labels plain text may use.
pub fn read(src: &str, format: Format, labels: &crate::role::RoleLabels) -> Vec<Item> {
    match format {
        Format::Jsonl => read_jsonl(src),
        Format::Json => read_json(src),
        Format::Csv => read_csv(src),
        Format::Text => read_plain(src, labels),
    }
}

/// The role of a structured field value (`agent`, `customer`, `system` …), the contract's
/// vocabulary and its common synonyms.
fn role_of(s: &str) -> Result<Option<Role>, String> {
    match s.trim().to_lowercase().as_str() {
        "agent" | "assistant" | "operator" | "support" | "staff" | "rep" => Ok(Some(Role::Agent)),
        "customer" | "user" | "client" => Ok(Some(Role::Customer)),
        "system" | "bot" | "action" | "note" => Ok(None),
        other => Err(format!(
            "unknown role `{other}` (expected agent, customer, system or bot)"
        )),
    }
}
