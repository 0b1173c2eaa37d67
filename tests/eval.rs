//! The customer-signal evaluation sets, scored on every run; pack authors tune against
//! `tests/fixtures/`, and the scorer learns from the fixtures and `tests/data/scorer/`, never from
//! these files.
//!
//! * `tests/eval/<lang>.tsv`: realistic messages written before the packs were grown for freely
//!   worded signals and never edited to fit the output, about half of them hard negatives.
//! * `tests/eval/blind/<lang>.tsv`: messages by two further writers per language who never saw
//!   the packs, the tests or each other's lines; no pack author and no training run has seen them.
//! * `tests/eval/innocent/<lang>.txt`: ordinary customer messages by the same writers (polite,
//!   impatient, idioms with violent-looking words) that must raise no signal.
//!
//! Prints precision and recall per language and signal kind (the tables in the README);
//! `TACTFUL_EVAL_MISSES=1` prints every line the coach gets wrong.

mod common;

use common::eval::{raising, read, score};
use std::path::{Path, PathBuf};
use tactful::Coach;

/// `(lang, overall precision, overall recall, share of hard negatives allowed to fire)`: what
/// each language must keep reaching on a set (measured when the set was last scored; a change
/// that lowers any of these is a regression).
type Floors = [(&'static str, f64, f64, f64)];

/// Measured 2026-12-05 with the scorer trained on six or seven writers' sets at a cut of 0.80,
/// legal threats among its categories: en P 0.96 R 0.88 (3/100 fire), vi 0.94/0.86 (4/91), th
/// 0.93/0.94 (4/88), ru 0.96/0.90 (4/87), ms 0.95/0.93 (4/85); the floors leave one or two lines.
/// Vietnamese recall is 0.85 since customer "vl" after an adjective is no longer profanity (one
/// line of this set, "mưa vl, hàng ướt hết rồi", was labelled so; README, "Evaluation").
const FIRST: &Floors = &[
    ("en", 0.94, 0.86, 0.05),
    ("vi", 0.92, 0.84, 0.066),
    ("th", 0.91, 0.92, 0.066),
    ("ru", 0.94, 0.88, 0.06),
    ("ms", 0.93, 0.91, 0.06),
];

/// Measured 2026-12-05, 186–187 labelled messages and 67 hard negatives per language: en P
/// 0.94 R 0.94 (4/67 fire), vi 0.96/0.88 (2/67), th 0.97/0.93 (3/67), ru 1.00/0.94 (0/67), ms
/// 0.92/0.93 (6/67); the floors leave one or two lines.
const BLIND: &Floors = &[
    ("en", 0.92, 0.92, 0.075),
    ("vi", 0.94, 0.86, 0.045),
    ("th", 0.95, 0.91, 0.075),
    ("ru", 0.98, 0.92, 0.03),
    ("ms", 0.90, 0.91, 0.12),
];

/// Most of the 400 innocent messages per language allowed to raise a signal (measured
/// 2026-12-05: en 2, vi 1, th 0, ru 4 (3 at the end of the day), ms 2; before the scorer's cut fell from 0.90 to 0.80,
/// en 2, vi 0, th 0, ru 3, ms 1).
const INNOCENT: &[(&str, usize)] = &[("en", 2), ("vi", 1), ("th", 1), ("ru", 4), ("ms", 2)];

fn path(dir: &str, file: String) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(file)
}

fn check(dir: &str, floors: &Floors) {
    let coach = Coach::default();
    let show = std::env::var_os("TACTFUL_EVAL_MISSES").is_some();
    let mut table = String::from(
        "| lang | kind | precision | recall | TP | FP | FN |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut failures = Vec::new();
    for &(lang, min_p, min_r, max_fire) in floors {
        let s = score(&coach, &read(&path(dir, format!("{lang}.tsv"))));
        table.push_str(&s.table(lang));
        if show {
            for m in &s.misses {
                println!(
                    "{dir}/{lang}:{} expected {:?} raised {:?} [{}] {}",
                    m.line, m.expected, m.raised, m.note, m.text
                );
            }
        }
        let o = s.overall();
        let fire = s.negatives_fired as f64 / s.negatives.max(1) as f64;
        if o.precision() < min_p || o.recall() < min_r || fire > max_fire {
            failures.push(format!(
                "{dir}/{lang}: precision {:.2} (floor {min_p}), recall {:.2} (floor {min_r}), hard negatives firing {fire:.2} (ceiling {max_fire})",
                o.precision(),
                o.recall()
            ));
        }
    }
    println!("{dir}:\n{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn evaluation_sets() {
    check("tests/eval", FIRST);
}

#[test]
fn blind_evaluation_sets() {
    check("tests/eval/blind", BLIND);
}

#[test]
fn innocent_messages_stay_silent() {
    let coach = Coach::default();
    let mut failures = Vec::new();
    for &(lang, ceiling) in INNOCENT {
        let file = path("tests/eval/innocent", format!("{lang}.txt"));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let fired = raising(&coach, &lines);
        println!(
            "{lang}: {} of {} innocent messages raise a signal",
            fired.len(),
            lines.len()
        );
        for f in &fired {
            println!("  {f}");
        }
        if fired.len() > ceiling {
            failures.push(format!(
                "{lang}: {} raise a signal (ceiling {ceiling})",
                fired.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
