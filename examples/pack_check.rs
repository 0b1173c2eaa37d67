//! Checks rule packs as they are on disk, without rebuilding the crate: every fixture line, the
//! false alarms on ordinary text, and (scores only) the evaluation sets.
//!
//! ```text
//! cargo run --release --example pack_check -- [--packs DIR] [--lang CODE] [--extra PACK.toml]...
//!     [--ordinary] [--eval] [--dev FILE.tsv]... [--lines FILE]... [--show N] [--no-scoring]
//! ```
//!
//! The packs are read from `--packs` (default `src/packs`, every `<lang>.toml`), so a pack author
//! edits a file and runs the built binary again (`target/release/examples/pack_check`): no
//! recompilation. `--extra` adds packs of your own (a company pack) on top. Fixture lines come
//! from `tests/fixtures/<lang>/`; `--ordinary` reviews `tests/data/ordinary/<lang>.txt` as
//! customer messages and prints the lines that raised a signal; `--eval` prints precision and
//! recall on `tests/eval/<lang>.tsv` and `tests/eval/blind/<lang>.tsv` (scores only: tune against
//! fixtures, never against the evaluation sets). `--dev` scores an author's own labelled set
//! (same format as the evaluation sets) and prints every line it gets wrong; `--lines` reviews a
//! file of raw messages (one per line, for example toxic or clean public comments) and prints how
//! many raise a signal and the first lines that do and that do not. Exit code 1 when a fixture line fails.

#[path = "../tests/common/mod.rs"]
mod fixtures;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use tactful::{Coach, Lang, Role};

/// Checks rule packs against fixture lines, ordinary text and evaluation sets.
#[derive(Parser)]
struct Args {
    /// Folder of the language packs (`<lang>.toml`).
    #[arg(long, default_value = "src/packs")]
    packs: PathBuf,
    /// Only this language's fixture lines, ordinary text and evaluation set (default: all).
    #[arg(long)]
    lang: Vec<String>,
    /// More packs to add on top of the language packs.
    #[arg(long)]
    extra: Vec<PathBuf>,
    /// Review the ordinary-text samples and print the lines that raised a signal.
    #[arg(long)]
    ordinary: bool,
    /// Print precision and recall on the evaluation sets (scores only).
    #[arg(long)]
    eval: bool,
    /// An author's own labelled set (`expected<TAB>note<TAB>text`): scores and every miss.
    #[arg(long)]
    dev: Vec<PathBuf>,
    /// A file of raw customer messages, one per line: how many raise a signal, with examples.
    #[arg(long)]
    lines: Vec<PathBuf>,
    /// Leave the learned scorer out: only what the packs list.
    #[arg(long)]
    no_scoring: bool,
    /// The checkout whose fixtures, ordinary text and evaluation sets are read (default: the one
    /// this binary was built from), so one build serves a second working tree.
    #[arg(long)]
    root: Option<PathBuf>,
    /// How many example lines to print per list.
    #[arg(long, default_value_t = 40)]
    show: usize,
}

fn coach(args: &Args) -> Result<Coach, String> {
    let mut b = Coach::builder()
        .builtin_packs(false)
        .scoring(!args.no_scoring);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.packs)
        .map_err(|e| format!("{}: {e}", args.packs.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.ends_with("rules.toml"))
        .collect();
    files.sort();
    files.extend(args.extra.iter().cloned());
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        b = b.add_pack(f.display().to_string(), text);
    }
    b.build().map_err(|e| e.to_string())
}

