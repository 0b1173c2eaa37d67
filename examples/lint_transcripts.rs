//! Lints support transcripts with tactful.
//!
//! ```text
//! cargo run --release --example lint_transcripts -- [--config tactful.toml] [--format human|jsonl|json|sarif|github]
//!     [--fail-on info|warning|error] FILE.jsonl|FOLDER|- ...
//! ```
//!
//! Input and output follow `shared/CONTRACT.md`: JSON Lines, one transcript per line, answered
//! line by line in input order. A bad line (not UTF-8, not JSON, no `messages`) produces an
//! error object for that line and the rest is still reviewed. Exit code: 0 when no finding
//! reaches the failure threshold, 1 when one does, 2 for usage or input errors.

#[path = "common/mod.rs"]
mod common;

use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde_json::{json, Value};
use tactful::transcript::read::{self, Format as InputFormat, Item};
use tactful::{Coach, EscalationLevel, Lang, Severity, Transcript, TranscriptOptions};

const USAGE: &str = "usage: lint_transcripts [--config FILE] [--format human|jsonl|json|sarif|github] [--fail-on info|warning|error] [--lang en|vi|th|ru|ms]\n                        [--input-format jsonl|json|csv|text] [--reply-limit SECONDS] PATH|- ...\n\nPATH is a file or a folder (searched recursively for .jsonl .ndjson .json .csv .txt); `-` reads standard input (JSON Lines unless --input-format says otherwise).";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Human,
    Jsonl,
    Json,
    Sarif,
    Github,
}

