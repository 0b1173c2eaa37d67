//! Language detection from the evidence the packs give: the scripts each language is written in,
//! letters that mark a word as one language (`[detect] letters`), and frequent words
//! (`[detect] stopwords`, in any script, so a pack may list romanized forms too).
//!
//! A script only one enabled language writes (Thai, Cyrillic with Russian alone) decides by
//! itself; languages that share a script (English, Vietnamese, Malay in Latin) compete on word
//! evidence, and when the evidence is thin every one of them stays plausible.

use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use unicode_script::{Script, UnicodeScript};

use crate::lang::{Lang, LangSet};
use crate::normalize::chars::is_mark;
use crate::normalize::stream::STRICT;
use crate::pack::{DetectWords, LanguageDef};
use translit::Transliteration;

pub(crate) mod translit;
mod words;
use words::{char_at, words};

/// A set of a coach's languages, by slot (at most [`MAX_LANGUAGES`]).
pub(crate) type LangMask = u64;

/// How many languages one coach may hold.
pub(crate) const MAX_LANGUAGES: usize = 64;

/// What [`crate::Coach::detect`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The most likely language, if the text has letters of a script some pack writes.
    pub primary: Option<Lang>,
    /// Every language whose rules should apply: when the evidence is thin, all plausible ones.
    pub plausible: LangSet,
    /// Whether the evidence clearly favours `primary`.
    pub confident: bool,
}

/// Detection in slots of the detector's languages (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Detected {
    pub primary: Option<u8>,
    pub plausible: LangMask,
    pub confident: bool,
    /// The languages some word of the text is evidence for (a frequent word, a letter, a
    /// marker); `plausible` also holds those a thin text could not rule out.
    pub evidenced: LangMask,
}

impl Detected {
    pub(crate) fn includes(&self, slot: u8) -> bool {
        self.plausible & (1 << slot) != 0
    }

    /// The one plausible language, when there is only one.
    pub(crate) fn only(&self) -> Option<u8> {
        (self.plausible.count_ones() == 1).then(|| self.plausible.trailing_zeros() as u8)
    }

    /// The plausible languages, by slot in ascending order.
    pub(crate) fn slots(&self) -> impl Iterator<Item = u8> + '_ {
        (0..LangMask::BITS as u8).filter(|&s| self.includes(s))
    }
}

/// A letter as the strict view reads it: base character and up to three marks.
type LetterKey = (char, [char; 3]);

/// The evidence of the enabled languages.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Detector {
    langs: Vec<Lang>,
    /// For each script, the languages written in it.
    #[serde(with = "script_names")]
    scripts: Vec<(Script, LangMask)>,
    /// Stop words by hash of their strict form.
    exact: FxHashMap<u64, LangMask>,
    /// Stop words with diacritics, by hash of their form without them (typed plainly).
    folded: FxHashMap<u64, LangMask>,
    /// Words that make their languages plausible wherever they occur, by hash of their strict
    /// form (`[detect] markers`: code-switching).
    markers: FxHashMap<u64, LangMask>,
    letters: FxHashMap<LetterKey, SmallVec<[(u8, f32); 2]>>,
    fallback: Option<u8>,
    /// How languages are typed in Latin letters (`[detect.transliteration]`).
    transliterations: Vec<Transliteration>,
}

impl Detector {
    /// A detector for `languages` (slot = position), with the detection words of every pack of
    /// each language.
    pub(crate) fn new(languages: &[LanguageDef], words: &[(u8, &DetectWords)]) -> Detector {
        let mut d = Detector {
            langs: languages.iter().map(|l| l.lang).collect(),
            fallback: languages.iter().position(|l| l.fallback).map(|i| i as u8),
            ..Detector::default()
        };
        for (slot, l) in languages.iter().enumerate() {
            for s in &l.scripts {
                match d.scripts.iter_mut().find(|(x, _)| x == s) {
                    Some((_, m)) => *m |= 1 << slot,
                    None => d.scripts.push((*s, 1 << slot)),
                }
            }
        }
        for &(slot, w) in words {
            for (weight, letters) in &w.letters {
                for ch in letters.chars().filter(|c| !c.is_whitespace()) {
                    let mut buf = [0u8; 4];
                    let u = crate::normalize::units::units(ch.encode_utf8(&mut buf), STRICT);
                    if let Some(u) = u.first() {
                        let key = (u.base, u.marks);
                        let e = d.letters.entry(key).or_default();
                        match e.iter_mut().find(|(s, _)| *s == slot) {
                            Some((_, x)) => *x = x.max(*weight),
                            None => e.push((slot, *weight)),
                        }
                    }
                }
            }
            for sw in &w.stopwords {
                let k = d.word_key(sw);
                if k.marked {
                    *d.folded.entry(k.folded).or_default() |= 1 << slot;
                }
                *d.exact.entry(k.exact).or_default() |= 1 << slot;
            }
            for m in &w.markers {
                *d.markers.entry(d.word_key(m).exact).or_default() |= 1 << slot;
            }
            d.transliterations.extend(w.transliteration.iter().cloned());
        }
        d
    }

