//! The streaming normalizer: one pass over the original text that emits normalized characters,
//! each tagged with the byte range of the original character it came from. Nothing is buffered,
//! so matching a clean message allocates nothing, and every position maps back exactly.

use super::chars::{
    fold_latin_extra, is_alnum, is_ignorable, is_latin_letter, is_latin_mark, is_mark, is_mask,
    is_separator, is_thai, is_thai_letter, leet, lookalike, map_punct, map_yo, script_of, Script,
};

/// Which transformations a normalization view applies on top of the common ones (compatibility
/// decomposition, case folding, quotes, ignorable characters, whitespace, `ё` = `е`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct View {
    /// Leetspeak, masks, look-alike letters and letters split by separators.
    pub obfuscation: bool,
    /// Drop combining diacritics of Latin letters and fold `đ` to `d`.
    pub fold_latin_marks: bool,
    /// Collapse runs of the same character to one (`fuuuck` → `fuck`).
    pub collapse_runs: bool,
}

/// The view all phrases are matched in: the loosest, so one automaton pass finds every
/// candidate; verification then decides what the rule actually allows.
pub(crate) const MATCH: View = View {
    obfuscation: true,
    fold_latin_marks: true,
    collapse_runs: true,
};
/// Exact reading: only the common normalizations.
pub(crate) const STRICT: View = View {
    obfuscation: false,
    fold_latin_marks: false,
    collapse_runs: false,
};
/// Obfuscation-tolerant reading used to verify profanity matches.
pub(crate) const SKELETON: View = View {
    obfuscation: true,
    fold_latin_marks: true,
    collapse_runs: false,
};

/// Receives normalized characters with the original byte range they came from.
pub(crate) trait Sink {
    fn emit(&mut self, c: char, orig_start: usize, orig_end: usize);
}

/// Facts about the text gathered during the same pass, for free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TextStats {
    pub upper: u32,
    pub lower: u32,
    /// A Latin combining diacritic or `đ` occurs (the text is typed with diacritics).
    pub latin_marked: bool,
    pub latin: u32,
    pub cyrillic: u32,
    pub thai: u32,
    /// A character people mask letters with (`f*ck`) occurs.
    pub masked: bool,
}

struct State {
    view: View,
    last: Option<char>,
    emitted_any: bool,
    last_base_latin: bool,
    last_base_thai: bool,
    chunk_len: u32,
    pending_space: Option<(usize, usize)>,
}

/// Runs `text` through `view`, feeding `sink`.
pub(crate) fn normalize<S: Sink>(text: &str, view: View, sink: &mut S) -> TextStats {
    let mut stats = TextStats::default();
    let mut st = State {
        view,
        last: None,
        emitted_any: false,
        last_base_latin: false,
        last_base_thai: false,
        chunk_len: 0,
        pending_space: None,
    };
    for (i, c0) in text.char_indices() {
        let end = i + c0.len_utf8();
        if c0.is_ascii() {
            st.ascii(c0, i, end, text, &mut stats, sink);
            continue;
        }
        if is_ignorable(c0) {
            continue;
        }
        stats.masked |= is_mask(c0);
        if c0.is_uppercase() {
            stats.upper += 1;
        } else if c0.is_lowercase() {
            stats.lower += 1;
        }
        match script_of(c0) {
            Script::Latin => stats.latin += 1,
            Script::Cyrillic => stats.cyrillic += 1,
            Script::Thai if is_thai_letter(c0) => stats.thai += 1,
            _ => {}
        }
        let c = map_yo(c0);
        if st.separator(c, c.is_whitespace(), i, end, text) {
            continue;
        }
        let c = map_punct(c);
        if let Some((ps, pe)) = st.pending_space.take() {
            let thai_join = st.last_base_thai && is_thai(c);
            if st.emitted_any && !thai_join {
                st.put(' ', ps, pe, sink);
            }
        }
        unicode_normalization::char::decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                st.process(l, i, end, &mut stats, sink);
            }
        });
    }
    stats
}

