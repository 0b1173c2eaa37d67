//! Supported languages.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language tactful has a rule pack for. ISO 639-1 codes in serialized form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English.
    En,
    /// Vietnamese.
    Vi,
    /// Thai.
    Th,
    /// Russian.
    Ru,
    /// Malay.
    Ms,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Vi, Lang::Th, Lang::Ru, Lang::Ms];

    /// The ISO 639-1 code.
    pub fn code(&self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
            Lang::Th => "th",
            Lang::Ru => "ru",
            Lang::Ms => "ms",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Vi => 1,
            Lang::Th => 2,
            Lang::Ru => 3,
            Lang::Ms => 4,
        }
    }

    /// Detects the language of `text` with the built-in packs' evidence. See
    /// [`crate::Detection`]; a [`crate::Coach`] with custom packs has [`crate::Coach::detect`].
    pub fn detect(text: &str) -> crate::Detection {
        crate::detect::builtin().detect(text)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of parsing a language code that is not supported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language `{0}` (expected one of: en, vi, th, ru, ms)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "vi" | "vie" | "vietnamese" => Ok(Lang::Vi),
            "th" | "tha" | "thai" => Ok(Lang::Th),
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "ms" | "msa" | "may" | "malay" | "bm" => Ok(Lang::Ms),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// A small set of languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LangSet(u8);

impl LangSet {
    /// No language.
    pub const EMPTY: LangSet = LangSet(0);
    /// Every supported language.
    pub const ALL: LangSet = LangSet(0b1_1111);

    /// A set holding one language.
    pub fn one(lang: Lang) -> Self {
        LangSet(1 << lang.index())
    }

    /// Adds a language.
    pub fn insert(&mut self, lang: Lang) {
        self.0 |= 1 << lang.index();
    }

    /// Whether `lang` is in the set.
    pub fn contains(&self, lang: Lang) -> bool {
        self.0 & (1 << lang.index()) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The languages in the set, in [`Lang::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|l| self.contains(*l))
    }
}

impl FromIterator<Lang> for LangSet {
    fn from_iter<I: IntoIterator<Item = Lang>>(iter: I) -> Self {
        let mut s = LangSet::EMPTY;
        for l in iter {
            s.insert(l);
        }
        s
    }
}
