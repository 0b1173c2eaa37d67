//! What a pack says about its language itself: scripts, aliases, detection evidence, transcript
//! role labels. A language is a pack file: nothing about it is written in Rust.

use unicode_script::Script;

use super::phrases::Source;
use super::raw::{RawDetect, RawLabels, RawLanguage};
use crate::detect::translit::Transliteration;
use crate::error::Error;
use crate::lang::Lang;
use crate::role::{Role, RoleLabels};

/// `[language]`: given once per language, by the pack that adds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LanguageDef {
    pub lang: Lang,
    pub name: Option<String>,
    /// Other names a configuration or transcript may use for it (`eng`, `english`).
    pub aliases: Vec<String>,
    /// The scripts it is written in.
    pub scripts: Vec<Script>,
    /// Its texts stand in when a message's language has none (one language should say so).
    pub fallback: bool,
    /// The pack that defined it.
    pub pack: String,
}

/// `[detect]`: evidence for the language in a text.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct DetectWords {
    /// Frequent words, in any script (Russian lists romanized ones too).
    pub stopwords: Vec<String>,
    /// Words only this language writes, one of which makes it plausible in a message of another
    /// (Malaysian English: "i swear i punch him lah").
    pub markers: Vec<String>,
    /// Letters, and what one word carrying one of them weighs.
    pub letters: Vec<(f32, String)>,
    /// How the language is typed in Latin letters, to read such a message back.
    pub transliteration: Option<Transliteration>,
}

/// A script by its Unicode name, written in any case (`latin`, `Cyrillic`, `thai`).
fn script_named(name: &str) -> Option<Script> {
    let name = name.trim();
    Script::from_full_name(name).or_else(|| {
        let mut c = name.chars();
        let first = c.next()?.to_uppercase().collect::<String>();
        Script::from_full_name(&(first + &c.as_str().to_lowercase()))
    })
}

pub(crate) fn language(
    src: &Source<'_>,
    lang: Lang,
    raw: &toml::Spanned<RawLanguage>,
) -> Result<LanguageDef, Error> {
    let at = raw.span().start;
    let r = raw.get_ref();
    let mut scripts = Vec::new();
    for s in &r.scripts {
        scripts.push(script_named(s).ok_or_else(|| {
            src.err_at(
                at,
                format!("unknown script `{s}` (a Unicode script name such as `latin`, `cyrillic`, `thai`)"),
            )
        })?);
    }
    if scripts.is_empty() {
        return Err(src.err_at(at, "`[language] scripts` names at least one script"));
    }
    let mut aliases = Vec::new();
    for a in &r.aliases {
        let a = a.trim().to_lowercase();
        if Lang::new(&a).is_err() {
            return Err(src.err_at(
                at,
                format!("alias `{a}` is not a language code (2 to 12 ASCII letters)"),
            ));
        }
        aliases.push(a);
    }
    Ok(LanguageDef {
        lang,
        name: r.name.clone(),
        aliases,
        scripts,
        fallback: r.fallback,
        pack: src.name.to_string(),
    })
}

pub(crate) fn detect_words(
    src: &Source<'_>,
    lang: Option<Lang>,
    raw: &RawDetect,
) -> Result<DetectWords, Error> {
    for l in &raw.letters {
        if !(l.weight.is_finite() && l.weight > 0.0) {
            return Err(src.err_at(0, "`[detect] letters` weights are positive numbers"));
        }
    }
    // A message is looked up word by word, so a marker of two words or none would never occur.
    if let Some(m) = raw
        .markers
        .iter()
        .find(|m| m.trim().is_empty() || m.trim().contains(char::is_whitespace))
    {
        let at = src.src.find("markers").unwrap_or(0);
        return Err(src.err_at(
            at,
            format!(
                "`[detect] markers`: `{m}` is not one word (a marker is looked up word by word)"
            ),
        ));
    }
    let transliteration = match (&raw.transliteration, lang) {
        (None, _) => None,
        (Some(t), None) => {
            return Err(src.err_at(
                t.span().start,
                "`[detect.transliteration]` belongs to a pack of one language, not `any`",
            ))
        }
        (Some(t), Some(lang)) => {
            let r = t.get_ref();
            let pairs = |m: &std::collections::BTreeMap<String, String>| {
                m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            };
            Some(
                Transliteration::new(
                    lang,
                    pairs(&r.letters),
                    pairs(&r.after_vowel),
                    r.vowels.clone(),
                )
                .map_err(|e| {
                    src.err_at(t.span().start, format!("`[detect.transliteration]`: {e}"))
                })?,
            )
        }
    };
    Ok(DetectWords {
        transliteration,
        stopwords: raw.stopwords.clone(),
        markers: raw.markers.clone(),
        letters: raw
            .letters
            .iter()
            .map(|l| (l.weight, l.letters.clone()))
            .collect(),
    })
}

pub(crate) fn labels(raw: &RawLabels) -> RoleLabels {
    let mut out = RoleLabels::new();
    for (list, role) in [
        (&raw.agent, Some(Role::Agent)),
        (&raw.customer, Some(Role::Customer)),
        (&raw.system, None),
    ] {
        for l in list {
            out.insert(l, role);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_by_name_in_any_case() {
        assert_eq!(script_named("latin"), Some(Script::Latin));
        assert_eq!(script_named("Cyrillic"), Some(Script::Cyrillic));
        assert_eq!(script_named("THAI"), Some(Script::Thai));
        assert_eq!(script_named("klingon"), None);
    }
}
