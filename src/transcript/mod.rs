//! Whole conversations: the transcript model, conversation-level checks, escalation over time,
//! and the streaming [`Monitor`] that gives the same results turn by turn.

#[cfg(feature = "readers")]
pub mod read;
mod time;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::coach::Coach;
use crate::escalation::SignalCounts;
use crate::finding::{Finding, RuleId, Signal};
use crate::lang::Lang;
use crate::types::{Category, EscalationLevel, Role, Severity, SignalKind};
pub use time::parse_timestamp;

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

/// How transcripts are reviewed. `Default`: detect the language, 60 s reply limit (chat).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranscriptOptions {
    /// Force a language instead of detecting it.
    pub lang: Option<Lang>,
    /// Longest acceptable wait for an agent reply, in seconds (`slow-reply`). Default: 60.
    pub reply_limit_secs: f64,
    /// How many closing agent turns are searched for thanks (`missing-thanks`). Default: 2.
    pub closing_turns: usize,
}

impl Default for TranscriptOptions {
    fn default() -> Self {
        TranscriptOptions {
            lang: None,
            reply_limit_secs: 60.0,
            closing_turns: 2,
        }
    }
}

/// A finding on one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnFinding {
    /// Index into the transcript's messages.
    pub turn: usize,
    /// The finding; its span is into that message's text.
    #[serde(flatten)]
    pub finding: Finding,
}

/// A signal on one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnSignal {
    /// Index into the transcript's messages.
    pub turn: usize,
    /// The signal; its span is into that message's text.
    #[serde(flatten)]
    pub signal: Signal,
}

/// A finding about the conversation as a whole (no span).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFinding {
    /// The check that fired (`missing-greeting`, …).
    pub rule: RuleId,
    /// Its category.
    pub category: Category,
    /// Its severity.
    pub severity: Severity,
    /// The turn it is about, if one (the agent reply that lacks empathy, the slow reply).
    pub about_turn: Option<usize>,
    /// One sentence for the agent, in the transcript's language.
    pub message: Arc<str>,
    /// Why, with the guidance cited.
    pub why: Arc<str>,
    /// What to write, in the transcript's language.
    pub suggestion: Option<String>,
}

/// The escalation level reached at a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    /// The turn whose signals raised the level.
    pub turn: usize,
    /// The level from that turn on.
    pub level: EscalationLevel,
}

/// Counts for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Messages, all roles.
    pub turns: usize,
    /// Agent messages.
    pub agent_turns: usize,
    /// Customer messages.
    pub customer_turns: usize,
    /// Findings (turn and conversation level) per category.
    pub by_category: BTreeMap<Category, usize>,
    /// Findings per severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// Signals per kind.
    pub by_signal: BTreeMap<SignalKind, usize>,
}

impl Summary {
    fn count(&mut self, category: Category, severity: Severity) {
        *self.by_category.entry(category).or_default() += 1;
        *self.by_severity.entry(severity).or_default() += 1;
    }
}

/// The result of reviewing a whole conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TranscriptReview {
    /// The transcript's language (given or detected from all its text).
    pub lang: Option<Lang>,
    /// Findings on agent turns.
    pub findings: Vec<TurnFinding>,
    /// Findings about the conversation as a whole.
    pub conversation: Vec<ConversationFinding>,
    /// Signals on customer turns.
    pub signals: Vec<TurnSignal>,
    /// Every rise of the escalation level, in order (it never falls).
    pub levels: Vec<LevelChange>,
    /// The final escalation level.
    pub level: EscalationLevel,
    /// Counts.
    pub summary: Summary,
}

/// What one new turn changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Update {
    /// The turn's index.
    pub turn: usize,
    /// New findings on this turn.
    pub findings: Vec<Finding>,
    /// New signals on this turn.
    pub signals: Vec<Signal>,
    /// Conversation-level findings that became certain with this turn.
    pub conversation: Vec<ConversationFinding>,
    /// The level before and after, if it rose.
    pub level_change: Option<(EscalationLevel, EscalationLevel)>,
}

const GREETING: u8 = 1 << 0;
const THANKS: u8 = 1 << 1;
const EMPATHY: u8 = 1 << 2;
const UPSET: u8 = 1 << 3;
const SATISFIED: u8 = 1 << 4;
const PERMISSION: u8 = 1 << 5;

#[derive(Debug, Clone, Copy)]
struct TurnInfo {
    role: Option<Role>,
    markers: u8,
    timestamp: Option<f64>,
    upset: bool,
}

/// Reviews a live conversation turn by turn. Feed it messages with [`Monitor::push`]; each call
/// returns what changed. [`Monitor::finish`] returns exactly what
/// [`Coach::review_transcript`] returns for the same messages.
#[derive(Debug, Clone)]
pub struct Monitor {
    coach: Coach,
    options: TranscriptOptions,
    review: TranscriptReview,
    turns: Vec<TurnInfo>,
    counts: SignalCounts,
    all_text: String,
    greeted_checked: bool,
}