    /// The language in `slot`.
    pub(crate) fn lang(&self, slot: u8) -> Option<Lang> {
        self.langs.get(usize::from(slot)).copied()
    }

    /// The detector of the languages of `keep` alone, as [`Detector::new`] builds it from
    /// their packs: the others' evidence dropped, the slots renumbered in the same order.
    pub(crate) fn restrict(&self, keep: &[Lang]) -> Detector {
        let mut slots: Vec<Option<u8>> = Vec::with_capacity(self.langs.len());
        let mut langs = Vec::new();
        for l in &self.langs {
            if keep.contains(l) {
                slots.push(Some(langs.len() as u8));
                langs.push(*l);
            } else {
                slots.push(None);
            }
        }
        let slot = |s: u8| slots.get(usize::from(s)).copied().flatten();
        let mask = |m: LangMask| {
            (0..self.langs.len() as u8)
                .filter(|s| m & (1 << s) != 0)
                .filter_map(slot)
                .fold(0, |acc: LangMask, s| acc | (1 << s))
        };
        let masks = |words: &FxHashMap<u64, LangMask>| -> FxHashMap<u64, LangMask> {
            words
                .iter()
                .map(|(k, m)| (*k, mask(*m)))
                .filter(|(_, m)| *m != 0)
                .collect()
        };
        Detector {
            scripts: self
                .scripts
                .iter()
                .map(|(s, m)| (*s, mask(*m)))
                .filter(|(_, m)| *m != 0)
                .collect(),
            exact: masks(&self.exact),
            folded: masks(&self.folded),
            markers: masks(&self.markers),
            letters: self
                .letters
                .iter()
                .map(|(k, v)| {
                    let v: SmallVec<[(u8, f32); 2]> = v
                        .iter()
                        .filter_map(|(s, w)| Some((slot(*s)?, *w)))
                        .collect();
                    (*k, v)
                })
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            fallback: self.fallback.and_then(slot),
            transliterations: self
                .transliterations
                .iter()
                .filter(|t| keep.contains(&t.lang))
                .cloned()
                .collect(),
            langs,
        }
    }

    /// How the languages are typed in Latin letters.
    pub(crate) fn transliterations(&self) -> &[Transliteration] {
        &self.transliterations
    }

    /// The slot of `lang`.
    pub(crate) fn slot(&self, lang: Lang) -> Option<u8> {
        self.langs.iter().position(|l| *l == lang).map(|i| i as u8)
    }

    /// The languages, by slot.
    pub(crate) fn languages(&self) -> &[Lang] {
        &self.langs
    }

    /// The result of a language the caller knows.
    pub(crate) fn forced(&self, lang: Lang) -> Detected {
        match self.slot(lang) {
            Some(s) => Detected {
                primary: Some(s),
                plausible: 1 << s,
                confident: true,
                evidenced: 1 << s,
            },
            None => Detected::default(),
        }
    }

    /// The public form of a detection.
    pub(crate) fn describe(&self, d: Detected) -> Detection {
        Detection {
            primary: d.primary.and_then(|s| self.lang(s)),
            plausible: (0..self.langs.len() as u8)
                .filter(|s| d.includes(*s))
                .filter_map(|s| self.lang(s))
                .collect(),
            confident: d.confident,
        }
    }

