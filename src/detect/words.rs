//! Words as the detector reads them: the runs of word characters of a text, and the keys a
//! word is looked up by (hashes of its exact and diacritic-free forms, the letter evidence it
//! carries). Most words of most messages are ASCII, and are keyed without the normalizer.

use smallvec::SmallVec;

use super::{Detector, LetterKey};
use crate::normalize::chars::{fold_latin_extra, is_latin_mark, is_mark};
use crate::normalize::stream::{normalize, plain_ascii, Sink, STRICT};
use rustc_hash::FxHashMap;

/// Where a word's hash starts.
pub(super) const SEED: u64 = 0xcbf2_9ce4_8422_2325;
/// The multiplier of [`mix`] (FxHash's).
const K: u64 = 0x517c_c1b7_2722_0a95;

/// The hash of a word so far, `h`, with one more character: one multiplication per character
/// (FNV's four, one per byte of the character, were most of a detection).
#[inline(always)]
pub(super) fn mix(h: u64, c: char) -> u64 {
    (h.rotate_left(5) ^ u64::from(u32::from(c))).wrapping_mul(K)
}

/// One word read once: hashes of its exact and diacritic-free forms, its diacritics, and the
/// strongest letter evidence it carries for each language.
#[derive(Debug, Clone)]
pub(super) struct WordKey {
    pub(super) exact: u64,
    pub(super) folded: u64,
    pub(super) marked: bool,
    pub(super) best: SmallVec<[f32; 8]>,
}

struct KeySink<'a> {
    key: WordKey,
    letters: &'a FxHashMap<LetterKey, SmallVec<[(u8, f32); 2]>>,
    unit: Option<(char, [char; 3], usize)>,
}

impl KeySink<'_> {
    fn close_unit(&mut self) {
        if let Some((base, marks, n)) = self.unit.take() {
            if (n > 0 || !base.is_ascii()) && !self.letters.is_empty() {
                if let Some(ws) = self.letters.get(&(base, marks)) {
                    for &(slot, w) in ws {
                        let b = &mut self.key.best[usize::from(slot)];
                        *b = b.max(w);
                    }
                }
            }
        }
    }
}

impl Sink for KeySink<'_> {
    fn emit(&mut self, c: char, _: usize, _: usize) {
        let k = &mut self.key;
        k.exact = mix(k.exact, c);
        if is_mark(c) {
            if let Some((_, marks, n)) = &mut self.unit {
                if *n < 3 {
                    marks[*n] = c;
                    *n += 1;
                }
            }
            if is_latin_mark(c) {
                k.marked = true;
                return;
            }
            k.folded = mix(k.folded, c);
            return;
        }
        self.close_unit();
        self.unit = Some((c, ['\0'; 3], 0));
        let folded = fold_latin_extra(c);
        self.key.marked |= folded != c;
        self.key.folded = mix(self.key.folded, folded);
    }
}

impl Detector {
    pub(super) fn word_key(&self, word: &str) -> WordKey {
        if word.is_ascii() {
            return self.ascii_word_key(word);
        }
        self.normalized_word_key(word)
    }

    /// [`Detector::word_key`] of any word, read through the strict view.
    pub(super) fn normalized_word_key(&self, word: &str) -> WordKey {
        let mut sink = KeySink {
            key: WordKey {
                exact: SEED,
                folded: SEED,
                marked: false,
                best: SmallVec::from_elem(0.0, self.langs.len()),
            },
            letters: &self.letters,
            unit: None,
        };
        normalize(word, STRICT, &mut sink);
        sink.close_unit();
        sink.key
    }

    /// [`Detector::word_key`] of a word of ASCII letters, digits and apostrophes, without the
    /// normalizer: the strict view reads each byte alone ([`plain_ascii`]), it has no marks to
    /// fold, and its letters carry no evidence (only a letter with a mark, or one outside ASCII,
    /// does).
    pub(super) fn ascii_word_key(&self, word: &str) -> WordKey {
        let h = word
            .bytes()
            .fold(SEED, |h, b| mix(h, char::from(plain_ascii(b))));
        WordKey {
            exact: h,
            folded: h,
            marked: false,
            best: SmallVec::new(),
        }
    }
}

/// The character at byte `at` of `text` and its length, if `at` is before the end (an ASCII
/// byte is read as it is, without decoding).
#[inline(always)]
pub(super) fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` belongs to a word: letters, digits, marks and apostrophes.
#[inline(always)]
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c) || c == '\'' || c == '’'
}

/// The words of `text` (runs of [`in_word`] characters), each with whether it is all ASCII;
/// `ascii`: the whole text is.
pub(super) fn words(text: &str, ascii: bool) -> Words<'_> {
    Words { text, at: 0, ascii }
}

/// See [`words`].
pub(super) struct Words<'a> {
    text: &'a str,
    at: usize,
    /// The whole text is ASCII: read bytes, not characters (an English message).
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        if self.ascii {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'\'';
            let rest = text.as_bytes().get(self.at..)?;
            let start = self.at + rest.iter().position(word)?;
            let len = rest
                .get(start - self.at..)?
                .iter()
                .position(|b| !word(b))
                .unwrap_or(text.len() - start);
            self.at = start + len;
            return Some((text.get(start..self.at)?, true));
        }
        while let Some((c, len)) = char_at(text, self.at) {
            if in_word(c) {
                break;
            }
            self.at += len;
        }
        let start = self.at;
        let mut ascii = true;
        while let Some((c, len)) = char_at(text, self.at) {
            if !in_word(c) {
                break;
            }
            ascii &= len == 1;
            self.at += len;
        }
        (self.at > start).then(|| (text.get(start..self.at).unwrap_or_default(), ascii))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ascii_words_are_keyed_as_the_normalizer_reads_them() {
        let engine = crate::engine::precompiled::read_for(crate::PRECOMPILED, &[]).expect("tables");
        let d = &engine.detector;
        let alphabet: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain(['\'', '`', '_'])
            .collect();
        let mut list: Vec<String> = ["Don't", "O'CLOCK", "Xin", "chao", "tidak", "WiFi", "5G"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for a in &alphabet {
            for b in &alphabet {
                list.push(format!("{a}{b}"));
            }
        }
        for w in &list {
            let (fast, slow) = (d.ascii_word_key(w), d.normalized_word_key(w));
            assert_eq!(
                (fast.exact, fast.folded, fast.marked),
                (slow.exact, slow.folded, slow.marked),
                "{w}"
            );
            // No ASCII letter is evidence, so the fast key carries none.
            assert!(
                fast.best.is_empty() && slow.best.iter().all(|w| *w == 0.0),
                "{w}"
            );
        }
        let text = "Xin chào, I'd like O'Brien's 5G plan — tidak? ok";
        let split: Vec<(&str, bool)> = super::words(text, text.is_ascii()).collect();
        assert_eq!(
            split,
            [
                ("Xin", true),
                ("chào", false),
                ("I'd", true),
                ("like", true),
                ("O'Brien's", true),
                ("5G", true),
                ("plan", true),
                ("tidak", true),
                ("ok", true)
            ]
        );
        assert_eq!(super::words("I'd like tea", true).count(), 3);
    }
}
