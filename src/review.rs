//! What reviewing one message returns, and applying its safe fixes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// The agent's voice so far: for each dimension a pack defines (`address`, `particle`,
/// `softener` …), the variant the agent uses (`anh`, `female`, `da-a` …). Suggestions are filled
/// in this voice; a dimension not known takes the pack's neutral default.
///
/// A [`crate::Monitor`] keeps it turn by turn; a composer gets it from the conversation so far
/// with [`crate::Coach::register`] and passes it in [`ReviewOptions::register`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Register(BTreeMap<String, String>);

impl Register {
    /// No dimension known.
    pub fn new() -> Self {
        Register::default()
    }

    /// With `dimension` set to `variant` (names as the pack's `[register.<dimension>]` gives
    /// them).
    pub fn with(mut self, dimension: &str, variant: &str) -> Self {
        self.0.insert(dimension.to_string(), variant.to_string());
        self
    }

    /// The variant of `dimension`, if known.
    pub fn get(&self, dimension: &str) -> Option<&str> {
        self.0.get(dimension).map(String::as_str)
    }

    /// Takes every dimension `newer` knows (what the agent wrote last wins).
    pub fn update(&mut self, newer: &Register) {
        for (k, v) in &newer.0 {
            self.0.insert(k.clone(), v.clone());
        }
    }

    /// Whether no dimension is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every known dimension with its variant.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
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
    /// The agent's voice from earlier in the conversation; the message's own words take
    /// precedence. Default: unknown (the pack's neutral defaults).
    pub register: Register,
    /// The most findings, and the most signals, kept for one message: the first ones by
    /// position; the rest are counted in [`Review::omitted`] (the escalation level still counts
    /// every signal). A message of pure swearing raises a signal per word, so a megabyte of it
    /// would otherwise hold some 100,000 signals in memory. Default: no limit.
    pub max_results: Option<usize>,
}

/// The result of reviewing one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Review {
    /// Problems in agent wording, ordered by span.
    pub findings: Vec<Finding>,
    /// Escalation signals in customer text, ordered by span.
    pub signals: Vec<Signal>,
    /// The escalation level these signals call for on their own (all of them, kept or not).
    pub level: EscalationLevel,
    /// Findings and signals left out because the message reached
    /// [`ReviewOptions::max_results`].
    #[serde(default)]
    pub omitted: usize,
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
