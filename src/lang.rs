//! Language codes.
//!
//! A [`Lang`] is only a validated code: what a language *is* (its scripts, detection evidence,
//! transcript labels, phrases) comes from the rule packs a coach is built from, so a user adds a
//! language with a pack file, not with a new variant here.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;
use std::fmt;
use std::str::FromStr;

/// The longest code a [`Lang`] holds.
const MAX_CODE: usize = 12;

/// A language code: 2 to 12 ASCII letters, stored lower case (`en`, `vi`, `th`, `ru`, `ms`, or any
/// code a user pack declares, such as `id`). ISO 639-1 codes are the convention; a pack may list
/// longer aliases (`eng`, `english`) that a coach resolves to its code. Cheap to copy.
///
/// ```
/// use tactful::Lang;
///
/// let vi: Lang = "VI".parse()?;
/// assert_eq!(vi, Lang::Vi);
/// assert_eq!(vi.code(), "vi");
/// assert!("x1".parse::<Lang>().is_err());
/// # Ok::<(), tactful::UnknownLang>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    bytes: [u8; MAX_CODE],
    len: u8,
}

#[allow(non_upper_case_globals)]
impl Lang {
    /// English, the code of the built-in `en` pack.
    pub const En: Lang = Lang::from_ascii(b"en");
    /// Vietnamese, the code of the built-in `vi` pack.
    pub const Vi: Lang = Lang::from_ascii(b"vi");
    /// Thai, the code of the built-in `th` pack.
    pub const Th: Lang = Lang::from_ascii(b"th");
    /// Russian, the code of the built-in `ru` pack.
    pub const Ru: Lang = Lang::from_ascii(b"ru");
    /// Malay, the code of the built-in `ms` pack.
    pub const Ms: Lang = Lang::from_ascii(b"ms");

    /// The languages of the built-in packs. A coach may know more (user packs) or fewer
    /// (`CoachBuilder::languages`); ask it with `Coach::languages`.
    pub const BUILTIN: [Lang; 5] = [Lang::En, Lang::Vi, Lang::Th, Lang::Ru, Lang::Ms];

    /// A code from lower-case ASCII letters known to be valid (the constants above).
    const fn from_ascii(code: &[u8]) -> Lang {
        let mut bytes = [0u8; MAX_CODE];
        let mut i = 0;
        while i < code.len() {
            bytes[i] = code[i];
            i += 1;
        }
        Lang {
            bytes,
            len: code.len() as u8,
        }
    }

    /// Validates `code`: 2 to 12 ASCII letters, any case, surrounding whitespace ignored.
    pub fn new(code: &str) -> Result<Lang, UnknownLang> {
        let t = code.trim();
        if !(2..=MAX_CODE).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(UnknownLang(code.to_string()));
        }
        let mut bytes = [0u8; MAX_CODE];
        for (slot, b) in bytes.iter_mut().zip(t.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        Ok(Lang {
            bytes,
            len: t.len() as u8,
        })
    }

    /// The code, lower case.
    pub fn code(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::new(s)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Lang::new(&s).map_err(serde::de::Error::custom)
    }
}

/// The error of parsing a string that is not a language code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language code (2 to 12 ASCII letters, such as `en` or `vi`)")]
pub struct UnknownLang(pub String);

/// A small set of languages, in insertion order without duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct LangSet(SmallVec<[Lang; 6]>);

impl LangSet {
    /// No language.
    pub fn new() -> Self {
        LangSet::default()
    }

    /// A set holding one language.
    pub fn one(lang: Lang) -> Self {
        let mut s = LangSet::new();
        s.insert(lang);
        s
    }

    /// Adds a language (no effect if present).
    pub fn insert(&mut self, lang: Lang) {
        if !self.contains(lang) {
            self.0.push(lang);
        }
    }

    /// Whether `lang` is in the set.
    pub fn contains(&self, lang: Lang) -> bool {
        self.0.contains(&lang)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many languages the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The languages, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = Lang> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Lang> for LangSet {
    fn from_iter<I: IntoIterator<Item = Lang>>(iter: I) -> Self {
        let mut s = LangSet::new();
        for l in iter {
            s.insert(l);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_validated_and_lower_cased() {
        assert_eq!(
            Lang::new(" EN ").map(|l| l.code().to_string()),
            Ok("en".into())
        );
        assert_eq!(
            Lang::new("english").map(|l| l.to_string()),
            Ok("english".into())
        );
        assert!(Lang::new("e").is_err());
        assert!(Lang::new("en-US").is_err());
        assert!(Lang::new("muchtoolonglang").is_err());
        assert_eq!(Lang::new("ru"), Ok(Lang::Ru));
        assert_eq!(format!("{:?}", Lang::Th), "Lang(th)");
    }

    #[test]
    fn sets_keep_order_without_duplicates() {
        let s: LangSet = [Lang::Vi, Lang::En, Lang::Vi].into_iter().collect();
        assert_eq!(s.iter().collect::<Vec<_>>(), [Lang::Vi, Lang::En]);
        assert!(s.contains(Lang::En) && !s.contains(Lang::Th));
    }
}