struct Args {
    config: Option<String>,
    fail_on_given: bool,
    format: Format,
    fail_on: Severity,
    lang: Option<Lang>,
    input_format: Option<InputFormat>,
    reply_limit: f64,
    inputs: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        config: None,
        fail_on_given: false,
        format: if io::stdout().is_terminal() {
            Format::Human
        } else {
            Format::Jsonl
        },
        fail_on: Severity::Warning,
        lang: None,
        input_format: None,
        reply_limit: TranscriptOptions::default().reply_limit_secs,
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
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    "github" => Format::Github,
                    other => {
                        return Err(format!(
                            "unknown format `{other}` (human, jsonl, json, sarif, github)"
                        ))
                    }
                }
            }
            "--config" => args.config = Some(value("--config")?),
            "--fail-on" => {
                args.fail_on_given = true;
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

/// What one run found, for the exit code and the summary.
#[derive(Default)]
struct Totals {
    /// What `--format json` and `--format sarif` print at the end.
    collected: Vec<Value>,
    sarif: Vec<Value>,
    transcripts: usize,
    errors: usize,
    findings: usize,
    signals: usize,
    failing: bool,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => return common::usage_error(&e, USAGE),
    };
    let mut args = args;
    let coach = match coach_from(&mut args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    let mut files = Vec::new();
    for input in &args.inputs {
        if input != "-" && std::path::Path::new(input).is_dir() {
            let before = files.len();
            collect(std::path::Path::new(input), &mut files);
            if files.len() == before {
                eprintln!(
                    "error: {input}: no .jsonl, .ndjson, .json, .csv or .txt file in this folder"
                );
                totals.errors += 1;
            }
        } else {
            files.push(input.clone());
        }
    }
    for input in &files {
        let format = args
            .input_format
            .or_else(|| InputFormat::from_extension(input))
            .unwrap_or(InputFormat::Jsonl);
        if format != InputFormat::Jsonl {
            let name = if input == "-" {
                "<stdin>"
            } else {
                input.as_str()
            };
            let mut src = Vec::new();
            let read_result = if input == "-" {
                io::stdin().read_to_end(&mut src)
            } else {
                std::fs::File::open(input).and_then(|mut f| f.read_to_end(&mut src))
            };
            if let Err(e) = read_result {
                eprintln!("error: {name}: {e}");
                totals.errors += 1;
                continue;
            }
            let text = match String::from_utf8(src) {
                Ok(t) => t,
                Err(e) => {
                    let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count()
                        + 1;
                    report_error(
                        &args,
                        &mut out,
                        name,
                        line,
                        None,
                        "not valid UTF-8".into(),
                        &mut totals,
                    );
                    continue;
                }
            };
            for item in read::read(&text, format, coach.role_labels()) {
                let r = match item {
                    Item::Transcript {
                        line,
                        mut transcript,
                        ..
                    } => {
                        if transcript.id.is_none() {
                            transcript.id = Some(format!("{name}:{line}"));
                        }
                        totals.transcripts += 1;
                        lint_transcript(
                            &coach,
                            &args,
                            name,
                            line,
                            &transcript,
                            &mut out,
                            &mut totals,
                        )
                    }
                    Item::Error(e) => {
                        report_error(
                            &args,
                            &mut out,
                            name,
                            e.line,
                            e.id.map(Value::String),
                            e.reason,
                            &mut totals,
                        );
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    eprintln!("error: writing output: {e}");
                    return ExitCode::from(2);
                }
            }
            continue;
        }
        let reader: Box<dyn Read> = if input == "-" {
            Box::new(io::stdin())
        } else {
            match std::fs::File::open(input) {
                // A progress bar on a terminal for large files (over 16 MB); never in pipes or CI.
                Ok(f) => match f.metadata().map(|m| m.len()) {
                    Ok(len) if len > 16 << 20 && io::stderr().is_terminal() => {
                        let bar = indicatif::ProgressBar::new(len).with_style(
                            indicatif::ProgressStyle::with_template(
                                "{spinner} {bytes}/{total_bytes} {wide_bar} {eta}",
                            )
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                        );
                        Box::new(bar.wrap_read(f))
                    }
                    _ => Box::new(f),
                },
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
    match args.format {
        Format::Json => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json!({"transcripts": totals.collected, "summary": {"transcripts": totals.transcripts, "findings": totals.findings, "signals": totals.signals, "errors": totals.errors}})).unwrap_or_default());
        }
        Format::Sarif => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&sarif_doc(&totals.sarif)).unwrap_or_default()
            );
        }
        _ => {}
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

/// The coach `tactful.toml` describes (see `common::load`), with its threshold and reply limit
/// unless the command line gave them.
fn coach_from(args: &mut Args) -> Result<Coach, String> {
    let (coach, config) = common::load(args.config.as_deref())?;
    if !args.fail_on_given {
        if let Some(f) = config.fail_on {
            args.fail_on = f;
        }
    }
    if let Some(r) = config.transcripts.reply_limit_secs {
        args.reply_limit = r;
    }
    Ok(coach)
}

/// Files under `dir` with a transcript extension, recursively, in a stable order.
fn collect(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if let Some(s) = p.to_str() {
            if InputFormat::from_extension(s).is_some() && !s.ends_with(".md") {
                out.push(s.to_string());
            }
        }
    }
}

fn report_error<W: Write>(
    args: &Args,
    out: &mut W,
    name: &str,
    line: usize,
    id: Option<Value>,
    reason: String,
    totals: &mut Totals,
) {
    totals.errors += 1;
    let obj = json!({"id": id.unwrap_or(Value::Null), "file": name, "line": line, "error": reason});
    let _ = match args.format {
        Format::Jsonl => writeln!(out, "{obj}"),
        Format::Human => writeln!(out, "error: {name}:{line}: {reason}"),
        Format::Github => writeln!(
            out,
            "::error file={},line={line}::{}",
            gh(name, true),
            gh(&reason, false)
        ),
        Format::Json => {
            totals.collected.push(obj);
            Ok(())
        }
        Format::Sarif => {
            totals.sarif.push(json!({"ruleId": "input-error", "level": "error", "message": {"text": reason}, "locations": [location(name, line)]}));
            Ok(())
        }
    };
}

/// Lines of JSON Lines reviewed together on every core; output stays in input order and memory
/// stays bounded by one batch, however large the file.
const BATCH: usize = 512;

