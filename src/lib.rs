//! # tactful
//!
//! Coaching for customer-support conversations, in English, Vietnamese, Thai, Russian and Malay.
//!
//! tactful reads an agent's draft or a customer's message and returns:
//!
//! * [`Finding`]s on agent wording the guidance discourages ("I don't know", "according to our
//!   policy", "calm down", jargon, leftover template placeholders, swearing), each with an exact
//!   byte [`Span`], a message, the reason (`why`, citing the guidance) and a [`Suggestion`];
//! * [`Signal`]s on customer behaviour that calls for action (profanity, insults, legal and
//!   physical threats, supervisor requests, churn threats), aggregated into an
//!   [`EscalationLevel`] with a recommended action.
//!
//! ```
//! use tactful::{Coach, Role, EscalationLevel};
//!
//! let coach = Coach::default();
//!
//! let draft = "Calm down, I don't know when it ships. ETA is Friday.";
//! let review = coach.review_draft(draft);
//! for f in &review.findings {
//!     println!("{} {:?}: {}", f.rule, &draft[f.span.range()], f.message);
//! }
//! assert_eq!(review.apply_fixes(draft), "Calm down, I don't know when it ships. Expected arrival time is Friday.");
//!
//! let review = coach.review(Role::Customer, "This is f*cking useless, get me your manager.");
//! assert_eq!(review.level, EscalationLevel::Escalate);
//! ```
//!
//! ## How it works
//!
//! Data flows one way: **normalize → match → apply rule context → assemble findings →
//! aggregate escalation**.
//!
//! 1. *Normalize*: the text is read once, character by character, into a normalized stream
//!    (compatibility forms, case, quotes, zero-width characters, whitespace, `ё`, Latin
//!    diacritics, leetspeak, masks, look-alike letters, stretched letters). Each normalized
//!    character carries the byte range of the original character it came from.
//! 2. *Match*: one Aho-Corasick automaton per role holds every phrase of every enabled pack and
//!    is stepped over that stream; a candidate is then verified against the original text under
//!    its rule's policy (exact wording, diacritics, obfuscation allowed or not) and word
//!    boundaries (UAX #29; a Thai dictionary segmenter for Thai).
//! 3. *Context*: exceptions ("I don't know, **but let me find out**"), innocent host words
//!    ("Scunthorpe", "กูเกิล"), negation of threats ("I'm **not** going to sue") and language
//!    plausibility cancel candidates.
//! 4. *Findings and signals* are assembled with localized messages and suggestions.
//! 5. *Escalation*: signals aggregate into a level through an [`EscalationPolicy`].
//!
//! Rules are data: see the pack format in `src/packs/README.md` and [`CoachBuilder::add_pack`].
//! A clean message is reviewed without a single heap allocation.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod boundary;
mod coach;
mod config;
mod detect;
mod engine;
mod error;
mod escalation;
mod finding;
mod lang;
mod normalize;
pub mod pack;
mod span;
pub mod transcript;
mod types;

pub use coach::{Coach, CoachBuilder, RuleInfo};
pub use config::{Config, TranscriptSection};
pub use detect::Detection;
pub use error::Error;
pub use escalation::{EscalationPolicy, SignalCounts};
pub use finding::{apply_fixes, Finding, Review, RuleId, Signal, Suggestion};
pub use lang::{Lang, LangSet, UnknownLang};
pub use normalize::units::Diacritics;
pub use span::{line_col, LineCol, Span};
pub use transcript::{
    ConversationFinding, LevelChange, Message, Monitor, Summary, Transcript, TranscriptOptions,
    TranscriptReview, TurnFinding, TurnSignal, Update,
};
pub use types::{Applicability, Category, EscalationLevel, Role, Severity, SignalKind};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
