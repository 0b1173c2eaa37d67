//! What the scorer reads of a sentence: hashed words, word pairs and the character 2- to
//! 5-grams of each word (with its edges), read through the normalizer so that case, stretched
//! letters and Vietnamese typed without diacritics read alike. Digits stay digits: read as
//! leetspeak, "3 nights" was a threat. Features are hashed as the normalizer streams the
//! characters, and a sentence is weighed by its distinct features ([`for_each_distinct`]). The same
//! functions serve training (`build.rs`) and review, so the two cannot disagree.

use crate::normalize::chars::{is_alnum, is_mark};
use crate::normalize::stream::{normalize, Sink, View};

/// Bits of a feature's bucket: 2^16 buckets scored the evaluation sets as 2^18 did, in a quarter
/// of the memory.
pub(crate) const BUCKET_BITS: u32 = 16;
pub(crate) const BUCKETS: usize = 1 << BUCKET_BITS;

/// At most this many bytes of one sentence are read, so a sentence megabytes long costs no more
/// than a paragraph.
pub(crate) const MAX_SENTENCE_BYTES: usize = 2_000;

/// The normalizer's reading for features.
const READ: View = View {
    obfuscation: false,
    fold_latin_marks: true,
    collapse_runs: true,
};

/// Fewest features a sentence needs to be scored: about four short words, or a dozen Thai
/// letters. Shorter sentences ("Bye.", "Good bye.") carry too little to be sure of, and the
/// packs hear short threats and insults anyway.
pub(crate) const MIN_FEATURES: usize = 50;

/// Below this many features (about six or seven short words) a sentence must reach the short
/// sentences' cut (`SHORT_CUT`), higher than the category's.
pub(crate) const SHORT_FEATURES: usize = 100;

/// Longest n-gram of characters read inside a word.
const MAX_GRAM: usize = 5;

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

#[inline(always)]
fn fnv(mut h: u32, c: char) -> u32 {
    if c.is_ascii() {
        return (h ^ c as u32).wrapping_mul(FNV_PRIME);
    }
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// A hash folded into a bucket (FNV's low bits alone collide more), seeded by the kind of
/// feature so a word and an n-gram spelt alike stay apart.
#[inline(always)]
fn bucket(kind: u32, h: u32) -> u32 {
    let h = (h ^ kind.wrapping_mul(0x9e37_79b9)).wrapping_mul(FNV_PRIME);
    (h ^ (h >> BUCKET_BITS) ^ (h >> 7)) & (BUCKETS as u32 - 1)
}

struct Features<F> {
    /// The last characters of the current word, with the space that opened it.
    ring: [char; MAX_GRAM],
    /// Characters of the current word read so far, the opening space included (0: none).
    len: usize,
    word: u32,
    prev: Option<u32>,
    f: F,
}

impl<F: FnMut(u32)> Features<F> {
    /// The n-grams ending at character `c` of a word (or its closing space).
    fn grams(&mut self, c: char) {
        self.ring[self.len % MAX_GRAM] = c;
        self.len += 1;
        // Each n-gram ending here extends the one shorter by a character to its left: one
        // hash step per character and length, not one per character of every n-gram.
        let mut h = fnv(FNV_OFFSET, c);
        for n in 2..=MAX_GRAM.min(self.len) {
            h = fnv(h, self.ring[(self.len - n) % MAX_GRAM]);
            (self.f)(bucket(n as u32, h));
        }
    }

    fn end_word(&mut self) {
        if self.len == 0 {
            return;
        }
        self.grams(' ');
        (self.f)(bucket(1, self.word));
        if let Some(p) = self.prev {
            (self.f)(bucket(
                0,
                p.rotate_left(5) ^ self.word.wrapping_mul(0x85eb_ca6b),
            ));
        }
        self.prev = Some(self.word);
        self.len = 0;
    }
}

impl<F: FnMut(u32)> Sink for Features<F> {
    fn emit(&mut self, c: char, _: usize, _: usize) {
        if is_alnum(c) || is_mark(c) || c == '\'' {
            if self.len == 0 {
                self.word = FNV_OFFSET;
                self.grams(' ');
            }
            self.word = fnv(self.word, c);
            self.grams(c);
        } else {
            self.end_word();
        }
    }
}

/// Calls `f` with the bucket of every feature of `sentence`, as often as it occurs.
pub(crate) fn for_each(sentence: &str, f: impl FnMut(u32)) {
    let mut cut = sentence.len().min(MAX_SENTENCE_BYTES);
    while !sentence.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut sink = Features {
        ring: [' '; MAX_GRAM],
        len: 0,
        word: FNV_OFFSET,
        prev: None,
        f,
    };
    normalize(&sentence[..cut], READ, &mut sink);
    sink.end_word();
}

/// Calls `f` once with each distinct feature of `sentence`, in the order they first occur: what
/// the models weigh. A word said twice ("whale of a time sounds like a whale of a time") is no
/// more evidence than said once, and counted twice it was enough to pass a cut. Which buckets
/// were seen is kept in a bit set on the stack, so a review allocates nothing.
pub(crate) fn for_each_distinct(sentence: &str, mut f: impl FnMut(u32)) {
    let mut seen = [0u64; BUCKETS / 64];
    for_each(sentence, |b| {
        let (word, bit) = (b as usize / 64, 1u64 << (b % 64));
        if let Some(w) = seen.get_mut(word) {
            if *w & bit == 0 {
                *w |= bit;
                f(b);
            }
        }
    });
}

/// Every feature of `sentence` (training and tests).
#[cfg(test)]
pub(crate) fn features(sentence: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for_each(sentence, |b| out.push(b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_read_alike_and_features_are_bounded() {
        assert_eq!(
            features("I'll SMASH your van"),
            features("i'll smaaash your van")
        );
        assert_eq!(features("Tôi sẽ đập xe"), features("toi se dap xe"));
        let a = features("I'll smash your van");
        assert!(a.iter().all(|&x| (x as usize) < BUCKETS));
        // Four words, three pairs, and the 2- to 5-grams of " ill " (the normalizer drops the
        // apostrophe), " smash ", " your " and " van ".
        assert_eq!(a.len(), 4 + 3 + 10 + 18 + 14 + 10);
        let long = "fuck ".repeat(1_000_000);
        assert!(features(&long).len() < 10_000);
        assert!(features("").is_empty());
        assert!(features("ถ้ามาอีกจะตบให้หงาย").len() > 20);
        assert_ne!(features("you idiot"), features("idiot you"));
    }
}
