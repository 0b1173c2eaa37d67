//! Stems with `~`: a pack's `[context] endings` let one phrase stand for every case of a word
//! ("урод~": урода, уродами) and for nothing else ("уродился"), and mistakes in them are pack
//! errors that name the pack and line.

mod common;

use tactful::{Coach, Error, Lang, SignalKind};

const PACK: &str = r#"[pack]
lang = "ru"
name = "stems"

[context]
endings = ["а", "у", "ом", "ы", "ов", "ами", "ой", "ый", "ая", "ЫЕ", "ь", "ями"]

[lists]
panel = ["панел~"]

[rules.jargon]
phrases = ["виджет~"]
combos = ["@panel ~1 управления"]
"#;

fn coach() -> Coach {
    Coach::builder()
        .languages([Lang::Ru])
        .add_pack("stems", PACK)
        .build()
        .expect("the pack builds")
}

fn jargon(c: &Coach, text: &str) -> Vec<String> {
    c.review_draft(text)
        .findings
        .into_iter()
        .filter(|f| f.rule == "jargon")
        .map(|f| f.text)
        .collect()
}

#[test]
fn a_stem_takes_every_declared_ending_and_the_span_covers_the_word() {
    let c = coach();
    assert_eq!(jargon(&c, "Обновите виджет, пожалуйста."), ["виджет"]);
    assert_eq!(jargon(&c, "Проблема с виджетами решена."), ["виджетами"]);
    assert_eq!(jargon(&c, "ВИДЖЕТОВ больше нет."), ["ВИДЖЕТОВ"]);
    // An ending declared in capitals is read as lowercase.
    assert_eq!(jargon(&c, "Виджетные настройки"), Vec::<String>::new());
    assert_eq!(jargon(&c, "Виджетые настройки"), ["Виджетые"]);
}

#[test]
fn list_words_of_combinations_take_endings_too() {
    let c = coach();
    assert_eq!(
        jargon(&c, "Зайдите в панель управления."),
        ["панель управления"]
    );
    assert_eq!(
        jargon(&c, "С панелями управления всё в порядке."),
        ["панелями управления"]
    );
    assert!(jargon(&c, "Панельный дом управления").is_empty());
}

#[test]
fn a_stem_followed_by_anything_else_is_another_word() {
    let c = coach();
    assert!(jargon(&c, "Виджетостроение — наша работа.").is_empty());
    assert!(jargon(&c, "Виджетик загрузился.").is_empty());
    // "е" is not among this pack's endings.
    assert!(jargon(&c, "В виджете ошибка.").is_empty());
}

#[test]
fn the_builtin_russian_pack_reads_names_called_in_every_case() {
    let c = Coach::builder()
        .languages([Lang::Ru])
        .build()
        .expect("Russian coach builds");
    let insult = |t: &str| common::customer_kinds(&c, t).contains(&SignalKind::Insult);
    assert!(insult("Это чего за исповедь куколда??"));
    assert!(insult("с такими уродами не работаю"));
    assert!(insult("опять эти надежды инцелов и скуфов"));
    assert!(!insult("урожай в этом году уродился"));
    assert!(!insult("лохань с водой стоит в сенях"));
}

fn pack_error(src: &str) -> Error {
    match Coach::builder()
        .languages([Lang::Ru])
        .add_pack("mine", src)
        .build()
    {
        Err(e) => e,
        Ok(_) => panic!("expected a pack error"),
    }
}

#[test]
fn mistakes_with_stems_are_pack_errors() {
    let without_endings = "[pack]\nlang = \"ru\"\n\n[rules.jargon]\nphrases = [\"виджет~\"]\n";
    match pack_error(without_endings) {
        Error::Phrase {
            pack,
            line,
            phrase,
            reason,
            ..
        } => {
            assert_eq!(
                (pack.as_str(), line, phrase.as_str()),
                ("mine", 5, "виджет~")
            );
            assert!(reason.contains("[context] endings"), "{reason}");
        }
        other => panic!("expected a phrase error, got {other:?}"),
    }
    let with = |phrase: &str| {
        format!("[pack]\nlang = \"ru\"\n[context]\nendings = [\"а\"]\n[rules.jargon]\nphrases = [\"{phrase}\"]\n")
    };
    for (phrase, says) in [
        ("виджет*~", "not after `*`"),
        ("виджет ~", "not after `*`, a space"),
        ("вид~жет", "may only end a phrase"),
    ] {
        match pack_error(&with(phrase)) {
            Error::Phrase { reason, line, .. } => {
                assert_eq!(line, 6, "{phrase}");
                assert!(reason.contains(says), "{phrase}: {reason}");
            }
            other => panic!("{phrase}: expected a phrase error, got {other:?}"),
        }
    }
    let bad_ending = "[pack]\nlang = \"ru\"\n[context]\nendings = [\"а\", \"о-м\"]\n";
    match pack_error(bad_ending) {
        Error::Pack {
            pack,
            line,
            message,
            ..
        } => {
            assert_eq!((pack.as_str(), line), ("mine", 4));
            assert!(message.contains("`о-м`"), "{message}");
        }
        other => panic!("expected a pack error, got {other:?}"),
    }
}
