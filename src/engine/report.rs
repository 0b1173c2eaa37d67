//! Reporting: the candidates that survived context become findings (agent rules) and signals
//! (customer rules), one per rule and place, with texts in the message's language and
//! suggestions cased to fit the sentence.

use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

use super::tables::Engine;
use super::verify::{Cand, Cands};
use crate::detect::Detected;
use crate::finding::{Applicability, Finding, Suggestion};
use crate::lang::Lang;
use crate::normalize::stream::TextStats;
use crate::review::{Register, Review};
use crate::rules::{RuleIdx, RuleKind, Trigger};
use crate::signal::Signal;
use crate::span::Span;

/// Thresholds of a message mostly in capitals.
const CAPITALS_MIN_LETTERS: u32 = 12;
const CAPITALS_MIN_PERCENT: u32 = 80;

impl Engine<'_> {
    /// Candidates with the same key report the same thing: a rule's findings, or a signal kind.
    fn report_key(&self, c: &Cand) -> (u8, u16) {
        match self.rule(c.rule).kind {
            RuleKind::Signal(k) => (1, k as u16),
            RuleKind::Finding(_) | RuleKind::Check(_) => (0, c.rule),
        }
    }

    /// One report per rule (or signal kind) and place: the longest of overlapping matches wins,
    /// and of equal ones, the match of the message's own language.
    pub(crate) fn dedup(&self, cands: Cands, det: &Detected) -> Cands {
        let mut cands = cands;
        let foreign = |c: &Cand| {
            let slot = self.packs.get(usize::from(c.pack)).and_then(|p| p.slot);
            slot.is_some() && slot != det.primary
        };
        cands.sort_by(|a, b| {
            self.report_key(a)
                .cmp(&self.report_key(b))
                .then(a.span.start.cmp(&b.span.start))
                .then(b.span.len().cmp(&a.span.len()))
                .then(foreign(a).cmp(&foreign(b)))
        });
        let mut kept = Cands::new();
        let mut reach: Option<((u8, u16), usize)> = None;
        for c in cands {
            let key = self.report_key(&c);
            if let Some((k, end)) = reach {
                if k == key && c.span.start < end {
                    continue;
                }
            }
            reach = Some((key, c.span.end));
            kept.push(c);
        }
        kept
    }

    /// The pack whose texts (message, advice, rule-level suggestion) a candidate is reported
    /// with: a pack of the message's own language when one words the rule, so an English
    /// conversation gets English advice even when the Malay pack's copy of an English swear
    /// word made the longer match; else the pack that matched.
    pub(crate) fn texts_pack(&self, c: &Cand, lang: Option<Lang>) -> u16 {
        let matched = self.packs.get(usize::from(c.pack)).and_then(|p| p.lang);
        match (matched, lang) {
            (Some(m), Some(l)) if m != l => self
                .kept_packs()
                .find(|(_, p)| p.lang == Some(l) && p.texts.contains_key(&c.rule))
                .map_or(c.pack, |(i, _)| i),
            _ => c.pack,
        }
    }

    /// Whether a candidate's suggestion is a template with register slots.
    pub(crate) fn templated(&self, c: &Cand, lang: Option<Lang>) -> bool {
        let entry = c.entry.and_then(|e| self.entry(e));
        match entry.and_then(|e| self.suggestion(&e)) {
            Some(s) => s.contains('{'),
            None => self
                .texts(c.rule, self.texts_pack(c, lang))
                .and_then(|t| t.suggestion.as_deref())
                .is_some_and(|s| s.contains('{')),
        }
    }

    /// The finding or signal of one candidate in a message of language `lang`; suggestions are
    /// filled in the agent's `voice`.
    pub(crate) fn report(
        &self,
        c: &Cand,
        text: &str,
        lang_of_message: Option<Lang>,
        voice: &Register,
        review: &mut Review,
    ) {
        let rule = self.rule(c.rule);
        let Some(matched) = c.span.slice(text) else {
            return;
        };
        let texts_pack = self.texts_pack(c, lang_of_message);
        let texts = self.texts(c.rule, texts_pack);
        let lang = self.packs.get(usize::from(c.pack)).and_then(|p| p.lang);
        match rule.kind {
            RuleKind::Finding(category) => {
                let entry = c.entry.and_then(|e| self.entry(e));
                let capitals = rule.trigger == Trigger::Capitals;
                let (replacement, fix, fill_pack) =
                    match entry.and_then(|e| self.suggestion(&e).map(|s| (s.clone(), e.fix))) {
                        Some((s, f)) => (Some(s), f, c.pack),
                        None => (
                            if capitals {
                                Some(Arc::from(sentence_case(matched).as_str()))
                            } else {
                                texts.and_then(|t| t.suggestion.clone())
                            },
                            entry.map_or_else(|| texts.map_or(rule.fix, |t| t.fix), |e| e.fix),
                            texts_pack,
                        ),
                    };
                let suggestion = replacement.map(|r| {
                    let (filled, safe) = self.fill(&r, fill_pack, voice);
                    Suggestion {
                        replacement: if capitals {
                            filled
                        } else {
                            match_case(&filled, text, c.span)
                        },
                        applicability: if safe { fix } else { Applicability::Unsafe },
                    }
                });
                review.findings.push(Finding {
                    rule: rule.id.clone(),
                    category,
                    severity: self.severity(c.rule),
                    span: c.span,
                    text: matched.to_string(),
                    message: texts.map_or_else(|| rule.why.clone(), |t| t.message.clone()),
                    why: rule.why.clone(),
                    suggestion,
                    lang,
                });
            }
            RuleKind::Signal(kind) => review.signals.push(Signal {
                kind,
                rule: rule.id.clone(),
                span: c.span,
                text: matched.to_string(),
                action: texts.map_or_else(
                    || rule.action.clone().unwrap_or_else(|| rule.why.clone()),
                    |t| t.action.clone(),
                ),
                lang,
            }),
            RuleKind::Check(_) => {}
        }
    }

    /// The finding of a message mostly in capitals: it covers the whole message.
    pub(crate) fn report_capitals(
        &self,
        rule: RuleIdx,
        text: &str,
        lang: Option<Lang>,
        review: &mut Review,
    ) {
        let pack = self.pack_or_first(lang);
        let span = Span::new(0, text.len()).trimmed(text);
        if !span.is_empty() {
            let c = Cand::new(rule, pack, span);
            self.report(&c, text, lang, &Register::new(), review);
        }
    }
}

