//! Findings on agent wording: what kind of problem, how serious, where, and a better wording.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

use crate::lang::Lang;
use crate::span::Span;

kebab_enum! {
    /// How serious a finding is. Ordered: `Info < Warning < Error`.
    pub enum Severity {
        /// Worth knowing; style.
        Info = "info",
        /// Should be rephrased.
        Warning = "warning",
        /// Must not be sent.
        Error = "error",
    }
}

kebab_enum! {
    /// What kind of problem a finding on one message is.
    #[non_exhaustive]
    pub enum Category {
        /// Agent wording the guidance discourages.
        DiscouragedPhrase = "discouraged-phrase",
        /// Obscene or insulting language from the agent.
        Profanity = "profanity",
        /// Industry jargon and abbreviations.
        Jargon = "jargon",
        /// A template placeholder left in the text.
        UnfilledPlaceholder = "unfilled-placeholder",
        /// Tone of the whole message (capitals, a rude form of address).
        Tone = "tone",
    }
}

kebab_enum! {
    /// What a conversation as a whole lacks (conversation-level findings).
    #[non_exhaustive]
    pub enum Check {
        /// The first agent turn does not greet.
        MissingGreeting = "missing-greeting",
        /// The agent never thanks the customer at the end.
        MissingThanks = "missing-thanks",
        /// An upset customer gets no apology or acknowledgement.
        MissingEmpathy = "missing-empathy",
        /// The conversation ends with the customer still unhappy.
        EndedUnhappy = "ended-unhappy",
        /// An agent reply came too late.
        SlowReply = "slow-reply",
    }
}

kebab_enum! {
    /// Whether a suggestion may be applied without a human reading it.
    pub enum Applicability {
        /// The replacement stands in for the matched words; applying it keeps the sentence intact.
        Safe = "safe",
        /// The replacement shows the better wording, but the sentence around it may need rework.
        Unsafe = "unsafe",
    }
}

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

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
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
    /// Whether [`crate::Review::apply_fixes`] may apply it without a human reading it.
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
    /// One sentence for the agent, in the message's language when a pack of it words the rule (else
    /// in the language of the rule pack that matched).
    pub message: Arc<str>,
    /// Why the guidance discourages it, with the source cited.
    pub why: Arc<str>,
    /// A better wording, when the rule has one.
    pub suggestion: Option<Suggestion>,
    /// The language of the rule pack that matched (`None` for language-independent packs).
    pub lang: Option<Lang>,
}
