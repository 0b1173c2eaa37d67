//! The agent's voice: suggestion templates filled from the register the agent uses (this
//! message, earlier turns, or a hint), safe only when grammatical.

use tactful::{Coach, Error, Lang, Message, Register, ReviewOptions, Role, Transcript};

const VOICE: &str = r#"
[pack]
lang = "en"
name = "voice"

[register.title]
default = { you = "you" }
variants = [
  { name = "sir", cues = ["sir"], fill = { you = "sir" } },
  { name = "madam", cues = ["madam", "ma'am"], fill = { you = "madam" } },
  { name = "either", cues = ["sir or madam"], fill = { you = "sir or madam" } },
]

[register.closing]
default = { end = "" }
safe_default = false
variants = [{ name = "cheers", cues = ["cheers"], fill = { end = ", cheers" } }]

[context]
mirror = ["buddy"]

[rules.casual-address]
phrases = ["buddy", "sweetie"]

[rules.acme-no-can-do]
category = "discouraged-phrase"
role = "agent"
why = "Say what you can do."
message = "Say what you can do."
phrases = [
  { phrase = "no can do", suggestion = "let me see what I can do for {you}", fix = "safe" },
  { phrase = "not possible", suggestion = "let me find another way{end}", fix = "safe" },
]
"#;

fn coach() -> Coach {
    Coach::builder()
        .languages([Lang::En])
        .add_pack("voice", VOICE)
        .build()
        .expect("builds")
}

fn suggestion(c: &Coach, text: &str, register: Register) -> (String, bool) {
    let options = ReviewOptions {
        register,
        ..ReviewOptions::default()
    };
    let r = c.review_with(Role::Agent, text, &options);
    let s = r
        .findings
        .iter()
        .find(|f| f.rule.starts_with("acme"))
        .and_then(|f| f.suggestion.clone())
        .expect("a suggestion");
    let safe = s.is_safe();
    (s.replacement, safe)
}

#[test]
fn templates_take_the_agents_own_voice() {
    let c = coach();
    assert_eq!(
        suggestion(&c, "Sorry sir, no can do.", Register::new()).0,
        "let me see what I can do for sir"
    );
    assert_eq!(
        suggestion(&c, "Sorry, no can do.", Register::new()).0,
        "let me see what I can do for you",
        "the neutral default when the agent's words tell nothing"
    );
    let hint = Register::new().with("title", "madam");
    assert_eq!(
        suggestion(&c, "Sorry, no can do.", hint.clone()).0,
        "let me see what I can do for madam",
        "a hint from the conversation so far"
    );
    assert_eq!(
        suggestion(&c, "Sorry sir, no can do.", hint).0,
        "let me see what I can do for sir",
        "the message's own words win"
    );
    assert_eq!(
        c.register(["Good morning ma'am", "Let me check."])
            .get("title"),
        Some("madam")
    );
}

#[test]
fn a_cue_inside_a_longer_cue_is_part_of_it() {
    let c = coach();
    assert_eq!(
        c.register(["Dear sir or madam, thank you for writing."])
            .get("title"),
        Some("either"),
        "not \"madam\", which only starts later"
    );
    assert_eq!(
        c.register(["Dear sir or madam,", "Thank you, madam."])
            .get("title"),
        Some("madam"),
        "a later cue of its own still wins"
    );
}

#[test]
fn a_fix_is_safe_only_when_its_fill_is() {
    let c = coach();
    assert_eq!(
        suggestion(&c, "That is not possible.", Register::new()),
        ("let me find another way".to_string(), false),
        "an unsafe default makes the fix unsafe"
    );
    assert_eq!(
        suggestion(&c, "Cheers, that is not possible.", Register::new()),
        ("let me find another way, cheers".to_string(), true)
    );
}

#[test]
fn a_monitor_remembers_the_voice() {
    let c = coach();
    let t = Transcript {
        messages: vec![
            Message::new(Role::Customer, "Hello, my order is late"),
            Message::new(Role::Agent, "Good morning madam, let me check."),
            Message::new(Role::Agent, "I'm afraid that is no can do."),
        ],
        ..Transcript::default()
    };
    let mut m = c.monitor();
    let mut last = None;
    for msg in &t.messages {
        last = Some(m.push(msg));
    }
    assert_eq!(m.register().get("title"), Some("madam"));
    let update = last.expect("an update");
    let s = update.findings[0].suggestion.as_ref().expect("suggestion");
    assert_eq!(s.replacement, "let me see what I can do for madam");
    assert_eq!(
        c.review_transcript(&t).findings[0].finding.suggestion,
        Some(s.clone())
    );
}

#[test]
fn unknown_slots_are_located_errors() {
    let bad = "[pack]\nlang = \"en\"\n[rules.jargon]\nphrases = [\n  { phrase = \"sku\", suggestion = \"the {thing}\" },\n]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("bad", bad)
        .build()
        .expect_err("unknown slot");
    assert!(
        matches!(&e, Error::Phrase { line: 5, reason, .. } if reason.contains("{thing}")),
        "{e}"
    );
}

#[test]
fn casual_address_spares_quotes_and_a_nickname_the_customer_chose() {
    let c = coach();
    let rules = |text: &str| -> Vec<String> {
        c.review_draft(text)
            .findings
            .iter()
            .map(|f| f.rule.to_string())
            .collect()
    };
    assert_eq!(
        rules("Sure thing buddy, it's on its way."),
        ["casual-address"]
    );
    assert!(rules("You wrote \"thanks buddy\" in your last message.").is_empty());
    let conv = |customer: &str| {
        let t = Transcript::from_pairs([
            (Role::Customer, customer),
            (Role::Agent, "No worries, buddy!"),
        ]);
        c.review_transcript(&t)
            .findings
            .iter()
            .filter(|f| f.finding.rule == "casual-address")
            .count()
    };
    assert_eq!(
        conv("hey buddy, where's my parcel"),
        0,
        "the customer said it first"
    );
    assert_eq!(conv("where is my parcel"), 1);
    let sweet = Transcript::from_pairs([
        (Role::Customer, "thanks sweetie"),
        (Role::Agent, "You're welcome, sweetie"),
    ]);
    assert_eq!(
        c.review_transcript(&sweet).findings.len(),
        1,
        "only words the pack lets an agent mirror"
    );
}
