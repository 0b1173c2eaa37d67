//! Rules: their definitions ([`Rule`]), the book that holds every rule a coach knows
//! ([`RuleBook`]), and the markers conversation-level checks look for ([`Marker`]).

mod book;
mod marker;
mod rule;

pub(crate) use book::{RuleBook, RuleIdx};
pub use marker::Marker;
pub(crate) use marker::Markers;
pub(crate) use rule::{Rule, RuleKind, RuleParts, Trigger};
