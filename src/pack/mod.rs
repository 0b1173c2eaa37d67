//! Rule packs: parsing and validating the TOML data files (the format is documented in
//! [`crate::pack_format`]) into plain data ([`Pack`]). Compiling the packs of a coach into
//! automata is the job of `engine`.

mod combo;
pub(crate) mod expand;
mod language;
mod load;
mod phrases;
mod raw;
mod register;
mod summary;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::finding::Applicability;
use crate::lang::Lang;
use crate::normalize::units::Diacritics;
use crate::role::RoleLabels;
use crate::rules::{Marker, RuleIdx};

pub(crate) use combo::{ComboSpec, Part};
pub(crate) use language::{DetectWords, LanguageDef};
pub(crate) use load::load_pack;
pub(crate) use raw::UnlessScope;
pub(crate) use register::Dimension;
pub(crate) use summary::summarize;
pub use summary::{PackSummary, RuleCoverage};

/// One expanded phrase.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    pub text: String,
    /// Words that must come right before `text` (the `HEAD + BODY` form), one of them.
    pub head: Option<Arc<[Box<str>]>>,
    pub open_left: bool,
    pub open_right: bool,
    /// The phrase's last word may go on with one of the pack's endings (`урод~`: урода, уродами).
    pub inflects: bool,
    pub line: usize,
    pub suggestion: Option<String>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
}

/// A regular expression of a rule, with its line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    pub text: String,
    pub line: usize,
}

/// What one pack gives one rule: its words, and its texts in the pack's language.
#[derive(Debug, Clone)]
pub(crate) struct RuleWords {
    pub rule: RuleIdx,
    pub message: Option<Arc<str>>,
    pub suggestion: Option<String>,
    pub action: Option<Arc<str>>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
    pub unless_scope: UnlessScope,
    pub phrases: Vec<Phrase>,
    pub patterns: Vec<Pattern>,
    pub combos: Vec<ComboSpec>,
    pub unless: Vec<Phrase>,
}

/// `[context]`: what cancels a match around it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub negations: Vec<Phrase>,
    pub negation_window: usize,
    pub clause_breaks: Vec<Phrase>,
    pub clitics: Vec<String>,
    /// Word endings a phrase written with a trailing `~` may take (Russian case endings).
    pub endings: Vec<String>,
    pub innocent: Vec<Phrase>,
    /// Words that are personal names when capitalized ("Dick", "Randy"): never profanity then.
    pub names: Vec<Phrase>,
    /// Forms of address an agent may mirror once the customer used them ("mate").
    pub mirror: Vec<String>,
}

/// A conversation check's texts in one pack.
#[derive(Debug, Clone)]
pub(crate) struct CheckTexts {
    pub rule: RuleIdx,
    pub message: Option<Arc<str>>,
    pub suggestion: Option<String>,
}

/// A validated pack.
#[derive(Debug, Clone)]
pub(crate) struct Pack {
    pub name: String,
    /// `None` for `lang = "any"`: the pack applies whatever the language.
    pub lang: Option<Lang>,
    /// The line of `lang`, for errors about the language.
    pub lang_line: usize,
    pub diacritics: Diacritics,
    pub language: Option<LanguageDef>,
    pub detect: DetectWords,
    pub labels: RoleLabels,
    pub context: Context,
    pub markers: Vec<(Marker, Vec<Phrase>)>,
    /// `[register]`: the dimensions of the agent's voice that fill suggestion templates.
    pub register: Vec<Dimension>,
    /// `[lists]`, by name (combinations refer to them).
    pub lists: BTreeMap<String, Vec<Phrase>>,
    pub checks: Vec<CheckTexts>,
    pub rules: Vec<RuleWords>,
}
