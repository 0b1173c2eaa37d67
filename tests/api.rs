//! The public API: builder options, typed errors with locations, fixes, thread safety.

use tactful::{
    apply_fixes, Applicability, Category, Coach, Error, EscalationLevel, Lang, Origin, Role,
    Severity, SignalKind,
};

fn en() -> Coach {
    Coach::builder()
        .languages([Lang::En])
        .build()
        .expect("English coach builds")
}

#[test]
fn public_types_are_send_sync_and_cheap_to_share() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Coach>();
    assert_send_sync::<tactful::Review>();
    assert_send_sync::<tactful::Finding>();
    assert_send_sync::<tactful::Signal>();
    assert_send_sync::<Error>();
    let coach = en();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let c = coach.clone();
            std::thread::spawn(move || c.review_draft("I don't know.").findings.len())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), 1);
    }
}

#[test]
fn finding_carries_span_text_reason_and_suggestion() {
    let text = "Sorry, I don't know when it ships.";
    let r = en().review_draft(text);
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.rule, "dont-know");
    assert_eq!(f.category, Category::DiscouragedPhrase);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(&text[f.span.range()], "I don't know");
    assert_eq!(f.text, "I don't know");
    assert!(f.why.contains("000"), "why cites the guidance: {}", f.why);
    let s = f.suggestion.as_ref().expect("suggestion");
    assert_eq!(s.replacement, "let me find out for you");
    assert_eq!(s.applicability, Applicability::Unsafe);
    assert_eq!(f.span.line_col(text).column, 8);
}

#[test]
fn typographic_apostrophes_and_fullwidth_forms_match() {
    let c = en();
    assert_eq!(
        c.review_draft("I don’t know.").findings[0].text,
        "I don’t know"
    );
    assert_eq!(
        c.review_draft("ＡＳ Ｉ ＳＡＩＤ, no.").findings[0].rule,
        "as-i-said"
    );
    assert_eq!(
        c.review_draft("I don\u{200B}'t know").findings[0].rule,
        "dont-know"
    );
}

#[test]
fn safe_fixes_apply_and_unsafe_ones_do_not() {
    let text = "FYI, your ETA is Friday. I don't know the time.";
    let r = en().review_draft(text);
    let fixed = r.apply_fixes(text);
    assert_eq!(
        fixed,
        "For your information, your expected arrival time is Friday. I don't know the time."
    );
    // Applying again to the fixed text finds nothing more to fix safely.
    let again = en().review_draft(&fixed);
    assert_eq!(again.apply_fixes(&fixed), fixed);
    // Findings of another text are ignored, not panicked on.
    assert_eq!(apply_fixes("short", &r.findings), "short");
}

#[test]
fn customer_signals_and_escalation() {
    let c = en();
    let r = c.review(
        Role::Customer,
        "This is f*cking useless, get me your manager.",
    );
    let kinds: Vec<SignalKind> = r.signals.iter().map(|s| s.kind).collect();
    // Profane contempt for the service reads as an insult to the learned scorer (written
    // "fucking", without the mask, it does not reach the cut).
    assert_eq!(
        kinds,
        [
            SignalKind::Insult,
            SignalKind::Profanity,
            SignalKind::SupervisorRequest
        ]
    );
    assert_eq!(r.level, EscalationLevel::Escalate);
    assert!(!r.signals[0].action.is_empty());
    assert_eq!(
        c.review(Role::Customer, "I know where you live.").level,
        EscalationLevel::Urgent
    );
    assert_eq!(
        c.review(Role::Customer, "damn this printer").level,
        EscalationLevel::None
    );
    // Agent rules do not read customer messages and vice versa.
    assert!(c
        .review(Role::Customer, "I don't know my password")
        .is_clean());
    assert!(c
        .review(Role::Agent, "I will sue you")
        .findings
        .iter()
        .all(|f| f.rule != "legal-threat"));
}

#[test]
fn builder_disables_rules_and_overrides_severity() {
    let c = Coach::builder()
        .languages([Lang::En])
        .disable_rule("dont-know")
        .severity("jargon", Severity::Error)
        .build()
        .expect("builds");
    let r = c.review_draft("I don't know the ETA.");
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].rule, "jargon");
    assert_eq!(r.findings[0].severity, Severity::Error);
}

#[test]
fn unknown_rule_ids_are_errors() {
    let e = Coach::builder()
        .languages([Lang::En])
        .disable_rule("dont-knw")
        .build()
        .expect_err("unknown id");
    assert!(
        matches!(&e, Error::UnknownRule { id, .. } if id == "dont-knw"),
        "{e}"
    );
    let e = Coach::builder()
        .languages([Lang::En])
        .severity("nope", Severity::Info)
        .build()
        .expect_err("unknown id");
    assert!(e.to_string().contains("nope"));
}

