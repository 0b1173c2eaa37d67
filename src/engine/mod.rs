//! The compiled engine, one file per stage of its pipeline:
//!
//! * `compile`: packs → phrase entries, automata and regular expressions (`tables`);
//! * `matcher`: one automaton pass over the normalized text raises candidates (`automaton` steps
//!   the automaton in place, in the tables it was read from);
//! * `verify`: each candidate is checked against the original text and word boundaries;
//! * `combos`: words of combinations are put together in order, within a sentence;
//! * `context`: exceptions, innocent hosts, negation and language plausibility cancel some;
//! * `report`: the rest become findings and signals;
//! * `voice`: the agent's register (cues) and suggestion templates filled in it;
//! * `review`: runs the stages for one message, then aggregates escalation;
//! * `transliterated`: a customer's message typed on another script's keyboard, reviewed again
//!   as the language it reads as.

mod alone;
mod automaton;
mod combos;
mod compile;
mod context;
mod entries;
mod entry;
mod gates;
mod heads;
mod matcher;
mod patterns;
pub(crate) mod precompiled;
mod records;
mod report;
mod review;
mod scope;
mod scored;
mod tables;
mod transliterated;
mod verify;
mod voice;

pub(crate) use compile::BuildSpec;
pub(crate) use tables::{Engine, EntryKind};