/// Whether a message is mostly in capitals: enough letters, nearly all upper case, in several
/// words (acronyms alone are not shouting).
pub(crate) fn is_capitals(text: &str, stats: &TextStats) -> bool {
    let letters = stats.upper + stats.lower;
    if letters < CAPITALS_MIN_LETTERS || stats.upper * 100 < CAPITALS_MIN_PERCENT * letters {
        return false;
    }
    text.unicode_words()
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| !c.is_lowercase())
                && w.chars().any(char::is_uppercase)
        })
        .count()
        >= 3
}

/// `text` in sentence case: lower case, with the first letter of each sentence capitalized.
fn sentence_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cap = true;
    for c in text.chars() {
        if c.is_alphabetic() {
            if cap {
                out.extend(c.to_uppercase());
                cap = false;
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            if matches!(c, '.' | '!' | '?' | '\n') {
                cap = true;
            }
            out.push(c);
        }
    }
    out
}

/// Gives `replacement` the casing the surrounding text calls for: capitals when the match is a
/// shouted phrase of several words, a capital first letter at the start of a sentence, and a
/// lower-case first letter inside a sentence (acronyms such as `ETA` are not shouting).
pub(crate) fn match_case(replacement: &str, text: &str, span: Span) -> String {
    let original = span.slice(text).unwrap_or("");
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = original.trim().contains(char::is_whitespace)
        && letters.len() >= 4
        && letters.iter().all(|c| !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase());
    if shouted {
        return replacement.to_uppercase();
    }
    let before = &text[..span.start.min(text.len())];
    let trimmed = before.trim_end();
    // A new line starts a new sentence too (the line after a greeting).
    let at_start = before[trimmed.len()..].contains('\n')
        || trimmed
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“'));
    let mut chars = replacement.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.as_str();
    if at_start && first.is_lowercase() {
        first.to_uppercase().chain(rest.chars()).collect()
    } else if !at_start
        && first.is_uppercase()
        && rest.chars().next().is_some_and(char::is_lowercase)
    {
        first.to_lowercase().chain(rest.chars()).collect()
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing() {
        let mc = |r: &str, t: &str, m: &str| {
            let s = t.find(m).unwrap_or(0);
            match_case(r, t, Span::new(s, s + m.len()))
        };
        assert_eq!(
            mc("let me find out", "I don't know", "I don't know"),
            "Let me find out"
        );
        assert_eq!(
            mc("Let me find out", "ok i dont know", "i dont know"),
            "let me find out"
        );
        assert_eq!(
            mc("expected arrival time", "The ETA is 5", "ETA"),
            "expected arrival time"
        );
        assert_eq!(
            mc("expected arrival time", "Done. ETA is 5", "ETA"),
            "Expected arrival time"
        );
        assert_eq!(mc("to recap", "OK. AS I SAID, NO", "AS I SAID"), "TO RECAP");
        assert_eq!(mc("I'll check", "so we dunno", "we dunno"), "I'll check");
        assert_eq!(
            sentence_case("PLEASE READ THIS. NOW"),
            "Please read this. Now"
        );
    }
}