#[test]
fn user_packs_add_phrases_and_rules() {
    let pack = r#"
[pack]
lang = "en"
name = "acme"

[rules.jargon]
phrases = [{ phrase = "sku", suggestion = "product code", fix = "safe" }]

[rules.acme-competitor]
category = "discouraged-phrase"
role = "agent"
severity = "error"
why = "Never send a customer to a competitor."
message = "Don't recommend a competitor."
phrases = ["(try|use) (globex|initech)"]
"#;
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("acme", pack)
        .build()
        .expect("builds");
    let text = "Check the SKU, or try Globex.";
    let r = c.review_draft(text);
    let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["jargon", "acme-competitor"]);
    assert_eq!(r.findings[1].severity, Severity::Error);
    assert_eq!(
        r.apply_fixes(text),
        "Check the product code, or try Globex."
    );
    assert!(c.rules().iter().any(|i| i.id == "acme-competitor"));
}

#[test]
fn pack_errors_name_the_pack_line_and_column() {
    let bad = "[pack]\nlang = \"en\"\n\n[rules.dont-know]\nphrasez = [\"x\"]\n";
    let (pack, line, column, message) = pack_error(bad);
    assert_eq!(pack, "mine");
    assert_eq!(line, 5);
    assert_eq!(column, 1);
    assert!(message.contains("phrasez"), "{message}");
    let bad_lang = "[pack]\nlang = \"xx\"\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", bad_lang)
        .build()
        .expect_err("bad lang");
    assert!(
        matches!(&e, Error::UnknownLanguage { lang, origin: Origin::Pack { line: 2, .. }, .. } if lang == "xx"),
        "{e}"
    );
    let bad_phrase =
        "[pack]\nlang = \"en\"\n[rules.jargon]\nphrases = [\n  \"ok\",\n  \"(a|b\",\n]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", bad_phrase)
        .build()
        .expect_err("bad phrase");
    assert!(
        matches!(&e, Error::Phrase { line: 6, rule, .. } if rule == "jargon"),
        "{e}"
    );
    let new_rule_without_role = "[pack]\nlang = \"en\"\n[rules.my-rule]\ncategory = \"jargon\"\nwhy = \"x\"\nphrases = [\"abc\"]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", new_rule_without_role)
        .build()
        .expect_err("no role");
    assert!(e.to_string().contains("role"), "{e}");
    let undefined = "[pack]\nlang = \"en\"\n[rules.my-rule]\nphrases = [\"abc\"]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", undefined)
        .build()
        .expect_err("undefined");
    assert!(matches!(e, Error::UnknownRule { .. }), "{e}");
}

#[test]
fn regex_errors_and_size_limits_are_typed() {
    let bad = "[pack]\nlang = \"en\"\n[rules.unfilled-placeholder]\npatterns = ['(unclosed']\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", bad)
        .build()
        .expect_err("bad regex");
    assert!(matches!(&e, Error::Regex { line: 4, .. }), "{e}");
    let huge = "[pack]\nlang = \"en\"\n[rules.unfilled-placeholder]\npatterns = ['\\w{1000}\\w{1000}\\w{1000}']\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", huge)
        .build()
        .expect_err("too big");
    assert!(matches!(&e, Error::Regex { .. }), "{e}");
    assert!(
        e.to_string().contains("size limit") || e.to_string().contains("exceeds"),
        "{e}"
    );
}

#[test]
fn forced_language_limits_the_packs() {
    let c = Coach::default();
    // "DM me" is English for "direct message", not the Vietnamese swear abbreviation.
    assert!(c
        .review(Role::Customer, "Can you DM me the tracking link please?")
        .is_clean());
    assert!(
        c.review_in(Role::Agent, "I don't know", Lang::En)
            .findings
            .len()
            == 1
    );
}

#[test]
fn detection() {
    let c = Coach::default();
    assert_eq!(
        c.detect("Hello, I need help with my order please").primary,
        Some(Lang::En)
    );
    assert_eq!(
        c.detect("Здравствуйте, мой заказ не пришёл").primary,
        Some(Lang::Ru)
    );
    assert_eq!(c.detect("สวัสดีครับ สินค้ายังไม่มาเลย").primary, Some(Lang::Th));
}

