//! Reviewing a conversation turn by turn: [`Monitor`] reviews each message with the coach, reads
//! its markers, settles the conversation-level checks as soon as they are certain, and keeps the
//! escalation level (which only rises). Reviewing a whole transcript is feeding a monitor.

use std::sync::Arc;

use super::model::{Message, Transcript, TranscriptOptions};
use super::output::{
    ConversationFinding, LevelChange, TranscriptReview, TurnFinding, TurnSignal, Update,
};
use crate::coach::Coach;
use crate::escalation::SignalCounts;
use crate::finding::Check;
use crate::review::{Register, ReviewOptions};
use crate::role::Role;
use crate::rules::{Marker, Markers};
use crate::signal::EscalationLevel;

/// How many earlier agent turns an excusing marker is looked for in (a hold asked about three
/// turns ago still counts).
const EXCUSE_WINDOW: usize = 3;

/// Most text kept to detect the conversation's language at the end.
const LANGUAGE_SAMPLE: usize = 64 * 1024;

#[derive(Debug, Clone, Copy)]
struct TurnInfo {
    role: Option<Role>,
    markers: Markers,
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
    /// Whether an agent turn has been settled (the greeting is checked on the first only).
    agent_spoke: bool,
    /// The agent's voice so far (suggestions are written in it).
    register: Register,
    /// The customer's words so far, lower case (a form of address the agent may mirror).
    customer_text: String,
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
            agent_spoke: false,
            register: Register::new(),
            customer_text: String::new(),
        }
    }
}

impl Monitor {
    /// The escalation level so far.
    pub fn level(&self) -> EscalationLevel {
        self.review.level
    }

    /// The agent's voice so far: the register suggestions are written in.
    pub fn register(&self) -> &Register {
        &self.register
    }

