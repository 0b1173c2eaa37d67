//! Lints support transcripts with tactful.
//!
//! ```text
//! cargo run --release --example lint_transcripts -- [--format human|jsonl] [--fail-on info|warning|error] FILE.jsonl|- ...
//! ```
//!
//! Input and output follow `shared/CONTRACT.md`: JSON Lines, one transcript per line, answered
//! line by line in input order. A bad line (not UTF-8, not JSON, no `messages`) produces an
//! error object for that line and the rest is still reviewed. Exit code: 0 when no finding
//! reaches the failure threshold, 1 when one does, 2 for usage or input errors.

use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Deserialize;
use serde_json::{json, Value};
use tactful::{Coach, EscalationLevel, Lang, Role, Severity, SignalCounts};

const USAGE: &str = "usage: lint_transcripts [--format human|jsonl] [--fail-on info|warning|error] [--lang en|vi|th|ru|ms] FILE.jsonl|- ...";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Human,
    Jsonl,
}

struct Args {
    format: Format,
    fail_on: Severity,
    lang: Option<Lang>,
    inputs: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        format: if io::stdout().is_terminal() {
            Format::Human
        } else {
            Format::Jsonl
        },
        fail_on: Severity::Warning,
        lang: None,
        inputs: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "human" => Format::Human,
                    "jsonl" => Format::Jsonl,
                    other => return Err(format!("unknown format `{other}` (human, jsonl)")),
                }
            }
            "--fail-on" => {
                args.fail_on = match value("--fail-on")?.as_str() {
                    "info" => Severity::Info,
                    "warning" => Severity::Warning,
                    "error" => Severity::Error,
                    other => {
                        return Err(format!("unknown severity `{other}` (info, warning, error)"))
                    }
                }
            }
            "--lang" => {
                args.lang = Some(
                    value("--lang")?
                        .parse()
                        .map_err(|e: tactful::UnknownLang| e.to_string())?,
                )
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            _ => args.inputs.push(a),
        }
    }
    if args.inputs.is_empty() {
        return Err("no input given (a file, or `-` for standard input)".into());
    }
    Ok(args)
}

#[derive(Deserialize)]
struct InTranscript {
    id: Option<Value>,
    lang: Option<String>,
    messages: Vec<InMessage>,
}

#[derive(Deserialize)]
struct InMessage {
    role: String,
    #[serde(default)]
    text: Option<String>,
}

/// What one run found, for the exit code and the summary.
#[derive(Default)]
struct Totals {
    transcripts: usize,
    errors: usize,
    findings: usize,
    signals: usize,
    failing: bool,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let coach = match Coach::try_default() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    for input in &args.inputs {
        let reader: Box<dyn Read> = if input == "-" {
            Box::new(io::stdin())
        } else {
            match std::fs::File::open(input) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("error: {input}: {e}");
                    totals.errors += 1;
                    continue;
                }
            }
        };
        let name = if input == "-" {
            "<stdin>"
        } else {
            input.as_str()
        };
        if let Err(e) = lint_stream(
            &coach,
            &args,
            name,
            BufReader::new(reader),
            &mut out,
            &mut totals,
        ) {
            eprintln!("error: {name}: {e}");
            totals.errors += 1;
        }
    }
    let _ = out.flush();
    if args.format == Format::Human {
        eprintln!(
            "{} transcript(s), {} finding(s), {} signal(s), {} error(s)",
            totals.transcripts, totals.findings, totals.signals, totals.errors
        );
    }
    if totals.errors > 0 {
        ExitCode::from(2)
    } else if totals.failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn lint_stream<R: BufRead, W: Write>(
    coach: &Coach,
    args: &Args,
    name: &str,
    mut reader: R,
    out: &mut W,
    totals: &mut Totals,
) -> io::Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let raw = trim_line(&buf);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_line(raw) {
            Ok(t) => {
                totals.transcripts += 1;
                lint_transcript(coach, args, name, line_no, &t, out, totals)?;
            }
            Err((id, reason)) => {
                totals.errors += 1;
                match args.format {
                    Format::Jsonl => writeln!(
                        out,
                        "{}",
                        json!({"id": id, "line": line_no, "error": reason})
                    )?,
                    Format::Human => writeln!(out, "error: {name}:{line_no}: {reason}")?,
                }
            }
        }
    }
    Ok(())
}

