//! A customer's message typed on another script's keyboard (Russian in Latin letters: "budu
//! obrashchatsya v sud"), reviewed again as the language it reads as. Every phrase, combination
//! and the scorer of that language then hear it, without a Latin spelling of their own; the
//! pack says how its language is typed (`[detect.transliteration]`).

use super::tables::Engine;
use crate::detect::translit::{Transliterated, MAX_TRANSLITERATED};
use crate::detect::Detected;
use crate::escalation::{EscalationPolicy, SignalCounts};
use crate::review::{Review, ReviewOptions};
use crate::role::Role;

impl Engine<'_> {
    /// Adds to `review` of a customer's `text` what its reading back raises. A text is read
    /// back as a language when it has none of that language's own letters, is not confidently
    /// another language, and either is detected as it or, read back, has more of its frequent
    /// words than the typed text has of any other language's ("budu v sud" → "буду в суд").
    /// `det` is the message's detection, if its review made one.
    pub(crate) fn review_read_back(
        &self,
        text: &str,
        opts: &ReviewOptions,
        det: Option<Detected>,
        review: &mut Review,
    ) {
        let all = self.detector.transliterations();
        if all.is_empty()
            || text.len() > MAX_TRANSLITERATED
            || !text.bytes().any(|b| b.is_ascii_alphabetic())
        {
            return;
        }
        let mut det = det;
        for t in all {
            if opts.lang.is_some_and(|l| l != t.lang) {
                continue;
            }
            let Some(slot) = self.detector.slot(t.lang) else {
                continue;
            };
            // Most messages are confidently another language: answered by the detection the
            // review made, before the text is read again.
            let d = *det.get_or_insert_with(|| self.detection(text, opts.lang));
            if d.confident && d.primary != Some(slot) {
                continue;
            }
            if !text.is_ascii() && self.detector.has_letters_of(slot, text) {
                continue;
            }
            let Some(back) = t.apply(text) else {
                continue;
            };
            if d.primary != Some(slot) && !self.reads_as(slot, text, back.text()) {
                continue;
            }
            let as_lang = ReviewOptions {
                lang: Some(t.lang),
                ..opts.clone()
            };
            let read = self.review_written(Role::Customer, back.text(), &as_lang);
            merge(&back, text, read, opts, &self.policy, review);
        }
    }

    /// Whether `back`, `typed` read back, has frequent words of the language in `slot` that
    /// weigh at least one long word, and more than `typed` has of any other language.
    fn reads_as(&self, slot: u8, typed: &str, back: &str) -> bool {
        let slot = usize::from(slot);
        let ours = self
            .detector
            .stop_evidence(back)
            .get(slot)
            .copied()
            .unwrap_or(0.0);
        let theirs = self
            .detector
            .stop_evidence(typed)
            .iter()
            .enumerate()
            .filter(|(s, _)| *s != slot)
            .map(|(_, e)| *e)
            .fold(0.0, f32::max);
        ours >= 1.0 && ours > theirs
    }
}

/// The signals of `read` (a review of `back`) that `review` does not have yet, on the typed
/// `text`'s spans; the level of both.
fn merge(
    back: &Transliterated,
    text: &str,
    read: Review,
    opts: &ReviewOptions,
    policy: &EscalationPolicy,
    review: &mut Review,
) {
    let before = review.signals.len();
    let mut changed = false;
    for mut s in read.signals {
        let Some(span) = back.span_back(s.span) else {
            continue;
        };
        let known = review.signals[..before]
            .iter()
            .position(|o| o.rule == s.rule && o.span.overlaps(span));
        let Some(typed) = text.get(span.range()) else {
            continue;
        };
        s.span = span;
        s.text = typed.to_string();
        match known {
            None => review.signals.push(s),
            // The written review's signal is a whole sentence the scorer heard (a span ending
            // in punctuation: a phrase ends on a word), the read-back's the words that carry
            // it: keep the words.
            Some(i)
                if scored_sentence(&review.signals[i].text)
                    && review.signals[i].span.contains(span)
                    && review.signals[i].span != span =>
            {
                review.signals[i] = s;
            }
            Some(_) => continue,
        }
        changed = true;
    }
    if !changed {
        return;
    }
    review
        .signals
        .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
    let counts = SignalCounts::of(&review.signals);
    review.level = review.level.max(read.level).max(policy.level(&counts));
    if let Some(cap) = opts.max_results {
        if review.signals.len() > cap {
            review.omitted += review.signals.len() - cap;
            review.signals.truncate(cap);
        }
    }
}

/// Whether a signal's text is a sentence the scorer reported: it ends in punctuation, where a
/// phrase's match ends on a word.
fn scored_sentence(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| !c.is_alphanumeric() && !crate::normalize::chars::is_mark(c))
}
