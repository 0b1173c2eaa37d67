//! A rule: one definition, the same in every language, loaded once into the [`RuleBook`]
//! (`rules.toml` for the built-in rules, a pack for a user's own).
//!
//! [`RuleBook`]: super::RuleBook

use serde::Deserialize;
use std::sync::Arc;

use super::marker::Marker;
use crate::finding::{Applicability, Category, Check, RuleId, Severity};
use crate::role::Role;
use crate::signal::SignalKind;

/// What a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
pub(crate) enum RuleKind {
    /// Findings on agent messages.
    Finding(Category),
    /// Signals on customer messages.
    Signal(SignalKind),
    /// Findings on a conversation as a whole.
    Check(Check),
}

/// How a rule finds what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Trigger {
    /// The phrases, combinations and patterns packs give it.
    #[default]
    Words,
    /// A message mostly in capitals (no phrases: it is a property of the whole message).
    Capitals,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub(crate) struct Rule {
    pub id: RuleId,
    pub kind: RuleKind,
    pub role: Role,
    /// Default severity of findings (signals rank by escalation policy instead).
    pub severity: Severity,
    /// Whether suggestions may be applied automatically, unless a pack says otherwise.
    pub fix: Applicability,
    pub why: Arc<str>,
    /// What to do about a signal, in English (packs translate it).
    pub action: Option<Arc<str>>,
    /// Leetspeak, masks, separators and look-alike letters are read through.
    pub obfuscation: bool,
    /// A negation shortly before (or inside) the match cancels it.
    pub negatable: bool,
    /// Applies whatever the message's detected language (structural patterns).
    pub cross_language: bool,
    pub trigger: Trigger,
    /// A finding is excused when this marker occurred in one of the previous agent turns.
    pub excused_by: Option<Marker>,
    /// Template variables in a message that was sent (`{{first_name}}`) raise this rule too.
    pub unrendered_templates: bool,
    /// A match inside quotation marks is not the writer's own words (an agent quoting the
    /// customer).
    pub unless_quoted: bool,
    /// A match inside quotation marks that other words on its line introduce is reported
    /// speech (`the courier said "…"`), not the writer's own words.
    pub unless_reported: bool,
}

/// The parts of a definition as written, in `rules.toml` or in a user pack.
#[derive(Debug, Default)]
pub(crate) struct RuleParts {
    pub category: Option<Category>,
    pub signal: Option<SignalKind>,
    pub check: Option<Check>,
    pub role: Option<Role>,
    pub severity: Option<Severity>,
    pub fix: Option<Applicability>,
    pub why: Option<String>,
    pub action: Option<String>,
    pub obfuscation: bool,
    pub negatable: bool,
    pub cross_language: bool,
    pub trigger: Trigger,
    pub excused_by: Option<Marker>,
    pub unrendered_templates: bool,
    pub unless_quoted: bool,
    pub unless_reported: bool,
}

/// Whether `id` is a kebab-case rule id (`my-rule`).
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Rule {
    /// Validates a definition; the error says what is missing or contradictory.
    pub(crate) fn from_parts(id: &str, p: RuleParts) -> Result<Rule, String> {
        if !is_kebab(id) {
            return Err("rule ids are kebab-case (`my-rule`)".into());
        }
        let role = p
            .role
            .ok_or("a new rule needs `role` (`agent` or `customer`)")?;
        let why = p
            .why
            .ok_or("a new rule needs `why`: the reason the wording is discouraged")?;
        let kind = match (p.category, p.signal, p.check) {
            (Some(c), None, None) => RuleKind::Finding(c),
            (None, Some(s), None) => RuleKind::Signal(s),
            (None, None, Some(c)) => RuleKind::Check(c),
            (None, None, None) => return Err(
                "a rule needs a `category` (findings on agent messages) or a `signal` (customer signals)".into(),
            ),
            _ => return Err("give only one of `category`, `signal` and `check`".into()),
        };
        if matches!(kind, RuleKind::Signal(_)) && role != Role::Customer {
            return Err("signal rules read customer messages (`role = \"customer\"`)".into());
        }
        if matches!(kind, RuleKind::Finding(_) | RuleKind::Check(_)) && role != Role::Agent {
            return Err("findings are about agent messages (`role = \"agent\"`)".into());
        }
        Ok(Rule {
            id: RuleId::new(id),
            kind,
            role,
            severity: p.severity.unwrap_or(Severity::Warning),
            fix: p.fix.unwrap_or(Applicability::Unsafe),
            why: Arc::from(why.as_str()),
            action: p.action.map(|a| Arc::from(a.as_str())),
            obfuscation: p.obfuscation,
            negatable: p.negatable,
            cross_language: p.cross_language,
            trigger: p.trigger,
            excused_by: p.excused_by,
            unrendered_templates: p.unrendered_templates,
            unless_quoted: p.unless_quoted,
            unless_reported: p.unless_reported,
        })
    }

    /// Whether packs give this rule phrases (conversation checks and message-wide triggers
    /// have none).
    pub(crate) fn takes_words(&self) -> bool {
        !matches!(self.kind, RuleKind::Check(_)) && self.trigger == Trigger::Words
    }
}
