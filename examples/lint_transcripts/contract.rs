//! The JSON of `shared/CONTRACT.md`: one object per transcript (or per unreadable line), built
//! from the review itself.

use serde_json::{json, Value};
use tactful::{Transcript, TranscriptReview};

/// The contract's object for one reviewed transcript.
pub fn transcript(t: &Transcript, review: &TranscriptReview) -> Value {
    let mut findings: Vec<Value> = review
        .findings
        .iter()
        .map(|tf| {
            let f = &tf.finding;
            json!({
                "rule": f.rule, "category": f.category, "severity": f.severity, "turn": tf.turn,
                "span": {"start": f.span.start, "end": f.span.end}, "text": f.text,
                "message": f.message, "suggestion": f.suggestion.as_ref().map(|s| &s.replacement),
                "fix": f.suggestion.as_ref().map(|s| s.applicability), "why": f.why,
            })
        })
        .collect();
    findings.extend(review.conversation.iter().map(|c| {
        json!({
            "rule": c.rule, "category": c.category, "severity": c.severity, "turn": null,
            "span": null, "about_turn": c.about_turn, "message": c.message,
            "suggestion": c.suggestion, "why": c.why,
        })
    }));
    let signals: Vec<Value> = review
        .signals
        .iter()
        .map(|ts| {
            let s = &ts.signal;
            json!({
                "kind": s.kind, "rule": s.rule, "turn": ts.turn,
                "span": {"start": s.span.start, "end": s.span.end}, "text": s.text,
                "action": s.action,
            })
        })
        .collect();
    let mut out = json!({
        "id": t.id,
        "lang": review.lang,
        "findings": findings,
        "escalation": {"level": review.level, "signals": signals, "levels": review.levels},
        "summary": review.summary,
    });
    // Only when a message reached `--max-results`, so ordinary output is unchanged.
    if review.omitted > 0 {
        out["omitted"] = json!(review.omitted);
    }
    out
}

/// The contract's object for a line that could not be read.
pub fn error(id: Option<&str>, file: &str, line: usize, reason: &str) -> Value {
    json!({"id": id, "file": file, "line": line, "error": reason})
}
