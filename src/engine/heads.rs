//! The heads of `HEAD + BODY` phrases: a body is matched, and one of its heads must stand right
//! before it (`pack::phrases`). Heads are kept as the packs wrote them and normalized list by
//! list when a candidate first needs one.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use super::records::{Blob, U32s};
use crate::normalize::stream::{normalized, MATCH, STRICT};
use crate::normalize::units::{has_latin_diacritics, units, Unit};

/// The heads of a `HEAD + BODY` phrase, normalized once, longest first (the longest head that
/// stands before the body is the one reported).
#[derive(Debug, Clone)]
pub(crate) struct Heads {
    pub units: Vec<(Box<[Unit]>, bool)>,
    /// For each head of `units`, its last letter with Latin extras folded (`đ` → `d`): a text
    /// whose last letter folds otherwise cannot end with that head.
    pub last_folded: Vec<char>,
    pub max_chars: usize,
    /// The last character of every head as the match view reads it: a cheap first test.
    pub last_chars: Vec<char>,
}

/// The heads of `HEAD + BODY` phrases as the packs wrote them, list by list, normalized the
/// first time a candidate needs a list: a message touches few of them, and reading all of them
/// from precompiled tables cost an eighth of a start-up. All lists are one text (each word ended
/// by a newline, which no phrase holds) and a table of where each list starts, both borrowed
/// from the tables they were read from: a list per record would make reading the tables walk
/// (and page in) all 1.6 MB of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct HeadSets<'t> {
    #[serde(borrow)]
    words: Blob<'t>,
    /// List `i` is `words[starts[i]..starts[i + 1]]`.
    #[serde(borrow)]
    starts: U32s<'t>,
    #[serde(skip)]
    normalized: OnceLock<Box<[OnceLock<Heads>]>>,
}

impl HeadSets<'_> {
    pub(crate) fn new<L: AsRef<[Box<str>]>>(lists: &[L]) -> HeadSets<'static> {
        let mut text = String::new();
        let mut starts = vec![0u32];
        for list in lists {
            for w in list.as_ref() {
                text.push_str(w);
                text.push('\n');
            }
            starts.push(text.len() as u32);
        }
        HeadSets {
            words: text.into_bytes().into(),
            starts: starts.into_iter().collect(),
            normalized: OnceLock::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// List `i`, normalized (`None`: no such list; no heads if the tables' text is damaged).
    pub(crate) fn get(&self, i: usize) -> Option<&Heads> {
        let n = self.len();
        let slot = self
            .normalized
            .get_or_init(|| (0..n).map(|_| OnceLock::new()).collect())
            .get(i)?;
        Some(slot.get_or_init(|| {
            let text = match (self.starts.get(i), self.starts.get(i + 1)) {
                (Some(a), Some(b)) => self.words.bytes().get(a as usize..b as usize),
                _ => None,
            };
            let words: Vec<&str> = text
                .and_then(|t| std::str::from_utf8(t).ok())
                .unwrap_or_default()
                .lines()
                .collect();
            Heads::new(&words)
        }))
    }
}

impl Heads {
    pub(crate) fn new<S: AsRef<str>>(heads: &[S]) -> Heads {
        let mut units: Vec<(Box<[Unit]>, bool)> = heads
            .iter()
            .map(|h| {
                let u = units(h.as_ref(), STRICT);
                let marked = has_latin_diacritics(&u);
                (u.into_iter().collect::<Box<[Unit]>>(), marked)
            })
            .collect();
        units.sort_by_key(|(u, _)| {
            std::cmp::Reverse(u.iter().map(|x| usize::from(x.run)).sum::<usize>())
        });
        let last_folded = units
            .iter()
            .map(|(u, _)| {
                u.last()
                    .map_or('\0', |x| crate::normalize::chars::fold_latin_extra(x.base))
            })
            .collect();
        let max_chars = heads
            .iter()
            .map(|h| h.as_ref().chars().count())
            .max()
            .unwrap_or(0);
        let mut last_chars: Vec<char> = heads
            .iter()
            .filter_map(|h| {
                normalized(h.as_ref(), MATCH)
                    .chars()
                    .rev()
                    .find(|c| !crate::normalize::chars::is_mark(*c))
            })
            .collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        Heads {
            units,
            last_folded,
            max_chars,
            last_chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Vec<Vec<Box<str>>> {
        vec![
            vec!["you".into(), "you're a".into()],
            vec![],
            vec!["mày".into()],
        ]
    }

    #[test]
    fn each_list_reads_back_normalized_longest_first() {
        let sets = HeadSets::new(&lists());
        assert_eq!(sets.len(), 3);
        let first = sets.get(0).expect("list 0");
        assert_eq!(first.units.len(), 2);
        assert_eq!(first.max_chars, 8);
        assert!(first.last_chars.contains(&'a') && first.last_chars.contains(&'u'));
        assert!(sets.get(1).expect("list 1").units.is_empty());
        assert_eq!(sets.get(2).expect("list 2").last_folded, vec!['y']);
        assert!(sets.get(3).is_none());
    }

    #[test]
    fn read_from_tables_it_borrows_and_survives_damage() {
        let bytes = postcard::to_allocvec(&HeadSets::new(&lists())).expect("writes");
        let read: HeadSets = postcard::from_bytes(&bytes).expect("reads");
        assert_eq!(read.words.heap_bytes() + read.starts.heap_bytes(), 0);
        assert_eq!(read.get(2).expect("list 2").units.len(), 1);
        // Starts past the text, or text that is not UTF-8: no heads, never a panic.
        let broken = HeadSets {
            words: vec![0xff, b'\n'].into(),
            starts: [0u32, 2, 99, 1].into_iter().collect(),
            normalized: OnceLock::new(),
        };
        for i in 0..4 {
            assert!(broken.get(i).is_none_or(|h| h.units.is_empty()));
        }
    }
}