impl Coach {
    /// Reviews a whole conversation with default options (the transcript's `lang` is used when
    /// set).
    pub fn review_transcript(&self, transcript: &Transcript) -> TranscriptReview {
        let options = TranscriptOptions {
            lang: transcript.lang,
            ..TranscriptOptions::default()
        };
        self.review_transcript_with(transcript, &options)
    }

    /// Reviews a whole conversation with `options`.
    pub fn review_transcript_with(
        &self,
        transcript: &Transcript,
        options: &TranscriptOptions,
    ) -> TranscriptReview {
        let mut m = self.monitor_with(options.clone());
        for msg in &transcript.messages {
            m.push(msg);
        }
        m.finish()
    }

    /// Reviews many transcripts on every core (cargo feature `rayon`); the results come back in
    /// input order and are identical to reviewing each one alone, whatever the thread count.
    #[cfg(feature = "rayon")]
    pub fn review_transcripts(
        &self,
        transcripts: &[Transcript],
        options: &TranscriptOptions,
    ) -> Vec<TranscriptReview> {
        use rayon::prelude::*;
        transcripts
            .par_iter()
            .map(|t| {
                let o = TranscriptOptions {
                    lang: options.lang.or(t.lang),
                    ..options.clone()
                };
                self.review_transcript_with(t, &o)
            })
            .collect()
    }

    /// A streaming monitor with default options.
    pub fn monitor(&self) -> Monitor {
        self.monitor_with(TranscriptOptions::default())
    }

    /// A streaming monitor with `options`.
    pub fn monitor_with(&self, options: TranscriptOptions) -> Monitor {
        Monitor {
            coach: self.clone(),
            options,
            review: TranscriptReview::default(),
            turns: Vec::new(),
            counts: SignalCounts::default(),
            all_text: String::new(),
            greeted_checked: false,
        }
    }
}

impl Monitor {
    /// The escalation level so far.
    pub fn level(&self) -> EscalationLevel {
        self.review.level
    }

    /// Adds the next message and returns what changed.
    pub fn push(&mut self, msg: &Message) -> Update {
        let turn = self.turns.len();
        let engine = self.coach.engine();
        let mut update = Update {
            turn,
            ..Update::default()
        };
        self.review.summary.turns += 1;
        let Some(role) = msg.role else {
            self.turns.push(TurnInfo {
                role: None,
                markers: 0,
                timestamp: msg.timestamp,
                upset: false,
            });
            return update;
        };
        if !self.all_text.is_empty() {
            self.all_text.push('\n');
        }
        if self.all_text.len() < 64 * 1024 {
            self.all_text.push_str(&msg.text);
        }
        let review = engine.review(role, &msg.text, self.options.lang);
        let markers = engine.marker_bits(&msg.text, self.options.lang);
        let mut findings = review.findings;
        // A hold or transfer the customer was asked about in an earlier agent turn is fine.
        if role == Role::Agent {
            let asked = self
                .turns
                .iter()
                .rev()
                .filter(|t| t.role == Some(Role::Agent))
                .take(3)
                .any(|t| t.markers & PERMISSION != 0);
            if asked {
                findings.retain(|f| {
                    f.rule != "hold-without-permission" && f.rule != "transfer-without-permission"
                });
            }
        }
        let upset = role == Role::Customer
            && (markers & UPSET != 0 || !review.signals.is_empty() || looks_angry(&msg.text));
        match role {
            Role::Agent => self.review.summary.agent_turns += 1,
            Role::Customer => self.review.summary.customer_turns += 1,
        }
        for f in &findings {
            self.review.summary.count(f.category, f.severity);
            self.review.findings.push(TurnFinding {
                turn,
                finding: f.clone(),
            });
        }
        for s in &review.signals {
            self.counts.add(s.kind);
            *self.review.summary.by_signal.entry(s.kind).or_default() += 1;
            self.review.signals.push(TurnSignal {
                turn,
                signal: s.clone(),
            });
        }
        if upset && review.signals.is_empty() {
            self.counts.anger += 1;
        }
        let before = self.review.level;
        let now = before.max(engine.policy.level(&self.counts));
        if now > before {
            self.review.level = now;
            self.review.levels.push(LevelChange { turn, level: now });
            update.level_change = Some((before, now));
        }
        // Checks that this turn settles.
        if role == Role::Agent {
            if !self.greeted_checked {
                self.greeted_checked = true;
                if markers & GREETING == 0 {
                    update.conversation.extend(self.conversation_finding(
                        "missing-greeting",
                        Some(turn),
                        Some(&msg.text),
                    ));
                }
            }
            if let Some(prev) = self.turns.last() {
                if prev.role == Some(Role::Customer) && prev.upset && markers & EMPATHY == 0 {
                    update.conversation.extend(self.conversation_finding(
                        "missing-empathy",
                        Some(turn),
                        Some(&msg.text),
                    ));
                }
            }
            // A wait the customer agreed to (a hold asked for in the previous agent turn) is not slow.
            let agreed_wait = self
                .turns
                .iter()
                .rev()
                .find(|t| t.role == Some(Role::Agent))
                .is_some_and(|t| t.markers & PERMISSION != 0);
            if let (false, Some(ts), Some(waiting)) =
                (agreed_wait, msg.timestamp, self.unanswered_since())
            {
                if ts - waiting > self.options.reply_limit_secs {
                    update.conversation.extend(self.conversation_finding(
                        "slow-reply",
                        Some(turn),
                        Some(&msg.text),
                    ));
                }
            }
        }
        self.turns.push(TurnInfo {
            role: Some(role),
            markers,
            timestamp: msg.timestamp,
            upset,
        });
        for c in &update.conversation {
            self.review.summary.count(c.category, c.severity);
        }
        self.review
            .conversation
            .extend(update.conversation.iter().cloned());
        update.findings = findings;
        update.signals = review.signals;
        update
    }