fn lint_stream<R: BufRead, W: Write>(
    coach: &Coach,
    args: &Args,
    name: &str,
    mut reader: R,
    out: &mut W,
    totals: &mut Totals,
) -> io::Result<()> {
    let mut line_no = 0usize;
    let mut done = false;
    while !done {
        let mut batch: Vec<(usize, Result<Transcript, read::ReadError>)> =
            Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut buf = Vec::new();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                done = true;
                break;
            }
            line_no += 1;
            match read::parse_jsonl_line(&buf, line_no) {
                Ok(None) => {}
                Ok(Some(t)) => batch.push((line_no, Ok(t))),
                Err(e) => batch.push((line_no, Err(e))),
            }
        }
        let ok: Vec<Transcript> = batch
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().cloned())
            .collect();
        let default = TranscriptOptions {
            lang: args.lang,
            reply_limit_secs: args.reply_limit,
            ..TranscriptOptions::default()
        };
        let mut reviews = coach.review_transcripts(&ok, &default).into_iter();
        for (n, item) in batch {
            match item {
                Ok(t) => {
                    totals.transcripts += 1;
                    let review = reviews
                        .next()
                        .unwrap_or_else(|| coach.review_transcript_with(&t, &options(args, &t)));
                    emit_transcript(args, name, n, &t, &review, out, totals)?;
                }
                Err(e) => report_error(
                    args,
                    out,
                    name,
                    n,
                    e.id.map(Value::String),
                    e.reason,
                    totals,
                ),
            }
        }
        out.flush()?;
    }
    Ok(())
}

fn options(args: &Args, t: &Transcript) -> TranscriptOptions {
    TranscriptOptions {
        lang: args.lang.or(t.lang),
        reply_limit_secs: args.reply_limit,
        ..TranscriptOptions::default()
    }
}

fn lint_transcript<W: Write>(
    coach: &Coach,
    args: &Args,
    name: &str,
    line_no: usize,
    t: &Transcript,
    out: &mut W,
    totals: &mut Totals,
) -> io::Result<()> {
    let review = coach.review_transcript_with(t, &options(args, t));
    emit_transcript(args, name, line_no, t, &review, out, totals)
}

