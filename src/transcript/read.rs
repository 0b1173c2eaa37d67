//! Transcript readers: pure functions from text to [`Transcript`]s (the caller does the I/O).
//!
//! * [`parse_jsonl_line`] / [`read_jsonl`]: the JSON Lines of `shared/CONTRACT.md`, one
//!   transcript per line.
//! * [`read_json`]: a JSON array of messages, or one object with `messages`.
//! * [`read_csv`]: CSV with a header naming the role and text columns (and optionally a
//!   conversation id and a timestamp).
//! * [`read_plain`]: role-labelled plain text in every supported language (`Agent:`,
//!   `Khách hàng:`, `Оператор:`, `ลูกค้า:`, `Pelanggan:` …), with optional `[10:02]` or ISO
//!   timestamps and multi-line messages.
//!
//! A malformed line is reported as a [`ReadError`] with its line number and reason, and reading
//! goes on: the result keeps every transcript and every error in source order.

use serde_json::Value;

use super::{parse_timestamp, Message, Transcript};
use crate::lang::Lang;
use crate::types::Role;

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
    },
    /// A line that could not be read.
    Error(ReadError),
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON Lines, one transcript per line.
    Jsonl,
    /// A JSON array of messages (or an object with `messages`).
    Json,
    /// CSV with role and text columns.
    Csv,
    /// Role-labelled plain text.
    Text,
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

/// Reads `src` in `format`.
pub fn read(src: &str, format: Format) -> Vec<Item> {
    match format {
        Format::Jsonl => read_jsonl(src),
        Format::Json => read_json(src),
        Format::Csv => read_csv(src),
        Format::Text => read_plain(src),
    }
}

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

fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn transcript_from_value(v: &Value) -> Result<Transcript, (Option<String>, String)> {
    let id = v.get("id").and_then(id_string);
    let Some(obj) = v.as_object() else {
        return Err((None, "a transcript must be a JSON object".into()));
    };
    let Some(messages) = obj.get("messages") else {
        return Err((id, "missing `messages`".into()));
    };
    let Some(list) = messages.as_array() else {
        return Err((id, "`messages` must be an array".into()));
    };
    let lang = match obj.get("lang") {
        None | Some(Value::Null) => None,
        Some(Value::String(l)) => Some(l.parse::<Lang>().map_err(|e| (id.clone(), e.to_string()))?),
        Some(_) => return Err((id, "`lang` must be a string".into())),
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        out.push(message_from_value(m).map_err(|e| (id.clone(), format!("message {i}: {e}")))?);
    }
    Ok(Transcript {
        id,
        lang,
        messages: out,
    })
}

fn message_from_value(m: &Value) -> Result<Message, String> {
    let role = m
        .get("role")
        .and_then(Value::as_str)
        .ok_or("missing `role`")?;
    let role = role_of(role)?;
    let text = match m.get("text") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err("`text` must be a string".into()),
    };
    let timestamp = match m.get("ts").or_else(|| m.get("timestamp")) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => {
            Some(parse_timestamp(s).ok_or_else(|| format!("unreadable timestamp `{s}`"))?)
        }
        Some(_) => return Err("`ts` must be a number or a string".into()),
    };
    let author = m
        .get("author")
        .or_else(|| m.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Message {
        role,
        text,
        timestamp,
        author,
    })
}

/// Parses one line of the contract's JSON Lines (bytes, so that invalid UTF-8 is an error of
/// that line, not of the file). Blank lines give `Ok(None)`.
pub fn parse_jsonl_line(raw: &[u8], line: usize) -> Result<Option<Transcript>, ReadError> {
    let err = |id: Option<String>, reason: String| ReadError { line, id, reason };
    let mut b = raw;
    while let [rest @ .., b'\n' | b'\r'] = b {
        b = rest;
    }
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    if b.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(b).map_err(|e| {
        err(
            None,
            format!("not valid UTF-8 (at byte {})", e.valid_up_to()),
        )
    })?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| err(None, format!("not valid JSON: {e}")))?;
    transcript_from_value(&value)
        .map(Some)
        .map_err(|(id, reason)| err(id, reason))
}

