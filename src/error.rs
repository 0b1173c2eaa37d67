//! Typed errors. Reviewing text never fails; only building a [`crate::Coach`] can.

use thiserror::Error;

/// Why a [`crate::Coach`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
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
    /// A rule id that no pack defines, named in a pack or in the configuration.
    #[error("unknown rule id `{id}` ({context})")]
    UnknownRule {
        /// The id as written.
        id: String,
        /// Where it was named (pack and line, or the builder call).
        context: String,
    },
    /// Two packs define the same new rule differently, or another inconsistency between packs.
    #[error("{0}")]
    Conflict(String),
}
