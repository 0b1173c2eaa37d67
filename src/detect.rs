//! Language detection: script for Thai and Cyrillic; for Latin-script text, Vietnamese
//! diacritics and the stop words of each pack's `[detect]` section.

use std::collections::HashMap;

use crate::lang::{Lang, LangSet};
use crate::normalize::chars::{
    is_cyrillic, is_latin_letter, is_latin_mark, is_mark, is_thai_letter,
};
use crate::normalize::stream::STRICT;

/// What [`Lang::detect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    /// The most likely language, if the text has letters at all.
    pub primary: Option<Lang>,
    /// Every language whose rules should apply: when the evidence is thin, all plausible ones.
    pub plausible: LangSet,
    /// Whether the evidence clearly favours `primary`.
    pub confident: bool,
}

/// Stop-word tables of the enabled packs, keyed by a hash of the normalized word so that
/// detecting needs no allocation.
#[derive(Debug, Default, Clone)]
pub(crate) struct Detector {
    exact: HashMap<u64, LangSet>,
    folded: HashMap<u64, LangSet>,
}

/// What one word looks like once normalized: hashes of its exact and diacritic-free forms, and
/// its Vietnamese evidence.
#[derive(Debug, Default, Clone, Copy)]
struct WordKey {
    exact: u64,
    folded: u64,
    marks: u32,
    vi_specific: bool,
    dd: bool,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(h: u64, c: char) -> u64 {
    let mut h = h;
    for b in (c as u32).to_le_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

struct KeySink(WordKey);

impl crate::normalize::stream::Sink for KeySink {
    fn emit(&mut self, c: char, _: usize, _: usize) {
        let k = &mut self.0;
        k.exact = fnv(k.exact, c);
        if is_latin_mark(c) {
            k.marks += 1;
            k.vi_specific |= vi_specific_mark(c);
            return;
        }
        if c == 'đ' {
            k.dd = true;
        }
        k.folded = fnv(k.folded, crate::normalize::chars::fold_latin_extra(c));
    }
}

fn word_key(word: &str) -> WordKey {
    let mut sink = KeySink(WordKey {
        exact: FNV_OFFSET,
        folded: FNV_OFFSET,
        ..WordKey::default()
    });
    crate::normalize::stream::normalize(word, STRICT, &mut sink);
    sink.0
}

/// Latin marks that only Vietnamese uses among the supported languages: horn (ơ, ư), hook above,
/// dot below, breve (ă).
fn vi_specific_mark(m: char) -> bool {
    matches!(m, '\u{031B}' | '\u{0309}' | '\u{0323}' | '\u{0306}')
}

impl Detector {
    pub(crate) fn add(&mut self, lang: Lang, stopwords: &[String]) {
        for w in stopwords {
            let k = word_key(w);
            if k.marks > 0 || k.dd {
                self.folded.entry(k.folded).or_default().insert(lang);
            }
            self.exact.entry(k.exact).or_default().insert(lang);
        }
    }

    /// Detects the language of `text`.
    pub(crate) fn detect(&self, text: &str) -> Detection {
        let (mut thai, mut cyr, mut latin) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            if is_thai_letter(c) {
                thai += 1;
            } else if is_cyrillic(c) && c.is_alphabetic() {
                cyr += 1;
            } else if is_latin_letter(c) {
                latin += 1;
            }
        }
        let mut score = [0f32; 5];
        let mut vi_marked = 0f32;
        if latin > 0 {
            for word in
                text.split(|c: char| !(c.is_alphanumeric() || is_mark(c) || c == '\'' || c == '’'))
            {
                if word.is_empty() || !word.chars().any(is_latin_letter) {
                    continue;
                }
                let key = word_key(word);
                if key.dd || key.vi_specific || key.marks >= 2 {
                    vi_marked += 2.0;
                } else if key.marks > 0 {
                    vi_marked += 0.5;
                }
                let mut hit = LangSet::EMPTY;
                if let Some(s) = self.exact.get(&key.exact) {
                    hit = *s;
                }
                // A plain word counts for the languages that write it that way; only a word no
                // language writes plainly is read as Vietnamese typed without diacritics.
                if key.marks == 0 && !key.dd && hit.is_empty() {
                    if let Some(s) = self.folded.get(&key.folded) {
                        for l in s.iter() {
                            hit.insert(l);
                        }
                    }
                }
                let k = hit.iter().count() as f32;
                for l in hit.iter() {
                    score[l.index()] += 1.0 / k;
                }
            }
            score[Lang::Vi.index()] += vi_marked;
        }
        let mut plausible = LangSet::EMPTY;
        if thai > 0 {
            plausible.insert(Lang::Th);
        }
        if cyr > 0 {
            plausible.insert(Lang::Ru);
        }
        let latin_langs = [Lang::En, Lang::Vi, Lang::Ms];
        let best_latin = latin_langs
            .iter()
            .copied()
            .max_by(|a, b| score[a.index()].total_cmp(&score[b.index()]))
            .unwrap_or(Lang::En);
        let best_latin = if score[best_latin.index()] <= 0.0 {
            Lang::En
        } else {
            best_latin
        };
        let best = score[best_latin.index()];
        let mut latin_confident = false;
        if latin > 0 {
            if best <= 0.0 {
                for l in latin_langs {
                    plausible.insert(l);
                }
            } else {
                let second = latin_langs
                    .iter()
                    .filter(|l| **l != best_latin)
                    .map(|l| score[l.index()])
                    .fold(0f32, f32::max);
                latin_confident = best >= 2.0 && best >= 2.0 * second;
                for l in latin_langs {
                    if score[l.index()] > 0.0 && score[l.index()] * 3.0 >= best {
                        plausible.insert(l);
                    }
                }
                if !latin_confident && best < 2.0 {
                    for l in latin_langs {
                        plausible.insert(l);
                    }
                }
            }
        }
        // The script with the most letters decides the primary language.
        let latin_weight = latin;
        let primary = if thai == 0 && cyr == 0 && latin == 0 {
            None
        } else if thai >= cyr && thai >= latin_weight / 2 && thai > 0 {
            Some(Lang::Th)
        } else if cyr >= latin_weight / 2 && cyr > 0 {
            Some(Lang::Ru)
        } else {
            Some(best_latin)
        };
        let confident = match primary {
            Some(Lang::Th) | Some(Lang::Ru) => true,
            Some(_) => latin_confident,
            None => false,
        };
        Detection {
            primary,
            plausible,
            confident,
        }
    }
}

/// The detector of the built-in packs.
pub(crate) fn builtin() -> &'static Detector {
    crate::coach::default_engine().map_or_else(empty, |e| &e.detector)
}

fn empty() -> &'static Detector {
    static EMPTY: once_cell::sync::Lazy<Detector> = once_cell::sync::Lazy::new(Detector::default);
    &EMPTY
}
