//! What reviewing a conversation returns.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::finding::{Category, Check, Finding, RuleId, Severity};
use crate::lang::Lang;
use crate::signal::{EscalationLevel, Signal, SignalKind};

/// A finding on one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnFinding {
    /// Index into the transcript's messages.
    pub turn: usize,
    /// The finding; its span is into that message's text.
    #[serde(flatten)]
    pub finding: Finding,
}

/// A signal on one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnSignal {
    /// Index into the transcript's messages.
    pub turn: usize,
    /// The signal; its span is into that message's text.
    #[serde(flatten)]
    pub signal: Signal,
}

/// A finding about the conversation as a whole (no span).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFinding {
    /// The check's rule (`missing-greeting`, …).
    pub rule: RuleId,
    /// What the conversation lacks.
    pub category: Check,
    /// Its severity.
    pub severity: Severity,
    /// The turn it is about, if one (the agent reply that lacks empathy, the slow reply).
    pub about_turn: Option<usize>,
    /// One sentence for the agent, in the transcript's language.
    pub message: Arc<str>,
    /// Why, with the guidance cited.
    pub why: Arc<str>,
    /// What to write, in the transcript's language.
    pub suggestion: Option<String>,
}

/// The escalation level reached at a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    /// The turn whose signals raised the level.
    pub turn: usize,
    /// The level from that turn on.
    pub level: EscalationLevel,
}

/// Counts for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Messages, all roles.
    pub turns: usize,
    /// Agent messages.
    pub agent_turns: usize,
    /// Customer messages.
    pub customer_turns: usize,
    /// Findings on turns, per category.
    pub by_category: BTreeMap<Category, usize>,
    /// Conversation-level findings, per check.
    #[serde(default)]
    pub by_check: BTreeMap<Check, usize>,
    /// Findings (turn and conversation level) per severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// Signals per kind.
    pub by_signal: BTreeMap<SignalKind, usize>,
}

impl Summary {
    pub(crate) fn count_finding(&mut self, f: &Finding) {
        *self.by_category.entry(f.category).or_default() += 1;
        *self.by_severity.entry(f.severity).or_default() += 1;
    }

    pub(crate) fn count_check(&mut self, c: &ConversationFinding) {
        *self.by_check.entry(c.category).or_default() += 1;
        *self.by_severity.entry(c.severity).or_default() += 1;
    }
}

/// The result of reviewing a whole conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TranscriptReview {
    /// The transcript's language (given or detected from all its text).
    pub lang: Option<Lang>,
    /// Findings on agent turns.
    pub findings: Vec<TurnFinding>,
    /// Findings about the conversation as a whole.
    pub conversation: Vec<ConversationFinding>,
    /// Signals on customer turns.
    pub signals: Vec<TurnSignal>,
    /// Every rise of the escalation level, in order (it never falls).
    pub levels: Vec<LevelChange>,
    /// The final escalation level.
    pub level: EscalationLevel,
    /// Counts.
    pub summary: Summary,
    /// Findings and signals left out because a message reached
    /// [`TranscriptOptions::max_results`](crate::TranscriptOptions::max_results).
    #[serde(default)]
    pub omitted: usize,
}

/// What one new turn changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Update {
    /// The turn's index.
    pub turn: usize,
    /// New findings on this turn.
    pub findings: Vec<Finding>,
    /// New signals on this turn.
    pub signals: Vec<Signal>,
    /// Conversation-level findings that became certain with this turn.
    pub conversation: Vec<ConversationFinding>,
    /// The level before and after, if it rose.
    pub level_change: Option<(EscalationLevel, EscalationLevel)>,
}
