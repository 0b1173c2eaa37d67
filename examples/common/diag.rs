//! One diagnostic model for both examples, located in the source file, and its renderers:
//! human (annotate-snippets), GitHub workflow commands and SARIF 2.1.0.

use std::io::{self, IsTerminal, Write};
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level as SnippetLevel, Renderer, Snippet};
use serde_json::{json, Value};
use tactful::Severity;

/// How serious a diagnostic is. Customer signals are notes: they ask the agent to act, they do
/// not fail a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Note,
    Info,
    Warning,
    Error,
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Level {
        match s {
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

impl Level {
    fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info | Level::Note => "note",
        }
    }

    fn github(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info | Level::Note => "notice",
        }
    }

    fn snippet(self) -> SnippetLevel<'static> {
        match self {
            Level::Error => SnippetLevel::ERROR,
            Level::Warning => SnippetLevel::WARNING,
            Level::Info => SnippetLevel::INFO,
            Level::Note => SnippetLevel::NOTE,
        }
    }
}

/// Where a diagnostic is in its file: 1-based lines, columns in Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    /// The region of bytes `start..end` of `source`, whose first line is line `first_line` of
    /// the file (a JSON Lines line, or the whole file from line 1). An empty range covers one
    /// column, so every consumer can show it.
    pub fn of(source: &str, first_line: usize, start: usize, end: usize) -> Region {
        let s = tactful::line_col(source, start);
        let e = tactful::line_col(source, end.max(start));
        let (end_line, end_column) = if (e.line, e.column) == (s.line, s.column) {
            (s.line, s.column + 1)
        } else {
            (e.line, e.column)
        };
        Region {
            line: first_line + s.line - 1,
            column: s.column,
            end_line: first_line + end_line - 1,
            end_column,
        }
    }

    /// A whole line, when nothing narrower is known.
    pub fn line(line: usize) -> Region {
        Region {
            line: line.max(1),
            column: 1,
            end_line: line.max(1),
            end_column: 2,
        }
    }
}

/// Text to show under a diagnostic, with the bytes to underline.
#[derive(Debug, Clone)]
pub struct Excerpt {
    pub source: Arc<str>,
    pub span: Range<usize>,
}

/// What a rule is, for the SARIF rule table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDoc {
    pub id: String,
    pub category: String,
    pub message: String,
    pub why: String,
    pub level: Level,
}

/// One finding, signal or input error, located in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub path: String,
    pub level: Level,
    pub rule: RuleDoc,
    pub message: String,
    /// Where it comes from inside the file ("transcript en-001, turn 1", "macro \"Refund\"").
    pub context: Option<String>,
    /// The better wording.
    pub help: Option<String>,
    pub region: Region,
    pub excerpt: Option<Excerpt>,
}

impl Diagnostic {
    /// An input that could not be read.
    pub fn input_error(path: &str, line: usize, reason: &str) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            level: Level::Error,
            rule: RuleDoc {
                id: "input-error".into(),
                category: "input".into(),
                message: "The input could not be read.".into(),
                why: "A line or file that cannot be read is reported with its line and reason; the other inputs are still reviewed.".into(),
                level: Level::Error,
            },
            message: reason.to_string(),
            context: None,
            help: None,
            region: Region::line(line),
            excerpt: None,
        }
    }

    fn full_message(&self) -> String {
        let mut m = self.message.clone();
        if let Some(c) = &self.context {
            m.push_str(&format!(" ({c})"));
        }
        if let Some(h) = &self.help {
            m.push_str(&format!(" Try: \"{h}\""));
        }
        m
    }
}

