//! Aggregating customer signals into an escalation level.
//!
//! The defaults follow the guidance (`shared/GUIDANCE.md`, "Customer behaviour that calls for
//! action"): a single vulgarity calls for a polite but firm request to stop (monitor); repeated
//! profanity or insults may justify ending the conversation and flagging the account (escalate);
//! a supervisor request or a legal threat goes to the right people (escalate); a physical threat
//! means security, now (urgent); a customer ready to leave deserves the best people (monitor, or
//! escalate when it comes with anger).

use serde::{Deserialize, Serialize};

use crate::signal::{EscalationLevel, Signal, SignalKind};

/// Thresholds that turn signals into a level. `Default` follows the guidance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationPolicy {
    /// Abusive signals (profanity and insults together) that reach `monitor`. Default: 1.
    pub abuse_monitor: u32,
    /// Abusive signals that reach `escalate`. Default: 2.
    pub abuse_escalate: u32,
    /// Level of a supervisor request. Default: `escalate`.
    pub supervisor_request: EscalationLevel,
    /// Level of a legal threat. Default: `escalate`.
    pub legal_threat: EscalationLevel,
    /// Level of a physical threat. Default: `urgent`.
    pub physical_threat: EscalationLevel,
    /// Level of a churn threat on its own. Default: `monitor`.
    pub churn_threat: EscalationLevel,
    /// Level of a churn threat that comes with anger (any abusive signal). Default: `escalate`.
    pub churn_with_anger: EscalationLevel,
}

impl Default for EscalationPolicy {
    fn default() -> Self {
        EscalationPolicy {
            abuse_monitor: 1,
            abuse_escalate: 2,
            supervisor_request: EscalationLevel::Escalate,
            legal_threat: EscalationLevel::Escalate,
            physical_threat: EscalationLevel::Urgent,
            churn_threat: EscalationLevel::Monitor,
            churn_with_anger: EscalationLevel::Escalate,
        }
    }
}

/// Running counts of signals, so a level can be computed for a message or a whole conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignalCounts {
    /// Profanity and insult signals.
    pub abuse: u32,
    /// Legal threats.
    pub legal: u32,
    /// Physical threats.
    pub physical: u32,
    /// Supervisor requests.
    pub supervisor: u32,
    /// Churn threats.
    pub churn: u32,
    /// Anger seen without abuse (upset markers, capitals), raised by conversation review.
    pub anger: u32,
}

impl SignalCounts {
    /// Adds every count of `other`.
    pub fn add_all(&mut self, other: &SignalCounts) {
        self.abuse += other.abuse;
        self.legal += other.legal;
        self.physical += other.physical;
        self.supervisor += other.supervisor;
        self.churn += other.churn;
        self.anger += other.anger;
    }

    /// Adds one signal.
    pub fn add(&mut self, kind: SignalKind) {
        match kind {
            SignalKind::Profanity | SignalKind::Insult => self.abuse += 1,
            SignalKind::LegalThreat => self.legal += 1,
            SignalKind::PhysicalThreat => self.physical += 1,
            SignalKind::SupervisorRequest => self.supervisor += 1,
            SignalKind::ChurnThreat => self.churn += 1,
        }
    }

    /// Counts of `signals`.
    pub fn of(signals: &[Signal]) -> Self {
        let mut c = SignalCounts::default();
        for s in signals {
            c.add(s.kind);
        }
        c
    }
}

impl EscalationPolicy {
    /// The level `counts` call for.
    pub fn level(&self, counts: &SignalCounts) -> EscalationLevel {
        let mut level = EscalationLevel::None;
        let mut raise = |l: EscalationLevel| level = level.max(l);
        if self.abuse_escalate > 0 && counts.abuse >= self.abuse_escalate {
            raise(EscalationLevel::Escalate);
        } else if self.abuse_monitor > 0 && counts.abuse >= self.abuse_monitor {
            raise(EscalationLevel::Monitor);
        }
        if counts.supervisor > 0 {
            raise(self.supervisor_request);
        }
        if counts.legal > 0 {
            raise(self.legal_threat);
        }
        if counts.physical > 0 {
            raise(self.physical_threat);
        }
        if counts.churn > 0 {
            raise(if counts.abuse > 0 || counts.anger > 0 {
                self.churn_with_anger
            } else {
                self.churn_threat
            });
        }
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_guidance() {
        let p = EscalationPolicy::default();
        let mut c = SignalCounts::default();
        assert_eq!(p.level(&c), EscalationLevel::None);
        c.add(SignalKind::Profanity);
        assert_eq!(p.level(&c), EscalationLevel::Monitor);
        c.add(SignalKind::Insult);
        assert_eq!(p.level(&c), EscalationLevel::Escalate);
        let mut c = SignalCounts::default();
        c.add(SignalKind::ChurnThreat);
        assert_eq!(p.level(&c), EscalationLevel::Monitor);
        c.add(SignalKind::Profanity);
        assert_eq!(p.level(&c), EscalationLevel::Escalate);
        c.add(SignalKind::PhysicalThreat);
        assert_eq!(p.level(&c), EscalationLevel::Urgent);
    }
}
