//! Verification of a candidate match: the original span and the phrase are both read as a
//! sequence of *units* (a base character, its combining marks, and how many times it repeats)
//! and compared under the rule's policy.

use smallvec::SmallVec;

use super::chars::{
    is_cyrillic, is_latin_letter, is_latin_mark, is_mark, is_thai, script_of, Script,
};
use super::stream::{normalize, Sink, View};

/// One base character with its marks and its repeat count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    pub base: char,
    pub marks: [char; 3],
    pub nmarks: u8,
    pub run: u16,
}

impl Unit {
    fn new(base: char) -> Self {
        Unit {
            base,
            marks: ['\0'; 3],
            nmarks: 0,
            run: 1,
        }
    }

    fn marks(&self) -> &[char] {
        &self.marks[..usize::from(self.nmarks)]
    }

    fn same_glyph(&self, other: &Unit) -> bool {
        self.base == other.base && self.marks() == other.marks()
    }

    /// Diacritics of a Latin letter (the ones Vietnamese typed plainly leaves out).
    fn latin_marks(&self) -> impl Iterator<Item = char> + '_ {
        let latin = is_latin_letter(self.base);
        self.marks()
            .iter()
            .copied()
            .filter(move |m| latin && is_latin_mark(*m))
    }

    /// Every other mark: Thai vowels and tones, the breve of Cyrillic `й`.
    fn other_marks(&self) -> impl Iterator<Item = char> + '_ {
        let latin = is_latin_letter(self.base);
        self.marks()
            .iter()
            .copied()
            .filter(move |m| !(latin && is_latin_mark(*m)))
    }

    pub(crate) fn is_letter(&self) -> bool {
        self.base.is_alphabetic()
    }
}

pub(crate) type Units = SmallVec<[Unit; 64]>;

#[derive(Default)]
struct UnitSink {
    units: Units,
    starts: SmallVec<[usize; 64]>,
}

impl UnitSink {
    fn close_last(&mut self) {
        let n = self.units.len();
        if n >= 2 && self.units[n - 2].same_glyph(&self.units[n - 1]) {
            let run = self.units[n - 1].run;
            self.units.pop();
            self.starts.pop();
            if let Some(prev) = self.units.last_mut() {
                prev.run = prev.run.saturating_add(run);
            }
        }
    }
}

impl Sink for UnitSink {
    fn emit(&mut self, c: char, start: usize, _: usize) {
        if is_mark(c) {
            if let Some(u) = self.units.last_mut() {
                if usize::from(u.nmarks) < u.marks.len() {
                    u.marks[usize::from(u.nmarks)] = c;
                    u.nmarks += 1;
                }
                return;
            }
        }
        self.close_last();
        self.units.push(Unit::new(c));
        self.starts.push(start);
    }
}

/// The units of `text` in `view`, each with the byte offset where it starts.
pub(crate) fn units_with_offsets(text: &str, view: View) -> (Units, SmallVec<[usize; 64]>) {
    let mut sink = UnitSink::default();
    normalize(text, view, &mut sink);
    sink.close_last();
    (sink.units, sink.starts)
}

/// The units of `text` in `view`, with runs counted rather than collapsed.
pub(crate) fn units(text: &str, view: View) -> Units {
    let mut sink = UnitSink::default();
    normalize(text, view, &mut sink);
    sink.close_last();
    sink.units
}

/// How a phrase's Latin diacritics must agree with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Diacritics {
    /// The text may carry the phrase's diacritics or none at all (Vietnamese typed plainly).
    #[default]
    Optional,
    /// The text must carry exactly the phrase's diacritics, and a phrase without any matches only
    /// in text typed with diacritics.
    Required,
}

/// Compares span units with phrase units in the strict view. `text_marked` says whether the
/// whole message is typed with diacritics.
pub(crate) fn strict_matches(
    span: &[Unit],
    phrase: &[Unit],
    policy: Diacritics,
    phrase_marked: bool,
    text_marked: bool,
) -> bool {
    if span.len() != phrase.len() {
        return false;
    }
    if policy == Diacritics::Required && !phrase_marked && !text_marked {
        return false;
    }
    span.iter().zip(phrase).all(|(s, p)| {
        // A text run may exceed the phrase's only when it is a real stretch (`sooo`), never by
        // one letter: `too` is not `to`, and `ass` is not `as`.
        if !(s.run == p.run || (s.run >= 3 && s.run > p.run)) {
            return false;
        }
        if !s.other_marks().eq(p.other_marks()) {
            return false;
        }
        // `d` typed for `đ` is fine when diacritics are optional.
        let base_ok = s.base == p.base
            || (policy == Diacritics::Optional && s.base == super::chars::fold_latin_extra(p.base));
        if !base_ok {
            return false;
        }
        match policy {
            Diacritics::Required => s.latin_marks().eq(p.latin_marks()),
            Diacritics::Optional => {
                s.latin_marks().next().is_none() || s.latin_marks().eq(p.latin_marks())
            }
        }
    })
}

