//! The learned scorer's candidates go through their rule's context like a phrase's: a pack's
//! `unless` exception silences what the scorer would raise, so a kind of innocent wording the
//! training sets teach as a signal is fixed as data, not by lowering the whole category's cut.
//! (Such lines cannot be only `-` fixture lines of the rule: a fixture line guards the cut, and
//! one that scores high would raise the cut for every sentence of the category, unless an
//! exception of the rule already cancels it, which training takes into account.)

mod common;

use common::customer_kinds as kinds;
use tactful::{Coach, Role, SignalKind};

#[test]
fn a_travellers_departure_time_is_not_leaving_the_company() {
    let coach = Coach::default();
    // The English training sets' "I'm leaving" taught these to the churn model; the English
    // pack's churn `unless` lists departure times and days.
    for text in [
        "I will be leaving Friday after 9:45.",
        "On Friday and I'll be leaving after 11:30",
        "We need to leave at 10 on Sunday.",
        "The train should depart after 14 and arrive by 18.",
        "I'll be leaving on Friday, so book the taxi for 8.",
    ] {
        assert!(
            !kinds(&coach, text).contains(&SignalKind::ChurnThreat),
            "{text}"
        );
    }
    // Leaving the company on a day is still heard where it is said as leaving the company.
    for text in [
        "I'm leaving Vodafone on Friday, porting my number to EE.",
        "Fix it by Monday or I'm leaving.",
    ] {
        assert!(
            kinds(&coach, text).contains(&SignalKind::ChurnThreat),
            "{text}"
        );
    }
}

#[test]
fn the_scorer_hears_freely_worded_signals_the_packs_do_not_list() {
    let coach = Coach::default();
    let packs_alone = Coach::builder()
        .scoring(false)
        .build()
        .expect("a coach without the scorer");
    // Written for this test, not in any training set; each is heard by the scorer alone.
    for (text, kind) in [
        (
            "I have been with you for eleven years and tomorrow morning my whole family moves over to the other network",
            SignalKind::ChurnThreat,
        ),
        (
            "ваш оператор меня достал, в понедельник всей семьей переходим к другому, можете не звонить",
            SignalKind::ChurnThreat,
        ),
        (
            "your driver better pray he never ends up on my street after dark again",
            SignalKind::PhysicalThreat,
        ),
        (
            "thằng shipper đó mà còn ghé nhà tao lần nữa thì đừng mong về nguyên vẹn",
            SignalKind::PhysicalThreat,
        ),
        (
            "My solicitor has all the paperwork now and she says you will be hearing from her office by Friday.",
            SignalKind::LegalThreat,
        ),
    ] {
        assert!(!kinds(&packs_alone, text).contains(&kind), "{text}");
        assert!(kinds(&coach, text).contains(&kind), "{text}");
    }
}

#[test]
fn a_threat_said_in_two_sentences_is_heard_on_both() {
    let coach = Coach::default();
    // Neither sentence alone reaches the cut; read with its neighbour, the pair does, and the
    // signal covers both.
    for text in [
        "Tell the girl who hung up on me that I hope she likes her bus ride home tonight. I know which stop she gets off at.",
        "Cái anh kỹ thuật viên hôm qua đó, tôi biết nhà rồi. Cẩn thận đi đường tối nhé.",
    ] {
        let review = coach.review(Role::Customer, text);
        let threat = review
            .signals
            .iter()
            .find(|s| s.kind == SignalKind::PhysicalThreat)
            .unwrap_or_else(|| panic!("no threat in {text}: {review:?}"));
        assert_eq!(threat.text, text, "{review:?}");
        assert_eq!(&text[threat.span.range()], threat.text);
    }
    // Two short sentences are not read as a pair: a goodbye stays a goodbye.
    assert!(kinds(&coach, "Sure thing. Good bye.").is_empty());
}
