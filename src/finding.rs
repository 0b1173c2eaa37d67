//! What a review returns: findings on agent wording, signals on customer behaviour.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

use crate::span::Span;
use crate::types::{Applicability, Category, EscalationLevel, Severity, SignalKind};

/// A stable kebab-case rule id such as `dont-know`. Cheap to clone; compares equal to `&str`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// Wraps an id (no validation: ids come from validated packs).
    pub fn new(id: &str) -> Self {
        RuleId(Arc::from(id))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A better wording for the span of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Text to put in place of the span.
    pub replacement: String,
    /// Whether [`Review::apply_fixes`] may apply it without a human reading it.
    pub applicability: Applicability,
}

impl Suggestion {
    /// Whether the suggestion is safe to apply automatically.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// A problem in an agent's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule: RuleId,
    /// What kind of problem it is.
    pub category: Category,
    /// How serious it is (after configuration overrides).
    pub severity: Severity,
    /// Where it is, in bytes of the reviewed text.
    pub span: Span,
    /// Exactly the text under `span`.
    pub text: String,
    /// One sentence for the agent, in the language of the rule pack that matched.
    pub message: Arc<str>,
    /// Why the guidance discourages it, with the source cited.
    pub why: Arc<str>,
    /// A better wording, when the rule has one.
    pub suggestion: Option<Suggestion>,
    /// The language of the rule pack that matched (`None` for language-independent packs).
    pub lang: Option<crate::lang::Lang>,
}

/// Customer behaviour that calls for action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// What kind of behaviour.
    pub kind: SignalKind,
    /// The rule that raised it.
    pub rule: RuleId,
    /// Where it is, in bytes of the reviewed text.
    pub span: Span,
    /// Exactly the text under `span`.
    pub text: String,
    /// What the agent should do, in the language of the rule pack that matched.
    pub action: Arc<str>,
    /// The language of the rule pack that matched (`None` for language-independent packs).
    pub lang: Option<crate::lang::Lang>,
}

/// The result of reviewing one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Review {
    /// Problems in agent wording, ordered by span.
    pub findings: Vec<Finding>,
    /// Escalation signals in customer text, ordered by span.
    pub signals: Vec<Signal>,
    /// The escalation level these signals call for on their own.
    pub level: EscalationLevel,
}

impl Review {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.signals.is_empty()
    }

    /// `text` (the text that was reviewed) with every safe suggestion applied.
    /// See [`apply_fixes`].
    pub fn apply_fixes(&self, text: &str) -> String {
        apply_fixes(text, &self.findings)
    }
}

/// Applies every safe suggestion of `findings` to `text`.
///
/// Fixes are applied from left to right; a fix that overlaps one already taken is skipped, so the
/// result is stable whatever order the findings come in. A finding whose span does not cover its
/// own `text` in `text` (findings of another text) is skipped rather than panicking.
pub fn apply_fixes(text: &str, findings: &[Finding]) -> String {
    let mut fixes: Vec<(&Span, &str)> = findings
        .iter()
        .filter_map(|f| match &f.suggestion {
            Some(s) if s.is_safe() && f.span.slice(text) == Some(f.text.as_str()) => {
                Some((&f.span, s.replacement.as_str()))
            }
            _ => None,
        })
        .collect();
    fixes.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then(b.0.end.cmp(&a.0.end))
            .then(a.1.cmp(b.1))
    });
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, replacement) in fixes {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
