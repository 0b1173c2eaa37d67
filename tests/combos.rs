//! Combinations (`combos`): lists in order within a sentence, gaps counted in words, negation
//! between and before the items, exceptions on the whole match.

use tactful::{Coach, Error, Lang, Role, SignalKind};

/// A pack of its own (no built-in pack), so the test sees only these combinations.
const PACK: &str = r#"
[pack]
lang = "en"
name = "combo-test"

[language]
scripts = ["latin"]

[context]
negations = ["not", "never", "won't"]
clause_breaks = ["and", "but", "or not"]

[lists]
intent = ["i'll", "i will", "(i'm|im) (going to|gonna)", "gonna"]
harm = ["punch", "smash", "break", "hurt"]
target = ["you", "your (driver|courier|face)", "him"]

[rules.physical-threat]
combos = [
  "@intent ~2 @harm ~2 @target",
  "@target ~3 (leaves|is leaving) in an ambulance",
]
unless = ["in the game"]
"#;

fn coach() -> Coach {
    Coach::builder()
        .builtin_packs(false)
        .add_pack("combo-test", PACK)
        .build()
        .expect("builds")
}

/// A coach with no built-in pack and one English pack made of `rules` (lists and rules).
fn english_only(rules: &str) -> Result<Coach, Error> {
    let pack = format!(
        "[pack]\nlang = \"en\"\nname = \"test\"\n\n[language]\nscripts = [\"latin\"]\n{rules}"
    );
    Coach::builder()
        .builtin_packs(false)
        .add_pack("test", pack)
        .build()
}

/// The text of the first signal of `kind` a customer message raises.
fn signal(c: &Coach, kind: SignalKind, text: &str) -> Option<String> {
    c.review(Role::Customer, text)
        .signals
        .iter()
        .find(|s| s.kind == kind)
        .map(|s| s.text.clone())
}

fn threat(c: &Coach, text: &str) -> Option<String> {
    signal(c, SignalKind::PhysicalThreat, text)
}

#[test]
fn items_in_order_with_gaps() {
    let c = coach();
    assert_eq!(
        threat(&c, "Send him again and I'll personally smash your courier.").as_deref(),
        Some("I'll personally smash your courier")
    );
    assert_eq!(
        threat(&c, "the next driver you send is leaving in an ambulance").as_deref(),
        Some("you send is leaving in an ambulance")
    );
    assert_eq!(threat(&c, "the driver is leaving in an ambulance"), None);
    assert_eq!(
        threat(&c, "your driver is leaving in an ambulance").as_deref(),
        Some("your driver is leaving in an ambulance")
    );
}

#[test]
fn order_distance_and_sentences_matter() {
    let c = coach();
    // Wrong order.
    assert_eq!(threat(&c, "you will punch the clock, I'll"), None);
    // Too many words between intent and harm.
    assert_eq!(threat(&c, "I'll go to the shop and then punch you"), None);
    // Items in two sentences.
    assert_eq!(threat(&c, "I'm going to break. You were great."), None);
}

#[test]
fn negation_and_exceptions_apply_to_the_whole_match() {
    let c = coach();
    assert_eq!(threat(&c, "I will never hurt you"), None);
    assert_eq!(threat(&c, "I'm not going to hurt you, relax"), None);
    assert_eq!(threat(&c, "I'll smash you in the game tonight"), None);
    assert!(threat(&c, "I'm not happy and I will hurt you").is_some());
}

#[test]
fn a_negation_inside_a_clause_break_negates_nothing() {
    // "or not" is a clause break spelt with a negation: it ends the clause instead.
    let c = coach();
    assert_eq!(
        threat(&c, "refund me or not I'll smash your courier").as_deref(),
        Some("I'll smash your courier")
    );
    assert_eq!(
        threat(&c, "refund me or I will not smash your courier"),
        None
    );
    // A break that is the negation itself, word for word, does not count as a longer one.
    let own = english_only(
        "[context]\nnegations = [\"not\"]\nclause_breaks = [\"not\"]\n\n[lists]\nharm = [\"smash\"]\n\n[rules.physical-threat]\ncombos = [\"i will ~1 @harm ~1 you\"]\n",
    )
    .expect("builds");
    assert_eq!(threat(&own, "i will not smash you"), None);
}

#[test]
fn combination_errors_are_located() {
    let bad = "[pack]\nlang = \"en\"\n[lists]\nx = [\"a\"]\n[rules.physical-threat]\ncombos = [\n  \"@x ~2 @nope\",\n]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("bad", bad)
        .build()
        .expect_err("unknown list");
    assert!(
        matches!(&e, Error::Phrase { line: 7, reason, .. } if reason.contains("@nope")),
        "{e}"
    );
    let no_list = "[pack]\nlang = \"en\"\n[rules.physical-threat]\ncombos = [\"i will ~2 hit\"]\n";
    let e = Coach::builder()
        .languages([Lang::En])
        .add_pack("bad", no_list)
        .build()
        .expect_err("no list");
    assert!(e.to_string().contains("one of them a list"), "{e}");
}

