//! What reviewing one message returns, and applying its safe fixes.

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::lang::Lang;
use crate::signal::{EscalationLevel, Signal};
use crate::span::Span;

kebab_enum! {
    /// What template variables (`{{first_name}}`, `{% if %}`) in a message are.
    #[derive(Default)]
    pub enum Templates {
        /// Live syntax still to be filled in (a draft, a macro library): not a finding.
        #[default]
        Live = "live",
        /// Sent as it is (a transcript): the customer saw the variable, so it is an unfilled
        /// placeholder.
        Sent = "sent",
    }
}

/// How one message is reviewed. `Default`: detect the language; template variables are live.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewOptions {
    /// The message's language, when the caller knows it (only its packs and the
    /// language-independent ones apply). Default: detected.
    pub lang: Option<Lang>,
    /// What template variables in the text are. Default: [`Templates::Live`].
    pub templates: Templates,
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