    /// Adds the next message and returns what changed.
    pub fn push(&mut self, msg: &Message) -> Update {
        let turn = self.turns.len();
        let mut update = Update {
            turn,
            ..Update::default()
        };
        self.review.summary.turns += 1;
        let Some(role) = msg.role else {
            self.turns.push(TurnInfo {
                role: None,
                markers: Markers::default(),
                timestamp: msg.timestamp,
                upset: false,
            });
            return update;
        };
        if self.all_text.len() < LANGUAGE_SAMPLE {
            if !self.all_text.is_empty() {
                self.all_text.push('\n');
            }
            self.all_text.push_str(&msg.text);
        }
        let lang = self.options.lang;
        let options = ReviewOptions {
            lang,
            templates: self.options.templates,
            register: self.register.clone(),
            max_results: self.options.max_results,
        };
        let (review, markers, cues) = self.coach.review_marked(role, &msg.text, &options);
        let mut findings = review.findings;
        // A form of address the customer used first may be mirrored where the pack allows it.
        if role == Role::Agent && !findings.is_empty() {
            let customer = &self.customer_text;
            findings.retain(|f| !self.coach.mirrored(f, customer));
        }
        // A finding its rule excuses by an earlier marker (a hold the customer was asked about).
        if role == Role::Agent && !findings.is_empty() {
            let recent: Vec<Markers> = self
                .turns
                .iter()
                .rev()
                .filter(|t| t.role == Some(Role::Agent))
                .take(EXCUSE_WINDOW)
                .map(|t| t.markers)
                .collect();
            findings.retain(|f| match self.coach.excused_by(&f.rule) {
                Some(m) => !recent.iter().any(|r| r.has(m)),
                None => true,
            });
        }
        let upset = role == Role::Customer
            && (markers.has(Marker::Upset) || !review.signals.is_empty() || looks_angry(&msg.text));
        match role {
            Role::Agent => self.review.summary.agent_turns += 1,
            Role::Customer => self.review.summary.customer_turns += 1,
        }
        for f in &findings {
            self.review.summary.count_finding(f);
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
        self.review.omitted += review.omitted;
        let before = self.review.level;
        // The turn's own level counts the signals a limit left out.
        let now = before
            .max(self.coach.policy().level(&self.counts))
            .max(review.level);
        if now > before {
            self.review.level = now;
            self.review.levels.push(LevelChange { turn, level: now });
            update.level_change = Some((before, now));
        }
        match role {
            Role::Agent => {
                self.register.update(&cues);
                self.settle_agent_checks(turn, msg, markers, &mut update);
                self.agent_spoke = true;
            }
            Role::Customer => {
                if self.customer_text.len() < LANGUAGE_SAMPLE {
                    self.customer_text.push(' ');
                    self.customer_text.push_str(&msg.text.to_lowercase());
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
            self.review.summary.count_check(c);
        }
        self.review
            .conversation
            .extend(update.conversation.iter().cloned());
        update.findings = findings;
        update.signals = review.signals;
        update
    }

    /// The checks an agent turn settles: the greeting of the first one, empathy after an upset
    /// customer, and the wait before it.
    fn settle_agent_checks(
        &self,
        turn: usize,
        msg: &Message,
        markers: Markers,
        update: &mut Update,
    ) {
        let text = Some(msg.text.as_str());
        if !self.agent_spoke && !markers.has(Marker::Greeting) {
            update
                .conversation
                .extend(self.finding(Check::MissingGreeting, Some(turn), text));
        }
        if let Some(prev) = self.turns.last() {
            if prev.role == Some(Role::Customer) && prev.upset && !markers.has(Marker::Empathy) {
                update
                    .conversation
                    .extend(self.finding(Check::MissingEmpathy, Some(turn), text));
            }
        }
        // A wait the customer agreed to (a hold asked for in the previous agent turn) is not slow.
        let agreed_wait = self
            .turns
            .iter()
            .rev()
            .find(|t| t.role == Some(Role::Agent))
            .is_some_and(|t| t.markers.has(Marker::Permission));
        if let (false, Some(ts), Some(waiting)) =
            (agreed_wait, msg.timestamp, self.unanswered_since())
        {
            if ts - waiting > self.options.reply_limit_secs {
                update
                    .conversation
                    .extend(self.finding(Check::SlowReply, Some(turn), text));
            }
        }
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
            let thanked = after_opening
                .iter()
                .rev()
                .take(self.options.closing_turns.max(1))
                .any(|&i| self.turns[i].markers.has(Marker::Thanks));
            if !thanked {
                end.extend(self.finding(Check::MissingThanks, Some(last_agent), None));
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
                    .any(|t| t.role == Some(Role::Customer) && t.markers.has(Marker::Satisfied));
                if self.turns[lc].upset && !satisfied_after && last_agent > lc {
                    end.extend(self.finding(Check::EndedUnhappy, Some(last_agent), None));
                }
            }
        }
        for c in &end {
            self.review.summary.count_check(c);
        }
        self.review.conversation.extend(end);
        // Texts of checks settled mid-conversation were written in the language detected so far;
        // give every conversation-level finding the transcript's language.
        let coach = self.coach.clone();
        for c in &mut self.review.conversation {
            if let Some((rule, _)) = coach.check_rule(c.category) {
                if let Some((m, s)) = coach.check_texts(rule, lang) {
                    c.message = m;
                    c.suggestion = s.map(|s| coach.fill(&s, lang, &self.register));
                }
            }
        }
        self.review
    }

    /// The finding of a conversation check, if its rule is enabled, in the language of `text`.
    fn finding(
        &self,
        check: Check,
        about: Option<usize>,
        text: Option<&str>,
    ) -> Option<ConversationFinding> {
        let (idx, rule) = self.coach.check_rule(check)?;
        let lang = self
            .options
            .lang
            .or_else(|| text.and_then(|t| self.coach.detect(t).primary));
        let (message, suggestion) = self
            .coach
            .check_texts(idx, lang)
            .unwrap_or_else(|| (Arc::clone(&rule.why), None));
        Some(ConversationFinding {
            rule: rule.id,
            category: check,
            severity: rule.severity,
            about_turn: about,
            message,
            why: rule.why,
            suggestion: suggestion.map(|s| self.coach.fill(&s, lang, &self.register)),
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