/// Reads JSON Lines: one transcript (or error) per non-blank line.
pub fn read_jsonl(src: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for (i, line) in src.split('\n').enumerate() {
        match parse_jsonl_line(line.as_bytes(), i + 1) {
            Ok(Some(t)) => out.push(Item::Transcript {
                line: i + 1,
                transcript: t,
            }),
            Ok(None) => {}
            Err(e) => out.push(Item::Error(e)),
        }
    }
    out
}

/// Reads a JSON array of messages, or an object with `messages` (and optional `id`, `lang`).
pub fn read_json(src: &str) -> Vec<Item> {
    let value: Value = match serde_json::from_str(src) {
        Ok(v) => v,
        Err(e) => {
            return vec![Item::Error(ReadError {
                line: e.line().max(1),
                id: None,
                reason: format!("not valid JSON: {e}"),
            })]
        }
    };
    let result = match &value {
        Value::Array(list) => {
            let mut messages = Vec::with_capacity(list.len());
            let mut error = None;
            for (i, m) in list.iter().enumerate() {
                match message_from_value(m) {
                    Ok(m) => messages.push(m),
                    Err(e) => {
                        error = Some((None, format!("message {i}: {e}")));
                        break;
                    }
                }
            }
            match error {
                Some(e) => Err(e),
                None => Ok(Transcript {
                    id: None,
                    lang: None,
                    messages,
                }),
            }
        }
        other => transcript_from_value(other),
    };
    match result {
        Ok(t) => vec![Item::Transcript {
            line: 1,
            transcript: t,
        }],
        Err((id, reason)) => vec![Item::Error(ReadError {
            line: 1,
            id,
            reason,
        })],
    }
}

/// Reads CSV. The header names the columns: role (`role`, `speaker`, `sender`, `from`, `author
/// role`), text (`text`, `message`, `body`, `content`), and optionally a conversation id (`id`,
/// `conversation`, `conversation_id`, `ticket`) that splits rows into transcripts, a timestamp
/// (`ts`, `timestamp`, `time`) and an author (`author`, `name`).
pub fn read_csv(src: &str) -> Vec<Item> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(src.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect::<Vec<_>>(),
        Err(e) => {
            return vec![Item::Error(ReadError {
                line: 1,
                id: None,
                reason: format!("unreadable CSV header: {e}"),
            })]
        }
    };
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(role_col), Some(text_col)) = (
        col(&["role", "speaker", "sender", "from", "author role"]),
        col(&["text", "message", "body", "content"]),
    ) else {
        return vec![Item::Error(ReadError { line: 1, id: None, reason: "the CSV header needs a role column (role, speaker, sender) and a text column (text, message, body)".into() })];
    };
    let id_col = col(&[
        "id",
        "conversation",
        "conversation_id",
        "ticket",
        "ticket_id",
    ]);
    let ts_col = col(&["ts", "timestamp", "time"]);
    let author_col = col(&["author", "name"]);
    let mut out: Vec<Item> = Vec::new();
    let mut current: Option<(usize, Transcript)> = None;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                out.push(Item::Error(ReadError {
                    line,
                    id: None,
                    reason: format!("unreadable CSV row: {e}"),
                }));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let id = id_col
            .and_then(|c| rec.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let role = match role_of(rec.get(role_col).unwrap_or("")) {
            Ok(r) => r,
            Err(reason) => {
                out.push(Item::Error(ReadError { line, id, reason }));
                continue;
            }
        };
        let timestamp = match ts_col
            .and_then(|c| rec.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => match parse_timestamp(s) {
                Some(t) => Some(t),
                None => {
                    out.push(Item::Error(ReadError {
                        line,
                        id,
                        reason: format!("unreadable timestamp `{s}`"),
                    }));
                    continue;
                }
            },
        };
        let msg = Message {
            role,
            text: rec.get(text_col).unwrap_or("").to_string(),
            timestamp,
            author: author_col
                .and_then(|c| rec.get(c))
                .map(str::to_string)
                .filter(|s| !s.is_empty()),
        };
        match &mut current {
            Some((_, t)) if t.id == id => t.messages.push(msg),
            _ => {
                if let Some((l, t)) = current.take() {
                    out.push(Item::Transcript {
                        line: l,
                        transcript: t,
                    });
                }
                current = Some((
                    line,
                    Transcript {
                        id,
                        lang: None,
                        messages: vec![msg],
                    },
                ));
            }
        }
    }
    if let Some((l, t)) = current {
        out.push(Item::Transcript {
            line: l,
            transcript: t,
        });
    }
    out
}

