//! # tactful
//!
//! Coaching for customer-support conversations, in English, Vietnamese, Thai, Russian and Malay
//! (and any language a rule pack adds).
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
//! Data flows one way: **normalize → match → verify → context → report → escalation**, one
//! module (or file of `engine`) per stage:
//!
//! 1. *Normalize* (`normalize`): the text is read once, character by character, into a
//!    normalized stream (compatibility forms, case, quotes, zero-width characters, whitespace,
//!    `ё`, Latin diacritics, leetspeak, masks, look-alike letters, stretched letters). Each
//!    normalized character carries the byte range of the original character it came from.
//! 2. *Match* (`engine/matcher`): one Aho-Corasick automaton per role holds every phrase of
//!    every enabled pack and is stepped over that stream.
//! 3. *Verify* (`engine/verify`): a candidate is checked against the original text under its
//!    rule's policy (exact wording, diacritics, obfuscation allowed or not) and word boundaries
//!    (UAX #29; a dictionary segmenter for scripts written without spaces, such as Thai).
//! 4. *Context* (`engine/context`): exceptions ("I don't know, **but let me find out**"),
//!    innocent host words ("Scunthorpe", "กูเกิล"), negation of threats ("I'm **not** going to
//!    sue") and language plausibility (`detect`) cancel candidates.
//! 5. *Report* (`engine/report`): findings and signals with localized messages and suggestions.
//! 6. *Escalation* ([`EscalationPolicy`]): signals aggregate into a level.
//!
//! Rules are data: each rule is defined once (`src/packs/rules.toml`), and each language is a
//! pack file that gives the rules their words (see [`pack_format`]). A clean message is reviewed
//! without a single heap allocation.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[macro_use]
mod macros;

mod boundary;
mod builder;
mod coach;
mod config;
mod detect;
mod engine;
mod error;
mod escalation;
mod finding;
mod lang;
mod normalize;
mod pack;
mod review;
mod role;
mod rules;
mod score;
mod sentences;
mod signal;
mod span;
pub mod transcript;

/// The built-in packs as compiled by `build.rs` (see `engine::precompiled`); empty when the build
/// script could not compile them.
static PRECOMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.tables"));

/// The scorer's models as `build.rs` trained them (see `score`); empty when it could not.
static SCORERS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/scorers.bin"));

// `BUILTIN_PACKS: &[(&str, &str)]`: every `src/packs/<lang>.toml`, found by `build.rs`, as
// `(name, text)` sorted by name, so adding a built-in language is adding a file.
include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The built-in packs, `(name, text)`, sorted by name (`build.rs` reads the same files itself).
fn builtin_packs() -> &'static [(&'static str, &'static str)] {
    BUILTIN_PACKS
}

#[doc = include_str!("packs/README.md")]
pub mod pack_format {}

include!("exports.rs");

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