#[allow(clippy::too_many_arguments)]
fn emit_transcript<W: Write>(
    args: &Args,
    name: &str,
    line_no: usize,
    t: &Transcript,
    review: &tactful::TranscriptReview,
    out: &mut W,
    totals: &mut Totals,
) -> io::Result<()> {
    let mut findings = Vec::new();
    let mut human = Vec::new();
    for tf in &review.findings {
        let f = &tf.finding;
        if f.severity >= args.fail_on {
            totals.failing = true;
        }
        totals.findings += 1;
        findings.push(json!({
            "rule": f.rule, "category": f.category, "severity": f.severity, "turn": tf.turn,
            "span": {"start": f.span.start, "end": f.span.end}, "text": f.text,
            "message": f.message, "suggestion": f.suggestion.as_ref().map(|s| &s.replacement),
            "fix": f.suggestion.as_ref().map(|s| s.applicability), "why": f.why,
        }));
        if args.format == Format::Human {
            human.push(render_finding(
                name,
                line_no,
                tf.turn,
                &t.messages[tf.turn].text,
                f,
            ));
        }
    }
    for c in &review.conversation {
        if c.severity >= args.fail_on {
            totals.failing = true;
        }
        totals.findings += 1;
        findings.push(json!({
            "rule": c.rule, "category": c.category, "severity": c.severity, "turn": null, "span": null,
            "about_turn": c.about_turn, "message": c.message, "suggestion": c.suggestion, "why": c.why,
        }));
        if args.format == Format::Human {
            let about = c
                .about_turn
                .map_or_else(String::new, |t| format!(" (turn {t})"));
            let help = c
                .suggestion
                .as_ref()
                .map_or_else(String::new, |s| format!("\n  = help: try \"{s}\""));
            human.push(format!(
                "{}[{}]: {}\n  --> {name}:{line_no}{about}{help}\n",
                c.severity, c.rule, c.message
            ));
        }
    }
    let mut signals = Vec::new();
    for ts in &review.signals {
        let s = &ts.signal;
        totals.signals += 1;
        signals.push(json!({
            "kind": s.kind, "rule": s.rule, "turn": ts.turn,
            "span": {"start": s.span.start, "end": s.span.end}, "text": s.text, "action": s.action,
        }));
        if args.format == Format::Human {
            human.push(render_signal(
                name,
                line_no,
                ts.turn,
                &t.messages[ts.turn].text,
                s,
            ));
        }
    }
    let findings_empty = findings.is_empty();
    let (n_findings, n_signals) = (findings.len(), signals.len());
    let line = json!({
        "id": t.id,
        "lang": review.lang,
        "findings": findings,
        "escalation": {"level": review.level, "signals": signals, "levels": review.levels},
        "summary": review.summary,
    });
    match args.format {
        Format::Jsonl => writeln!(out, "{line}"),
        Format::Json => {
            totals.collected.push(line);
            Ok(())
        }
        Format::Github | Format::Sarif => {
            let id = t.id.clone().unwrap_or_else(|| format!("line {line_no}"));
            // One annotation per finding or signal, written now (GitHub) or kept for the
            // document printed at the end (SARIF).
            let mut annotate = |rule: &Value, severity: Severity, msg: String| -> io::Result<()> {
                let rule = rule.as_str().unwrap_or("");
                if args.format == Format::Github {
                    writeln!(
                        out,
                        "::{} file={},line={line_no},title={}::{}",
                        common::gh_command(severity),
                        gh(name, true),
                        gh(&format!("tactful {rule}"), true),
                        gh(&msg, false)
                    )
                } else {
                    totals.sarif.push(json!({"ruleId": rule, "level": common::sarif_level(severity), "message": {"text": msg}, "locations": [location(name, line_no)]}));
                    Ok(())
                }
            };
            for f in line["findings"].as_array().into_iter().flatten() {
                let turn = f["turn"]
                    .as_u64()
                    .map_or_else(String::new, |t| format!(", turn {t}"));
                let suggestion = f["suggestion"]
                    .as_str()
                    .map_or_else(String::new, |s| format!("Try: \"{s}\""));
                let severity =
                    serde_json::from_value(f["severity"].clone()).unwrap_or(Severity::Warning);
                annotate(
                    &f["rule"],
                    severity,
                    format!(
                        "{} [{id}{turn}] {suggestion}",
                        f["message"].as_str().unwrap_or("")
                    ),
                )?;
            }
            for sg in line["escalation"]["signals"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let msg = format!(
                    "customer signal {} in {id}, turn {}: {}",
                    sg["kind"].as_str().unwrap_or(""),
                    sg["turn"],
                    sg["action"].as_str().unwrap_or("")
                );
                annotate(&sg["rule"], Severity::Info, msg)?;
            }
            Ok(())
        }
        Format::Human => {
            for h in human {
                writeln!(out, "{h}")?;
            }
            let id = t.id.clone().unwrap_or_else(|| format!("line {line_no}"));
            if !findings_empty || review.level != EscalationLevel::None {
                writeln!(out, "{name}:{line_no}: transcript {id}: {n_findings} finding(s), {n_signals} signal(s), escalation: {}\n", review.level)?;
            }
            Ok(())
        }
    }
}

/// Escapes GitHub workflow-command data (and properties).
fn gh(s: &str, property: bool) -> String {
    common::gh_escape(s, property)
}

fn location(file: &str, line: usize) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": file.trim_start_matches("./")}, "region": {"startLine": line.max(1)}}})
}

/// The SARIF 2.1.0 document of everything collected.
fn sarif_doc(results: &[Value]) -> Value {
    let mut ids: Vec<String> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids.dedup();
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let idx = ids
                .iter()
                .position(|i| Some(i.as_str()) == r["ruleId"].as_str())
                .unwrap_or(0);
            r["ruleIndex"] = json!(idx);
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tactful", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://crates.io/crates/tactful",
                "rules": ids.iter().map(|i| json!({"id": i, "shortDescription": {"text": format!("tactful rule {i}")}, "help": {"text": format!("See the rule table of the tactful README for `{i}`.")}})).collect::<Vec<_>>()}},
            "results": results,
        }],
    })
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