/// Role labels of plain-text transcripts, lower case, in every supported language.
const AGENT_LABELS: &[&str] = &[
    "agent",
    "support",
    "operator",
    "staff",
    "rep",
    "representative",
    "assistant",
    "advisor",
    "csr",
    "nhân viên",
    "nhan vien",
    "nv",
    "tư vấn viên",
    "tu van vien",
    "cskh",
    "hỗ trợ",
    "ho tro",
    "оператор",
    "агент",
    "поддержка",
    "специалист",
    "сотрудник",
    "консультант",
    "พนักงาน",
    "เจ้าหน้าที่",
    "แอดมิน",
    "ฝ่ายบริการลูกค้า",
    "ejen",
    "kakitangan",
    "staf",
    "wakil",
    "khidmat pelanggan",
    "admin",
];
const CUSTOMER_LABELS: &[&str] = &[
    "customer",
    "client",
    "user",
    "caller",
    "visitor",
    "khách hàng",
    "khach hang",
    "khách",
    "khach",
    "kh",
    "клиент",
    "покупатель",
    "пользователь",
    "абонент",
    "ลูกค้า",
    "ผู้ใช้",
    "pelanggan",
    "pengguna",
];
const SYSTEM_LABELS: &[&str] = &[
    "system",
    "bot",
    "note",
    "hệ thống",
    "система",
    "ระบบ",
    "sistem",
];

/// A labelled line: role (`None` for system lines), author, timestamp, text.
type Labelled<'a> = (Option<Role>, Option<String>, Option<f64>, &'a str);

/// Splits `[ts] Label (Name): text` / `ts Label: text`; `None` if the line has no known label.
fn labelled(line: &str) -> Option<Labelled<'_>> {
    let mut rest = line.trim_start();
    let mut ts = None;
    if let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']')?;
        ts = Some(parse_timestamp(&r[..close])?);
        rest = r[close + 1..].trim_start();
    } else if let Some((first, after)) = rest.split_once(' ') {
        if first.len() >= 4 && first.as_bytes()[0].is_ascii_digit() {
            if let Some(t) = parse_timestamp(first) {
                ts = Some(t);
                rest = after.trim_start();
            }
        }
    }
    let colon = rest.find([':', '：'])?;
    let label = rest[..colon].trim();
    if label.is_empty() || label.chars().count() > 40 {
        return None;
    }
    let text = rest[colon..].trim_start_matches([':', '：']).trim_start();
    let (name_part, author) = match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => {
            (label[..a].trim(), Some(label[a + 1..b].trim().to_string()))
        }
        _ => (label, None),
    };
    let key = name_part.to_lowercase();
    let role = if AGENT_LABELS.contains(&key.as_str()) {
        Some(Role::Agent)
    } else if CUSTOMER_LABELS.contains(&key.as_str()) {
        Some(Role::Customer)
    } else if SYSTEM_LABELS.contains(&key.as_str()) {
        None
    } else {
        return Option::None;
    };
    Some((role, author, ts, text))
}

