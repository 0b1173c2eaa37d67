//! Lints support transcripts with tactful.
//!
//! ```text
//! cargo run --release --example lint_transcripts -- [--config tactful.toml]
//!     [--format human|jsonl|json|sarif|github] [--fail-on info|warning|error] [--lang CODE]
//!     [--input-format jsonl|json|csv|text] [--reply-limit SECONDS] PATH|- ...
//! ```
//!
//! Input and output follow `shared/CONTRACT.md`: JSON Lines, one transcript per line, answered
//! line by line in input order. A bad line (not UTF-8, not JSON, no `messages`) produces an
//! error object for that line and the rest is still reviewed. Human, SARIF and GitHub output
//! point at the line and column of the matched words inside the file (inside the JSON string,
//! the CSV cell, the line of text). Exit code: 0 when no finding reaches the failure threshold,
//! 1 when one does, 2 for usage or input errors.

#[path = "../common/mod.rs"]
mod common;
mod contract;
mod locate;

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use serde_json::{json, Value};
use tactful::transcript::read::{self, Format as InputFormat, Item, SourceMap};
use tactful::{
    Coach, EscalationLevel, Lang, Severity, Transcript, TranscriptOptions, TranscriptReview,
};

use common::cli::{Common, Format};
use common::diag::{self, Diagnostic};

/// Lints support transcripts: discouraged agent wording, missing courtesy, customer escalation.
#[derive(Parser)]
#[command(name = "lint_transcripts")]
struct Args {
    #[command(flatten)]
    common: Common,
    /// Review every transcript in this language instead of detecting it.
    #[arg(long, value_name = "CODE")]
    lang: Option<Lang>,
    /// Read inputs in this format (default: by extension; JSON Lines for `-`).
    #[arg(long, value_enum)]
    input_format: Option<InputKind>,
    /// Longest acceptable wait for an agent reply, in seconds (default: the configuration's, else 60).
    #[arg(long, value_name = "SECONDS")]
    reply_limit: Option<f64>,
    /// The most findings, and the most signals, reported per message (the first by position);
    /// the rest are counted in the transcript's `omitted`. 0: no limit.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_results: usize,
    /// Files or folders (searched for .jsonl .ndjson .json .csv .txt); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<String>,
}

/// Input formats as the command line names them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InputKind {
    Jsonl,
    Json,
    Csv,
    Text,
}

impl From<InputKind> for InputFormat {
    fn from(k: InputKind) -> InputFormat {
        match k {
            InputKind::Jsonl => InputFormat::Jsonl,
            InputKind::Json => InputFormat::Json,
            InputKind::Csv => InputFormat::Csv,
            InputKind::Text => InputFormat::Text,
        }
    }
}

/// Everything one run needs while it writes.
struct Run<W: Write> {
    coach: Coach,
    format: Format,
    fail_on: Severity,
    options: TranscriptOptions,
    out: W,
    /// Kept for the formats printed as one document at the end.
    collected: Vec<Value>,
    sarif: Vec<Diagnostic>,
    transcripts: usize,
    errors: usize,
    findings: usize,
    signals: usize,
    failing: bool,
}

/// Lines of JSON Lines reviewed together on every core; output stays in input order and memory
/// stays bounded by one batch, however large the file.
const BATCH: usize = 512;

impl<W: Write> Run<W> {
    fn options_for(&self, t: &Transcript) -> TranscriptOptions {
        TranscriptOptions {
            lang: self.options.lang.or(t.lang),
            ..self.options.clone()
        }
    }

    /// A line or file that could not be read.
    fn error(&mut self, file: &str, line: usize, id: Option<&str>, reason: &str) -> io::Result<()> {
        self.errors += 1;
        match self.format {
            Format::Jsonl => writeln!(self.out, "{}", contract::error(id, file, line, reason)),
            Format::Json => {
                self.collected.push(contract::error(id, file, line, reason));
                Ok(())
            }
            Format::Human | Format::Github => diag::write(
                self.format,
                &[Diagnostic::input_error(file, line, reason)],
                &mut self.out,
            ),
            Format::Sarif => {
                self.sarif.push(Diagnostic::input_error(file, line, reason));
                Ok(())
            }
        }
    }