    /// The languages whose frequent word `key` is.
    fn stop_mask(&self, key: &words::WordKey) -> LangMask {
        let hit = self.exact.get(&key.exact).copied().unwrap_or(0);
        // A plain word counts for the languages that write it that way; only a word no
        // language writes plainly is read as one typed without its diacritics.
        if !key.marked && hit == 0 {
            return self.folded.get(&key.folded).copied().unwrap_or(0);
        }
        hit
    }

    /// Per slot, how much the frequent words of the language in `text` weigh: a word of three
    /// letters or more one, a shorter one half ("в", "ok", "da" are words of many languages
    /// typed in many ways).
    pub(crate) fn stop_evidence(&self, text: &str) -> SmallVec<[f32; 8]> {
        let mut evidence: SmallVec<[f32; 8]> = SmallVec::from_elem(0.0, self.langs.len());
        for (word, ascii) in words(text, text.is_ascii()) {
            let key = if ascii {
                self.ascii_word_key(word)
            } else {
                self.normalized_word_key(word)
            };
            let mask = self.stop_mask(&key);
            if mask == 0 {
                continue;
            }
            let weight = if word.chars().nth(2).is_some() {
                1.0
            } else {
                0.5
            };
            for (slot, e) in evidence.iter_mut().enumerate() {
                if mask & (1 << slot) != 0 {
                    *e += weight;
                }
            }
        }
        evidence
    }

    /// Whether `text` has a letter, outside ASCII, of a script the language in `slot` is
    /// written in: then it was not typed on another script's keyboard.
    pub(crate) fn has_letters_of(&self, slot: u8, text: &str) -> bool {
        let scripts: SmallVec<[Script; 2]> = self
            .scripts
            .iter()
            .filter(|(_, m)| m & (1 << slot) != 0)
            .map(|(s, _)| *s)
            .collect();
        text.chars()
            .any(|c| !c.is_ascii() && c.is_alphabetic() && scripts.contains(&c.script()))
    }