/// How the normalizer reads one ASCII character, worked out when the crate is compiled: the
/// reading of most text is a lookup per byte instead of a chain of tests.
#[derive(Clone, Copy)]
struct AsciiReading {
    /// Lower case, the backtick read as an apostrophe.
    plain: u8,
    /// `plain` in the obfuscation view: leetspeak read as letters, masks as `*`.
    obfuscated: u8,
    flags: u8,
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const SPACE: u8 = 4;
/// A separator of the obfuscation view (`f.u.c.k`) that is not whitespace.
const SEPARATOR: u8 = 8;
/// `plain` is part of a word (a letter, digit or mask).
const WORD_PLAIN: u8 = 16;
const WORD_OBFUSCATED: u8 = 32;
/// A mask (`*`, `#`).
const MASK: u8 = 64;

static ASCII: [AsciiReading; 128] = ascii_readings();

/// An ASCII byte as the strict view reads it (lower case, the backtick as an apostrophe).
#[inline(always)]
pub(crate) fn plain_ascii(b: u8) -> u8 {
    ASCII[usize::from(b & 0x7f)].plain
}

const fn in_word(m: u8) -> bool {
    m.is_ascii_alphanumeric() || m == b'*'
}

const fn ascii_readings() -> [AsciiReading; 128] {
    let mut table = [AsciiReading {
        plain: 0,
        obfuscated: 0,
        flags: 0,
    }; 128];
    let mut b = 0u8;
    while b < 128 {
        let c = b as char;
        let plain = if b == b'`' {
            b'\''
        } else {
            b.to_ascii_lowercase()
        };
        let leet = leet(plain as char);
        let obfuscated = if is_mask(leet) { b'*' } else { leet as u8 };
        let mut flags = 0;
        if b.is_ascii_uppercase() {
            flags |= UPPER;
        } else if b.is_ascii_lowercase() {
            flags |= LOWER;
        }
        if c.is_ascii_whitespace() {
            flags |= SPACE;
        } else if is_separator(c) {
            flags |= SEPARATOR;
        }
        if in_word(plain) {
            flags |= WORD_PLAIN;
        }
        if in_word(obfuscated) {
            flags |= WORD_OBFUSCATED;
        }
        if is_mask(c) {
            flags |= MASK;
        }
        table[b as usize] = AsciiReading {
            plain,
            obfuscated,
            flags,
        };
        b += 1;
    }
    table
}

/// A separator right after a one-letter chunk is dropped when the next chunk is one letter too:
/// `f u c k` and `f.u.c.k` read as one word.
fn joins_single_letters(text: &str, after: usize) -> bool {
    let mut rest = text[after..].chars();
    let Some(next) = rest.next() else {
        return false;
    };
    if !leet(next.to_lowercase().next().unwrap_or(next)).is_alphabetic() && !is_mask(next) {
        return false;
    }
    match rest.next() {
        None => true,
        Some(c) => is_separator(c) || c.is_whitespace() || !is_alnum(c) && !is_mark(c),
    }
}

impl State {
    /// Whitespace and (in the obfuscation view) separators: a run of whitespace becomes one
    /// pending space; a separator between single letters (`f.u.c.k`) disappears. Returns whether
    /// the character was consumed.
    #[inline]
    fn separator(&mut self, c: char, space: bool, i: usize, end: usize, text: &str) -> bool {
        if !(space || (self.view.obfuscation && is_separator(c))) {
            return false;
        }
        if self.view.obfuscation && self.chunk_len == 1 && joins_single_letters(text, end) {
            self.chunk_len = 0;
            return true;
        }
        self.chunk_len = 0;
        if space && self.pending_space.is_none() {
            self.pending_space = Some((i, end));
        }
        space
    }

    /// The common case, without decomposition tables: ASCII has no marks, no compatibility
    /// forms and no look-alikes, so each byte's reading is looked up ([`ASCII`]).
    #[inline(always)]
    fn ascii<S: Sink>(
        &mut self,
        c: char,
        i: usize,
        end: usize,
        text: &str,
        stats: &mut TextStats,
        sink: &mut S,
    ) {
        let a = ASCII[c as usize & 0x7f];
        stats.masked |= a.flags & MASK != 0;
        if a.flags & UPPER != 0 {
            stats.upper += 1;
            stats.latin += 1;
        } else if a.flags & LOWER != 0 {
            stats.lower += 1;
            stats.latin += 1;
        }
        let space = a.flags & SPACE != 0;
        if a.flags & (SPACE | SEPARATOR) != 0 && self.separator(c, space, i, end, text) {
            return;
        }
        if let Some((ps, pe)) = self.pending_space.take() {
            if self.emitted_any {
                self.put(' ', ps, pe, sink);
            }
        }
        self.last_base_latin = a.flags & (UPPER | LOWER) != 0;
        self.last_base_thai = false;
        let (m, word) = if self.view.obfuscation {
            (a.obfuscated, a.flags & WORD_OBFUSCATED != 0)
        } else {
            (a.plain, a.flags & WORD_PLAIN != 0)
        };
        if word {
            self.chunk_len += 1;
        }
        self.put(char::from(m), i, end, sink);
    }

    #[inline(always)]
    fn put<S: Sink>(&mut self, c: char, s: usize, e: usize, sink: &mut S) {
        if self.view.collapse_runs && self.last == Some(c) {
            return;
        }
        self.last = Some(c);
        self.emitted_any = true;
        sink.emit(c, s, e);
    }