    /// Writes one reviewed transcript; `locate` gives where its messages lie in the file (only
    /// asked for by the formats that point into it).
    fn transcript<'s>(
        &mut self,
        file: &str,
        line: usize,
        t: &Transcript,
        review: &TranscriptReview,
        locate: impl FnOnce() -> (Cow<'s, str>, usize, Vec<SourceMap>),
    ) -> io::Result<()> {
        self.transcripts += 1;
        self.findings += review.findings.len() + review.conversation.len();
        self.signals += review.signals.len();
        self.failing |= review
            .findings
            .iter()
            .any(|f| f.finding.severity >= self.fail_on)
            || review
                .conversation
                .iter()
                .any(|c| c.severity >= self.fail_on);
        match self.format {
            Format::Jsonl => writeln!(self.out, "{}", contract::transcript(t, review)),
            Format::Json => {
                self.collected.push(contract::transcript(t, review));
                Ok(())
            }
            Format::Human | Format::Github | Format::Sarif => {
                if review.findings.is_empty()
                    && review.conversation.is_empty()
                    && review.signals.is_empty()
                {
                    return Ok(());
                }
                let (text, first_line, maps) = locate();
                let source = locate::Source {
                    path: file,
                    text: &text,
                    first_line,
                    line,
                    maps: &maps,
                };
                let diags = locate::diagnostics(&source, t, review);
                if self.format == Format::Sarif {
                    self.sarif.extend(diags);
                    return Ok(());
                }
                diag::write(self.format, &diags, &mut self.out)?;
                if self.format == Format::Human {
                    let id = t.id.clone().unwrap_or_else(|| format!("line {line}"));
                    if !diags.is_empty() || review.level != EscalationLevel::None {
                        writeln!(
                            self.out,
                            "{file}:{line}: transcript {id}: {} finding(s), {} signal(s), escalation: {}\n",
                            review.findings.len() + review.conversation.len(),
                            review.signals.len(),
                            review.level
                        )?;
                    }
                }
                Ok(())
            }
        }
    }

    /// JSON Lines, streamed in batches reviewed on every core.
    fn stream<R: BufRead>(&mut self, file: &str, mut reader: R) -> io::Result<()> {
        let mut line_no = 0usize;
        let mut done = false;
        while !done {
            let mut batch: Vec<(usize, Vec<u8>, Result<Transcript, read::ReadError>)> =
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
                    Ok(Some(t)) => batch.push((line_no, buf, Ok(t))),
                    Err(e) => batch.push((line_no, Vec::new(), Err(e))),
                }
            }
            let ok: Vec<Transcript> = batch
                .iter()
                .filter_map(|(_, _, r)| r.as_ref().ok().cloned())
                .collect();
            let mut reviews = self
                .coach
                .review_transcripts(&ok, &self.options)
                .into_iter();
            for (n, raw, item) in batch {
                match item {
                    Ok(t) => {
                        let review = match reviews.next() {
                            Some(r) => r,
                            None => self.coach.review_transcript_with(&t, &self.options_for(&t)),
                        };
                        self.transcript(file, n, &t, &review, || {
                            let text = String::from_utf8_lossy(&raw)
                                .trim_end_matches(['\n', '\r'])
                                .to_string();
                            let maps = read::jsonl_line_sources(&text);
                            (Cow::Owned(text), n, maps)
                        })?;
                    }
                    Err(e) => self.error(file, n, e.id.as_deref(), &e.reason)?,
                }
            }
            self.out.flush()?;
        }
        Ok(())
    }

    /// A whole file in a format read at once (JSON, CSV, plain text).
    fn whole(&mut self, file: &str, bytes: Vec<u8>, format: InputFormat) -> io::Result<()> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                return self.error(file, line, None, "not valid UTF-8");
            }
        };
        for item in read::read(&text, format, self.coach.role_labels()) {
            match item {
                Item::Transcript {
                    line,
                    mut transcript,
                    sources,
                } => {
                    if transcript.id.is_none() {
                        transcript.id = Some(format!("{file}:{line}"));
                    }
                    let review = self
                        .coach
                        .review_transcript_with(&transcript, &self.options_for(&transcript));
                    self.transcript(file, line, &transcript, &review, || {
                        (Cow::Borrowed(text.as_str()), 1, sources)
                    })?;
                }
                Item::Error(e) => self.error(file, e.line, e.id.as_deref(), &e.reason)?,
            }
        }
        Ok(())
    }
}