    /// Detects the language of `text`.
    pub(crate) fn detect(&self, text: &str) -> Detected {
        let n = self.langs.len();
        // Letters per script present.
        let mut letters: SmallVec<[(Script, u32); 4]> = SmallVec::new();
        let bump = |s: Script, letters: &mut SmallVec<[(Script, u32); 4]>| match letters
            .iter_mut()
            .find(|(x, _)| *x == s)
        {
            Some((_, k)) => *k += 1,
            None => letters.push((s, 1)),
        };
        // ASCII is counted a byte at a time; Latin keeps its place in the order scripts first
        // appear (ties between scripts go to the first).
        let mut latin_at: Option<usize> = None;
        let mut at = 0;
        let ascii = text.is_ascii();
        if ascii {
            let latin = text.bytes().filter(u8::is_ascii_alphabetic).count();
            if latin > 0 {
                letters.push((Script::Latin, u32::try_from(latin).unwrap_or(u32::MAX)));
            }
            at = text.len();
        }
        while let Some((c, len)) = char_at(text, at) {
            at += len;
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    match latin_at {
                        Some(k) => letters[k].1 += 1,
                        None => {
                            bump(Script::Latin, &mut letters);
                            latin_at = letters.iter().position(|(x, _)| *x == Script::Latin);
                        }
                    }
                }
            } else if !is_mark(c) && c.is_alphabetic() {
                let s = c.script();
                if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
                    bump(s, &mut letters);
                }
            }
        }
        if letters.is_empty() || n == 0 {
            return Detected::default();
        }
        // Word evidence per script (the script of the word's first letter) and language.
        let mut scores: SmallVec<[f32; 24]> = SmallVec::from_elem(0.0, letters.len() * n);
        let mut stop_hits: SmallVec<[u16; 8]> = SmallVec::from_elem(0, n);
        let mut marked: LangMask = 0;
        for (word, ascii) in words(text, ascii) {
            let script = if ascii {
                word.bytes()
                    .any(|b| b.is_ascii_alphabetic())
                    .then_some(Script::Latin)
            } else {
                word.chars().find(|c| c.is_alphabetic()).map(|f| {
                    if f.is_ascii() {
                        Script::Latin
                    } else {
                        f.script()
                    }
                })
            };
            let Some(si) = script.and_then(|s| letters.iter().position(|(x, _)| *x == s)) else {
                continue;
            };
            let row = &mut scores[si * n..(si + 1) * n];
            let key = if ascii {
                self.ascii_word_key(word)
            } else {
                let key = self.normalized_word_key(word);
                for (slot, w) in key.best.iter().enumerate() {
                    row[slot] += w;
                }
                key
            };
            if !self.markers.is_empty() {
                marked |= self.markers.get(&key.exact).copied().unwrap_or(0);
            }
            let hit = self.stop_mask(&key);
            let k = hit.count_ones() as f32;
            for slot in 0..n {
                if hit & (1 << slot) != 0 {
                    row[slot] += 1.0 / k;
                    stop_hits[slot] = stop_hits[slot].saturating_add(1);
                }
            }
        }
        let evidenced: LangMask = (0..n)
            .filter(|&s| (0..letters.len()).any(|si| scores[si * n + s] > 0.0))
            .fold(marked, |m, s| m | 1 << s);
        let mut plausible: LangMask = 0;
        // The winner of each script, and how much that script weighs.
        let mut best_script: Option<(f32, u8, bool)> = None;
        for (si, &(script, count)) in letters.iter().enumerate() {
            let declared = self
                .scripts
                .iter()
                .find(|(x, _)| *x == script)
                .map_or(0, |(_, m)| *m);
            let row = &scores[si * n..(si + 1) * n];
            let evidence: LangMask = (0..n).filter(|&s| row[s] > 0.0).fold(0, |m, s| m | 1 << s);
            let competitors = declared | evidence;
            if competitors == 0 {
                continue;
            }
            let (winner, confident) = if competitors.count_ones() == 1 {
                plausible |= competitors;
                (competitors.trailing_zeros() as u8, true)
            } else {
                let slots = || (0..n).filter(|&s| competitors & (1 << s) != 0);
                let best = slots().fold(None, |b: Option<usize>, s| match b {
                    Some(x) if row[x] >= row[s] => Some(x),
                    _ => Some(s),
                });
                let best = best.unwrap_or(0);
                let top = row[best];
                if top <= 0.0 {
                    plausible |= declared;
                    let fallback = self
                        .fallback
                        .filter(|f| declared & (1 << f) != 0)
                        .unwrap_or(declared.trailing_zeros() as u8);
                    (fallback, false)
                } else {
                    let second = slots()
                        .filter(|&s| s != best)
                        .map(|s| row[s])
                        .fold(0.0, f32::max);
                    let confident = top >= 2.0 && top >= 2.0 * second;
                    for s in slots() {
                        if row[s] > 0.0 && row[s] * 3.0 >= top {
                            plausible |= 1 << s;
                        }
                    }
                    if !confident && top < 2.0 {
                        plausible |= declared;
                    }
                    (best as u8, confident)
                }
            };
            // A script several languages share (Latin: brand names, codes, URLs) weighs half
            // of one that only one language writes.
            let weight = if declared.count_ones() > 1 {
                count as f32
            } else {
                2.0 * count as f32
            };
            if best_script.is_none_or(|(w, _, _)| weight > w) {
                best_script = Some((weight, winner, confident));
            }
        }
        // Code-switching: a language with several of its own frequent words in the message
        // applies too (an English product name in a Vietnamese draft).
        for (slot, hits) in stop_hits.iter().enumerate() {
            if *hits >= 3 {
                plausible |= 1 << slot;
            }
        }
        // … and so does a language one of whose markers occurs ("i swear i punch him lah").
        plausible |= marked;
        match best_script {
            None => Detected::default(),
            Some((_, primary, confident)) => Detected {
                primary: Some(primary),
                plausible: plausible | 1 << primary,
                confident,
                evidenced,
            },
        }
    }
}

/// Scripts by their ISO 15924 short names (`unicode_script::Script` has no serde support).
mod script_names {
    use super::LangMask;
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
    use unicode_script::Script;

    pub(super) fn serialize<S: Serializer>(
        v: &[(Script, LangMask)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let named: Vec<(&str, LangMask)> = v.iter().map(|(sc, m)| (sc.short_name(), *m)).collect();
        named.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(Script, LangMask)>, D::Error> {
        let named: Vec<(String, LangMask)> = Vec::deserialize(d)?;
        named
            .into_iter()
            .map(|(n, m)| {
                Script::from_short_name(&n)
                    .map(|sc| (sc, m))
                    .ok_or_else(|| D::Error::custom(format!("unknown script `{n}`")))
            })
            .collect()
    }
}