/// Compares span units with phrase units in the skeleton view (profanity): same letters, each
/// repeated at least as often as in the phrase.
pub(crate) fn skeleton_matches(span: &[Unit], phrase: &[Unit]) -> bool {
    span.len() == phrase.len()
        && span.iter().zip(phrase).all(|(s, p)| {
            s.base == p.base
                && (s.run == p.run || (s.run >= 3 && s.run > p.run))
                && s.other_marks().eq(p.other_marks())
        })
}

/// Which scripts the letters of a text use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ScriptMix {
    pub latin: bool,
    pub cyrillic: bool,
}

pub(crate) fn script_mix(text: &str) -> ScriptMix {
    let mut mix = ScriptMix::default();
    for c in text.chars() {
        match script_of(c) {
            Script::Latin => mix.latin = true,
            Script::Cyrillic => mix.cyrillic = true,
            _ => {}
        }
    }
    mix
}

/// A look-alike match is accepted when the span is written in the phrase's own script or mixes
/// scripts; a word written entirely in the *other* script is another language, not obfuscation
/// (Russian `но` is not English `ho`).
pub(crate) fn script_compatible(span: ScriptMix, phrase: ScriptMix) -> bool {
    if span.latin && span.cyrillic {
        return true;
    }
    if phrase.latin && !phrase.cyrillic && span.cyrillic {
        return false;
    }
    if phrase.cyrillic && !phrase.latin && span.latin {
        return false;
    }
    true
}

/// Whether `text` may carry Latin diacritics: false when every character is ASCII, Thai or
/// Cyrillic (marks included), so phrases in those scripts skip the units of
/// [`has_latin_diacritics`] (over 100,000 phrases are compiled at every start-up).
pub(crate) fn may_have_latin_diacritics(text: &str) -> bool {
    let mut after_other_script = false;
    for c in text.chars() {
        if c.is_ascii() {
            after_other_script = false;
        } else if is_thai(c) || is_cyrillic(c) {
            after_other_script = true;
        } else if !(after_other_script && is_mark(c)) {
            return true;
        }
    }
    false
}

pub(crate) fn has_latin_diacritics(units: &[Unit]) -> bool {
    units.iter().any(|u| {
        u.latin_marks().next().is_some()
            || (is_latin_letter(u.base) && super::chars::fold_latin_extra(u.base) != u.base)
    })
}

#[cfg(test)]
mod tests {
    use super::super::stream::{SKELETON, STRICT};
    use super::*;

    fn strict(span: &str, phrase: &str, policy: Diacritics, text_marked: bool) -> bool {
        let p = units(phrase, STRICT);
        strict_matches(
            &units(span, STRICT),
            &p,
            policy,
            has_latin_diacritics(&p),
            text_marked,
        )
    }

    #[test]
    fn plain_text_matches_optional_diacritics() {
        assert!(strict(
            "toi khong biet",
            "tôi không biết",
            Diacritics::Optional,
            false
        ));
        assert!(strict(
            "Tôi không biết",
            "tôi không biết",
            Diacritics::Optional,
            true
        ));
        assert!(strict(
            "tôi ko biết",
            "tôi ko biết",
            Diacritics::Optional,
            true
        ));
    }

    #[test]
    fn different_diacritics_never_match() {
        assert!(!strict("biệt", "biết", Diacritics::Optional, true));
        assert!(!strict("ngủ", "ngu", Diacritics::Optional, true));
    }

    #[test]
    fn required_diacritics() {
        assert!(!strict("du", "đụ", Diacritics::Required, false));
        assert!(strict("đụ", "đụ", Diacritics::Required, true));
        assert!(!strict("ngu", "ngu", Diacritics::Required, false));
        assert!(strict("ngu", "ngu", Diacritics::Required, true));
    }

    #[test]
    fn runs_must_reach_the_phrase() {
        let p = units("ass", SKELETON);
        assert!(!skeleton_matches(&units("as", SKELETON), &p));
        assert!(skeleton_matches(&units("a$$", SKELETON), &p));
        assert!(skeleton_matches(&units("asssss", SKELETON), &p));
        assert!(strict(
            "sooo sorry",
            "so sorry",
            Diacritics::Optional,
            false
        ));
        assert!(!strict("to", "too", Diacritics::Optional, false));
    }

    #[test]
    fn script_guard() {
        assert!(!script_compatible(script_mix("но"), script_mix("ho")));
        assert!(script_compatible(script_mix("xуй"), script_mix("хуй")));
        assert!(script_compatible(script_mix("fuck"), script_mix("fuck")));
    }
}