#[test]
fn anchors_hold_an_item_to_its_sentence_edges() {
    const ANCHORED: &str = r#"
[lists]
i_am = ["i'm", "im", "i am"]
leaving = ["out", "done", "leaving", "cancelling"]
go = ["go", "get lost"]

[rules.churn-threat]
combos = ["@i_am ~1 @leaving $"]

[rules.insult]
combos = ["^ @go (away|lost) (clown|loser)"]
"#;
    let c = english_only(ANCHORED).expect("builds");
    let kinds = |text: &str| -> Vec<SignalKind> {
        c.review(Role::Customer, text)
            .signals
            .iter()
            .map(|s| s.kind)
            .collect()
    };
    // `$`: only punctuation and emoji may follow the last item in its sentence.
    assert_eq!(
        kinds("Third refund this month, I'm done."),
        [SignalKind::ChurnThreat]
    );
    assert_eq!(kinds("that's it, im out!!! 😡"), [SignalKind::ChurnThreat]);
    assert_eq!(kinds("I'm out. Bye"), [SignalKind::ChurnThreat]);
    assert!(kinds("I'm out of town until Monday.").is_empty());
    assert!(kinds("I'm done with the form, what next?").is_empty());
    // `^`: only punctuation may stand before the first item in its sentence.
    assert_eq!(kinds("Go away clown"), [SignalKind::Insult]);
    assert_eq!(kinds("Ok. \"Go away clown\""), [SignalKind::Insult]);
    assert!(kinds("I watched the go away clown sketch").is_empty());
    // Anchors stand only at the ends.
    let bad = ANCHORED.replace("\"@i_am ~1 @leaving $\"", "\"@i_am $ @leaving\"");
    let e = english_only(&bad).expect_err("a `$` in the middle");
    assert!(matches!(e, Error::Phrase { .. }), "{e}");
    assert!(e.to_string().contains("anchors the sentence"), "{e}");
}

#[test]
fn a_group_of_lists_stands_for_one_combination_per_alternative() {
    const GROUPED: &str = r#"
[lists]
staff = ["your driver", "the courier"]
you = ["you"]
fate = ["in an ambulance", "in a body bag"]

[rules.physical-threat]
combos = ["(@you|@staff) ~2 (is leaving|are leaving|leaves) @fate", "(next time |)@you ~1 will regret it"]
"#;
    let c = english_only(GROUPED).expect("builds");
    let threat = |text: &str| {
        c.review(Role::Customer, text)
            .signals
            .iter()
            .find(|s| s.kind == SignalKind::PhysicalThreat)
            .map(|s| s.text.clone())
    };
    for (text, span) in [
        (
            "your driver is leaving in an ambulance",
            "your driver is leaving in an ambulance",
        ),
        (
            "you are leaving in a body bag",
            "you are leaving in a body bag",
        ),
        (
            "next time you will regret it",
            "next time you will regret it",
        ),
        (
            "then you really will regret it",
            "you really will regret it",
        ),
    ] {
        assert_eq!(threat(text).as_deref(), Some(span), "{text}");
    }
    assert_eq!(threat("the parcel is leaving in an ambulance"), None);
}

#[test]
fn a_word_of_one_repeated_character_inside_a_longer_run() {
    // "!" reads as the letter `i` (`sh!t`), so a phrase "ii" or "i" is found at the start of
    // "!!!"; the run of `!` goes on past the occurrence, so it is not the previous word's last
    // letter (reading it so sliced the text backwards and panicked).
    let c = english_only(
        "[lists]\nbang = [\"i\", \"ii\"]\n[rules.insult]\ncombos = [\"clowns ~1 @bang\"]\n",
    )
    .expect("builds");
    for text in [
        "heroes!!!",
        "героям!!!",
        "!!!",
        "a!!!!",
        "clowns!!!",
        "x!!!",
        "ii!!!",
    ] {
        let _ = c.review(Role::Customer, text);
    }
    let insult = |t: &str| signal(&c, SignalKind::Insult, t).is_some();
    assert!(insult("clowns i"));
    assert!(!insult("clowns and more clowns"));
}

/// The offending word of an insult's combination is read through leetspeak and look-alike
/// letters as the rule's phrases are; the small words around it are not, so a particle or a
/// pronoun written with a digit or split by a space does not make an innocent line an insult.
#[test]
fn an_insults_anchor_list_reads_through_obfuscation_and_its_small_words_do_not() {
    let c = english_only(
        "[lists]\nyou_are = [\"ur\", \"you are\", \"u r\"]\nnoun = [\"idiot\", \"idiots\", \"trash\"]\ntail = [\"la\", \"tu\"]\nleave = [\"cancelling\"]\n\n[rules.insult]\ncombos = [\"@you_are ~1 @noun\", \"@noun @tail\"]\n\n[rules.churn-threat]\ncombos = [\"@you_are ~1 @leave\"]\n",
    )
    .expect("builds");
    let insult = |t: &str| signal(&c, SignalKind::Insult, t);
    assert_eq!(insult("ur an idiot").as_deref(), Some("ur an idiot"));
    assert_eq!(insult("ur an 1d10t").as_deref(), Some("ur an 1d10t"));
    assert_eq!(insult("you are 1d1ots").as_deref(), Some("you are 1d1ots"));
    // A Cyrillic look-alike letter inside a Latin word is still the word.
    assert_eq!(
        insult("you are an іdiot").as_deref(),
        Some("you are an іdiot")
    );
    // Only the anchor: "7u" is not the particle "tu", and a list that only a rule without
    // obfuscation uses stays exact.
    assert_eq!(insult("trash 7u"), None);
    assert_eq!(insult("trash tu").as_deref(), Some("trash tu"));
    let churn = |t: &str| signal(&c, SignalKind::ChurnThreat, t).is_some();
    assert!(churn("ur cancelling"));
    assert!(!churn("ur c4ncelling"));
}
