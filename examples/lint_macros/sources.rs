//! Reading macro libraries: each macro's text to lint, with an exact map from every byte of that
//! text back to a byte of the source file, so diagnostics point into the file itself.

use serde_json::Value;

/// One macro: its title, the text to lint, and where each byte of that text came from.
pub(crate) struct Macro {
    pub(crate) title: String,
    pub(crate) text: String,
    /// `map[i]` is the source offset of text byte `i`; `map[text.len()]` is the end.
    pub(crate) map: Vec<usize>,
    /// Whether the text is a verbatim slice of the source (safe fixes may be written back).
    pub(crate) verbatim: bool,
}

impl Macro {
    fn verbatim(title: String, src: &str, start: usize, end: usize) -> Macro {
        let text = src[start..end].to_string();
        let map = (start..=end).collect();
        Macro {
            title,
            text,
            map,
            verbatim: true,
        }
    }

    /// The source byte range of a text span.
    pub(crate) fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map.get(start).copied().unwrap_or(0);
        let e = if end == 0 {
            s
        } else {
            self.map.get(end - 1).map_or(s, |x| x + 1).max(s)
        };
        (s, e.max(s))
    }
}

/// A problem reading a library.
pub(crate) struct SourceError {
    pub(crate) line: usize,
    pub(crate) reason: String,
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

/// A JSON string literal's decoded text and, per decoded byte, its offset in the source.
fn decode_json_literal(src: &str, start: usize) -> Option<(String, Vec<usize>, usize)> {
    let bytes = src.as_bytes();
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut out = String::new();
    let mut map = Vec::new();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                map.push(i);
                return Some((out, map, i + 1));
            }
            b'\\' => {
                let esc = *bytes.get(i + 1)?;
                let (c, len) = match esc {
                    b'n' => ('\n', 2),
                    b't' => ('\t', 2),
                    b'r' => ('\r', 2),
                    b'b' => ('\u{8}', 2),
                    b'f' => ('\u{c}', 2),
                    b'/' => ('/', 2),
                    b'\\' => ('\\', 2),
                    b'"' => ('"', 2),
                    b'u' => {
                        let hex = |at: usize| {
                            src.get(at..at + 4)
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                        };
                        let hi = hex(i + 2)?;
                        if (0xD800..0xDC00).contains(&hi) && src.get(i + 6..i + 8) == Some("\\u") {
                            let lo = hex(i + 8)?;
                            (
                                char::from_u32(
                                    0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF),
                                )?,
                                12,
                            )
                        } else {
                            (char::from_u32(hi).unwrap_or('\u{FFFD}'), 6)
                        }
                    }
                    _ => return None,
                };
                for _ in 0..c.len_utf8() {
                    map.push(i);
                }
                out.push(c);
                i += len;
            }
            _ => {
                let c = src[i..].chars().next()?;
                for k in 0..c.len_utf8() {
                    map.push(i + k);
                }
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    None
}

/// Finds the literal that encodes `value` in `src` at or after `from` and decodes it with offsets.
fn locate_json_string(src: &str, value: &str, from: usize) -> Option<(String, Vec<usize>, usize)> {
    let mut at = from;
    while let Some(rel) = src[at..].find('"') {
        let start = at + rel;
        if let Some((text, map, end)) = decode_json_literal(src, start) {
            if text == value {
                return Some((text, map, end));
            }
            at = end;
        } else {
            at = start + 1;
        }
    }
    None
}

