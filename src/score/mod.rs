//! A learned second opinion on customer sentences, for the signals customers word their own way.
//!
//! Phrases and combinations are precise but hear only what a pack lists: ten rounds of packs
//! written by native authors found 95–100% of the authors' own test messages and, measured on
//! messages other people wrote, hardly more than before each round. Per language, a logistic
//! regression over hashed words, word pairs and character n-grams (`features`) scores each
//! sentence (and each pair of adjacent sentences) of a customer message for a physical threat,
//! an insult, a threat to leave and a legal threat; a sentence that scores high where no phrase
//! of that rule fired raises the rule's signal, through the same context (exceptions, innocent
//! hosts, the language's plausibility) as a phrase would.
//!
//! The models are trained when the crate is built (`build.rs`, `train.rs`), deterministically,
//! from the fixture lines of each language (`tests/fixtures/<lang>/customer.txt`: a rule's `+`
//! lines are its positives, everything else negatives), the ordinary sentences of
//! `tests/data/ordinary/<lang>.txt` (negatives), and the labelled messages of
//! `tests/data/scorer/<lang>.tsv` (3,300–4,200 per language by four to seven writers who never
//! saw the packs: threats, insults and churn worded every way they could think of, hard
//! negatives, and toxic and clean social-media comments), and embedded like the pack tables.
//! The further fixture files (`customer-<name>.txt`) only guard the cuts: a pack round's tests
//! do not retrain the models, whose every cut such a retraining had moved. They are
//! checked when read; a table that fails its checks leaves a coach without scoring, never
//! with wrong weights read out of bounds.

pub(crate) mod features;
#[cfg(test)]
pub(crate) mod train;

use crate::lang::Lang;
use crate::rules::RuleIdx;

/// The rules a model scores, in the order of its weights.
pub(crate) const CATEGORIES: [&str; 4] =
    ["physical-threat", "insult", "churn-threat", "legal-threat"];
pub(crate) const CATS: usize = CATEGORIES.len();

/// The logit a short sentence (fewer than [`features::SHORT_FEATURES`]) must reach whatever its
/// category's cut: p = 0.95. A few words give a few dozen n-grams, and one of them weighing
/// heavily is enough to pass a lower cut ("Sure, see if that works" scored as a threat at 0.9;
/// at 0.90, "Is internet provided?" as a threat to leave).
pub(crate) const SHORT_CUT: f32 = 2.944_439;

/// Magic and version of the embedded models.
pub(crate) const MAGIC: &[u8; 8] = b"TSCORE2\0";
/// Bytes of one language's model: its code (4 bytes), per category bias, scale and cut (3 `f32`
/// each), then one `i8` weight per bucket and category.
pub(crate) const MODEL_BYTES: usize = 4 + CATS * 3 * 4 + features::BUCKETS * CATS;

/// One language's model, borrowed from the embedded bytes.
#[derive(Clone, PartialEq)]
pub(crate) struct Model<'t> {
    pub lang: Lang,
    bias: [f32; CATS],
    scale: [f32; CATS],
    /// The logit a category must reach (`train::THRESHOLD`, as the model was written).
    cut: [f32; CATS],
    /// Bucket-major: the three weights of a bucket share a cache line.
    weights: &'t [u8],
}

impl std::fmt::Debug for Model<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("lang", &self.lang).finish()
    }
}

/// Every language's model, and the rule each category raises (resolved once, by [`Scorers::for_rules`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Scorers<'t> {
    models: Vec<Model<'t>>,
    rules: [Option<RuleIdx>; CATS],
}

fn f32_at(b: &[u8], at: usize) -> Option<f32> {
    let x: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(f32::from_le_bytes(x))
}

impl<'t> Scorers<'t> {
    /// Reads models written by `train::write`: `None` if the bytes are not such models (a crate
    /// built where the fixtures were absent writes none).
    pub(crate) fn read(bytes: &'t [u8]) -> Option<Scorers<'t>> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let count = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let rest = rest.get(4..)?;
        if rest.len() != count.checked_mul(MODEL_BYTES)? {
            return None;
        }
        let mut models = Vec::with_capacity(count);
        for m in rest.chunks_exact(MODEL_BYTES) {
            let code = std::str::from_utf8(&m[..4]).ok()?.trim_end_matches('\0');
            let lang = Lang::new(code).ok()?;
            let mut bias = [0.0; CATS];
            let mut scale = [0.0; CATS];
            let mut cut = [0.0; CATS];
            for c in 0..CATS {
                bias[c] = f32_at(m, 4 + c * 12)?;
                scale[c] = f32_at(m, 8 + c * 12)?;
                cut[c] = f32_at(m, 12 + c * 12)?;
            }
            if !bias.iter().chain(&scale).chain(&cut).all(|x| x.is_finite()) {
                return None;
            }
            models.push(Model {
                lang,
                bias,
                scale,
                cut,
                weights: &m[4 + CATS * 12..],
            });
        }
        Some(Scorers {
            models,
            rules: [None; CATS],
        })
    }

