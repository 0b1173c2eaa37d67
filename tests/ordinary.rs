//! False alarms on ordinary text (`tests/data/ordinary/<lang>.txt`: everyday sentences from
//! Tatoeba, Common Voice, FLORES and NTREX; sources in `SOURCES.md`), read as customer messages.
//! A few lines of those corpora are genuinely rude or threatening ("I'll kill you."), so the
//! test bounds the share of lines that raise a signal rather than demanding none.

use std::path::Path;
use tactful::{Coach, Role};

/// Most signals allowed per 1,000 lines, per language.
const CEILINGS: &[(&str, usize)] = &[("en", 3), ("vi", 1), ("th", 3), ("ru", 2), ("ms", 3)];

#[test]
fn ordinary_text_rarely_raises_a_signal() {
    let coach = Coach::default();
    let mut failures = Vec::new();
    for &(lang, per_mille) in CEILINGS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/ordinary")
            .join(format!("{lang}.txt"));
        let text = std::fs::read_to_string(&path).expect("ordinary text");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut fired = Vec::new();
        for l in &lines {
            let r = coach.review(Role::Customer, l);
            if let Some(s) = r.signals.first() {
                fired.push(format!("{}: «{}» in {l}", s.rule, s.text));
            }
        }
        println!(
            "{lang}: {} of {} ordinary lines raised a signal ({:.2}‰)",
            fired.len(),
            lines.len(),
            fired.len() as f64 * 1000.0 / lines.len().max(1) as f64
        );
        for f in fired.iter().take(40) {
            println!("  {f}");
        }
        if fired.len() * 1000 > per_mille * lines.len() {
            failures.push(format!(
                "{lang}: {} signals on {} lines",
                fired.len(),
                lines.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