/// HTML to text: tags dropped (block tags become line breaks), entities decoded, offsets kept.
fn html_to_text(html: &str, map: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut omap = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    let push = |out: &mut String, omap: &mut Vec<usize>, c: char, at: usize| {
        for _ in 0..c.len_utf8() {
            omap.push(map.get(at).copied().unwrap_or(0));
        }
        out.push(c);
    };
    while i < b.len() {
        if b[i] == b'<' {
            let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            let tag = html[i..end]
                .trim_start_matches(['<', '/'])
                .to_ascii_lowercase();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if matches!(
                name.as_str(),
                "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "ul" | "ol"
            ) && !out.ends_with('\n')
                && !out.is_empty()
            {
                push(&mut out, &mut omap, '\n', i);
            }
            i = end;
        } else if b[i] == b'&' {
            let end = html[i..].find(';').filter(|e| *e <= 10).map(|e| i + e + 1);
            let decoded = end.and_then(|e| match &html[i + 1..e - 1] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" | "#160" => Some(' '),
                n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            });
            match (decoded, end) {
                (Some(c), Some(e)) => {
                    push(&mut out, &mut omap, c, i);
                    i = e;
                }
                _ => {
                    push(&mut out, &mut omap, '&', i);
                    i += 1;
                }
            }
        } else {
            let c = html[i..].chars().next().unwrap_or(' ');
            for k in 0..c.len_utf8() {
                omap.push(map.get(i + k).copied().unwrap_or(0));
            }
            out.push(c);
            i += c.len_utf8();
        }
    }
    let end = map
        .get(html.len())
        .copied()
        .unwrap_or_else(|| omap.last().map_or(0, |x| x + 1));
    omap.push(end);
    (out, omap)
}

fn from_json_value(title: String, body: &str, src: &str, from: &mut usize, html: bool) -> Macro {
    match locate_json_string(src, body, *from) {
        Some((text, map, end)) => {
            *from = end;
            if html {
                let (t, m) = html_to_text(&text, &map);
                Macro {
                    title,
                    text: t,
                    map: m,
                    verbatim: false,
                }
            } else {
                Macro {
                    title,
                    text,
                    map,
                    verbatim: false,
                }
            }
        }
        None => {
            // Not found verbatim (an unusual escape): point every byte at the title's line.
            let at = src.find(&title).unwrap_or(0);
            let text = if html {
                html_to_text(body, &(0..=body.len()).map(|_| at).collect::<Vec<_>>()).0
            } else {
                body.to_string()
            };
            let map = vec![at; text.len() + 1];
            Macro {
                title,
                text,
                map,
                verbatim: false,
            }
        }
    }
}

/// A Zendesk macro export (`{"macros": [{"title", "actions": [{"field", "value"}]}]}`, as the Zendesk
/// Macros API returns it), a Gorgias macro list (`{"name", "actions": [{"arguments": {"body_text",
/// "body_html"}}]}`), or a JSON list of `{title, body}` records.
pub(crate) fn read_json(src: &str) -> Result<Vec<Macro>, SourceError> {
    let v: Value = serde_json::from_str(src).map_err(|e| SourceError {
        line: e.line().max(1),
        reason: format!("not valid JSON: {e}"),
    })?;
    let mut out = Vec::new();
    let mut from = 0;
    let list = match (&v, v.get("macros")) {
        (_, Some(Value::Array(m))) => m.clone(),
        (Value::Object(_), _) if v.get("macro").is_some() => vec![v["macro"].clone()],
        (Value::Array(a), _) => a.clone(),
        _ => {
            return Err(SourceError {
                line: 1,
                reason: "expected a Zendesk export (`macros`), or a list of {title, body}".into(),
            })
        }
    };
    for (i, m) in list.iter().enumerate() {
        // Zendesk calls it `title`, Gorgias `name`.
        let title = m
            .get("title")
            .or_else(|| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("(untitled)")
            .to_string();
        if let Some(body) = m.get("body").and_then(Value::as_str) {
            out.push(from_json_value(title, body, src, &mut from, false));
            continue;
        }
        let Some(actions) = m.get("actions").and_then(Value::as_array) else {
            return Err(SourceError {
                line: line_of(src, src.find(&title).unwrap_or(0)),
                reason: format!("macro {i} has neither `body` nor `actions`"),
            });
        };
        for a in actions {
            // Gorgias: `{"name": "setResponseText", "arguments": {"body_text", "body_html"}}`.
            if let Some(args) = a.get("arguments") {
                if let Some(body) = args.get("body_text").and_then(Value::as_str) {
                    out.push(from_json_value(title.clone(), body, src, &mut from, false));
                } else if let Some(body) = args.get("body_html").and_then(Value::as_str) {
                    out.push(from_json_value(title.clone(), body, src, &mut from, true));
                }
                continue;
            }
            let field = a.get("field").and_then(Value::as_str).unwrap_or("");
            let html = field == "comment_value_html";
            if field != "comment_value" && !html {
                continue;
            }
            // `comment_value` may be a string or ["channel:all", "text"].
            let value = match a.get("value") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Array(parts)) => parts.last().and_then(Value::as_str),
                _ => None,
            };
            if let Some(body) = value {
                out.push(from_json_value(title.clone(), body, src, &mut from, html));
            }
        }
    }
    Ok(out)
}