/// Every fixture line of `lang` that fails, as printable lines.
fn fixture_failures(coach: &Coach, root: &Path, lang: &str) -> (usize, Vec<String>) {
    let mut total = 0;
    let mut failures = Vec::new();
    for (role, cases) in fixtures::language_in(&root.join("tests/fixtures"), lang) {
        for case in cases {
            total += 1;
            let r = coach.review(role, &case.text);
            let fired: Vec<(String, usize, usize)> = match role {
                Role::Agent => r
                    .findings
                    .iter()
                    .map(|f| (f.rule.to_string(), f.span.start, f.span.end))
                    .collect(),
                Role::Customer => r
                    .signals
                    .iter()
                    .map(|s| (s.rule.to_string(), s.span.start, s.span.end))
                    .collect(),
            };
            let at = format!("{}:{}", case.file.display(), case.line);
            let bad = match (&case.rule, case.positive) {
                (None, _) => !fired.is_empty(),
                (Some(rule), true) => match fired
                    .iter()
                    .filter(|(r, _, _)| r == rule)
                    .collect::<Vec<_>>()
                {
                    hits if hits.is_empty() => true,
                    hits => case
                        .expect
                        .is_some_and(|(s, e)| !hits.iter().any(|(_, a, b)| *a == s && *b == e)),
                },
                (Some(rule), false) => fired.iter().any(|(r, _, _)| r == rule),
            };
            if bad {
                let got: Vec<String> = fired
                    .iter()
                    .map(|(r, a, b)| format!("{r} «{}»", &case.text[*a..*b]))
                    .collect();
                let want = match (&case.rule, case.positive) {
                    (None, _) => "nothing".to_string(),
                    (Some(r), true) => r.clone(),
                    (Some(r), false) => format!("no {r}"),
                };
                failures.push(format!("{at}: want {want}, got {got:?}: {}", case.text));
            }
        }
    }
    (total, failures)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let coach = match coach(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for w in coach.warnings() {
        eprintln!("warning: {w}");
    }
    // What `tests/packs.rs` holds a built-in pack to: its phrases after expansion.
    for s in coach.pack_summaries() {
        println!("{}: {} phrases after expansion", s.name, s.total_phrases);
    }
    let root = args
        .root
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let langs: Vec<String> = if args.lang.is_empty() {
        coach.languages().iter().map(Lang::to_string).collect()
    } else {
        args.lang.clone()
    };
    let mut failed = false;
    for lang in &langs {
        let (total, failures) = fixture_failures(&coach, &root, lang);
        println!("{lang}: {} of {total} fixture lines fail", failures.len());
        for f in failures.iter().take(args.show) {
            println!("  {f}");
        }
        failed |= !failures.is_empty();
        if args.ordinary {
            let path = root.join("tests/data/ordinary").join(format!("{lang}.txt"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
                let fired = fixtures::eval::raising(&coach, &lines);
                println!(
                    "{lang}: {} of {} ordinary lines raise a signal",
                    fired.len(),
                    lines.len()
                );
                for f in fired.iter().take(args.show) {
                    println!("  {f}");
                }
            }
        }
        if args.eval {
            for (set, dir) in [("", "tests/eval"), (" (blind)", "tests/eval/blind")] {
                let path = root.join(dir).join(format!("{lang}.tsv"));
                if path.exists() {
                    let s = fixtures::eval::score(&coach, &fixtures::eval::read(&path));
                    print!("{}", s.table(&format!("{lang}{set}")));
                }
            }
        }
    }
    for path in &args.dev {
        if !path.exists() {
            eprintln!("error: {}: no such file", path.display());
            return ExitCode::from(2);
        }
        let s = fixtures::eval::score(&coach, &fixtures::eval::read(path));
        println!("{}:", path.display());
        print!("{}", s.table("dev"));
        for m in s.misses.iter().take(args.show) {
            println!(
                "  {}:{}: want {:?}, got {:?}: {}",
                path.display(),
                m.line,
                m.expected,
                m.raised,
                m.text
            );
        }
    }
    for path in &args.lines {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let (mut fired, mut silent) = (Vec::new(), Vec::new());
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            let r = coach.review(Role::Customer, l);
            match r.signals.first() {
                Some(s) => fired.push(format!("{} «{}»: {l}", s.rule, s.text)),
                None => silent.push(l.to_string()),
            }
        }
        let total = fired.len() + silent.len();
        println!(
            "{}: {} of {total} lines raise a signal ({:.1}%)",
            path.display(),
            fired.len(),
            100.0 * fired.len() as f64 / total.max(1) as f64
        );
        for f in fired.iter().take(args.show) {
            println!("  fired  {f}");
        }
        for l in silent.iter().take(args.show) {
            println!("  silent {l}");
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
