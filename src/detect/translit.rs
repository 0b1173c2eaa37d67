//! Reading a language typed in another script's letters back into its own script: Russian on a
//! Latin keyboard ("budu obrashchatsya v sud" → "буду обращатся в суд"). The letters come from
//! the language's pack (`[detect.transliteration]`); nothing here knows a language. The engine
//! reviews the result as that language and maps every span back to the text that was typed
//! ([`Transliterated::span_back`]).

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::lang::Lang;
use crate::span::Span;

/// Longest text read back: a chat message typed on the wrong keyboard is a few lines, and the
/// map back to the typed text costs twelve bytes per character.
pub(crate) const MAX_TRANSLITERATED: usize = 16 * 1024;

/// Longest spelling of one letter (`shch`).
const MAX_KEY: usize = 8;

/// Why a pack's transliteration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TranslitError {
    /// A spelling is empty, longer than eight characters, or not lower-case ASCII letters and
    /// apostrophes.
    #[error("`{0}` is not a spelling of lower-case ASCII letters or apostrophes (1 to 8)")]
    Key(String),
    /// A spelling reads as nothing.
    #[error("`{0}` reads as nothing")]
    Empty(String),
    /// `after_vowel` spellings without the vowels they follow.
    #[error("`after_vowel` needs `vowels`")]
    NoVowels,
}

/// How a language is typed in Latin letters: each spelling and what it reads as, longest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Transliteration {
    pub lang: Lang,
    /// Spellings and the letters they read as, by spelling.
    letters: Vec<(String, String)>,
    /// Spellings that read otherwise after a vowel ("y" → "й" in "moy", "ы" in "vy").
    after_vowel: Vec<(String, String)>,
    /// The vowels of the result.
    vowels: String,
}

/// Bytes of a text read back, and its characters, kept on the stack: a chat message is read back
/// without allocating (a clean one is reviewed without allocating at all).
const INLINE_BYTES: usize = 1024;
const INLINE_CHARS: usize = 512;

/// A text read back, and where each of its characters was typed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transliterated {
    /// UTF-8: whole characters only are pushed.
    bytes: SmallVec<[u8; INLINE_BYTES]>,
    /// Per character of the text: its start in it, and the bytes of the typed text it reads.
    origin: SmallVec<[(u32, u32, u32); INLINE_CHARS]>,
}

fn checked(pairs: Vec<(String, String)>) -> Result<Vec<(String, String)>, TranslitError> {
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let ok = (1..=MAX_KEY).contains(&k.len())
            && k.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'`');
        if !ok {
            return Err(TranslitError::Key(k));
        }
        if v.is_empty() {
            return Err(TranslitError::Empty(k));
        }
        out.push((k, v));
    }
    out.sort();
    Ok(out)
}

fn find<'a>(pairs: &'a [(String, String)], key: &[u8]) -> Option<&'a str> {
    let key = std::str::from_utf8(key).ok()?;
    pairs
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| pairs[i].1.as_str())
}

impl Transliteration {
    /// A transliteration of `lang`, its spellings checked.
    pub(crate) fn new(
        lang: Lang,
        letters: Vec<(String, String)>,
        after_vowel: Vec<(String, String)>,
        vowels: String,
    ) -> Result<Transliteration, TranslitError> {
        if !after_vowel.is_empty() && vowels.is_empty() {
            return Err(TranslitError::NoVowels);
        }
        Ok(Transliteration {
            lang,
            letters: checked(letters)?,
            after_vowel: checked(after_vowel)?,
            vowels,
        })
    }

