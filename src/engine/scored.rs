//! The scorer's candidates (`score`): a customer sentence the learned model of its language is
//! sure of raises the rule's signal, for a rule no phrase in the message raised.

use super::tables::Engine;
use super::verify::{Cand, Cands};
use crate::detect::Detected;
use crate::rules::RuleIdx;
use crate::sentences::Sentences;
use crate::span::Span;

impl Engine<'_> {
    /// Adds a candidate per category whose model fires on a sentence of `text`, for the rules
    /// that raised no candidate yet and none of the `patterns` matched (a phrase's span is the
    /// better one, and one signal per rule is what the scorer adds to a message).
    pub(crate) fn scored_candidates(
        &self,
        text: &str,
        det: &Detected,
        patterns: impl Iterator<Item = RuleIdx> + Clone,
        cands: &mut Cands,
    ) {
        let Some(lang) = self.primary_lang(det) else {
            return;
        };
        let Some(model) = self.scorers.model(lang) else {
            return;
        };
        let Some((pack, _)) = self.kept_packs().find(|(_, p)| p.lang == Some(lang)) else {
            return;
        };
        let mut wanted = self.scorers.rules().map(|rule| {
            rule.filter(|&r| {
                self.enabled(r)
                    && !cands.iter().any(|c| c.rule == r)
                    && !patterns.clone().any(|p| p == r)
            })
        });
        if wanted.iter().all(Option::is_none) {
            return;
        }
        for sentence in Sentences::new(text).spans() {
            let piece = &text[sentence.range()];
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let fires = model.fires(trimmed);
            for (want, fire) in wanted.iter_mut().zip(fires) {
                let Some(rule) = want.filter(|_| fire) else {
                    continue;
                };
                let start = sentence.start + (piece.len() - piece.trim_start().len());
                cands.push(Cand {
                    rule,
                    pack,
                    entry: None,
                    span: Span::new(start, start + trimmed.len()),
                    needs_marked: false,
                    items: None,
                });
                *want = None;
            }
            if wanted.iter().all(Option::is_none) {
                break;
            }
        }
    }
}
