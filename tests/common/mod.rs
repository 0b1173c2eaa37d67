//! Shared helpers for the integration tests (and `examples/pack_check.rs`): the fixture format of
//! `tests/fixtures/README.md`, and scoring against labelled evaluation sets.
#![allow(dead_code)]

pub mod eval;

use std::path::{Path, PathBuf};

/// One fixture line.
#[derive(Debug, Clone)]
pub struct Case {
    pub file: PathBuf,
    pub line: usize,
    /// `None` under `## clean`.
    pub rule: Option<String>,
    pub positive: bool,
    pub text: String,
    /// The exact span marked with «…», as a byte range of `text`.
    pub expect: Option<(usize, usize)>,
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Parses one fixture file.
pub fn parse(path: &Path) -> Vec<Case> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rule: Option<String> = None;
    let mut out = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim_end();
        if let Some(h) = line.strip_prefix("## ") {
            let h = h.trim();
            rule = if h == "clean" {
                None
            } else {
                Some(h.to_string())
            };
            continue;
        }
        let (positive, body) = if let Some(b) = line.strip_prefix("+ ") {
            (true, b)
        } else if let Some(b) = line.strip_prefix("- ") {
            (false, b)
        } else {
            continue;
        };
        let (text, expect) = match (body.find('«'), body.find('»')) {
            (Some(a), Some(b)) if a < b => {
                let inner = &body[a + '«'.len_utf8()..b];
                let text = format!("{}{}{}", &body[..a], inner, &body[b + '»'.len_utf8()..]);
                (text, Some((a, a + inner.len())))
            }
            _ => (body.to_string(), None),
        };
        out.push(Case {
            file: path.to_path_buf(),
            line: i + 1,
            rule: rule.clone(),
            positive,
            text,
            expect,
        });
    }
    out
}

/// Every fixture file of a language: `(role, cases)`.
pub fn language(lang: &str) -> Vec<(tactful::Role, Vec<Case>)> {
    language_in(&fixtures_dir(), lang)
}

/// The fixture files of one language under `fixtures` (a `tests/fixtures` folder): per role
/// `<role>.txt`, then every `<role>-<name>.txt` in name order.
pub fn language_in(fixtures: &Path, lang: &str) -> Vec<(tactful::Role, Vec<Case>)> {
    let dir = fixtures.join(lang);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = Vec::new();
    for (stem, role) in [
        ("agent", tactful::Role::Agent),
        ("customer", tactful::Role::Customer),
    ] {
        let main = format!("{stem}.txt");
        let more = names.iter().filter(|n| {
            n.strip_prefix(stem)
                .and_then(|r| r.strip_prefix('-'))
                .is_some_and(|r| r.ends_with(".txt"))
        });
        for file in std::iter::once(&main).chain(more) {
            let p = dir.join(file);
            if p.exists() {
                out.push((role, parse(&p)));
            }
        }
    }
    out
}

/// The path of an example binary, built (or confirmed up to date) once per test binary:
/// `cargo test` builds examples, but `cargo test --test NAME` does not, and a stale example must
/// never be tested.
pub fn example_binary(name: &str) -> PathBuf {
    use std::process::Command;
    use std::sync::Mutex;
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut dir = std::env::current_exe().expect("test binary path");
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(["build", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if dir.ends_with("release") {
            cmd.arg("--release");
        }
        assert!(
            cmd.status().expect("cargo build").success(),
            "building example {name} failed"
        );
        built.push(name.to_string());
    }
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// The kinds of the signals a customer message raises, in order.
pub fn customer_kinds(coach: &tactful::Coach, text: &str) -> Vec<tactful::SignalKind> {
    coach
        .review(tactful::Role::Customer, text)
        .signals
        .iter()
        .map(|s| s.kind)
        .collect()
}
