//! Diagnostics of a reviewed transcript, located at the line and column of the matched words
//! inside the source: inside the JSON string of a JSON Lines line, inside a CSV cell, on a line
//! of plain text. Conversation-level findings point at the transcript's first line.

use std::sync::Arc;

use tactful::transcript::read::SourceMap;
use tactful::{Span, Transcript, TranscriptReview};

use crate::common::diag::{Diagnostic, Excerpt, Level, Region, RuleDoc};

/// The source a transcript was read from: the text its source maps point into, and the line of
/// the file that text starts at.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub first_line: usize,
    /// The line the transcript starts at.
    pub line: usize,
    pub maps: &'a [SourceMap],
}

impl Source<'_> {
    /// Where bytes `span` of message `turn` lie in the file.
    fn region(&self, turn: usize, span: Span) -> Region {
        match self
            .maps
            .get(turn)
            .and_then(|m| m.source_range(span.start, span.end))
        {
            Some((s, e)) if e <= self.text.len() => Region::of(self.text, self.first_line, s, e),
            _ => Region::line(self.line),
        }
    }
}

/// Every finding and signal of `review`, as diagnostics.
pub fn diagnostics(src: &Source<'_>, t: &Transcript, review: &TranscriptReview) -> Vec<Diagnostic> {
    let id = t.id.clone().unwrap_or_else(|| format!("line {}", src.line));
    let mut out = Vec::new();
    let excerpt = |turn: usize, span: Span| {
        t.messages.get(turn).map(|m| Excerpt {
            source: Arc::from(m.text.as_str()),
            span: span.range(),
        })
    };
    for tf in &review.findings {
        let f = &tf.finding;
        out.push(Diagnostic {
            path: src.path.to_string(),
            level: Level::from(f.severity),
            rule: RuleDoc {
                id: f.rule.to_string(),
                category: f.category.to_string(),
                message: f.message.to_string(),
                why: f.why.to_string(),
                level: Level::from(f.severity),
            },
            message: f.message.to_string(),
            context: Some(format!("transcript {id}, turn {}", tf.turn)),
            help: f.suggestion.as_ref().map(|s| s.replacement.clone()),
            region: src.region(tf.turn, f.span),
            excerpt: excerpt(tf.turn, f.span),
        });
    }
    for c in &review.conversation {
        let about = c
            .about_turn
            .map_or_else(String::new, |t| format!(", about turn {t}"));
        out.push(Diagnostic {
            path: src.path.to_string(),
            level: Level::from(c.severity),
            rule: RuleDoc {
                id: c.rule.to_string(),
                category: c.category.to_string(),
                message: c.message.to_string(),
                why: c.why.to_string(),
                level: Level::from(c.severity),
            },
            message: c.message.to_string(),
            context: Some(format!("transcript {id}{about}")),
            help: c.suggestion.clone(),
            region: Region::line(src.line),
            excerpt: None,
        });
    }
    for ts in &review.signals {
        let s = &ts.signal;
        out.push(Diagnostic {
            path: src.path.to_string(),
            level: Level::Note,
            rule: RuleDoc {
                id: s.rule.to_string(),
                category: s.kind.to_string(),
                message: format!("Customer signal: {}.", s.kind),
                why: s.action.to_string(),
                level: Level::Note,
            },
            message: format!("customer signal: {}. {}", s.kind, s.action),
            context: Some(format!("transcript {id}, turn {}", ts.turn)),
            help: None,
            region: src.region(ts.turn, s.span),
            excerpt: excerpt(ts.turn, s.span),
        });
    }
    out
}
