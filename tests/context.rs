//! A rule's exceptions across languages: an `unless` phrase of one language's pack cancels the
//! candidates of its own language's packs and of the message's language, like a negation cue,
//! not those of a third language whose word happens to be spelt alike.

mod common;

use common::customer_kinds as kinds;
use tactful::{Coach, SignalKind};

#[test]
fn a_malay_exception_word_does_not_cancel_an_english_insult() {
    let coach = Coach::default();
    // The Malay pack lets a song's or a film's title ("drama", "album", "novel", "single")
    // excuse a Malay insult word; in English these are English words, and the insults stand.
    for text in [
        "you idiot drama",
        "idiot album",
        "ur album is trash idiot",
        "you're a moron, novel",
    ] {
        assert!(kinds(&coach, text).contains(&SignalKind::Insult), "{text}");
    }
    // In Malay the exception still does its work: "bodoh" next to a title is the title.
    assert!(!kinds(&coach, "kau bodoh drama").contains(&SignalKind::Insult));
}
