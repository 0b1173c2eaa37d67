//! The tables `build.rs` compiles the built-in packs into are the packs: a coach read from them
//! and a coach compiled from the packs' text at start-up know the same rules and languages and
//! give the same review, finding for finding and span for span, on every fixture line and every
//! ordinary sentence, read as either role.

mod common;

use std::path::Path;
use tactful::{Coach, EscalationPolicy, Role, Severity};

fn both() -> (Coach, Coach) {
    let read = Coach::default();
    let compiled = Coach::builder()
        .precompiled(false)
        .build()
        .expect("the built-in packs compile");
    (read, compiled)
}

#[test]
fn tables_know_what_the_packs_say() {
    let (read, compiled) = both();
    assert_eq!(read.languages(), compiled.languages());
    assert_eq!(read.rules(), compiled.rules());
    assert_eq!(read.pack_summaries(), compiled.pack_summaries());
    assert_eq!(read.warnings(), compiled.warnings());
    // The same automata; the entries a read coach borrows from the binary instead of holding.
    assert!(read.memory_usage() < compiled.memory_usage() * 3 / 4);
    assert!(read.memory_usage() > compiled.memory_usage() / 4);
}

#[test]
fn tables_review_every_fixture_and_ordinary_line_as_the_packs_do() {
    let (read, compiled) = both();
    let mut texts: Vec<String> = Vec::new();
    for lang in ["en", "vi", "th", "ru", "ms"] {
        for (_, cases) in common::language(lang) {
            texts.extend(cases.into_iter().map(|c| c.text));
        }
        let ordinary = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/ordinary")
            .join(format!("{lang}.txt"));
        let text = std::fs::read_to_string(&ordinary).expect("ordinary text");
        texts.extend(text.lines().take(400).map(str::to_string));
    }
    assert!(texts.len() > 3000, "only {} lines", texts.len());
    let mut raised = 0;
    for t in &texts {
        for role in [Role::Agent, Role::Customer] {
            let a = read.review(role, t);
            let b = compiled.review(role, t);
            assert_eq!(a, b, "{role:?}: {t}");
            raised += a.findings.len() + a.signals.len();
        }
    }
    // The comparison is not between two empty answers.
    assert!(raised > 1000, "only {raised} findings and signals");
}

#[test]
fn severities_and_policy_still_apply_to_a_coach_read_from_tables() {
    let coach = Coach::builder()
        .severity("dont-know", Severity::Error)
        .escalation_policy(EscalationPolicy::default())
        .build()
        .expect("builds");
    let r = coach.review_draft("I don't know when it ships.");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "dont-know")
        .expect("dont-know fires");
    assert_eq!(f.severity, Severity::Error);
    let err = Coach::builder()
        .severity("no-such-rule", Severity::Error)
        .build()
        .expect_err("unknown rule");
    assert!(err.to_string().contains("no-such-rule"), "{err}");
}
