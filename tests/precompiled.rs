//! The tables `build.rs` compiles the built-in packs into are the packs: a coach read from them
//! and a coach compiled from the packs' text at start-up know the same rules and languages and
//! give the same review, finding for finding and span for span, on every fixture line and every
//! ordinary sentence, read as either role.

mod common;

use std::path::Path;
use tactful::{Coach, EscalationPolicy, Lang, Role, Severity};

fn both() -> (Coach, Coach) {
    let read = Coach::default();
    let compiled = Coach::builder()
        .precompiled(false)
        .build()
        .expect("the built-in packs compile");
    (read, compiled)
}

/// Rules of every shape: phrases and combinations (agent and customer), patterns, capitals,
/// unrendered templates, a conversation check.
const TURNED_OFF: &[&str] = &[
    "dont-know",
    "jargon",
    "unfilled-placeholder",
    "shouting",
    "insult",
    "physical-threat",
    "churn-threat",
    "missing-greeting",
];

/// A coach with [`TURNED_OFF`] read from the tables (the rules masked at review) and one
/// compiled without them.
fn both_turned_off() -> (Coach, Coach) {
    let build = |precompiled: bool| {
        TURNED_OFF
            .iter()
            .fold(Coach::builder().precompiled(precompiled), |b, id| {
                b.disable_rule(*id)
            })
            .build()
            .expect("builds")
    };
    (build(true), build(false))
}

/// Every fixture line and 400 ordinary sentences per language.
fn texts() -> Vec<String> {
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
    texts
}

/// Both coaches review every text alike in both roles; returns how much they raised.
fn same_reviews(read: &Coach, compiled: &Coach, texts: &[String]) -> usize {
    let mut raised = 0;
    for t in texts {
        for role in [Role::Agent, Role::Customer] {
            let a = read.review(role, t);
            let b = compiled.review(role, t);
            assert_eq!(a, b, "{role:?}: {t}");
            raised += a.findings.len() + a.signals.len();
        }
    }
    raised
}

#[test]
fn tables_know_what_the_packs_say() {
    let (read, compiled) = both();
    assert_eq!(read.languages(), compiled.languages());
    assert_eq!(read.rules(), compiled.rules());
    assert_eq!(read.pack_summaries(), compiled.pack_summaries());
    assert_eq!(read.warnings(), compiled.warnings());
    // The same automata and entries, which a read coach steps and reads in the binary instead
    // of holding them on the heap: it holds only the automata's root transitions.
    assert!(compiled.memory_usage() > 10_000_000);
    assert!(read.memory_usage() < 64 * 1024, "{}", read.memory_usage());
}

#[test]
fn tables_review_every_fixture_and_ordinary_line_as_the_packs_do() {
    let (read, compiled) = both();
    let raised = same_reviews(&read, &compiled, &texts());
    // The comparison is not between two empty answers.
    assert!(raised > 1000, "only {raised} findings and signals");
}

#[test]
fn rules_turned_off_in_a_coach_read_from_tables_are_as_if_never_compiled() {
    let (read, compiled) = both_turned_off();
    assert_eq!(read.rules(), compiled.rules());
    assert_eq!(read.warnings(), compiled.warnings());
    for id in TURNED_OFF {
        assert!(
            !read.rules().iter().any(|r| r.id == *id && r.enabled),
            "{id}"
        );
        assert_eq!(read.phrases(id, Lang::En), Vec::<String>::new(), "{id}");
    }
    assert_eq!(
        read.phrases("policy-talk", Lang::En),
        compiled.phrases("policy-talk", Lang::En)
    );
    let texts = texts();
    let raised = same_reviews(&read, &compiled, &texts);
    assert!(raised > 500, "only {raised} findings and signals");
    // The masked rules do fire in a full coach on the same texts, so the mask is what held
    // them back.
    let full = Coach::default();
    let masked = texts
        .iter()
        .flat_map(|t| [full.review(Role::Agent, t), full.review(Role::Customer, t)])
        .flat_map(|r| {
            let f = r.findings.into_iter().map(|f| f.rule.to_string());
            let s = r.signals.into_iter().map(|s| s.rule.to_string());
            f.chain(s).collect::<Vec<_>>()
        })
        .filter(|id| TURNED_OFF.contains(&id.as_str()))
        .count();
    assert!(masked > 100, "only {masked} findings of the masked rules");
    // Capitals and placeholders, which are not phrases.
    for (draft, rule) in [
        ("PLEASE WAIT, I AM CHECKING YOUR ORDER NOW!", "shouting"),
        (
            "Hi [CUSTOMER NAME], your order ships today.",
            "unfilled-placeholder",
        ),
    ] {
        let raises = |coach: &Coach| {
            coach
                .review_draft(draft)
                .findings
                .iter()
                .any(|f| f.rule == rule)
        };
        assert_eq!(read.review_draft(draft), compiled.review_draft(draft));
        assert!(raises(&full), "{rule} fires in a full coach");
        assert!(!raises(&read), "{rule} is turned off");
    }
}

