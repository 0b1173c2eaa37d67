//! Typed errors and warnings of building a coach. Reviewing text never fails; only building a
//! [`crate::Coach`] (or reading its configuration) can, and every error names where the problem
//! was written: a rule pack and its line, a configuration file and its line, or a builder call.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// Where a rule id, a language or a setting was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Origin {
    /// A rule pack and a 1-based line in it.
    Pack {
        /// The pack's name.
        pack: String,
        /// 1-based line.
        line: usize,
    },
    /// A configuration file (`tactful.toml`) and a 1-based line in it.
    Config {
        /// The path the configuration was read from.
        path: String,
        /// 1-based line.
        line: usize,
    },
    /// A call on [`crate::CoachBuilder`].
    Builder {
        /// The method, such as `disable_rule`.
        call: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Pack { pack, line } => write!(f, "rule pack `{pack}`, line {line}"),
            Origin::Config { path, line } => write!(f, "configuration `{path}`, line {line}"),
            Origin::Builder { call } => write!(f, "CoachBuilder::{call}"),
        }
    }
}

/// Why a [`crate::Coach`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Error {
    /// A rule pack is not valid TOML or does not fit the pack format.
    #[error("rule pack `{pack}`, line {line}, column {column}: {message}")]
    Pack {
        /// The pack's name.
        pack: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A configuration file is not valid TOML or does not fit the configuration format.
    #[error("configuration `{path}`, line {line}, column {column}: {message}")]
    Config {
        /// The path (or name) the configuration was read from.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A phrase cannot be compiled.
    #[error("rule pack `{pack}`, line {line}: rule `{rule}`: phrase `{phrase}`: {reason}")]
    Phrase {
        /// The pack's name.
        pack: String,
        /// 1-based line of the phrase.
        line: usize,
        /// The rule (or list) it belongs to.
        rule: String,
        /// The phrase as written.
        phrase: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A regular expression does not compile (syntax, or over the size limit).
    #[error("rule pack `{pack}`, line {line}: rule `{rule}`: pattern `{pattern}`: {reason}")]
    Regex {
        /// The pack's name.
        pack: String,
        /// 1-based line of the pattern.
        line: usize,
        /// The rule it belongs to.
        rule: String,
        /// The pattern as written.
        pattern: String,
        /// The regex compiler's explanation.
        reason: String,
    },
    /// A rule id that no pack defines.
    #[error("{origin}: unknown rule id `{id}`{}", hint(.did_you_mean))]
    UnknownRule {
        /// The id as written.
        id: String,
        /// Where it was written.
        origin: Origin,
        /// The closest known id, if one is close.
        did_you_mean: Option<String>,
    },
    /// A language no pack defines, or one the coach was not built for.
    #[error("{origin}: unknown language `{lang}`{}", hint(.did_you_mean))]
    UnknownLanguage {
        /// The code as written.
        lang: String,
        /// Where it was written.
        origin: Origin,
        /// The closest known code or alias, if one is close.
        did_you_mean: Option<String>,
    },
    /// Two packs define the same new rule differently.
    #[error("rule `{rule}` is defined by `{first}` and differently by `{second}`")]
    RuleRedefined {
        /// The rule id.
        rule: String,
        /// The pack that defined it first.
        first: String,
        /// The pack that defined it again.
        second: String,
    },
    /// Compiled phrases or patterns would be too large.
    #[error("{what} too large: {reason}")]
    TooLarge {
        /// What could not be built.
        what: String,
        /// Why.
        reason: String,
    },
    /// A pack file named by a configuration could not be read.
    #[error("{origin}: cannot read pack file `{path}`: {reason}")]
    PackFile {
        /// The path as resolved.
        path: String,
        /// Where it was named.
        origin: Origin,
        /// The reader's explanation.
        reason: String,
    },
}

fn hint(d: &Option<String>) -> String {
    d.as_ref()
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// The known name closest to `name`, when it is close enough to be a typo of it.
pub(crate) fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min()
        .map(|(_, k)| k.to_string())
}

/// Something in the packs or the configuration that can never take effect. Building still
/// succeeds; [`crate::Coach::warnings`] lists these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// A pack for a language the coach was not built for: none of its phrases apply.
    PackIgnored {
        /// The pack's name.
        pack: String,
        /// Its language.
        lang: String,
    },
    /// A phrase with a suggestion whose fix is `unsafe` by the rule's default: the suggestion is
    /// shown, never applied by `apply_fixes`. Add `fix = "safe"` if it stands in for the matched
    /// words (or `fix = "unsafe"` to say it does not).
    SuggestionNeverApplied {
        /// The pack's name.
        pack: String,
        /// 1-based line of the phrase.
        line: usize,
        /// The rule.
        rule: String,
    },
    /// A rule given phrases by a pack but disabled: the phrases never apply.
    RuleDisabled {
        /// The pack's name.
        pack: String,
        /// The rule.
        rule: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::PackIgnored { pack, lang } => write!(
                f,
                "rule pack `{pack}` is for `{lang}`, which this coach does not enable: it is ignored"
            ),
            Warning::SuggestionNeverApplied { pack, line, rule } => write!(
                f,
                "rule pack `{pack}`, line {line}: rule `{rule}`: the suggestion is never applied automatically (its fix is `unsafe`; add `fix = \"safe\"` if it stands in for the matched words)"
            ),
            Warning::RuleDisabled { pack, rule } => write!(
                f,
                "rule pack `{pack}` gives phrases to `{rule}`, which is disabled: they never apply"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_id() {
        let ids = ["dont-know", "jargon", "policy-talk"];
        assert_eq!(closest("dont-knw", ids), Some("dont-know".into()));
        assert_eq!(closest("jargn", ids), Some("jargon".into()));
        assert_eq!(closest("something-else", ids), None);
    }

    #[test]
    fn errors_say_where() {
        let e = Error::UnknownRule {
            id: "jargn".into(),
            origin: Origin::Config {
                path: "tactful.toml".into(),
                line: 3,
            },
            did_you_mean: Some("jargon".into()),
        };
        assert_eq!(
            e.to_string(),
            "configuration `tactful.toml`, line 3: unknown rule id `jargn` (did you mean `jargon`?)"
        );
    }
}