/// Reads role-labelled plain text: one conversation per input. A line without a label continues
/// the previous message; before the first label it is an error. A line of only `---` or `===`
/// starts a new conversation.
pub fn read_plain(src: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Transcript)> = None;
    let mut last_ts: Option<f64> = None;
    for (i, raw) in src.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.len() >= 3
            && (trimmed.chars().all(|c| c == '-') || trimmed.chars().all(|c| c == '='))
        {
            if let Some((l, t)) = current.take() {
                out.push(Item::Transcript {
                    line: l,
                    transcript: t,
                });
            }
            last_ts = None;
            continue;
        }
        match labelled(line) {
            Some((role, author, ts, text)) => {
                // `[23:59]` then `[00:01]`: the chat went past midnight.
                let ts = match (ts, last_ts) {
                    (Some(t), Some(prev)) if t < 86_400.0 && t + 43_200.0 < prev => {
                        Some(t + 86_400.0)
                    }
                    (t, _) => t,
                };
                if ts.is_some() {
                    last_ts = ts;
                }
                let msg = Message {
                    role,
                    text: text.to_string(),
                    timestamp: ts,
                    author,
                };
                match &mut current {
                    Some((_, t)) => t.messages.push(msg),
                    None => {
                        current = Some((
                            line_no,
                            Transcript {
                                id: None,
                                lang: None,
                                messages: vec![msg],
                            },
                        ))
                    }
                }
            }
            None => {
                if trimmed.is_empty() {
                    if let Some((_, t)) = &mut current {
                        if let Some(m) = t.messages.last_mut() {
                            m.text.push('\n');
                        }
                    }
                    continue;
                }
                match current.as_mut().and_then(|(_, t)| t.messages.last_mut()) {
                    Some(m) => {
                        if !m.text.is_empty() && !m.text.ends_with('\n') {
                            m.text.push('\n');
                        }
                        m.text.push_str(line);
                    }
                    None => out.push(Item::Error(ReadError {
                        line: line_no,
                        id: None,
                        reason: "expected a role label such as `Agent:` or `Customer:` before the first message".into(),
                    })),
                }
            }
        }
    }
    if let Some((l, mut t)) = current {
        for m in &mut t.messages {
            let trimmed = m.text.trim_end().len();
            m.text.truncate(trimmed);
        }
        out.push(Item::Transcript {
            line: l,
            transcript: t,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcripts(items: &[Item]) -> Vec<&Transcript> {
        items
            .iter()
            .filter_map(|i| {
                if let Item::Transcript { transcript, .. } = i {
                    Some(transcript)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn plain_text_in_every_language() {
        let src = "[10:02] Agent (Anna): Hi, how can I help?\nCustomer: my order\nis late\n\nNhân viên: Chào anh\nKhách hàng: ok\nОператор: Здравствуйте\nКлиент: спасибо\nพนักงาน: สวัสดีครับ\nลูกค้า: ขอบคุณค่ะ\nEjen: Selamat pagi\nPelanggan: terima kasih\n";
        let items = read_plain(src);
        let t = transcripts(&items);
        assert_eq!(t.len(), 1);
        let m = &t[0].messages;
        assert_eq!(m.len(), 10);
        assert_eq!(m[0].author.as_deref(), Some("Anna"));
        assert_eq!(m[0].timestamp, Some(36_120.0));
        assert_eq!(m[1].text, "my order\nis late");
        assert_eq!(m[9].role, Some(Role::Customer));
    }

    #[test]
    fn malformed_lines_are_errors_and_reading_goes_on() {
        let items = read_plain("hello there\nAgent: hi\n");
        assert!(matches!(&items[0], Item::Error(ReadError { line: 1, .. })));
        assert_eq!(transcripts(&items).len(), 1);
        let items = read_jsonl("{\"messages\": []}\nnot json\n{\"id\": 3}\n");
        assert!(matches!(&items[1], Item::Error(ReadError { line: 2, .. })));
        assert!(
            matches!(&items[2], Item::Error(ReadError { line: 3, id: Some(id), .. }) if id == "3")
        );
    }

    #[test]
    fn csv_with_conversations() {
        let src = "conversation,role,text,timestamp\n1,agent,Hi,2024-01-01T10:00:00Z\n1,customer,\"hello, there\",2024-01-01T10:00:30Z\n2,agent,Hey,\n2,robot,??,\n";
        let items = read_csv(src);
        let t = transcripts(&items);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].messages[1].text, "hello, there");
        assert!(items
            .iter()
            .any(|i| matches!(i, Item::Error(ReadError { line: 5, .. }))));
    }

    #[test]
    fn json_array() {
        let items = read_json(
            r#"[{"role": "agent", "text": "Hi"}, {"role": "customer", "text": "Yo", "ts": 12}]"#,
        );
        assert_eq!(transcripts(&items)[0].messages[1].timestamp, Some(12.0));
        assert!(matches!(read_json("[1,").first(), Some(Item::Error(_))));
    }
}