#[test]
fn template_variables_left_in_sent_messages_are_placeholders() {
    use tactful::{Message, ReviewOptions, Templates, Transcript};
    let c = en();
    let text =
        "Hi {{ticket.requester.first_name}}, your order {% if paid %}ships today{% endif %}.";
    assert!(c.review_draft(text).is_clean(), "live syntax in a draft");
    let sent = ReviewOptions {
        templates: Templates::Sent,
        ..ReviewOptions::default()
    };
    let found: Vec<String> = c
        .review_with(Role::Agent, text, &sent)
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.text))
        .collect();
    assert_eq!(
        found,
        [
            "unfilled-placeholder {{ticket.requester.first_name}}",
            "unfilled-placeholder {% if paid %}",
            "unfilled-placeholder {% endif %}"
        ]
    );
    // A transcript records what was sent.
    let t = Transcript {
        messages: vec![Message::new(Role::Agent, "Hello {{first_name}}!")],
        ..Transcript::default()
    };
    let r = c.review_transcript(&t);
    assert_eq!(r.findings[0].finding.rule, "unfilled-placeholder");
    // Other syntaxes, from the builder; a stray brace is not a variable.
    let c = Coach::builder()
        .languages([Lang::En])
        .template_syntaxes([("%{", "}")])
        .build()
        .expect("builds");
    assert_eq!(
        c.review_with(Role::Agent, "Dear %{name}, see {{x}} and { y", &sent)
            .findings
            .len(),
        1
    );
}

#[test]
fn capitalized_names_are_not_profanity() {
    let pack = "[pack]\nlang = \"en\"\n[context]\nnames = [\"dick\"]\n";
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("names", pack)
        .build()
        .expect("builds");
    assert!(c
        .review_draft("Dick, please contact the courier.")
        .is_clean());
    assert!(c.review_draft("Thanks, Dick.").is_clean());
    assert_eq!(
        c.review_draft("don't be a dick").findings[0].rule,
        "agent-profanity"
    );
}

#[test]
fn warnings_say_what_never_takes_effect() {
    use tactful::Warning;
    let vi_pack = "[pack]\nlang = \"vi\"\n[rules.jargon]\nphrases = [\"sku\"]\n";
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("company-vi", vi_pack)
        .build()
        .expect("builds");
    assert!(
        matches!(c.warnings(), [Warning::PackIgnored { pack, lang }] if pack == "company-vi" && lang == "vi"),
        "{:?}",
        c.warnings()
    );
    let unsafe_suggestion = "[pack]\nlang = \"en\"\n[rules.acme]\ncategory = \"jargon\"\nrole = \"agent\"\nwhy = \"x\"\nphrases = [{ phrase = \"widget pro\", suggestion = \"the widget\" }]\n";
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("acme", unsafe_suggestion)
        .disable_rule("acme")
        .build()
        .expect("builds");
    let kinds: Vec<String> = c.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds[0].contains("disabled"), "{kinds:?}");
    assert!(kinds[1].contains("never applied"), "{kinds:?}");
    assert!(Coach::default().warnings().is_empty());
    // Said in the pack, an unsafe fix is a decision, not an oversight: no reminder.
    let decided =
        unsafe_suggestion.replace("\"the widget\" }", "\"the widget\", fix = \"unsafe\" }");
    assert_ne!(decided, unsafe_suggestion);
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("acme", decided)
        .build()
        .expect("builds");
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
}

#[test]
fn builder_errors_name_the_call_and_the_likely_id() {
    let e = Coach::builder()
        .languages([Lang::En])
        .disable_rule("jargn")
        .build()
        .expect_err("typo");
    assert_eq!(
        e.to_string(),
        "CoachBuilder::disable_rule: unknown rule id `jargn` (did you mean `jargon`?)"
    );
    let e = Coach::builder()
        .languages([Lang::new("xx").expect("code")])
        .build()
        .expect_err("no pack");
    assert!(
        matches!(&e, Error::UnknownLanguage { origin: Origin::Builder { call }, .. } if call == "languages"),
        "{e}"
    );
}

#[test]
fn every_public_type_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Coach>();
    check::<tactful::CoachBuilder>();
    check::<tactful::Config>();
    check::<tactful::Review>();
    check::<tactful::ReviewOptions>();
    check::<tactful::Finding>();
    check::<tactful::Signal>();
    check::<tactful::Suggestion>();
    check::<tactful::Transcript>();
    check::<tactful::TranscriptOptions>();
    check::<tactful::TranscriptReview>();
    check::<tactful::Monitor>();
    check::<tactful::Update>();
    check::<tactful::Detection>();
    check::<tactful::Error>();
    check::<tactful::Warning>();
    check::<tactful::Origin>();
    check::<tactful::RuleInfo>();
    check::<tactful::PackSummary>();
    check::<tactful::RoleLabels>();
    check::<tactful::EscalationPolicy>();
    check::<tactful::Lang>();
    check::<tactful::LangSet>();
    check::<tactful::Span>();
    check::<tactful::transcript::read::Item>();
    check::<tactful::transcript::read::SourceMap>();
}

