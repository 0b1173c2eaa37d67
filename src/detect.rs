//! Language detection: script for Thai and Cyrillic; for Latin-script text, Vietnamese
//! diacritics and the stop words of each pack's `[detect]` section.

use std::collections::HashMap;

use crate::lang::{Lang, LangSet};
use crate::normalize::chars::{
    is_cyrillic, is_latin_letter, is_latin_mark, is_mark, is_thai_letter,
};
use crate::normalize::stream::{normalized, STRICT};

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

/// Stop-word tables of the enabled packs.
#[derive(Debug, Default, Clone)]
pub(crate) struct Detector {
    exact: HashMap<String, LangSet>,
    folded: HashMap<String, LangSet>,
}

/// Latin marks that only Vietnamese uses among the supported languages: horn (ơ, ư), hook above,
/// dot below, breve (ă).
fn vi_specific_mark(m: char) -> bool {
    matches!(m, '\u{031B}' | '\u{0309}' | '\u{0323}' | '\u{0306}')
}

fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !is_latin_mark(*c))
        .map(crate::normalize::chars::fold_latin_extra)
        .collect()
}

impl Detector {
    pub(crate) fn add(&mut self, lang: Lang, stopwords: &[String]) {
        for w in stopwords {
            let n = normalized(w, STRICT);
            let f = fold(&n);
            if f != n {
                self.folded.entry(f).or_default().insert(lang);
            }
            self.exact.entry(n).or_default().insert(lang);
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
                let n = normalized(word, STRICT);
                let marks: Vec<char> = n.chars().filter(|c| is_latin_mark(*c)).collect();
                let has_dd = n.contains('đ');
                if has_dd || marks.iter().any(|m| vi_specific_mark(*m)) || marks.len() >= 2 {
                    vi_marked += 2.0;
                } else if !marks.is_empty() {
                    vi_marked += 0.5;
                }
                let mut hit = LangSet::EMPTY;
                if let Some(s) = self.exact.get(&n) {
                    hit = *s;
                }
                // A plain word counts for the languages that write it that way; only a word no
                // language writes plainly is read as Vietnamese typed without diacritics.
                if marks.is_empty() && !has_dd && hit.is_empty() {
                    if let Some(s) = self.folded.get(&n) {
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
