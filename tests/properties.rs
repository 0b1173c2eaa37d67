//! Property tests: whatever the text, reviewing never panics, every span is a character-boundary
//! range of the input whose bytes are the finding's text, and applying safe fixes never panics
//! and converges.

use once_cell::sync::Lazy;
use proptest::prelude::*;
use tactful::{Coach, Role};

static COACH: Lazy<Coach> = Lazy::new(|| {
    Coach::try_default().unwrap_or_else(|_| {
        Coach::builder()
            .languages([tactful::Lang::En])
            .build()
            .expect("English builds")
    })
});

/// Fragments that make findings likely, mixed with arbitrary text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        Just("I don't know".to_string()),
        Just("ETA".to_string()),
        Just("f*ck".to_string()),
        Just("f u c k".to_string()),
        Just("sh1t".to_string()),
        Just("[CUSTOMER NAME]".to_string()),
        Just("Tôi không biết".to_string()),
        Just("toi khong biet".to_string()),
        Just("ไม่ทราบครับ".to_string()),
        Just("กูเกิล".to_string()),
        Just("не знаю".to_string()),
        Just("xуй".to_string()),
        Just("saya tak tahu".to_string()),
        Just("\u{0301}\u{0302}\u{200B}".to_string()),
        Just("I'll sue you".to_string()),
        // Russian typed on a Latin keyboard: read back into Cyrillic, spans mapped back.
        Just("budu obrashchatsya v SUD".to_string()),
        Just("ya vas zasuzhu".to_string()),
        Just("shch'yu moyu".to_string()),
        Just("AS I SAID".to_string()),
        Just("fuuuuuuck".to_string()),
        Just("  \n\t ".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..8).prop_map(|v| v.join(" "))
}

fn check(text: &str) -> Result<(), TestCaseError> {
    for role in [Role::Agent, Role::Customer] {
        let r = COACH.review(role, text);
        let mut spans: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.span, f.text.as_str()))
            .collect();
        spans.extend(r.signals.iter().map(|s| (s.span, s.text.as_str())));
        for (span, t) in spans {
            prop_assert!(span.start < span.end, "empty span {span:?}");
            prop_assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{span:?} not on char boundaries of {text:?}"
            );
            prop_assert_eq!(&text[span.range()], t);
        }
        let fixed = r.apply_fixes(text);
        let again = COACH.review(role, &fixed).apply_fixes(&fixed);
        let third = COACH.review(role, &again).apply_fixes(&again);
        prop_assert_eq!(&again, &third, "fixes do not converge");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_and_fixes_never_panic(t in text()) {
        check(&t)?;
    }

    #[test]
    fn arbitrary_unicode(t in "\\PC*") {
        check(&t)?;
    }
}

#[test]
fn pathological_inputs() {
    let marks = format!("a{}", "\u{0301}".repeat(100_000));
    let long = "I don't know. ".repeat(20_000);
    let stretched = format!("f{}ck", "u".repeat(50_000));
    for t in [
        marks.as_str(),
        long.as_str(),
        stretched.as_str(),
        "",
        "\u{FEFF}",
        "*****",
        "f*",
        "*f*",
    ] {
        check(t).expect("valid");
    }
    assert_eq!(COACH.review_draft(&long).findings.len(), 20_000);
    assert_eq!(COACH.review(Role::Customer, &stretched).signals.len(), 1);
}

/// A 10 MB message and a million-turn transcript: linear time, no panic (run in release, as the
/// README's test command does).
#[test]
fn huge_inputs() {
    let unit = "Hello, I don't know the ETA. Thanks! ";
    let big = unit.repeat(10 * 1024 * 1024 / unit.len());
    let t0 = std::time::Instant::now();
    let r = COACH.review_draft(&big);
    assert_eq!(
        r.findings.iter().filter(|f| f.rule == "dont-know").count(),
        big.len() / unit.len()
    );
    eprintln!(
        "10 MB message: {} findings in {:?}",
        r.findings.len(),
        t0.elapsed()
    );
    let mut t = tactful::Transcript::default();
    for i in 0..1_000_000 {
        let role = if i % 2 == 0 {
            Role::Customer
        } else {
            Role::Agent
        };
        t.messages.push(tactful::Message::new(
            role,
            if i % 2 == 0 {
                "ok"
            } else {
                "Sure, one moment."
            },
        ));
    }
    let t0 = std::time::Instant::now();
    let r = COACH.review_transcript(&t);
    assert_eq!(r.summary.turns, 1_000_000);
    eprintln!("million-turn transcript reviewed in {:?}", t0.elapsed());
}

/// A message made of masked words stays linear (each masked word is compared only with the
/// phrases that share its first and last letters).
#[test]
fn many_masked_words() {
    let text = "f*ck b**ch s*it a*b ".repeat(50_000);
    let t0 = std::time::Instant::now();
    let r = COACH.review(Role::Customer, &text);
    assert!(r.signals.len() >= 100_000, "{}", r.signals.len());
    assert!(t0.elapsed().as_secs() < 60, "{:?}", t0.elapsed());
    eprintln!(
        "1 MB of masked words: {} signals in {:?}",
        r.signals.len(),
        t0.elapsed()
    );
    // One "word" of a million swear roots: open-edged stems must not rescan it per match.
    let word = "хуй".repeat(1_000_000);
    let t0 = std::time::Instant::now();
    let _ = COACH.review(Role::Customer, &word);
    assert!(t0.elapsed().as_secs() < 60, "{:?}", t0.elapsed());
    eprintln!("a 6 MB word: {:?}", t0.elapsed());
}
