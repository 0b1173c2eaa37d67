//! Small closed vocabularies shared by findings, signals and configuration.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The support agent: reviewed for discouraged wording.
    Agent,
    /// The customer: reviewed for escalation signals.
    Customer,
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; style.
    Info,
    /// Should be rephrased.
    Warning,
    /// Must not be sent.
    Error,
}

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Category {
    /// Agent wording the guidance discourages.
    DiscouragedPhrase,
    /// Obscene or insulting language from the agent.
    Profanity,
    /// Industry jargon and abbreviations.
    Jargon,
    /// A template placeholder left in the text.
    UnfilledPlaceholder,
    /// Tone of the whole message (capitals).
    Tone,
    /// Conversation level: the first agent turn does not greet.
    MissingGreeting,
    /// Conversation level: the agent never thanks the customer at the end.
    MissingThanks,
    /// Conversation level: an upset customer gets no apology or acknowledgement.
    MissingEmpathy,
    /// Conversation level: the conversation ends with the customer still unhappy.
    EndedUnhappy,
    /// Conversation level: an agent reply came too late.
    SlowReply,
}

/// What kind of customer behaviour a signal reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignalKind {
    /// Vulgar or obscene language.
    Profanity,
    /// Insults aimed at the agent or the company.
    Insult,
    /// A threat of legal action.
    LegalThreat,
    /// A threat of physical harm.
    PhysicalThreat,
    /// The customer asks for a supervisor or someone more senior.
    SupervisorRequest,
    /// The customer threatens to leave.
    ChurnThreat,
}

/// How urgently a conversation needs someone's attention. Ordered: `None < Monitor < Escalate <
/// Urgent`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum EscalationLevel {
    /// Nothing calls for action.
    #[default]
    None,
    /// Keep an eye on it; respond as the signal's action says.
    Monitor,
    /// Involve a supervisor or the right team.
    Escalate,
    /// Act now (security).
    Urgent,
}

/// Whether a suggestion may be applied without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The replacement stands in for the matched words; applying it keeps the sentence intact.
    Safe,
    /// The replacement shows the better wording, but the sentence around it may need rework.
    Unsafe,
}

macro_rules! kebab_display {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

impl Role {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
        }
    }
}

impl Severity {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl Category {
    /// The kebab-case name used in output and rule packs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Category::DiscouragedPhrase => "discouraged-phrase",
            Category::Profanity => "profanity",
            Category::Jargon => "jargon",
            Category::UnfilledPlaceholder => "unfilled-placeholder",
            Category::Tone => "tone",
            Category::MissingGreeting => "missing-greeting",
            Category::MissingThanks => "missing-thanks",
            Category::MissingEmpathy => "missing-empathy",
            Category::EndedUnhappy => "ended-unhappy",
            Category::SlowReply => "slow-reply",
        }
    }
}

impl SignalKind {
    /// Every signal kind.
    pub const ALL: [SignalKind; 6] = [
        SignalKind::Profanity,
        SignalKind::Insult,
        SignalKind::LegalThreat,
        SignalKind::PhysicalThreat,
        SignalKind::SupervisorRequest,
        SignalKind::ChurnThreat,
    ];

    /// The kebab-case name used in output and rule packs.
    pub fn as_str(&self) -> &'static str {
        match self {
            SignalKind::Profanity => "profanity",
            SignalKind::Insult => "insult",
            SignalKind::LegalThreat => "legal-threat",
            SignalKind::PhysicalThreat => "physical-threat",
            SignalKind::SupervisorRequest => "supervisor-request",
            SignalKind::ChurnThreat => "churn-threat",
        }
    }
}

impl EscalationLevel {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            EscalationLevel::None => "none",
            EscalationLevel::Monitor => "monitor",
            EscalationLevel::Escalate => "escalate",
            EscalationLevel::Urgent => "urgent",
        }
    }
}

impl Applicability {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

kebab_display!(
    Role,
    Severity,
    Category,
    SignalKind,
    EscalationLevel,
    Applicability
);