fn trim_line(buf: &[u8]) -> &[u8] {
    let mut b = buf;
    while let [rest @ .., b'\n' | b'\r'] = b {
        b = rest;
    }
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// Parses one input line; on failure, the id if one could be read and the reason.
fn parse_line(raw: &[u8]) -> Result<InTranscript, (Value, String)> {
    let text = std::str::from_utf8(raw).map_err(|e| {
        (
            Value::Null,
            format!("not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| (Value::Null, format!("not valid JSON: {e}")))?;
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    if !value.is_object() {
        return Err((id, "a transcript must be a JSON object".into()));
    }
    if value.get("messages").is_none() {
        return Err((id, "missing `messages`".into()));
    }
    serde_json::from_value::<InTranscript>(value)
        .map_err(|e| (id, format!("invalid transcript: {e}")))
}

fn lint_transcript<W: Write>(
    coach: &Coach,
    args: &Args,
    name: &str,
    line_no: usize,
    t: &InTranscript,
    out: &mut W,
    totals: &mut Totals,
) -> io::Result<()> {
    let forced = args
        .lang
        .or_else(|| t.lang.as_deref().and_then(|l| l.parse().ok()));
    let lang = forced.or_else(|| {
        let all: String = t
            .messages
            .iter()
            .filter_map(|m| m.text.as_deref())
            .collect::<Vec<_>>()
            .join("\n");
        coach.detect(&all).primary
    });
    let mut findings = Vec::new();
    let mut signals = Vec::new();
    let mut counts = SignalCounts::default();
    let mut human = Vec::new();
    for (turn, m) in t.messages.iter().enumerate() {
        let role = match m.role.to_ascii_lowercase().as_str() {
            "agent" => Role::Agent,
            "customer" => Role::Customer,
            _ => continue,
        };
        let Some(text) = m.text.as_deref() else {
            continue;
        };
        let review = match forced {
            Some(l) => coach.review_in(role, text, l),
            None => coach.review(role, text),
        };
        for f in &review.findings {
            if f.severity >= args.fail_on {
                totals.failing = true;
            }
            totals.findings += 1;
            findings.push(json!({
                "rule": f.rule, "category": f.category, "severity": f.severity, "turn": turn,
                "span": {"start": f.span.start, "end": f.span.end}, "text": f.text,
                "message": f.message, "suggestion": f.suggestion.as_ref().map(|s| &s.replacement),
                "fix": f.suggestion.as_ref().map(|s| s.applicability), "why": f.why,
            }));
            if args.format == Format::Human {
                human.push(render_finding(name, line_no, turn, text, f));
            }
        }
        for s in &review.signals {
            counts.add(s.kind);
            totals.signals += 1;
            signals.push(json!({
                "kind": s.kind, "rule": s.rule, "turn": turn,
                "span": {"start": s.span.start, "end": s.span.end}, "text": s.text, "action": s.action,
            }));
            if args.format == Format::Human {
                human.push(render_signal(name, line_no, turn, text, s));
            }
        }
    }
    let level = coach.policy().level(&counts);
    match args.format {
        Format::Jsonl => {
            let line = json!({
                "id": t.id.clone().unwrap_or(Value::Null),
                "lang": lang.map(|l| l.code()),
                "findings": findings,
                "escalation": {"level": level, "signals": signals},
            });
            writeln!(out, "{line}")
        }
        Format::Human => {
            for h in human {
                writeln!(out, "{h}")?;
            }
            let id = t.id.as_ref().map_or_else(
                || format!("line {line_no}"),
                |v| v.as_str().map_or_else(|| v.to_string(), str::to_string),
            );
            if !findings.is_empty() || level != EscalationLevel::None {
                writeln!(out, "{name}:{line_no}: transcript {id}: {} finding(s), {} signal(s), escalation: {level}\n", findings.len(), signals.len())?;
            }
            Ok(())
        }
    }
}

fn renderer() -> Renderer {
    if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

fn render_finding(
    name: &str,
    line_no: usize,
    turn: usize,
    text: &str,
    f: &tactful::Finding,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let path = format!("{name}:{line_no} turn {turn}");
    let label = f
        .suggestion
        .as_ref()
        .map_or_else(String::new, |s| format!("try: \"{}\"", s.replacement));
    let report = &[level
        .primary_title(f.message.as_ref())
        .id(f.rule.as_str())
        .element(
            Snippet::source(text).path(path.as_str()).annotation(
                AnnotationKind::Primary
                    .span(f.span.range())
                    .label(label.as_str()),
            ),
        )];
    renderer().render(report).to_string()
}

fn render_signal(
    name: &str,
    line_no: usize,
    turn: usize,
    text: &str,
    s: &tactful::Signal,
) -> String {
    let path = format!("{name}:{line_no} turn {turn}");
    let title = format!("customer signal: {}", s.kind);
    let report = &[Level::NOTE
        .primary_title(title.as_str())
        .id(s.rule.as_str())
        .element(
            Snippet::source(text).path(path.as_str()).annotation(
                AnnotationKind::Primary
                    .span(s.span.range())
                    .label(s.action.as_ref()),
            ),
        )];
    renderer().render(report).to_string()
}
