//! Output formats (human, JSON Lines, JSON, SARIF 2.1.0, GitHub workflow commands) and fixes.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde_json::{json, Value};
use tactful::Severity;

use crate::{FileResult, Format, Located, MacroResult};

pub(crate) fn write<W: Write>(
    format: Format,
    results: &[FileResult],
    out: &mut W,
) -> io::Result<()> {
    match format {
        Format::Human => human(results, out),
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
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(results)).unwrap_or_default()
        ),
        Format::Github => github(results, out),
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

use crate::common::sarif_level;

/// SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules that fired with their help
/// text, results with regions in the source files (columns in Unicode code points).
pub(crate) fn sarif(results: &[FileResult]) -> Value {
    let mut rules: Vec<&Located> = Vec::new();
    for f in results
        .iter()
        .flat_map(|r| &r.macros)
        .flat_map(|m| &m.findings)
    {
        if !rules.iter().any(|r| r.rule == f.rule) {
            rules.push(f);
        }
    }
    rules.sort_by(|a, b| a.rule.cmp(&b.rule));
    let index = |id: &str| rules.iter().position(|r| r.rule == id).unwrap_or(0);
    let mut out = Vec::new();
    for r in results {
        for m in &r.macros {
            for f in &m.findings {
                let mut text = f.message.clone();
                if let Some(s) = &f.suggestion {
                    text.push_str(&format!(" Try: \"{s}\"."));
                }
                out.push(json!({
                    "ruleId": f.rule,
                    "ruleIndex": index(&f.rule),
                    "level": sarif_level(f.severity),
                    "message": {"text": format!("{text} (macro \"{}\")", m.title)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": r.path.trim_start_matches("./")},
                        "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column.max(f.column + usize::from(f.end == f.start)), "snippet": {"text": f.text}},
                    }}],
                }));
            }
        }
        if let Some((line, reason)) = &r.error {
            out.push(json!({
                "ruleId": "input-error", "level": "error", "message": {"text": reason},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path.trim_start_matches("./")}, "region": {"startLine": (*line).max(1)}}}],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tactful",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/tactful",
                "rules": rules.iter().map(|f| json!({
                    "id": f.rule,
                    "name": f.rule.split('-').map(|w| { let mut c = w.chars(); c.next().map(|x| x.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default() }).collect::<String>(),
                    "shortDescription": {"text": f.message},
                    "fullDescription": {"text": f.why},
                    "help": {"text": f.why, "markdown": format!("**{}**: {}", f.rule, f.why)},
                    "defaultConfiguration": {"level": sarif_level(f.severity)},
                    "properties": {"category": f.category},
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    })
}

fn gh_escape(s: &str, property: bool) -> String {
    crate::common::gh_escape(s, property)
}

fn github<W: Write>(results: &[FileResult], out: &mut W) -> io::Result<()> {
    for r in results {
        if let Some((line, reason)) = &r.error {
            writeln!(
                out,
                "::error file={},line={}::{}",
                gh_escape(&r.path, true),
                line,
                gh_escape(reason, false)
            )?;
        }
        for m in &r.macros {
            for f in &m.findings {
                let cmd = crate::common::gh_command(f.severity);
                let mut msg = f.message.clone();
                if let Some(s) = &f.suggestion {
                    msg.push_str(&format!(" Try: \"{s}\""));
                }
                writeln!(
                    out,
                    "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    gh_escape(&r.path, true),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    gh_escape(&format!("tactful {} ({})", f.rule, m.title), true),
                    gh_escape(&msg, false)
                )?;
            }
        }
    }
    Ok(())
}

fn human<W: Write>(results: &[FileResult], out: &mut W) -> io::Result<()> {
    let renderer = if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for r in results {
        if let Some((line, reason)) = &r.error {
            writeln!(out, "error: {}:{line}: {reason}", r.path)?;
        }
        for m in &r.macros {
            for f in &m.findings {
                let level = match f.severity {
                    Severity::Error => Level::ERROR,
                    Severity::Warning => Level::WARNING,
                    Severity::Info => Level::INFO,
                };
                let label = match &f.suggestion {
                    Some(s) => format!("try: \"{s}\""),
                    None => format!("in macro \"{}\"", m.title),
                };
                let title = format!("{} (macro \"{}\")", f.message, m.title);
                let report = &[level
                    .primary_title(title.as_str())
                    .id(f.rule.as_str())
                    .element(
                        Snippet::source(r.source.as_str())
                            .path(r.path.as_str())
                            .annotation(
                                AnnotationKind::Primary
                                    .span(f.start..f.end)
                                    .label(label.as_str()),
                            ),
                    )];
                writeln!(out, "{}\n", renderer.render(report))?;
            }
        }
    }
    let (files, macros, by) = counts(results);
    writeln!(
        out,
        "{macros} macro(s) in {files} file(s): {} error(s), {} warning(s), {} info",
        by.get(&Severity::Error).unwrap_or(&0),
        by.get(&Severity::Warning).unwrap_or(&0),
        by.get(&Severity::Info).unwrap_or(&0)
    )
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