/// A YAML list of `{title, body}` records. Block scalars are located line by line in the source.
pub(crate) fn read_yaml(src: &str) -> Result<Vec<Macro>, SourceError> {
    #[derive(serde::Deserialize)]
    struct Rec {
        title: String,
        body: String,
    }
    let recs: Vec<Rec> = serde_norway::from_str(src).map_err(|e| SourceError {
        line: e.location().map_or(1, |l| l.line()),
        reason: format!("not a YAML list of {{title, body}}: {e}"),
    })?;
    let mut out = Vec::new();
    let mut from = 0;
    for r in recs {
        // Map each body line to the source line that holds it (block scalars keep line text).
        let mut map = Vec::with_capacity(r.body.len() + 1);
        let mut cursor = src[from..].find(&r.title).map_or(from, |i| from + i);
        for line in r.body.split_inclusive('\n') {
            let content = line.trim_end_matches('\n');
            let at = if content.is_empty() {
                None
            } else {
                src[cursor..].find(content).map(|i| cursor + i)
            };
            match at {
                Some(a) => {
                    for k in 0..content.len() {
                        map.push(a + k);
                    }
                    if line.ends_with('\n') {
                        map.push(a + content.len());
                    }
                    cursor = a + content.len();
                }
                None => map.extend(std::iter::repeat_n(cursor, line.len())),
            }
        }
        map.push(cursor);
        from = cursor;
        out.push(Macro {
            title: r.title,
            text: r.body,
            map,
            verbatim: false,
        });
    }
    Ok(out)
}

/// CSV with `title` and `body` columns (quoted fields may span lines).
pub(crate) fn read_csv(src: &str) -> Result<Vec<Macro>, SourceError> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(src.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| SourceError {
            line: 1,
            reason: format!("unreadable CSV header: {e}"),
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let (Some(ti), Some(bi)) = (
        headers.iter().position(|h| h == "title" || h == "name"),
        headers
            .iter()
            .position(|h| matches!(h.as_str(), "body" | "text" | "content" | "comment")),
    ) else {
        return Err(SourceError {
            line: 1,
            reason: "the CSV header needs `title` and `body` columns".into(),
        });
    };
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| SourceError {
            line: e.position().map_or(0, |p| p.line() as usize),
            reason: format!("unreadable CSV row: {e}"),
        })?;
        let start = rec.position().map_or(0, |p| p.byte() as usize);
        let title = rec.get(ti).unwrap_or("").to_string();
        let body = rec.get(bi).unwrap_or("").to_string();
        // Quoted CSV doubles quotes: map body bytes by scanning the record's source.
        let row = &src[start.min(src.len())..];
        let at = row.find(&body).map(|i| start + i);
        let map: Vec<usize> = match at {
            Some(a) => (a..=a + body.len()).collect(),
            None => vec![start; body.len() + 1],
        };
        out.push(Macro {
            title,
            text: body,
            map,
            verbatim: false,
        });
    }
    Ok(out)
}

/// Markdown: one macro per `## ` section (the heading is the title), or the whole file.
pub(crate) fn read_markdown(src: &str, file_title: &str) -> Vec<Macro> {
    let mut sections = Vec::new();
    let mut offset = 0;
    let mut current: Option<(String, usize)> = None;
    for line in src.split_inclusive('\n') {
        if let Some(h) = line.strip_prefix("## ") {
            if let Some((t, s)) = current.take() {
                sections.push((t, s, offset));
            }
            current = Some((h.trim().to_string(), offset + line.len()));
        }
        offset += line.len();
    }
    if let Some((t, s)) = current {
        sections.push((t, s, src.len()));
    }
    if sections.is_empty() {
        return vec![Macro::verbatim(file_title.to_string(), src, 0, src.len())];
    }
    sections
        .into_iter()
        .map(|(t, s, e)| Macro::verbatim(t, src, s, e))
        .collect()
}
