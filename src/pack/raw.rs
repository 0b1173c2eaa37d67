//! The TOML shape of rule packs and rule definitions, as written (see `src/packs/README.md`).

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

use crate::finding::{Applicability, Category, Severity};
use crate::normalize::units::Diacritics;
use crate::role::Role;
use crate::rules::Marker;
use crate::signal::SignalKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPack {
    pub pack: RawHeader,
    pub language: Option<Spanned<RawLanguage>>,
    #[serde(default)]
    pub context: RawContext,
    #[serde(default)]
    pub detect: RawDetect,
    #[serde(default)]
    pub transcript: RawLabels,
    #[serde(default)]
    pub markers: BTreeMap<Marker, Vec<Spanned<RawPhrase>>>,
    #[serde(default)]
    pub register: BTreeMap<Spanned<String>, RawDimension>,
    #[serde(default)]
    pub conversation: BTreeMap<Spanned<String>, RawTexts>,
    #[serde(default)]
    pub lists: BTreeMap<Spanned<String>, Vec<Spanned<RawPhrase>>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHeader {
    pub lang: Spanned<String>,
    pub name: Option<String>,
    pub diacritics: Option<Diacritics>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContext {
    #[serde(default)]
    pub negations: Vec<Spanned<RawPhrase>>,
    pub negation_window: Option<usize>,
    #[serde(default)]
    pub clause_breaks: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    pub clitics: Vec<String>,
    #[serde(default)]
    pub endings: Vec<Spanned<String>>,
    #[serde(default)]
    pub innocent: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    pub names: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    pub mirror: Vec<String>,
}

/// `[register.<dimension>]`: one choice of the agent's voice (how they address the customer,
/// which particle ends their sentences …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDimension {
    /// The neutral fill of every slot, used when the agent's words tell nothing.
    pub default: BTreeMap<String, String>,
    /// Whether a fix filled with the default is still safe to apply. Default: true.
    pub safe_default: Option<bool>,
    #[serde(default)]
    pub variants: Vec<Spanned<RawVariant>>,
}

/// One variant of a dimension: the words that show an agent uses it, and what it fills.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariant {
    pub name: String,
    pub cues: Vec<Spanned<RawPhrase>>,
    /// Cues count only written in exactly this case, and not at the start of a sentence (`Вы`).
    #[serde(default)]
    pub exact_case: bool,
    pub fill: BTreeMap<String, String>,
}

/// `[language]`: what a language is, given once per language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguage {
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub scripts: Vec<String>,
    #[serde(default)]
    pub fallback: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDetect {
    #[serde(default)]
    pub stopwords: Vec<String>,
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub letters: Vec<RawLetters>,
    pub transliteration: Option<Spanned<RawTransliteration>>,
}

/// `[detect.transliteration]`: how the language is typed in Latin letters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransliteration {
    pub letters: BTreeMap<String, String>,
    #[serde(default)]
    pub after_vowel: BTreeMap<String, String>,
    #[serde(default)]
    pub vowels: String,
}

/// Letters that are evidence for the language, and how much one word carrying them weighs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLetters {
    pub weight: f32,
    pub letters: String,
}

/// `[transcript]`: role labels of plain-text transcripts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLabels {
    #[serde(default)]
    pub agent: Vec<String>,
    #[serde(default)]
    pub customer: Vec<String>,
    #[serde(default)]
    pub system: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTexts {
    pub message: Option<String>,
    pub suggestion: Option<String>,
}

/// Where `unless` exceptions are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum UnlessScope {
    #[default]
    Sentence,
    Message,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub message: Option<String>,
    pub suggestion: Option<String>,
    pub action: Option<String>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
    pub unless_scope: Option<UnlessScope>,
    #[serde(default)]
    pub phrases: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<RawPhrase>>,
    #[serde(default, rename = "use")]
    pub use_lists: Vec<Spanned<String>>,
    #[serde(default)]
    pub combos: Vec<Spanned<String>>,
    // Definition of a new rule (user packs only).
    pub category: Option<Category>,
    pub signal: Option<SignalKind>,
    pub role: Option<Role>,
    pub severity: Option<Severity>,
    pub why: Option<String>,
    pub obfuscation: Option<bool>,
    pub negatable: Option<bool>,
    pub cross_language: Option<bool>,
}

/// A phrase: a plain string, or a table carrying its own suggestion and options.
#[derive(Debug, Default)]
pub(crate) struct RawPhrase {
    pub phrase: String,
    pub suggestion: Option<String>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
}

impl<'de> Deserialize<'de> for RawPhrase {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawPhrase;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a phrase string or a table with `phrase`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPhrase, E> {
                Ok(RawPhrase {
                    phrase: v.to_string(),
                    ..RawPhrase::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawPhrase, A::Error> {
                let mut out = RawPhrase::default();
                let mut have_phrase = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "phrase" => {
                            out.phrase = map.next_value()?;
                            have_phrase = true;
                        }
                        "suggestion" => out.suggestion = Some(map.next_value()?),
                        "fix" => out.fix = Some(map.next_value()?),
                        "diacritics" => out.diacritics = Some(map.next_value()?),
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["phrase", "suggestion", "fix", "diacritics"],
                            ))
                        }
                    }
                }
                if !have_phrase {
                    return Err(de::Error::missing_field("phrase"));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}
