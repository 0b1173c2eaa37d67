//! What a pack holds, rule by rule: for tooling, documentation and pack tests
//! (`Coach::pack_summaries`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::Pack;
use crate::lang::Lang;
use crate::rules::RuleBook;

/// What a pack holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackSummary {
    /// The pack's name.
    pub name: String,
    /// Its language (`None` for `lang = "any"`).
    pub lang: Option<Lang>,
    /// Whether it defines its language (`[language]`).
    pub defines_language: bool,
    /// Per rule id: what the pack gives it.
    pub rules: BTreeMap<String, RuleCoverage>,
    /// Marker lists and how many phrases each expands to.
    pub markers: BTreeMap<String, usize>,
    /// Conversation checks with a localized message.
    pub conversation: Vec<String>,
    /// Stop words for language detection.
    pub stopwords: usize,
    /// Role labels for plain-text transcripts.
    pub role_labels: usize,
    /// Phrases of every kind after expansion (rules, exceptions, context, markers).
    pub total_phrases: usize,
}

/// What a pack gives one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCoverage {
    /// Phrases after expansion (including shared lists).
    pub phrases: usize,
    /// Regular expressions.
    pub patterns: usize,
    /// Combinations of lists (`combos`).
    #[serde(default)]
    pub combos: usize,
    /// Exception phrases after expansion.
    pub unless: usize,
    /// Whether a message is given.
    pub message: bool,
    /// Whether a suggestion is given (rule level or on a phrase).
    pub suggestion: bool,
    /// Whether an action is given (signals).
    pub action: bool,
}

pub(crate) fn summarize(p: &Pack, book: &RuleBook) -> PackSummary {
    let rules: BTreeMap<String, RuleCoverage> = p
        .rules
        .iter()
        .map(|r| {
            (
                book.get(r.rule).id.to_string(),
                RuleCoverage {
                    phrases: r.phrases.len(),
                    patterns: r.patterns.len(),
                    combos: r.combos.len(),
                    unless: r.unless.len(),
                    message: r.message.is_some(),
                    suggestion: r.suggestion.is_some()
                        || r.phrases.iter().any(|ph| ph.suggestion.is_some()),
                    action: r.action.is_some(),
                },
            )
        })
        .collect();
    let markers: BTreeMap<String, usize> = p
        .markers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.len()))
        .collect();
    let c = &p.context;
    let total_phrases = rules.values().map(|r| r.phrases + r.unless).sum::<usize>()
        + markers.values().sum::<usize>()
        + c.negations.len()
        + c.clause_breaks.len()
        + c.innocent.len();
    PackSummary {
        name: p.name.clone(),
        lang: p.lang,
        defines_language: p.language.is_some(),
        rules,
        markers,
        conversation: p
            .checks
            .iter()
            .map(|t| book.get(t.rule).id.to_string())
            .collect(),
        stopwords: p.detect.stopwords.len(),
        role_labels: p.labels.iter().count(),
        total_phrases,
    }
}