fn renderer() -> Renderer {
    if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// rustc-style diagnostics: the file, line and column, the words underlined, the suggestion.
pub fn human<W: Write>(diags: &[Diagnostic], out: &mut W) -> io::Result<()> {
    let renderer = renderer();
    for d in diags {
        let at = format!("{}:{}:{}", d.path, d.region.line, d.region.column);
        let origin = match &d.context {
            Some(c) => format!("{at} ({c})"),
            None => at,
        };
        match &d.excerpt {
            Some(x) => {
                let label = d
                    .help
                    .as_ref()
                    .map_or_else(String::new, |h| format!("try: \"{h}\""));
                let report = &[d
                    .level
                    .snippet()
                    .primary_title(d.message.as_str())
                    .id(d.rule.id.as_str())
                    .element(
                        Snippet::source(x.source.as_ref()).annotation(
                            AnnotationKind::Primary
                                .span(x.span.clone())
                                .label(label.as_str()),
                        ),
                    )];
                // The excerpt is the message, not the file: the arrow line gives the file's own
                // line and column.
                let rendered = renderer.render(report);
                let (title, body) = rendered.split_once('\n').unwrap_or((rendered.as_str(), ""));
                writeln!(out, "{title}\n  --> {origin}\n{body}\n")?;
            }
            None => {
                let help = d
                    .help
                    .as_ref()
                    .map_or_else(String::new, |h| format!("\n  = help: try \"{h}\""));
                writeln!(
                    out,
                    "{}[{}]: {}\n  --> {origin}{help}\n",
                    d.level.sarif(),
                    d.rule.id,
                    d.message
                )?;
            }
        }
    }
    Ok(())
}

/// Escapes the data (or, with `property`, a property value) of a GitHub workflow command.
fn gh_escape(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

/// GitHub Actions workflow commands: one annotation per diagnostic, at its line and columns.
pub fn github<W: Write>(diags: &[Diagnostic], out: &mut W) -> io::Result<()> {
    for d in diags {
        let r = d.region;
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            d.level.github(),
            gh_escape(&d.path, true),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            gh_escape(&format!("tactful {}", d.rule.id), true),
            gh_escape(&d.full_message(), false)
        )?;
    }
    Ok(())
}

/// A SARIF `artifactLocation.uri`: relative paths as they are (forward slashes), absolute ones as
/// `file://` URIs (a relative reference must not begin with a slash), percent-encoded.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./");
    let mut out = String::new();
    if p.starts_with('/') {
        out.push_str("file://");
    }
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Upper camel case of a kebab-case id (SARIF `name`).
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|x| x.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The SARIF 2.1.0 document of `diags`: one run, every rule that fired with its full
/// description and help, results with regions (columns in Unicode code points).
pub fn sarif(diags: &[Diagnostic]) -> Value {
    let mut rules: Vec<&RuleDoc> = Vec::new();
    for d in diags {
        if !rules.iter().any(|r| r.id == d.rule.id) {
            rules.push(&d.rule);
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let index = |id: &str| rules.iter().position(|r| r.id == id).unwrap_or(0);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let r = d.region;
            let mut region = json!({
                "startLine": r.line, "startColumn": r.column,
                "endLine": r.end_line, "endColumn": r.end_column,
            });
            if let Some(x) = &d.excerpt {
                if let Some(t) = x.source.get(x.span.clone()) {
                    region["snippet"] = json!({ "text": t });
                }
            }
            json!({
                "ruleId": d.rule.id,
                "ruleIndex": index(&d.rule.id),
                "level": d.level.sarif(),
                "message": {"text": d.full_message()},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&d.path)},
                    "region": region,
                }}],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tactful",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/tactful",
                "rules": rules.iter().map(|r| json!({
                    "id": r.id,
                    "name": camel(&r.id),
                    "shortDescription": {"text": r.message},
                    "fullDescription": {"text": r.why},
                    "help": {"text": r.why, "markdown": format!("**{}**: {}", r.id, r.why)},
                    "defaultConfiguration": {"level": r.level.sarif()},
                    "properties": {"category": r.category},
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Prints `diags` in `format` (human, github or sarif; the JSON formats are the tools' own).
pub fn write<W: Write>(
    format: super::cli::Format,
    diags: &[Diagnostic],
    out: &mut W,
) -> io::Result<()> {
    use super::cli::Format;
    match format {
        Format::Human => human(diags, out),
        Format::Github => github(diags, out),
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(diags)).unwrap_or_default()
        ),
        Format::Jsonl | Format::Json => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_regions() {
        assert_eq!(uri("./a b/c.json"), "a%20b/c.json");
        assert_eq!(uri("/tmp/x.json"), "file:///tmp/x.json");
        let r = Region::of("ab\ncdé f", 10, 7, 8);
        assert_eq!((r.line, r.column, r.end_line, r.end_column), (11, 4, 11, 5));
    }
}