/// Files under `dir` with a transcript extension, recursively, in a stable order.
fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
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

/// A reader of `file` (`-`: standard input), with a progress bar on a terminal for files over
/// 16 MB (never in pipes or CI).
fn open(file: &str) -> io::Result<Box<dyn Read>> {
    if file == "-" {
        return Ok(Box::new(io::stdin()));
    }
    let f = std::fs::File::open(file)?;
    match f.metadata().map(|m| m.len()) {
        Ok(len) if len > 16 << 20 && io::stderr().is_terminal() => {
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            Ok(Box::new(
                indicatif::ProgressBar::new(len)
                    .with_style(style)
                    .wrap_read(f),
            ))
        }
        _ => Ok(Box::new(f)),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (coach, config) = match common::load(args.common.config.as_deref()) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut options = config.transcript_options();
    options.lang = args.lang.map(|l| coach.language(l.code()).unwrap_or(l));
    if let Some(r) = args.reply_limit {
        options.reply_limit_secs = r;
    }
    options.max_results = (args.max_results > 0).then_some(args.max_results);
    let stdout = io::stdout();
    let mut run = Run {
        fail_on: args.common.fail_on(&config),
        format: args.common.format(),
        coach,
        options,
        out: BufWriter::new(stdout.lock()),
        collected: Vec::new(),
        sarif: Vec::new(),
        transcripts: 0,
        errors: 0,
        findings: 0,
        signals: 0,
        failing: false,
    };
    let mut files = Vec::new();
    for input in &args.inputs {
        if input != "-" && Path::new(input).is_dir() {
            let before = files.len();
            collect(Path::new(input), &mut files);
            if files.len() == before {
                eprintln!(
                    "error: {input}: no .jsonl, .ndjson, .json, .csv or .txt file in this folder"
                );
                run.errors += 1;
            }
        } else {
            files.push(input.clone());
        }
    }
    for file in &files {
        let name = if file == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        let format = args
            .input_format
            .map(InputFormat::from)
            .or_else(|| InputFormat::from_extension(file))
            .unwrap_or(InputFormat::Jsonl);
        let reader = match open(file) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                run.errors += 1;
                continue;
            }
        };
        let result = if format == InputFormat::Jsonl {
            run.stream(name, BufReader::new(reader))
        } else {
            let mut bytes = Vec::new();
            let mut reader = reader;
            match reader.read_to_end(&mut bytes) {
                Ok(_) => run.whole(name, bytes, format),
                Err(e) => Err(e),
            }
        };
        if let Err(e) = result {
            eprintln!("error: {name}: {e}");
            run.errors += 1;
        }
    }
    let summary = json!({"transcripts": run.transcripts, "findings": run.findings, "signals": run.signals, "errors": run.errors});
    let end = match run.format {
        Format::Json => writeln!(
            run.out,
            "{}",
            serde_json::to_string_pretty(
                &json!({"transcripts": run.collected, "summary": summary})
            )
            .unwrap_or_default()
        ),
        Format::Sarif => diag::write(Format::Sarif, &run.sarif, &mut run.out),
        _ => Ok(()),
    };
    let _ = end.and_then(|_| run.out.flush());
    if run.format == Format::Human {
        eprintln!(
            "{} transcript(s), {} finding(s), {} signal(s), {} error(s)",
            run.transcripts, run.findings, run.signals, run.errors
        );
    }
    if run.errors > 0 {
        ExitCode::from(2)
    } else if run.failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
