//! Lints libraries of canned responses ("macros") in CI.
//!
//! ```text
//! cargo run --example lint_macros -- [--config tactful.toml] [--format human|jsonl|json|sarif|github]
//!     [--fail-on info|warning|error] [--fix [--dry-run]] PATH ...
//! ```
//!
//! Reads Zendesk macro exports (JSON, `comment_value` or `comment_value_html`), JSON/YAML/CSV lists
//! of `{title, body}`, Markdown with one macro per `##` section, and folders of `.txt`/`.md` files
//! (one macro each). Live template variables (`{{ticket.requester.first_name}}`, `{% if %}`) are
//! not linted; forgotten placeholders are. A `tactful: allow(rule-id)` marker in a macro's title
//! or body suppresses that rule there; unused markers are reported. Exit code: 0, 1 (findings at
//! or above `--fail-on`), 2 (usage or input errors).

#[path = "../common/mod.rs"]
mod common;
mod output;
mod sources;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use common::cli::Common;
use sources::Macro;
use tactful::{Coach, Config, Severity};

/// Lints libraries of canned responses (macros) in CI.
#[derive(Parser)]
#[command(name = "lint_macros")]
struct Args {
    #[command(flatten)]
    common: Common,
    /// Write safe suggestions back into `.txt` and `.md` sources.
    #[arg(long)]
    fix: bool,
    /// With `--fix`: print the changes as a unified diff instead of writing them.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// Files or folders of macros.
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
}

/// One finding, located in the source file.
#[derive(Clone, serde::Serialize)]
pub(crate) struct Located {
    pub(crate) rule: String,
    pub(crate) category: String,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) why: String,
    pub(crate) suggestion: Option<String>,
    pub(crate) safe: bool,
    /// Byte range in the source file.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) text: String,
}

/// One macro's results.
#[derive(serde::Serialize)]
pub(crate) struct MacroResult {
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) findings: Vec<Located>,
}

/// A file's results.
pub(crate) struct FileResult {
    pub(crate) path: String,
    pub(crate) source: String,
    pub(crate) macros: Vec<MacroResult>,
    pub(crate) error: Option<(usize, String)>,
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("json" | "yaml" | "yml" | "csv" | "md" | "txt")
    ) {
        out.push(path.to_path_buf());
    }
}

