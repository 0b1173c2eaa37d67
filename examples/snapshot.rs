//! Prints every finding and signal the built-in packs produce on the fixture lines of every
//! language, on the ordinary sentences and evaluation messages of `tests/` (each read as a
//! customer's and as an agent's) and on the real transcripts in `../shared/corpora/` (when
//! present), one line each:
//! `source<TAB>rule<TAB>start<TAB>end`. Two builds of the crate that must agree (a speed change)
//! print the same lines: `.ci/accuracy-diff BASE` compares them.
//!
//! ```text
//! cargo run --release --example snapshot > snapshot.tsv
//! ```

#[path = "../tests/common/mod.rs"]
mod fixtures;

use std::io::{BufWriter, Write};
use std::path::Path;

use tactful::{Coach, Review, Role};

fn print(out: &mut impl Write, source: &str, review: &Review) -> std::io::Result<()> {
    for f in &review.findings {
        writeln!(
            out,
            "{source}\t{}\t{}\t{}",
            f.rule, f.span.start, f.span.end
        )?;
    }
    for s in &review.signals {
        writeln!(
            out,
            "{source}\t{}\t{}\t{}",
            s.rule, s.span.start, s.span.end
        )?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let coach = Coach::default();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for lang in ["en", "vi", "th", "ru", "ms"] {
        for (role, cases) in fixtures::language(lang) {
            for case in cases {
                let source = format!("{}:{}", case.file.display(), case.line);
                print(&mut out, &source, &coach.review(role, &case.text))?;
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for lang in ["en", "vi", "th", "ru", "ms"] {
        for file in [
            format!("tests/data/ordinary/{lang}.txt"),
            format!("tests/eval/{lang}.tsv"),
        ] {
            let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
                continue;
            };
            for (n, line) in text.lines().enumerate() {
                for role in [Role::Customer, Role::Agent] {
                    let source = format!("{file}:{}:{role}", n + 1);
                    print(&mut out, &source, &coach.review(role, line))?;
                }
            }
        }
    }
    let corpora = root.join("../shared/corpora");
    let mut dirs: Vec<_> = std::fs::read_dir(&corpora)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("transcripts.jsonl")) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let messages = v["messages"].as_array().cloned().unwrap_or_default();
            for (k, m) in messages.iter().enumerate() {
                let role = match m["role"].as_str() {
                    Some("agent") => Role::Agent,
                    _ => Role::Customer,
                };
                let text = m["text"].as_str().unwrap_or_default();
                let source = format!("{}:{}#{k}", dir.display(), n + 1);
                print(&mut out, &source, &coach.review(role, text))?;
            }
        }
    }
    out.flush()
}
