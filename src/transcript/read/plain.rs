//! Role-labelled plain text, with the labels of a coach's packs.

use super::source::SourceMap;
use super::{Item, ReadError};
use crate::role::{Role, RoleLabels};
use crate::transcript::time::parse_timestamp;
use crate::transcript::{Message, Transcript};

/// A labelled line: role (`None` for system lines), author, timestamp, and where the text starts.
struct Labelled {
    role: Option<Role>,
    author: Option<String>,
    timestamp: Option<f64>,
    text_at: usize,
}

/// Splits `[ts] Label (Name): text` / `ts Label: text`; `None` if the line has no known label.
fn labelled(line: &str, labels: &RoleLabels) -> Option<Labelled> {
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
    let after = &rest[colon..];
    let text = after.trim_start_matches([':', '：']).trim_start();
    let (name_part, author) = match (label.find('('), label.rfind(')')) {
        (Some(a), Some(b)) if a < b => {
            (label[..a].trim(), Some(label[a + 1..b].trim().to_string()))
        }
        _ => (label, None),
    };
    let role = labels.get(name_part)?;
    Some(Labelled {
        role,
        author,
        timestamp: ts,
        text_at: line.len() - text.len(),
    })
}

/// A message being read, with where its text came from.
struct Open {
    line: usize,
    transcript: Transcript,
    sources: Vec<SourceMap>,
}

impl Open {
    fn push_line(&mut self, line: &str, at: usize) {
        let (Some(m), Some(map)) = (self.transcript.messages.last_mut(), self.sources.last_mut())
        else {
            return;
        };
        if !m.text.is_empty() && !m.text.ends_with('\n') {
            m.text.push('\n');
        }
        map.push(m.text.len(), at);
        m.text.push_str(line);
    }

    fn finish(mut self) -> Item {
        for m in &mut self.transcript.messages {
            let trimmed = m.text.trim_end().len();
            m.text.truncate(trimmed);
        }
        Item::Transcript {
            line: self.line,
            transcript: self.transcript,
            sources: self.sources,
        }
    }
}

/// Reads role-labelled plain text: one conversation per input. A line without a label continues
/// the previous message; before the first label it is an error. A line of only `---` or `===`
/// starts a new conversation. `labels` are the role labels, usually [`crate::Coach::role_labels`].
pub fn read_plain(src: &str, labels: &RoleLabels) -> Vec<Item> {
    let mut out = Vec::new();
    let mut current: Option<Open> = None;
    let mut last_ts: Option<f64> = None;
    let mut at = 0;
    for (i, raw) in src.split('\n').enumerate() {
        let line_start = at;
        at += raw.len() + 1;
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.len() >= 3
            && (trimmed.chars().all(|c| c == '-') || trimmed.chars().all(|c| c == '='))
        {
            out.extend(current.take().map(Open::finish));
            last_ts = None;
            continue;
        }
        match labelled(line, labels) {
            Some(l) => {
                // `[23:59]` then `[00:01]`: the chat went past midnight.
                let ts = match (l.timestamp, last_ts) {
                    (Some(t), Some(prev)) if t < 86_400.0 && t + 43_200.0 < prev => {
                        Some(t + 86_400.0)
                    }
                    (t, _) => t,
                };
                if ts.is_some() {
                    last_ts = ts;
                }
                let msg = Message {
                    role: l.role,
                    text: line[l.text_at..].to_string(),
                    timestamp: ts,
                    author: l.author,
                };
                let map = SourceMap::starting_at(line_start + l.text_at);
                match &mut current {
                    Some(open) => {
                        open.transcript.messages.push(msg);
                        open.sources.push(map);
                    }
                    None => {
                        current = Some(Open {
                            line: line_no,
                            transcript: Transcript {
                                id: None,
                                lang: None,
                                messages: vec![msg],
                            },
                            sources: vec![map],
                        })
                    }
                }
            }
            None => {
                if trimmed.is_empty() {
                    if let Some(m) = current
                        .as_mut()
                        .and_then(|o| o.transcript.messages.last_mut())
                    {
                        m.text.push('\n');
                    }
                    continue;
                }
                match &mut current {
                    Some(open) => open.push_line(line, line_start),
                    None => out.push(Item::Error(ReadError {
                        line: line_no,
                        id: None,
                        reason: "expected a role label such as `Agent:` or `Customer:` before the first message".into(),
                    })),
                }
            }
        }
    }
    out.extend(current.map(Open::finish));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> RoleLabels {
        let mut l = RoleLabels::new();
        for a in ["agent", "nhân viên", "оператор", "พนักงาน", "ejen"] {
            l.insert(a, Some(Role::Agent));
        }
        for c in ["customer", "khách hàng", "клиент", "ลูกค้า", "pelanggan"] {
            l.insert(c, Some(Role::Customer));
        }
        l
    }

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
    fn plain_text_in_every_language() {
        let src = "[10:02] Agent (Anna): Hi, how can I help?\nCustomer: my order\nis late\n\nNhân viên: Chào anh\nKhách hàng: ok\nОператор: Здравствуйте\nКлиент: спасибо\nพนักงาน: สวัสดีครับ\nลูกค้า: ขอบคุณค่ะ\nEjen: Selamat pagi\nPelanggan: terima kasih\n";
        let items = read_plain(src, &labels());
        let t = transcripts(&items);
        assert_eq!(t.len(), 1);
        let m = &t[0].messages;
        assert_eq!(m.len(), 10);
        assert_eq!(m[0].author.as_deref(), Some("Anna"));
        assert_eq!(m[0].timestamp, Some(36_120.0));
        assert_eq!(m[1].text, "my order\nis late");
        assert_eq!(m[9].role, Some(Role::Customer));
        let Some(Item::Transcript { sources, .. }) = items.first() else {
            panic!("transcript")
        };
        let late = m[1].text.find("late").expect("late");
        let (s, e) = sources[1].source_range(late, late + 4).expect("mapped");
        assert_eq!(&src[s..e], "late");
        let (s, e) = sources[0].source_range(0, 2).expect("mapped");
        assert_eq!(&src[s..e], "Hi");
    }

    #[test]
    fn malformed_lines_are_errors_and_reading_goes_on() {
        let items = read_plain("hello there\nAgent: hi\n", &labels());
        assert!(matches!(&items[0], Item::Error(ReadError { line: 1, .. })));
        assert_eq!(transcripts(&items).len(), 1);
    }
}