#[test]
fn an_unknown_rule_turned_off_is_the_same_error_either_way() {
    let err = |precompiled: bool| {
        Coach::builder()
            .precompiled(precompiled)
            .disable_rule("dont-knw")
            .build()
            .expect_err("unknown rule")
            .to_string()
    };
    assert_eq!(err(true), err(false));
    assert!(err(true).contains("dont-knw"), "{}", err(true));
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

#[test]
fn languages_chosen_from_the_tables_are_as_if_compiled_alone() {
    let texts = texts();
    let choices: [&[Lang]; 7] = [
        &[Lang::En],
        &[Lang::Vi],
        &[Lang::Th],
        &[Lang::Ru],
        &[Lang::Ms],
        &[Lang::Ms, Lang::Vi],
        &[Lang::Ru, Lang::En],
    ];
    for choice in choices {
        let build = |precompiled: bool| {
            Coach::builder()
                .precompiled(precompiled)
                .languages(choice.iter().copied())
                .build()
                .expect("builds")
        };
        let (read, compiled) = (build(true), build(false));
        // Whatever the languages, the automata stay in the binary (that one language steps
        // only its own automata is checked where the tables are read, in `precompiled.rs`).
        assert!(
            read.memory_usage() < 64 * 1024,
            "{choice:?}: {} bytes",
            read.memory_usage()
        );
        assert_eq!(read.languages(), compiled.languages(), "{choice:?}");
        assert_eq!(read.rules(), compiled.rules(), "{choice:?}");
        assert_eq!(
            read.pack_summaries(),
            compiled.pack_summaries(),
            "{choice:?}"
        );
        assert_eq!(read.warnings(), compiled.warnings(), "{choice:?}");
        assert_eq!(read.role_labels(), compiled.role_labels(), "{choice:?}");
        for lang in [Lang::En, Lang::Vi, Lang::Th, Lang::Ru, Lang::Ms] {
            assert_eq!(
                read.phrases("insult", lang),
                compiled.phrases("insult", lang),
                "{choice:?} {lang}"
            );
        }
        for t in &texts {
            assert_eq!(read.detect(t), compiled.detect(t), "{choice:?}: {t}");
        }
        let raised = same_reviews(&read, &compiled, &texts);
        assert!(
            raised > 100,
            "{choice:?}: only {raised} findings and signals"
        );
        // A language forced by the caller that the coach left out.
        let forced = tactful::ReviewOptions {
            lang: Some(Lang::Th),
            ..Default::default()
        };
        for t in texts.iter().step_by(25) {
            assert_eq!(
                read.review_with(Role::Customer, t, &forced),
                compiled.review_with(Role::Customer, t, &forced),
                "{choice:?} forced th: {t}"
            );
        }
        // Template variables sent unrendered, in every language.
        let mut unrendered = 0;
        let sent = tactful::ReviewOptions {
            templates: tactful::Templates::Sent,
            ..Default::default()
        };
        for t in [
            "Hi {{first_name}}, your order ships today.",
            "Chào {{ten}}, đơn của bạn đã được giao.",
            "Здравствуйте, {{name}}! Ваш заказ отправлен.",
            "สวัสดีค่ะ {{name}} คำสั่งซื้อจัดส่งแล้ว",
            "{{x}}",
        ] {
            let a = read.review_with(Role::Agent, t, &sent);
            assert_eq!(
                a,
                compiled.review_with(Role::Agent, t, &sent),
                "{choice:?}: {t}"
            );
            unrendered += a.findings.len();
        }
        assert!(unrendered > 0, "{choice:?}: no unrendered template found");
    }
}
