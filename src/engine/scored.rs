//! The scorer's candidates (`score`): a customer sentence the learned model of its language is
//! sure of raises the rule's signal, for a rule no phrase in the message raised.

use smallvec::SmallVec;

use super::tables::Engine;
use super::verify::{Cand, Cands, ItemSpans};
use crate::detect::Detected;
use crate::lang::Lang;
use crate::rules::RuleIdx;
use crate::score::features::SHORT_FEATURES;
use crate::score::{fires_any, Model, CATS, MAX_MODELS};
use crate::sentences::Sentences;
use crate::span::Span;

/// Sentences of a message whose adjacent pairs the scorer may read (the bits of a `u64`).
const PAIRED: usize = 64;

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
        // Each sentence alone first, then each with the next one: a threat is often said in
        // two ("I know which depot you work at. See you at six."). A pair is read only where
        // one of its sentences came near a cut alone (reading every pair again cost 12% of a
        // whole run over en-support), among the first `PAIRED` sentences, and must not be
        // short: two short sentences are a greeting and a goodbye more often than a threat
        // ("Sure thing. Good bye." read as a threat to leave).
        let sentences = Sentences::new(text);
        let mut near = 0u64;
        for (i, sentence) in sentences.spans().enumerate() {
            let scored = self.score_piece(text, sentence, 0, &only, &models, &mut wanted, cands);
            if scored && i < PAIRED {
                near |= 1 << i;
            }
            if wanted.iter().all(Option::is_none) {
                return;
            }
        }
        if near == 0 {
            return;
        }
        for (i, pair) in sentences.pairs().take(PAIRED - 1).enumerate() {
            if near & (0b11 << i) == 0 {
                continue;
            }
            self.score_piece(
                text,
                pair,
                SHORT_FEATURES,
                &only,
                &models,
                &mut wanted,
                cands,
            );
            if wanted.iter().all(Option::is_none) {
                return;
            }
        }
    }

    /// Scores the sentence (or pair) `piece` of `text` and adds a candidate for each wanted
    /// category it fires for; whether some score came near its cut.
    #[allow(clippy::too_many_arguments)]
    fn score_piece(
        &self,
        text: &str,
        piece: Span,
        min_features: usize,
        only: &[&Model<'_>],
        models: &[(&Model<'_>, u16)],
        wanted: &mut [Option<RuleIdx>; CATS],
        cands: &mut Cands,
    ) -> bool {
        let span = piece.trimmed(text);
        if span.is_empty() {
            return false;
        }
        let scored = fires_any(only, &text[span.range()], min_features);
        for (want, fire) in wanted.iter_mut().zip(scored.fires) {
            let (Some(rule), Some(&(_, pack))) = (*want, fire.and_then(|i| models.get(i))) else {
                continue;
            };
            cands.push(Cand::new(rule, pack, span));
            *want = None;
        }
        scored.near
    }

    /// Whether a review of `text` would cancel the scorer's candidate for the rule `id` over
    /// `span`, as `lang`'s model would raise it: the rule's exceptions, negation, quotes and
    /// innocent hosts apply to it as to any candidate. Training (`build.rs`) keeps a sentence
    /// silent only where the review would not: "У вас вообще мозги есть в продаже?" (brains
    /// sold as food) is an exception of the Russian pack, and kept silent by the scorer as
    /// well it had raised Russian insults' cut from a probability of 0.80 to 0.96.
    #[allow(dead_code)]
    pub(crate) fn scored_cancelled(&self, id: &str, lang: Lang, text: &str, span: Span) -> bool {
        let (Some(rule), Some((pack, _))) = (
            self.book.find(id),
            self.kept_packs().find(|(_, p)| p.lang == Some(lang)),
        ) else {
            return false;
        };
        let det = self.detection(text, None);
        let mut cands = Cands::new();
        cands.push(Cand::new(rule, pack, span));
        self.apply_context(text, &det, &mut cands, &ItemSpans::new());
        cands.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::span::Span;
    use crate::Coach;

    #[test]
    fn a_scored_sentence_is_cancelled_by_its_rules_exceptions_only() {
        let coach = Coach::default();
        let e = coach.engine();
        let all = |t: &str| Span::new(0, t.len());
        let brains = "У вас вообще мозги есть в продаже?";
        assert!(e.scored_cancelled("insult", Lang::Ru, brains, all(brains)));
        // Another rule's exceptions, or none at all, cancel nothing.
        assert!(!e.scored_cancelled("physical-threat", Lang::Ru, brains, all(brains)));
        let rude = "вы там все в офисе тупые";
        assert!(!e.scored_cancelled("insult", Lang::Ru, rude, all(rude)));
        assert!(!e.scored_cancelled("no-such-rule", Lang::Ru, rude, all(rude)));
    }
}
