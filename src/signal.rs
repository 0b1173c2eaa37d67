//! Escalation signals on customer messages, and the levels they lead to.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::finding::RuleId;
use crate::lang::Lang;
use crate::span::Span;

kebab_enum! {
    /// What kind of customer behaviour a signal reports.
    #[non_exhaustive]
    pub enum SignalKind {
        /// Vulgar or obscene language.
        Profanity = "profanity",
        /// Insults aimed at the agent or the company.
        Insult = "insult",
        /// A threat of legal action.
        LegalThreat = "legal-threat",
        /// A threat of physical harm.
        PhysicalThreat = "physical-threat",
        /// The customer asks for a supervisor or someone more senior.
        SupervisorRequest = "supervisor-request",
        /// The customer threatens to leave.
        ChurnThreat = "churn-threat",
    }
}

kebab_enum! {
    /// How urgently a conversation needs someone's attention. Ordered: `None < Monitor <
    /// Escalate < Urgent`.
    #[derive(Default)]
    pub enum EscalationLevel {
        /// Nothing calls for action.
        #[default]
        None = "none",
        /// Keep an eye on it; respond as the signal's action says.
        Monitor = "monitor",
        /// Involve a supervisor or the right team.
        Escalate = "escalate",
        /// Act now (security).
        Urgent = "urgent",
    }
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
    /// What the agent should do, in the message's language when a pack of it words the rule (else
    /// in the language of the rule pack that matched).
    pub action: Arc<str>,
    /// The language of the rule pack that matched (`None` for language-independent packs).
    pub lang: Option<Lang>,
}
