//! Russian typed on a Latin keyboard is read back into Cyrillic with the pack's transliteration
//! (`[detect.transliteration]`) and reviewed as Russian: phrases listed only in Cyrillic hear it,
//! the signals' spans are those of the typed text, and messages of the Latin languages are never
//! read back.

mod common;

use common::customer_kinds as kinds;
use tactful::{Coach, Lang, Role, SignalKind};

#[test]
fn russian_on_a_latin_keyboard_is_heard_on_the_typed_words() {
    let coach = Coach::default();
    // No pack lists these in Latin letters; the Cyrillic phrases hear them read back.
    let text = "Eto uzhe slishkom. Budu obrashchatsya v SUD!";
    let review = coach.review(Role::Customer, text);
    let legal: Vec<_> = review
        .signals
        .iter()
        .filter(|s| s.kind == SignalKind::LegalThreat)
        .collect();
    assert_eq!(legal.len(), 1, "{review:?}");
    assert_eq!(legal[0].text, "Budu obrashchatsya v SUD");
    assert_eq!(&text[legal[0].span.range()], legal[0].text);
    assert_eq!(legal[0].lang, Some(Lang::Ru));
    assert!(kinds(&coach, "ya vas zasuzhu").contains(&SignalKind::LegalThreat));
    // A coach of Russian alone reads back as well.
    let ru = Coach::builder()
        .languages([Lang::Ru])
        .build()
        .expect("a Russian coach");
    assert!(kinds(&ru, "budu obrashchatsya v sud").contains(&SignalKind::LegalThreat));
}

#[test]
fn spans_stay_on_the_typed_text() {
    let coach = Coach::default();
    for text in [
        "budu obrashchatsya v sud",
        "BUDU   obrashchatsya v sud!!! 😡",
        "shchshchshch budu obrashchatsya v sud shch",
        "ya vas zasuzhu, vy menya slyshite?",
    ] {
        let review = coach.review(Role::Customer, text);
        assert!(!review.signals.is_empty(), "{text}");
        for s in &review.signals {
            assert_eq!(text.get(s.span.range()), Some(s.text.as_str()), "{text}");
        }
    }
}

#[test]
fn latin_languages_and_cyrillic_text_are_not_read_back() {
    let coach = Coach::default();
    for innocent in [
        "Huy oi, don hang cua toi dau roi?",
        "no da ok, thanks",
        "ya sudah sampai, terima kasih",
        "Ne, ya nanti saya bayar",
        "I will go to the shop tomorrow and pick it up",
        "podam dokumenty zavtra",
        "Sud'ba, ya ne znayu",
    ] {
        assert_eq!(kinds(&coach, innocent), vec![], "{innocent}");
    }
    // Forced to another language, a message is not read as Russian.
    let review = coach.review_in(Role::Customer, "budu obrashchatsya v sud", Lang::En);
    assert!(review.signals.is_empty(), "{review:?}");
    // Longer than a chat message: not read back, and no panic.
    let long = "budu obrashchatsya v sud ".repeat(2_000);
    let _ = coach.review(Role::Customer, &long);
}
