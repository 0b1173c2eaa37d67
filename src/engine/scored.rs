//! The scorer's candidates (`score`): a customer sentence the learned model of its language is
//! sure of raises the rule's signal, for a rule no phrase in the message raised.

use smallvec::SmallVec;

use super::tables::Engine;
use super::verify::{Cand, Cands};
use crate::detect::Detected;
use crate::rules::RuleIdx;
use crate::score::{fires_any, Model, MAX_MODELS};
use crate::sentences::Sentences;
use crate::span::Span;

impl Engine<'_> {
    /// Adds a candidate per category whose model fires on a sentence of `text`, for the rules
    /// none of the `patterns` matched (one signal per rule is what the scorer adds to a
    /// message; the review keeps it only where no phrase of the rule survives its context).
    pub(crate) fn scored_candidates(
        &self,
        text: &str,
        det: &Detected,
        patterns: impl Iterator<Item = RuleIdx> + Clone,
        cands: &mut Cands,
    ) {
        // The models of the languages the message may be in, its likeliest first: Vietnamese
        // typed without diacritics reads as English to the detector as often as not, and the
        // English model does not know "ad ngu j ma ngu the".
        let mut models: SmallVec<[(&Model<'_>, u16); MAX_MODELS]> = SmallVec::new();
        let primary = self.primary_lang(det);
        let others = det
            .slots()
            .filter_map(|s| self.detector.lang(s))
            .filter(|&l| Some(l) != primary);
        for lang in primary.into_iter().chain(others) {
            if models.len() == MAX_MODELS {
                break;
            }
            let Some(model) = self.scorers.model(lang) else {
                continue;
            };
            if let Some((pack, _)) = self.kept_packs().find(|(_, p)| p.lang == Some(lang)) {
                models.push((model, pack));
            }
        }
        if models.is_empty() {
            return;
        }
        let only: SmallVec<[&Model<'_>; MAX_MODELS]> = models.iter().map(|(m, _)| *m).collect();
        let mut wanted = self
            .scorers
            .rules()
            .map(|rule| rule.filter(|&r| self.enabled(r) && !patterns.clone().any(|p| p == r)));
        if wanted.iter().all(Option::is_none) {
            return;
        }
        for sentence in Sentences::new(text).spans() {
            let piece = &text[sentence.range()];
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let fires = fires_any(&only, trimmed);
            for (want, fire) in wanted.iter_mut().zip(fires) {
                let (Some(rule), Some(&(_, pack))) = (*want, fire.and_then(|i| models.get(i)))
                else {
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