    /// `text` read back, the longest spelling first at each place (after a vowel, a spelling of
    /// `after_vowel` wins a tie). Whatever is no spelling is kept as it is. `None` for a text
    /// longer than [`MAX_TRANSLITERATED`].
    pub(crate) fn apply(&self, text: &str) -> Option<Transliterated> {
        if text.len() > MAX_TRANSLITERATED {
            return None;
        }
        let bytes = text.as_bytes();
        let mut out = Transliterated {
            bytes: SmallVec::new(),
            origin: SmallVec::new(),
        };
        let mut utf8 = [0u8; 4];
        let mut lower = [0u8; MAX_KEY];
        let mut at = 0;
        let mut after_vowel = false;
        while at < bytes.len() {
            let n = (bytes.len() - at).min(MAX_KEY);
            for (d, s) in lower.iter_mut().zip(&bytes[at..at + n]) {
                *d = s.to_ascii_lowercase();
            }
            let mut hit = None;
            for len in (1..=n).rev() {
                let key = &lower[..len];
                let found = after_vowel
                    .then(|| find(&self.after_vowel, key))
                    .flatten()
                    .or_else(|| find(&self.letters, key));
                if let Some(v) = found {
                    hit = Some((len, v));
                    break;
                }
            }
            let (len, read) = match hit {
                Some(h) => h,
                None => {
                    let len = text[at..].chars().next().map_or(1, char::len_utf8);
                    (len, &text[at..at + len])
                }
            };
            for c in read.chars() {
                out.origin
                    .push((out.bytes.len() as u32, at as u32, (at + len) as u32));
                out.bytes
                    .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
            after_vowel = read.chars().last().is_some_and(|c| self.vowels.contains(c));
            at += len;
        }
        Some(out)
    }
}

impl Transliterated {
    /// The text read back.
    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The typed text's span of `span` of the text read back: from the start of its first
    /// character's spelling to the end of its last's (`None` if `span` is not on characters).
    pub(crate) fn span_back(&self, span: Span) -> Option<Span> {
        if span.start >= span.end {
            return None;
        }
        let at = |byte: usize| {
            self.origin
                .binary_search_by_key(&(byte as u32), |o| o.0)
                .ok()
        };
        let first = self.origin.get(at(span.start)?)?;
        let last = match at(span.end) {
            Some(i) => self.origin.get(i.checked_sub(1)?)?,
            None if span.end == self.bytes.len() => self.origin.last()?,
            None => return None,
        };
        Some(Span::new(first.1 as usize, last.2 as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn russian() -> Transliteration {
        let pairs = |s: &str| {
            s.split_whitespace()
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("pair");
                    (k.to_string(), v.to_string())
                })
                .collect::<Vec<_>>()
        };
        Transliteration::new(
            Lang::new("ru").expect("ru"),
            pairs("a=а b=б v=в d=д u=у s=с o=о r=р sh=ш shch=щ ch=ч ya=я t=т ts=ц tsya=тся z=з zh=ж m=м y=ы"),
            pairs("y=й"),
            "аеиоуыэюя".to_string(),
        )
        .expect("valid")
    }

    #[test]
    fn longest_spelling_first_and_spans_map_back() {
        let t = russian();
        let r = t.apply("Budu obrashchatsya v SUD!").expect("short");
        assert_eq!(r.text(), "буду обращатся в суд!");
        // "SUD" is bytes 21..24 of the typed text.
        let sud = r.text().find("суд").expect("found");
        assert_eq!(
            r.span_back(Span::new(sud, sud + "суд".len())),
            Some(Span::new(21, 24))
        );
        // "щ" stands for four typed letters.
        let shch = r.text().find('щ').expect("found");
        assert_eq!(
            r.span_back(Span::new(shch, shch + 2)),
            Some(Span::new(9, 13))
        );
        assert_eq!(
            r.span_back(Span::new(0, r.text().len())),
            Some(Span::new(0, 25))
        );
        assert_eq!(r.span_back(Span::new(1, 2)), None, "inside a character");
        assert_eq!(t.apply("moy vy").expect("short").text(), "мой вы");
        assert_eq!(t.apply("").expect("empty").text(), "");
        assert_eq!(t.apply("ё 😀").expect("kept").text(), "ё 😀");
        assert!(t.apply(&"a".repeat(MAX_TRANSLITERATED + 1)).is_none());
    }

    #[test]
    fn spellings_are_checked() {
        let ru = Lang::new("ru").expect("ru");
        let one = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(
            Transliteration::new(ru, one("Sh", "ш"), vec![], String::new()),
            Err(TranslitError::Key("Sh".into()))
        );
        assert_eq!(
            Transliteration::new(ru, one("", "ш"), vec![], String::new()),
            Err(TranslitError::Key(String::new()))
        );
        assert_eq!(
            Transliteration::new(ru, one("sh", ""), vec![], String::new()),
            Err(TranslitError::Empty("sh".into()))
        );
        assert_eq!(
            Transliteration::new(ru, one("sh", "ш"), one("y", "й"), String::new()),
            Err(TranslitError::NoVowels)
        );
    }
}
