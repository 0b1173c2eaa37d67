//! CSV with a header naming the role and text columns.

use super::source::SourceMap;
use super::{role_of, Item, ReadError};
use crate::transcript::time::parse_timestamp;
use crate::transcript::{Message, Transcript};

/// Where the text of field `col` of the record starting at byte `start` lies in `src`.
fn cell_map(src: &str, start: usize, col: usize) -> SourceMap {
    let b = src.as_bytes();
    let mut i = start;
    let mut field = 0;
    // Skip to the field.
    while field < col && i < b.len() {
        if b[i] == b'"' {
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < b.len() && b[i] != b',' && b[i] != b'\n' {
            i += 1;
        }
        if b.get(i) != Some(&b',') {
            return SourceMap::default();
        }
        i += 1;
        field += 1;
    }
    if b.get(i) != Some(&b'"') {
        return SourceMap::starting_at(i);
    }
    let mut map = SourceMap::starting_at(i + 1);
    let (mut j, mut t) = (i + 1, 0);
    while j < b.len() {
        if b[j] == b'"' {
            if b.get(j + 1) != Some(&b'"') {
                break;
            }
            map.push(t, j);
            t += 1;
            j += 2;
            map.push(t, j);
            continue;
        }
        j += 1;
        t += 1;
    }
    map
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
    let mut current: Option<(usize, Transcript, Vec<SourceMap>)> = None;
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
        let at = rec.position().map_or(0, |p| p.byte() as usize);
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
        let map = cell_map(src, at, text_col);
        match &mut current {
            Some((_, t, maps)) if t.id == id => {
                t.messages.push(msg);
                maps.push(map);
            }
            _ => {
                if let Some((l, t, sources)) = current.take() {
                    out.push(Item::Transcript {
                        line: l,
                        transcript: t,
                        sources,
                    });
                }
                current = Some((
                    line,
                    Transcript {
                        id,
                        lang: None,
                        messages: vec![msg],
                    },
                    vec![map],
                ));
            }
        }
    }
    if let Some((l, t, sources)) = current {
        out.push(Item::Transcript {
            line: l,
            transcript: t,
            sources,
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
            .filter_map(|i| match i {
                Item::Transcript { transcript, .. } => Some(transcript),
                Item::Error(_) => None,
            })
            .collect()
    }

    #[test]
    fn csv_with_conversations() {
        let src = "conversation,role,text,timestamp\n1,agent,Hi,2024-01-01T10:00:00Z\n1,customer,\"hello, \"\"there\"\"\",2024-01-01T10:00:30Z\n2,agent,Hey,\n2,robot,??,\n";
        let items = read_csv(src);
        let t = transcripts(&items);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].messages[1].text, "hello, \"there\"");
        assert!(items
            .iter()
            .any(|i| matches!(i, Item::Error(ReadError { line: 5, .. }))));
        let Some(Item::Transcript { sources, .. }) = items.first() else {
            panic!("transcript")
        };
        let text = &t[0].messages[1].text;
        let at = text.find("there").expect("there");
        let (s, e) = sources[1].source_range(at, at + 5).expect("mapped");
        assert_eq!(&src[s..e], "there");
        let (s, e) = sources[0].source_range(0, 2).expect("mapped");
        assert_eq!(&src[s..e], "Hi");
    }
}