    /// The same models, each category raising the rule `find` gives for its id.
    pub(crate) fn for_rules(mut self, find: impl Fn(&str) -> Option<RuleIdx>) -> Self {
        self.rules = CATEGORIES.map(find);
        self
    }

    /// The rule each category raises, in the order of [`Model::fires`].
    pub(crate) fn rules(&self) -> [Option<RuleIdx>; CATS] {
        self.rules
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    pub(crate) fn model(&self, lang: Lang) -> Option<&Model<'t>> {
        self.models.iter().find(|m| m.lang == lang)
    }
}

impl Model<'_> {
    /// Whether each category's score reaches its cut in `sentence` (training's checks and tests).
    #[cfg(test)]
    pub(crate) fn fires(&self, sentence: &str) -> [bool; CATS] {
        fires_any(&[self], sentence, 0).fires.map(|m| m.is_some())
    }

    /// How far category `c`'s score is above its cut (below: negative).
    fn margin(&self, c: usize, sum: i32, n: usize) -> f32 {
        let cut = if n < features::SHORT_FEATURES {
            self.cut[c].max(SHORT_CUT)
        } else {
            self.cut[c]
        };
        logit_of(self.bias[c], self.scale[c], sum, n) - cut
    }
}

/// Most models a sentence is scored with at once (the languages it may be in).
pub(crate) const MAX_MODELS: usize = 4;

/// How far below its cut a sentence's score may be for the sentence to be worth reading again
/// with its neighbour ([`Scored::near`]).
pub(crate) const NEAR: f32 = 2.0;

/// What the models make of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scored {
    /// Per category, the first model whose score reaches its cut.
    pub fires: [Option<usize>; CATS],
    /// Some model's score of some category came within [`NEAR`] of its cut.
    pub near: bool,
}

/// Per category, the first of `models` (at most [`MAX_MODELS`]) whose score of `sentence`
/// reaches its cut, if it has `min_features` features or more (at least
/// [`features::MIN_FEATURES`]). The features are read once for all of them.
pub(crate) fn fires_any(models: &[&Model<'_>], sentence: &str, min_features: usize) -> Scored {
    let models = &models[..models.len().min(MAX_MODELS)];
    let mut sums = [[0i32; CATS]; MAX_MODELS];
    let mut n = 0usize;
    features::for_each_distinct(sentence, |f| {
        n += 1;
        let at = f as usize * CATS;
        for (m, s) in models.iter().zip(sums.iter_mut()) {
            if let Some(w) = m.weights.get(at..at + CATS) {
                for (s, &x) in s.iter_mut().zip(w) {
                    *s += i32::from(x as i8);
                }
            }
        }
    });
    let mut out = Scored {
        fires: [None; CATS],
        near: false,
    };
    if n < features::MIN_FEATURES.max(min_features) {
        return out;
    }
    for (c, o) in out.fires.iter_mut().enumerate() {
        for (i, m) in models.iter().enumerate() {
            let margin = m.margin(c, sums[i][c], n);
            out.near |= margin > -NEAR;
            if margin >= 0.0 && o.is_none() {
                *o = Some(i);
            }
        }
    }
    out
}

/// A sentence's logit from the sum of its `n` features' weights: training sets the cuts with
/// this function, so a sentence it kept silent is silent at review.
pub(crate) fn logit_of(bias: f32, scale: f32, sum: i32, n: usize) -> f32 {
    bias + scale * sum as f32 / (n as f32).sqrt()
}

#[cfg(test)]
mod tests {
    use super::train::{write, Trained};
    use super::*;

    #[test]
    fn models_are_read_back_and_damage_is_refused() {
        let mut weights = vec![0i8; features::BUCKETS * CATS];
        let threat = "i will hurt your driver tomorrow morning";
        for f in features::features(threat) {
            weights[f as usize * CATS] = 100;
        }
        let t = Trained {
            bias: [-3.0; CATS],
            scale: [0.1; CATS],
            cut: [2.0; CATS],
            weights,
        };
        let lang = Lang::new("en").expect("en");
        let bytes = write(&[(lang, t)]);
        let s = Scorers::read(&bytes).expect("reads");
        let m = s.model(lang).expect("en model");
        assert_eq!(m.fires(threat), [true, false, false, false]);
        assert_eq!(m.fires("thanks a lot for the quick reply"), [false; CATS]);
        // A sentence that fires is near its cut; one far below it is not.
        assert!(fires_any(&[m], threat, 0).near);
        assert!(!fires_any(&[m], "pack jazz quiz box fax", 0).near);
        // Fewer features than asked for: nothing fires (a pair of sentences must not be short).
        assert_eq!(fires_any(&[m], threat, 10_000).fires, [None; CATS]);
        // Too short to be sure of, whatever the weights.
        assert_eq!(m.fires("hurt you"), [false; CATS]);
        assert!(Scorers::read(&bytes[..bytes.len() - 1]).is_none());
        assert!(Scorers::read(b"").is_none());
        assert!(Scorers::read(&bytes[1..]).is_none());
    }
}