#[test]
fn clitics_that_begin_with_a_letter_are_read() {
    let pack = "[pack]\nlang = \"en\"\nname = \"cl\"\n[context]\nclitics = [\"nya\", \"lah\"]\n[rules.jargon]\nphrases = [\"widget\"]\n";
    let c = Coach::builder()
        .languages([Lang::En])
        .add_pack("cl", pack)
        .build()
        .expect("builds");
    let texts = |t: &str| -> Vec<String> {
        c.review_draft(t)
            .findings
            .iter()
            .filter(|f| f.rule == "jargon")
            .map(|f| f.text.clone())
            .collect()
    };
    assert_eq!(texts("the widgetnya is here"), ["widget"]);
    assert_eq!(texts("widgetlah!"), ["widget"]);
    assert!(texts("the widgets are here").is_empty());
}

#[test]
fn languages_may_be_named_by_alias() {
    let c = Coach::builder()
        .languages(["english".parse::<Lang>().expect("code")])
        .build()
        .expect("an alias of a built-in language");
    assert_eq!(c.languages(), [Lang::En]);
    assert_eq!(c.language("ENG"), Some(Lang::En));
    // A forced language the coach does not know is detected instead of matching nothing.
    let all = Coach::default();
    let r = all.review_in(
        Role::Agent,
        "I don't know",
        "klingon".parse().expect("code"),
    );
    assert_eq!(r.findings[0].rule, "dont-know");
    let r = all.review_in(
        Role::Agent,
        "I don't know",
        "english".parse().expect("code"),
    );
    assert_eq!(r.findings[0].lang, Some(Lang::En));
}

#[test]
fn max_results_keeps_the_first_and_counts_every_signal_for_the_level() {
    let coach = Coach::default();
    // Swearing first, a physical threat last: a limit must not lower the level.
    let text = format!("{}I will break your legs.", "shit! ".repeat(50));
    let all = coach.review(Role::Customer, &text);
    assert!(all.signals.len() > 10);
    assert_eq!(all.omitted, 0);
    let capped = coach.review_with(
        Role::Customer,
        &text,
        &tactful::ReviewOptions {
            max_results: Some(10),
            ..tactful::ReviewOptions::default()
        },
    );
    assert_eq!(capped.signals.len(), 10);
    assert_eq!(capped.signals[..], all.signals[..10]);
    assert_eq!(capped.omitted, all.signals.len() - 10);
    assert_eq!(capped.level, all.level);
    assert_eq!(all.level, tactful::EscalationLevel::Urgent);
}

#[test]
fn advice_speaks_the_language_of_the_message() {
    let c = Coach::default();
    let action = |text: &str| {
        let r = c.review(Role::Customer, text);
        let s = r
            .signals
            .iter()
            .find(|s| s.kind == SignalKind::Profanity)
            .unwrap_or_else(|| panic!("profanity in {text:?}: {r:?}"));
        s.action.to_string()
    };
    // The Malay pack lists English swearing too, and its "fuck you" is longer than the English
    // pack's "fuck": the advice still comes in English for an English conversation…
    let english = action("this is shit");
    assert_eq!(action("fuck you"), english);
    assert_eq!(action("fuck you, fix my order now"), english);
    // …and in Malay for a Malay one that swears in English.
    let malay = action("servis korang memang babi");
    assert_ne!(malay, english);
    assert_eq!(
        action("saya dah tunggu tiga hari, fuck you lah korang semua"),
        malay
    );
}

#[test]
fn a_message_of_many_unrendered_variables_is_read_once() {
    // The message's language used to be detected again for every variable: 20,000 of them in
    // 240 KB took over a minute. Detected once, this is a fraction of a second.
    use tactful::{ReviewOptions, Templates};
    let c = en();
    let text = "hello {{a}} ".repeat(20_000);
    let sent = ReviewOptions {
        templates: Templates::Sent,
        max_results: Some(10),
        ..ReviewOptions::default()
    };
    let r = c.review_with(Role::Agent, &text, &sent);
    assert_eq!(r.findings.len(), 10);
    assert!(r.findings.iter().all(|f| f.text == "{{a}}"));
    assert!(r.omitted >= 19_990, "{}", r.omitted);
}

#[test]
fn a_detection_marker_of_two_words_is_a_pack_error() {
    let bad = "[pack]\nlang = \"en\"\n\n[detect]\nmarkers = [\"u all\"]\n";
    let (pack, line, _, message) = pack_error(bad);
    assert_eq!(pack, "mine");
    assert_eq!(line, 5);
    assert!(message.contains("`u all` is not one word"), "{message}");
}

/// The pack error an English coach with `src` added as pack `mine` fails with: pack, line,
/// column, message.
fn pack_error(src: &str) -> (String, usize, usize, String) {
    match Coach::builder()
        .languages([Lang::En])
        .add_pack("mine", src)
        .build()
    {
        Err(Error::Pack {
            pack,
            line,
            column,
            message,
        }) => (pack, line, column, message),
        other => panic!("expected a pack error, got {other:?}"),
    }
}
