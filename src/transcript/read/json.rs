//! JSON Lines (the contract's format) and JSON documents.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::source::SourceMap;
use super::{role_of, Item, ReadError};
use crate::lang::Lang;
use crate::transcript::time::parse_timestamp;
use crate::transcript::{Message, Transcript};

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

#[derive(Deserialize)]
struct RawTranscript<'a> {
    #[serde(borrow)]
    messages: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawMessage<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
}

/// The offset of `inner`, a slice of `outer`, within it.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Where the decoded text of the JSON string literal `token` (at `base` in the source) lies.
fn string_map(token: &str, base: usize) -> SourceMap {
    let b = token.as_bytes();
    let mut map = SourceMap::starting_at(base + 1);
    let (mut i, mut t) = (1, 0);
    while i < b.len() && b[i] != b'"' {
        if b[i] != b'\\' {
            i += 1;
            t += 1;
            continue;
        }
        let (len, decoded) = match b.get(i + 1) {
            Some(b'u') => {
                let hex = |at: usize| {
                    token
                        .get(at..at + 4)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                match hex(i + 2) {
                    Some(hi)
                        if (0xD800..0xDC00).contains(&hi)
                            && token.get(i + 6..i + 8) == Some("\\u") =>
                    {
                        (12, 4)
                    }
                    Some(cp) => (6, char::from_u32(cp).map_or(3, char::len_utf8)),
                    None => (2, 1),
                }
            }
            _ => (2, 1),
        };
        map.push(t, base + i);
        i += len;
        t += decoded;
        map.push(t, base + i);
    }
    map
}

/// Where each message's text lies in one line of JSON Lines (offsets from the line's start);
/// empty maps when the line cannot be read that way. Computed on demand: only output that
/// points into the file needs it.
pub fn jsonl_line_sources(line: &str) -> Vec<SourceMap> {
    let Ok(raw) = serde_json::from_str::<RawTranscript<'_>>(line) else {
        return Vec::new();
    };
    raw.messages
        .iter()
        .map(|m| {
            let at = offset_in(line, m.get());
            match serde_json::from_str::<RawMessage<'_>>(m.get()) {
                Ok(RawMessage { text: Some(t) }) if t.get().starts_with('"') => {
                    string_map(t.get(), at + offset_in(m.get(), t.get()))
                }
                _ => SourceMap::default(),
            }
        })
        .collect()
}

/// Reads JSON Lines: one transcript (or error) per non-blank line.
pub fn read_jsonl(src: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, line) in src.split('\n').enumerate() {
        match parse_jsonl_line(line.as_bytes(), i + 1) {
            Ok(Some(t)) => {
                let sources = jsonl_line_sources(line.trim_end_matches('\r'))
                    .into_iter()
                    .map(|s| s.shifted(at))
                    .collect();
                out.push(Item::Transcript {
                    line: i + 1,
                    transcript: t,
                    sources,
                })
            }
            Ok(None) => {}
            Err(e) => out.push(Item::Error(e)),
        }
        at += line.len() + 1;
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
            sources: json_sources(src),
        }],
        Err((id, reason)) => vec![Item::Error(ReadError {
            line: 1,
            id,
            reason,
        })],
    }
}

/// Where each message's text lies in a JSON document (an array of messages, or an object).
fn json_sources(src: &str) -> Vec<SourceMap> {
    let messages: Vec<&RawValue> = match serde_json::from_str::<Vec<&RawValue>>(src) {
        Ok(list) => list,
        Err(_) => return jsonl_line_sources(src),
    };
    messages
        .iter()
        .map(|m| {
            let at = offset_in(src, m.get());
            match serde_json::from_str::<RawMessage<'_>>(m.get()) {
                Ok(RawMessage { text: Some(t) }) if t.get().starts_with('"') => {
                    string_map(t.get(), at + offset_in(m.get(), t.get()))
                }
                _ => SourceMap::default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_texts_are_located_inside_the_line() {
        let line =
            r#"{"id": 1, "messages": [{"role": "agent", "text": "Hi\n\"you\" \u00e9t\u00e9"}]}"#;
        let t = parse_jsonl_line(line.as_bytes(), 1)
            .ok()
            .flatten()
            .expect("reads");
        let text = &t.messages[0].text;
        assert_eq!(text, "Hi\n\"you\" été");
        let maps = jsonl_line_sources(line);
        let m = &maps[0];
        let you = text.find("you").expect("you");
        let (s, e) = m.source_range(you, you + 3).expect("mapped");
        assert_eq!(&line[s..e], "you");
        let ete = text.find("été").expect("été");
        let (s, e) = m.source_range(ete, ete + "été".len()).expect("mapped");
        assert_eq!(&line[s..e], "\\u00e9t\\u00e9");
    }

    #[test]
    fn malformed_lines_are_errors_and_reading_goes_on() {
        let items = read_jsonl("{\"messages\": []}\nnot json\n{\"id\": 3}\n");
        assert!(matches!(&items[1], Item::Error(ReadError { line: 2, .. })));
        assert!(
            matches!(&items[2], Item::Error(ReadError { line: 3, id: Some(id), .. }) if id == "3")
        );
        assert!(matches!(read_json("[1,").first(), Some(Item::Error(_))));
    }

    #[test]
    fn array_documents() {
        let src = "[\n {\"role\": \"agent\", \"text\": \"Hello there\"}\n]";
        let items = read_json(src);
        let Some(Item::Transcript { sources, .. }) = items.first() else {
            panic!("no transcript")
        };
        let (s, e) = sources[0].source_range(6, 11).expect("mapped");
        assert_eq!(&src[s..e], "there");
    }
}
