//! Output: the tool's own JSON Lines and JSON, the shared diagnostics (human, SARIF 2.1.0, GitHub
//! workflow commands), and fixes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde_json::{json, Value};
use tactful::Severity;

use crate::common::cli::Format;
use crate::common::diag::{self, Diagnostic, Excerpt, Level, Region, RuleDoc};
use crate::{FileResult, MacroResult};

pub(crate) fn write<W: Write>(
    format: Format,
    results: &[FileResult],
    out: &mut W,
) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for r in results {
                if let Some((line, reason)) = &r.error {
                    writeln!(
                        out,
                        "{}",
                        json!({"file": r.path, "line": line, "error": reason})
                    )?;
                }
                for m in &r.macros {
                    writeln!(out, "{}", serde_json::to_string(m).unwrap_or_default())?;
                }
            }
            Ok(())
        }
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json_doc(results)).unwrap_or_default()
        ),
        Format::Human => {
            diag::write(format, &diagnostics(results), out)?;
            let (files, macros, by) = counts(results);
            writeln!(
                out,
                "{macros} macro(s) in {files} file(s): {} error(s), {} warning(s), {} info",
                by.get(&Severity::Error).unwrap_or(&0),
                by.get(&Severity::Warning).unwrap_or(&0),
                by.get(&Severity::Info).unwrap_or(&0)
            )
        }
        Format::Sarif | Format::Github => diag::write(format, &diagnostics(results), out),
    }
}

fn counts(results: &[FileResult]) -> (usize, usize, BTreeMap<Severity, usize>) {
    let mut by = BTreeMap::new();
    let mut macros = 0;
    for r in results {
        macros += r.macros.len();
        for f in r.macros.iter().flat_map(|m| &m.findings) {
            *by.entry(f.severity).or_insert(0) += 1;
        }
    }
    (results.len(), macros, by)
}

fn json_doc(results: &[FileResult]) -> Value {
    let (files, macros, by) = counts(results);
    json!({
        "files": results.iter().map(|r| json!({"path": r.path, "error": r.error.as_ref().map(|(l, e)| json!({"line": l, "reason": e})), "macros": r.macros})).collect::<Vec<_>>(),
        "summary": {"files": files, "macros": macros, "errors": by.get(&Severity::Error).unwrap_or(&0), "warnings": by.get(&Severity::Warning).unwrap_or(&0), "infos": by.get(&Severity::Info).unwrap_or(&0)},
    })
}

/// Every finding of every macro, and every unreadable file, as located diagnostics.
fn diagnostics(results: &[FileResult]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in results {
        if let Some((line, reason)) = &r.error {
            out.push(Diagnostic::input_error(&r.path, *line, reason));
        }
        let source: Arc<str> = Arc::from(r.source.as_str());
        for m in &r.macros {
            for f in &m.findings {
                let level = Level::from(f.severity);
                let end_column = if (f.end_line, f.end_column) == (f.line, f.column) {
                    f.column + 1
                } else {
                    f.end_column
                };
                out.push(Diagnostic {
                    path: r.path.clone(),
                    level,
                    rule: RuleDoc {
                        id: f.rule.clone(),
                        category: f.category.clone(),
                        message: f.message.clone(),
                        why: f.why.clone(),
                        level,
                    },
                    message: f.message.clone(),
                    context: Some(format!("macro \"{}\"", m.title)),
                    help: f.suggestion.clone(),
                    region: Region {
                        line: f.line,
                        column: f.column,
                        end_line: f.end_line,
                        end_column,
                    },
                    excerpt: (!r.source.is_empty()).then(|| Excerpt {
                        source: Arc::clone(&source),
                        span: f.start..f.end,
                    }),
                });
            }
        }
    }
    out
}

/// Applies safe suggestions to a plain-text source (or prints the diff with `--dry-run`).
/// Formats whose bodies are not verbatim slices of the file (JSON, YAML, CSV, HTML) are left
/// alone: rewriting them could not keep the file intact.
pub(crate) fn fix(
    path: &str,
    src: &str,
    macros: &[MacroResult],
    verbatim: bool,
    dry_run: bool,
) -> Result<(), String> {
    let mut edits: Vec<(usize, usize, &str)> = macros
        .iter()
        .flat_map(|m| &m.findings)
        .filter(|f| f.safe && f.end > f.start)
        .filter_map(|f| f.suggestion.as_deref().map(|s| (f.start, f.end, s)))
        .collect();
    if edits.is_empty() {
        return Ok(());
    }
    if !verbatim {
        eprintln!("note: {path}: {} safe fix(es) not applied: this format cannot be rewritten intact; fix them in the help desk", edits.len());
        return Ok(());
    }
    edits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut fixed = String::with_capacity(src.len());
    let mut at = 0;
    for (s, e, r) in edits {
        if s < at {
            continue;
        }
        fixed.push_str(&src[at..s]);
        fixed.push_str(r);
        at = e;
    }
    fixed.push_str(&src[at..]);
    if dry_run {
        let diff = similar::TextDiff::from_lines(src, &fixed);
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&format!("a/{path}"), &format!("b/{path}"))
        );
        Ok(())
    } else {
        std::fs::write(path, fixed).map_err(|e| e.to_string())
    }
}
