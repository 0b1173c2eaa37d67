//! Runs when the crate is built, and does two things:
//!
//! 1. Finds the built-in language packs (`src/packs/<lang>.toml`), so that adding a built-in
//!    language is adding a file: `src/lib.rs` includes the generated list.
//! 2. Compiles those packs into the tables the library reads at start-up
//!    (`src/engine/precompiled.rs`). Expanding, normalizing and indexing their phrases and
//!    building the automata takes about a second, so it is done once, here, instead of in every
//!    process. The compiler is the library's own code: its modules are compiled into this
//!    script as they are into the library, so the tables cannot disagree with the code that
//!    reads them. If the packs do not compile, the tables are left empty and the library
//!    compiles the packs at start-up, where the error reaches the caller with file and line.

// The library's modules, linted as the library; much of their code is not used here.
#![allow(
    dead_code,
    unused_imports,
    unused_macros,
    missing_docs,
    unreachable_pub
)]
#![allow(clippy::all, clippy::pedantic)]

use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

#[macro_use]
#[path = "src/macros.rs"]
mod macros;

#[path = "src/boundary.rs"]
mod boundary;
#[path = "src/builder.rs"]
mod builder;
#[path = "src/coach.rs"]
mod coach;
#[path = "src/config.rs"]
mod config;
#[path = "src/detect/mod.rs"]
mod detect;
#[path = "src/engine/mod.rs"]
mod engine;
#[path = "src/error.rs"]
mod error;
#[path = "src/escalation.rs"]
mod escalation;
#[path = "src/finding.rs"]
mod finding;
#[path = "src/lang.rs"]
mod lang;
#[path = "src/normalize/mod.rs"]
mod normalize;
#[path = "src/pack/mod.rs"]
mod pack;
#[path = "src/review.rs"]
mod review;
#[path = "src/role.rs"]
mod role;
#[path = "src/rules/mod.rs"]
mod rules;
#[path = "src/score/mod.rs"]
mod score;
#[path = "src/score/train.rs"]
mod score_train;
#[path = "src/sentences.rs"]
mod sentences;
#[path = "src/signal.rs"]
mod signal;
#[path = "src/span.rs"]
mod span;
#[path = "src/transcript/mod.rs"]
pub mod transcript;

include!("src/exports.rs");

/// The tables this script writes do not exist yet while it runs.
static PRECOMPILED: &[u8] = &[];
static SCORERS: &[u8] = &[];

/// The built-in packs, read from `src/packs` when this script runs: `(name, text)`, sorted.
static PACKS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();

fn builtin_packs() -> &'static [(&'static str, &'static str)] {
    PACKS.get().map_or(&[], Vec::as_slice)
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build.rs");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let out_dir = Path::new(&out_dir);
    let mut names: Vec<String> = std::fs::read_dir("src/packs")
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".toml") && n != "rules.toml")
                .map(|n| n.trim_end_matches(".toml").to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut list = String::from(
        "/// The built-in packs, embedded at compile time: `(name, text)`, sorted by name.\npub(crate) const BUILTIN_PACKS: &[(&str, &str)] = &[\n",
    );
    let mut packs = Vec::new();
    for n in &names {
        let _ = writeln!(
            list,
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/packs/{n}.toml\"))),"
        );
        let text = std::fs::read_to_string(format!("src/packs/{n}.toml")).unwrap_or_default();
        packs.push((&*String::leak(n.clone()), &*String::leak(text)));
    }
    list.push_str("];\n");
    write(&out_dir.join("builtin_packs.rs"), list.as_bytes());
    let _ = PACKS.set(packs);
    let compiled = CoachBuilder::default()
        .precompiled(false)
        .scoring(false)
        .by_language()
        .compile();
    let tables = match &compiled {
        Ok(engine) => engine::precompiled::write(engine).unwrap_or_else(|e| {
            println!("cargo:warning=the built-in packs were not written as tables: {e}");
            Vec::new()
        }),
        Err(e) => {
            println!("cargo:warning=the built-in packs do not compile: {e}");
            Vec::new()
        }
    };
    write(&out_dir.join("builtin.tables"), &tables);
    let scorers = match &compiled {
        Ok(engine) => scorers(&names, engine),
        Err(_) => Vec::new(),
    };
    write(&out_dir.join("scorers.bin"), &scorers);
}

/// Trains each built-in language's scorer on its customer fixture lines and ordinary sentences
/// (`score`). A language whose files are missing (a crate unpacked without its tests) has none.
fn scorers(names: &[String], engine: &engine::Engine) -> Vec<u8> {
    println!("cargo:rerun-if-changed=tests/fixtures");
    println!("cargo:rerun-if-changed=tests/data/ordinary");
    println!("cargo:rerun-if-changed=tests/data/scorer");
    let mut models = Vec::new();
    for n in names {
        let fixtures = std::fs::read_to_string(format!("tests/fixtures/{n}/customer.txt"));
        let ordinary = std::fs::read_to_string(format!("tests/data/ordinary/{n}.txt"));
        let (Ok(fixtures), Ok(ordinary), Ok(lang)) = (fixtures, ordinary, lang::Lang::new(n))
        else {
            continue;
        };
        let options = review::ReviewOptions::default();
        let flagged = |line: &str| {
            !engine
                .review(role::Role::Customer, line, &options)
                .signals
                .is_empty()
        };
        let mut examples = score_train::examples(&fixtures, &ordinary, flagged);
        if let Ok(tsv) = std::fs::read_to_string(format!("tests/data/scorer/{n}.tsv")) {
            examples.extend(score_train::labelled(&tsv));
        }
        let mut guards: Vec<_> = guarding_fixtures(n)
            .iter()
            .flat_map(|f| score_train::examples(f, "", |_| false))
            .collect();
        // A message typed on another keyboard is scored as read back
        // (`engine/transliterated.rs`): its reading teaches, and guards, as the typed line does.
        let read_back = |lines: &[score_train::Example]| -> Vec<_> {
            engine
                .detector
                .transliterations()
                .iter()
                .filter(|t| t.lang == lang)
                .flat_map(|t| {
                    lines
                        .iter()
                        .filter(|e| e.text.is_ascii())
                        .filter_map(|e| Some(e.read_as(t.apply(&e.text)?.text())))
                })
                .collect()
        };
        let more = read_back(&examples);
        examples.extend(more);
        let more = read_back(&guards);
        guards.extend(more);
        let cancelled = |c: usize, text: &str, span: span::Span| {
            score::CATEGORIES
                .get(c)
                .is_some_and(|id| engine.scored_cancelled(id, lang, text, span))
        };
        if let Some(t) = score_train::train(&examples, &guards, cancelled) {
            models.push((lang, t));
        }
    }
    if models.is_empty() {
        return Vec::new();
    }
    score_train::write(&models)
}

/// The texts of a language's `customer-<name>.txt` fixture files, in name order: they test the
/// rules and guard the scorer's cuts, but teach it nothing, so that a pack round's tests, written
/// against one writer's dev set, do not retrain the models under every other rule.
fn guarding_fixtures(lang: &str) -> Vec<String> {
    let dir = Path::new("tests/fixtures").join(lang);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.starts_with("customer-") && n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .iter()
        .filter_map(|n| std::fs::read_to_string(dir.join(n)).ok())
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}