    fn process<S: Sink>(
        &mut self,
        l: char,
        s: usize,
        e: usize,
        stats: &mut TextStats,
        sink: &mut S,
    ) {
        if is_mark(l) {
            if is_latin_mark(l) && self.last_base_latin {
                stats.latin_marked = true;
                if self.view.fold_latin_marks {
                    return;
                }
            }
            self.put(l, s, e, sink);
            return;
        }
        let mut m = l;
        let folded = fold_latin_extra(m);
        if folded != m {
            stats.latin_marked = true;
            if self.view.fold_latin_marks {
                m = folded;
            }
        }
        self.last_base_latin = is_latin_letter(l);
        self.last_base_thai = is_thai(l);
        if self.view.obfuscation {
            m = lookalike(leet(m));
            if is_mask(m) {
                m = '*';
            }
        }
        if is_alnum(m) || m == '*' {
            self.chunk_len += 1;
        }
        self.put(m, s, e, sink);
    }
}

/// Collects the normalized form as a string (used when compiling phrases).
#[derive(Default)]
pub(crate) struct StringSink(pub String);

impl Sink for StringSink {
    fn emit(&mut self, c: char, _: usize, _: usize) {
        self.0.push(c);
    }
}

/// The normalized form of `text` in `view`.
pub(crate) fn normalized(text: &str, view: View) -> String {
    // Normalizing rarely grows a text: one allocation instead of a doubling series.
    let mut sink = StringSink(String::with_capacity(text.len()));
    normalize(text, view, &mut sink);
    sink.0
}

/// The normalized form of one character in the match view, as the automaton sees it; `None` for
/// characters the view drops.
pub(crate) fn match_char(c: char) -> Option<char> {
    let mut buf = [0u8; 4];
    let mut sink = FirstSink(None);
    normalize(c.encode_utf8(&mut buf), MATCH, &mut sink);
    sink.0
}

struct FirstSink(Option<char>);

impl Sink for FirstSink {
    fn emit(&mut self, c: char, _: usize, _: usize) {
        if self.0.is_none() {
            self.0 = Some(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($name:ident, $view:expr, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(normalized($input, $view), $want);
            }
        };
    }

    t!(case010, STRICT, "Hello WORLD", "hello world");
    t!(quote010, STRICT, "don’t", "don't");
    t!(space010, STRICT, "  a \t\n b  ", "a b");
    t!(zw010, STRICT, "f\u{200B}u\u{00AD}ck", "fuck");
    t!(full010, STRICT, "ＦＵＬＬ", "full");
    t!(yo010, STRICT, "Ёлка", "елка");
    t!(
        nfd010,
        STRICT,
        "bie\u{0302}\u{0301}t",
        normalized("biết", STRICT)
    );
    t!(fold010, MATCH, "Tôi không biết", "toi khong biet");
    t!(fold020, MATCH, "đụ", "du");
    t!(leet010, MATCH, "sh1t", "shit");
    t!(leet020, MATCH, "$hit", "shit");
    t!(mask010, MATCH, "f*ck", "f*ck");
    t!(mask020, MATCH, "f#ck", "f*ck");
    t!(sep010, MATCH, "f.u.c.k", "fuck");
    t!(sep020, MATCH, "f u c k you", "fuck you");
    t!(sep030, MATCH, "a big cat", "a big cat");
    t!(run010, MATCH, "fuuuuck", "fuck");
    t!(run020, MATCH, "class", "clas");
    t!(look010, MATCH, "xуй", normalized("хуй", MATCH));
    t!(thai010, STRICT, "ไม่ ทราบ ครับ", "ไม่ทราบครับ");
    t!(thai020, STRICT, "ok ไม่ทราบ", "ok ไม่ทราบ");
    t!(cyr_short, MATCH, "й", "и\u{306}");

    fn stats(text: &str, view: View) -> TextStats {
        normalize(text, view, &mut StringSink::default())
    }

    #[test]
    fn masks_are_noticed_in_every_view_and_script() {
        for text in ["f*ck", "đ#t", "бл•ть", "ค×ย", "sh**"] {
            assert!(
                stats(text, MATCH).masked && stats(text, STRICT).masked,
                "{text}"
            );
        }
        for text in ["fuck", "a - b", "5 x 3", "ควาย"] {
            assert!(!stats(text, MATCH).masked, "{text}");
        }
    }

    #[test]
    fn the_ascii_table_reads_as_the_character_functions_do() {
        for b in 0u8..128 {
            let c = char::from(b);
            let a = ASCII[usize::from(b)];
            let plain = if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            };
            let obfuscated = if is_mask(leet(plain)) {
                '*'
            } else {
                leet(plain)
            };
            assert_eq!(char::from(a.plain), plain, "{b}");
            assert_eq!(char::from(a.obfuscated), obfuscated, "{b}");
            assert_eq!(a.flags & SPACE != 0, c.is_ascii_whitespace(), "{b}");
            assert_eq!(
                a.flags & (SPACE | SEPARATOR) != 0,
                c.is_ascii_whitespace() || is_separator(c),
                "{b}"
            );
            assert_eq!(a.flags & MASK != 0, is_mask(c), "{b}");
        }
    }
}
