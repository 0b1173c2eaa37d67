//! Whole conversations: the transcript model, conversation-level checks, escalation over time,
//! the streaming [`Monitor`] that gives the same results turn by turn, and readers for the
//! formats transcripts come in.

mod model;
mod monitor;
mod output;
#[cfg(feature = "readers")]
pub mod read;
mod time;

pub use model::{Message, Transcript, TranscriptOptions};
pub use monitor::Monitor;
pub use output::{
    ConversationFinding, LevelChange, Summary, TranscriptReview, TurnFinding, TurnSignal, Update,
};
pub use time::parse_timestamp;
