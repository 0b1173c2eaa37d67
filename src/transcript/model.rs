//! A conversation as tactful reads it: messages in order, with role, text and time.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::review::Templates;
use crate::role::Role;

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it; `None` for system or bot messages, which are kept (turn indexes count them)
    /// but not coached.
    pub role: Option<Role>,
    /// The text as written.
    pub text: String,
    /// When it was sent, in seconds (Unix time, or seconds since midnight for `[10:02]` stamps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<f64>,
    /// The author's name, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl Message {
    /// A message without timestamp or author.
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        Message {
            role: Some(role),
            text: text.into(),
            timestamp: None,
            author: None,
        }
    }
}

/// A conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Transcript {
    /// An identifier, echoed in results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The language, when known; otherwise each message is detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// The messages in order.
    pub messages: Vec<Message>,
}

impl Transcript {
    /// A transcript of `(role, text)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (Role, &'a str)>) -> Self {
        Transcript {
            id: None,
            lang: None,
            messages: pairs.into_iter().map(|(r, t)| Message::new(r, t)).collect(),
        }
    }
}

/// How transcripts are reviewed. `Default`: detect the language, 60 s reply limit (chat),
/// template variables were sent as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranscriptOptions {
    /// Force a language instead of detecting it.
    pub lang: Option<Lang>,
    /// Longest acceptable wait for an agent reply, in seconds (`slow-reply`). Default: 60.
    pub reply_limit_secs: f64,
    /// How many closing agent turns are searched for thanks (`missing-thanks`). Default: 2.
    pub closing_turns: usize,
    /// What template variables in the messages are. Default: [`Templates::Sent`]: a transcript
    /// records what the customer saw.
    pub templates: Templates,
    /// The most findings, and the most signals, kept per message (see
    /// [`ReviewOptions::max_results`](crate::ReviewOptions::max_results)); the rest are counted in
    /// [`TranscriptReview::omitted`](crate::TranscriptReview::omitted). Default: no limit.
    pub max_results: Option<usize>,
}

impl Default for TranscriptOptions {
    fn default() -> Self {
        TranscriptOptions {
            lang: None,
            reply_limit_secs: 60.0,
            closing_turns: 2,
            templates: Templates::Sent,
            max_results: None,
        }
    }
}