    /// The timestamp of the first customer message since the last agent message.
    fn unanswered_since(&self) -> Option<f64> {
        let mut since = None;
        for t in self.turns.iter().rev() {
            match t.role {
                Some(Role::Agent) => break,
                Some(Role::Customer) => since = t.timestamp.or(since),
                None => {}
            }
        }
        since
    }

    /// Ends the conversation: checks that need its end, and the full review.
    pub fn finish(mut self) -> TranscriptReview {
        let lang = self
            .options
            .lang
            .or_else(|| self.coach.detect(&self.all_text).primary);
        self.review.lang = lang;
        let mut end = Vec::new();
        let agent_turns: Vec<usize> = self
            .turns
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == Some(Role::Agent))
            .map(|(i, _)| i)
            .collect();
        if let Some(&last_agent) = agent_turns.last() {
            // The opening greeting's "thanks for reaching out" is not a closing thank-you.
            let after_opening = if agent_turns.len() >= 2 {
                &agent_turns[1..]
            } else {
                &agent_turns[..]
            };
            let closing = after_opening
                .iter()
                .rev()
                .take(self.options.closing_turns.max(1));
            if !closing
                .clone()
                .any(|&i| self.turns[i].markers & THANKS != 0)
            {
                end.extend(self.conversation_finding("missing-thanks", Some(last_agent), None));
            }
            // The customer's last word was unhappy, nothing after it sounds satisfied, and the
            // agent closed anyway.
            let last_customer = self
                .turns
                .iter()
                .rposition(|t| t.role == Some(Role::Customer));
            if let Some(lc) = last_customer {
                let satisfied_after = self.turns[lc..]
                    .iter()
                    .any(|t| t.role == Some(Role::Customer) && t.markers & SATISFIED != 0);
                if self.turns[lc].upset && !satisfied_after && last_agent > lc {
                    end.extend(self.conversation_finding("ended-unhappy", Some(last_agent), None));
                }
            }
        }
        for c in &end {
            self.review.summary.count(c.category, c.severity);
        }
        self.review.conversation.extend(end);
        // Texts of checks settled mid-conversation were written in the language detected so far;
        // give every conversation-level finding the transcript's language.
        let relang: Vec<ConversationFinding> = self
            .review
            .conversation
            .iter()
            .map(|c| self.localized(c, lang))
            .collect();
        self.review.conversation = relang;
        self.review
    }

    fn localized(&self, c: &ConversationFinding, lang: Option<Lang>) -> ConversationFinding {
        let engine = self.coach.engine();
        let mut out = c.clone();
        if let Some((m, s)) = engine.conversation_texts(c.rule.as_str(), lang) {
            out.message = m;
            out.suggestion = s;
        }
        out
    }

    fn conversation_finding(
        &self,
        id: &str,
        about: Option<usize>,
        text: Option<&str>,
    ) -> Option<ConversationFinding> {
        let engine = self.coach.engine();
        let rule = engine.rules.iter().find(|r| r.def.id == id)?;
        if !engine.rule_enabled(id) {
            return None;
        }
        let crate::pack::RuleKind::Finding(category, _) = rule.def.kind else {
            return None;
        };
        let lang = self
            .options
            .lang
            .or_else(|| text.and_then(|t| self.coach.detect(t).primary));
        let (message, suggestion) = engine
            .conversation_texts(id, lang)
            .unwrap_or_else(|| (rule.def.why.clone(), None));
        Some(ConversationFinding {
            rule: rule.def.id.clone(),
            category,
            severity: rule.severity,
            about_turn: about,
            message,
            why: rule.def.why.clone(),
            suggestion,
        })
    }
}

/// Anger without words: a row of exclamation marks, or capitals with an exclamation mark (caps
/// lock alone is how some people type a polite request).
fn looks_angry(text: &str) -> bool {
    if text.contains("!!!") || text.contains("！！！") {
        return true;
    }
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= 10 && upper * 10 >= (upper + lower) * 8 && text.contains(['!', '！'])
}