/// Masks live template variables (`{{ … }}`, `{% … %}` …) with filler letters of the same length,
/// so they are neither linted nor taken for missing words, and offsets stay exact.
fn mask_templates(text: &str, delimiters: &[(String, String)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (open, close) in delimiters {
        let mut at = 0;
        while let Some(rel) = text[at..].find(open.as_str()) {
            let s = at + rel;
            let Some(erel) = text[s + open.len()..].find(close.as_str()) else {
                break;
            };
            let e = s + open.len() + erel + close.len();
            for b in &mut bytes[s..e] {
                *b = b'n';
            }
            at = e;
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// `tactful: allow(a, b)` markers: the rule ids, and the byte ranges of the markers in `text`.
fn suppressions(text: &str) -> (Vec<String>, Vec<(usize, usize)>) {
    let mut ids = Vec::new();
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(rel) = text[at..].find("tactful: allow(") {
        let s = at + rel;
        let open = s + "tactful: allow(".len();
        let Some(close) = text[open..].find(')').map(|c| open + c) else {
            break;
        };
        ids.extend(
            text[open..close]
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty()),
        );
        ranges.push((s, close + 1));
        at = close + 1;
    }
    (ids, ranges)
}

fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let lc = tactful::line_col(src, offset);
    (lc.line, lc.column)
}

fn lint_macro(coach: &Coach, config: &Config, path: &str, src: &str, m: &Macro) -> MacroResult {
    let (title_ids, _) = suppressions(&m.title);
    let (body_ids, marker_ranges) = suppressions(&m.text);
    let mut text = mask_templates(&m.text, &config.template_delimiters());
    for (s, e) in &marker_ranges {
        // The marker itself is not linted.
        let filler = " ".repeat(e - s);
        text.replace_range(*s..*e, &filler);
    }
    let review = coach.review_draft(&text);
    let mut allowed: Vec<(String, bool)> = title_ids
        .into_iter()
        .chain(body_ids)
        .map(|i| (i, false))
        .collect();
    let mut findings = Vec::new();
    let mut push = |rule: String,
                    category: String,
                    severity: Severity,
                    message: String,
                    why: String,
                    suggestion: Option<String>,
                    safe: bool,
                    s: usize,
                    e: usize| {
        if let Some(a) = allowed.iter_mut().find(|(id, _)| *id == rule) {
            a.1 = true;
            return;
        }
        let (ss, se) = m.source_range(s, e);
        let (line, column) = line_col(src, ss);
        let (end_line, end_column) = line_col(src, se);
        findings.push(Located {
            rule,
            category,
            severity,
            message,
            why,
            suggestion,
            safe,
            start: ss,
            end: se,
            line,
            column,
            end_line,
            end_column,
            text: src.get(ss..se).unwrap_or("").to_string(),
        });
    };
    for f in &review.findings {
        push(
            f.rule.to_string(),
            f.category.to_string(),
            f.severity,
            f.message.to_string(),
            f.why.to_string(),
            f.suggestion.as_ref().map(|s| s.replacement.clone()),
            f.suggestion.as_ref().is_some_and(|s| s.is_safe()),
            f.span.start,
            f.span.end,
        );
    }
    if config.whole_replies {
        let t = tactful::Transcript::from_pairs([(tactful::Role::Agent, text.as_str())]);
        for c in coach.review_transcript(&t).conversation {
            if c.rule == "missing-greeting" || c.rule == "missing-thanks" {
                push(
                    c.rule.to_string(),
                    c.category.to_string(),
                    c.severity,
                    c.message.to_string(),
                    c.why.to_string(),
                    c.suggestion.clone(),
                    false,
                    0,
                    0,
                );
            }
        }
    }
    for (id, used) in allowed {
        if !used {
            let (s, _) = m.source_range(0, 0);
            let (line, column) = line_col(src, s);
            findings.push(Located {
                rule: "unused-suppression".into(),
                category: "suppression".into(),
                severity: Severity::Info,
                message: format!("`tactful: allow({id})` suppresses nothing in this macro"),
                why: "A suppression that matches nothing hides the next real finding; remove it."
                    .into(),
                suggestion: None,
                safe: false,
                start: s,
                end: s,
                line,
                column,
                end_line: line,
                end_column: column,
                text: String::new(),
            });
        }
    }
    MacroResult {
        file: path.to_string(),
        title: m.title.clone(),
        findings,
    }
}

fn read_file(path: &Path) -> Result<(String, Vec<Macro>), (usize, String)> {
    let src = std::fs::read(path).map_err(|e| (0, e.to_string()))?;
    let src = String::from_utf8(src).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        (line, "not valid UTF-8".to_string())
    })?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("macro")
        .to_string();
    let macros = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => sources::read_json(&src).map_err(|e| (e.line, e.reason))?,
        Some("yaml" | "yml") => sources::read_yaml(&src).map_err(|e| (e.line, e.reason))?,
        Some("csv") => sources::read_csv(&src).map_err(|e| (e.line, e.reason))?,
        _ => sources::read_markdown(&src, &stem),
    };
    Ok((src, macros))
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
    let fail_on = args.common.fail_on(&config);
    let mut files = Vec::new();
    for p in &args.inputs {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return ExitCode::from(2);
        }
        collect(p, &mut files);
    }
    let mut results = Vec::new();
    let mut input_errors = 0;
    for f in &files {
        let path = f.display().to_string();
        match read_file(f) {
            Ok((src, macros)) => {
                let mr: Vec<MacroResult> = macros
                    .iter()
                    .map(|m| lint_macro(&coach, &config, &path, &src, m))
                    .collect();
                if args.fix {
                    let verbatim = macros.iter().all(|m| m.verbatim);
                    if let Err(e) = output::fix(&path, &src, &mr, verbatim, args.dry_run) {
                        eprintln!("error: {path}: {e}");
                        input_errors += 1;
                    }
                }
                results.push(FileResult {
                    path,
                    source: src,
                    macros: mr,
                    error: None,
                });
            }
            Err((line, reason)) => {
                input_errors += 1;
                results.push(FileResult {
                    path,
                    source: String::new(),
                    macros: Vec::new(),
                    error: Some((line, reason)),
                });
            }
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if !(args.fix && args.dry_run) {
        if let Err(e) = output::write(args.common.format(), &results, &mut out) {
            eprintln!("error: writing output: {e}");
            return ExitCode::from(2);
        }
    }
    let _ = out.flush();
    let failing = results
        .iter()
        .flat_map(|r| &r.macros)
        .flat_map(|m| &m.findings)
        .any(|f| f.severity >= fail_on);
    if input_errors > 0 {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
