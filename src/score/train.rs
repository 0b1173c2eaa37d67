//! Training the scorer's models (run by `build.rs`; the library only reads what it wrote).
//!
//! Per category, a logistic regression over the hashed features, fitted by AdaGrad over a fixed
//! number of passes in a fixed order, so the same fixtures give the same bytes on every machine.
//! Positives are weighted up, though not to parity (parity made the models fire on short
//! everyday sentences), and the weights are stored as `i8` with one scale per category.
//!
//! A category's cut is [`THRESHOLD`], raised above the score of every sentence that must stay
//! silent for it: the rule's `-` fixture lines, the `## clean` lines, and the ordinary sentences
//! the packs find innocent. The fixtures' promises then hold with the scorer as without it. A
//! sentence whose candidate the review's context would cancel anyway (the rule's exceptions)
//! raises nothing: one such line had set a whole category's cut.

use crate::lang::Lang;
use crate::score::features::{for_each_distinct, BUCKETS, MIN_FEATURES, SHORT_FEATURES};
use crate::score::{logit_of, CATEGORIES, CATS, MAGIC};
use crate::sentences::Sentences;
use crate::span::Span;

/// The probability a sentence must reach at least (short ones more: `SHORT_CUT`). Chosen on the
/// false alarms over the polite customer turns of `shared/corpora` and the innocent sets: with
/// six writers' labelled sets, 0.80 raises none new on the polite turns and four of 2,005
/// innocent messages (0.70 raised two polite turns); with fewer writers 0.85 had raised three,
/// and before them the models were sure of little and needed 0.98.
pub(crate) const THRESHOLD: f32 = 0.80;

const EPOCHS: usize = 30;
const RATE: f32 = 0.5;
/// L2 penalty per update, so rare n-grams do not grow large on a handful of lines: weaker, the
/// models fired on the odd name or place in polite chats ("leaving from Cote").
const L2: f32 = 1e-4;
/// How much of the classes' imbalance the positives' weight makes up.
const POSITIVE_WEIGHT: f32 = 0.3;

/// The distinct features of `sentence`, as a review weighs them.
fn distinct(sentence: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for_each_distinct(sentence, |b| out.push(b));
    out
}

/// One training line.
pub(crate) struct Example {
    pub text: String,
    pub feats: Vec<u32>,
    /// Per category: a positive.
    pub labels: [bool; CATS],
    /// Per category: no sentence of it may reach the cut.
    pub guard: [bool; CATS],
}

impl Example {
    /// The same line as `text` reads (typed on another keyboard and read back).
    pub(crate) fn read_as(&self, text: &str) -> Example {
        example(text.to_string(), self.labels, self.guard)
    }
}

fn example(text: String, labels: [bool; CATS], guard: [bool; CATS]) -> Example {
    let feats = distinct(&text);
    Example {
        text,
        feats,
        labels,
        guard,
    }
}

/// The examples of one language: the fixture file of customer messages (`## rule` headings,
/// `+`/`-` lines, `«»` marks; a rule's `+` lines are its positives, every other line a negative)
/// and ordinary sentences, one per line, negatives all; those `flagged` (the packs raise a
/// signal on them: some ordinary sentences are rude) are left out.
pub(crate) fn examples(
    fixtures: &str,
    ordinary: &str,
    flagged: impl Fn(&str) -> bool,
) -> Vec<Example> {
    let mut out = Vec::new();
    let mut rule = "";
    for line in fixtures.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            rule = h.split_whitespace().next().unwrap_or("");
            continue;
        }
        let (positive, text) = match (line.strip_prefix("+ "), line.strip_prefix("- ")) {
            (Some(t), _) => (true, t),
            (_, Some(t)) => (false, t),
            _ => continue,
        };
        let labels = CATEGORIES.map(|c| positive && c == rule);
        let guard = CATEGORIES.map(|c| !positive && (c == rule || rule == "clean"));
        out.push(example(text.replace(['«', '»'], ""), labels, guard));
    }
    for line in ordinary.lines().filter(|l| !l.trim().is_empty()) {
        if !flagged(line) {
            out.push(example(line.to_string(), [false; CATS], [true; CATS]));
        }
    }
    out
}

/// The examples of a labelled training file (`tests/data/scorer/<lang>.tsv`, the format of the
/// evaluation sets: `expected<TAB>note<TAB>text`, `expected` a comma-separated set of signal
/// kinds or `none`, `#` comments). A line is a positive of each category it names and a
/// negative of the others. Its negatives are not guards: written by many people to teach the
/// kind, a few of them are arguable, and one arguable line must not raise a whole category's cut.
pub(crate) fn labelled(tsv: &str) -> Vec<Example> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            let (expected, _note, text) = (f.next()?, f.next()?, f.next()?);
            let kinds: Vec<&str> = expected.split(',').map(str::trim).collect();
            let labels = CATEGORIES.map(|c| kinds.contains(&c));
            Some(example(text.trim().to_string(), labels, [false; CATS]))
        })
        .collect()
}

/// What training writes for one language: per category bias, scale and cut, and the weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trained {
    pub bias: [f32; CATS],
    pub scale: [f32; CATS],
    pub cut: [f32; CATS],
    pub weights: Vec<i8>,
}

/// A model for every category from `examples` (`None` when a category has no positive), its
/// cuts raised above the guard sentences of `examples` and of `guards`, lines that guard without
/// teaching (`tests/fixtures/<lang>/customer-<name>.txt`: a pack round's tests change no weight).
/// `cancelled(category, text, span)`: whether a review of `text` would cancel the category's
/// candidate over `span` ([`CATEGORIES`]; `Engine::scored_cancelled`).
pub(crate) fn train(
    examples: &[Example],
    guards: &[Example],
    cancelled: impl Fn(usize, &str, Span) -> bool,
) -> Option<Trained> {
    let mut weights = vec![0i8; BUCKETS * CATS];
    let mut bias = [0.0; CATS];
    let mut scale = [0.0; CATS];
    for c in 0..CATS {
        let (b, w) = fit(examples, c)?;
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let s = if max > 0.0 { max / 127.0 } else { 1.0 };
        for (i, x) in w.iter().enumerate() {
            weights[i * CATS + c] = (x / s).round().clamp(-127.0, 127.0) as i8;
        }
        bias[c] = b;
        scale[c] = s;
    }
    let mut cut = [logit(THRESHOLD); CATS];
    for e in examples.iter().chain(guards) {
        // As a review reads them (`Engine::scored_candidates`): each sentence, and each pair of
        // adjacent sentences that is not short.
        let sentences = Sentences::new(&e.text);
        let singles = sentences.spans().map(|s| (s, MIN_FEATURES));
        let pairs = sentences.pairs().map(|p| (p, SHORT_FEATURES));
        for (span, least) in singles.chain(pairs) {
            let span = span.trimmed(&e.text);
            let (sums, n) = sums(&weights, &e.text[span.range()]);
            for c in (0..CATS).filter(|&c| e.guard[c] && n >= least) {
                let z = logit_of(bias[c], scale[c], sums[c], n);
                if z >= cut[c] && !cancelled(c, &e.text, span) {
                    cut[c] = z.next_up();
                }
            }
        }
    }
    Some(Trained {
        bias,
        scale,
        cut,
        weights,
    })
}

/// Per category the sum of a sentence's weights, and how many features it has (as a review
/// computes them, `Model::fires`).
fn sums(weights: &[i8], sentence: &str) -> ([i32; CATS], usize) {
    let mut sums = [0i32; CATS];
    let feats = distinct(sentence);
    for &f in &feats {
        for (c, s) in sums.iter_mut().enumerate() {
            *s += i32::from(weights[f as usize * CATS + c]);
        }
    }
    (sums, feats.len())
}

/// The logit of a probability.
pub(crate) fn logit(p: f32) -> f32 {
    (p / (1.0 - p)).ln()
}

/// Bias and weights of category `c`.
fn fit(examples: &[Example], c: usize) -> Option<(f32, Vec<f32>)> {
    let positives = examples.iter().filter(|e| e.labels[c]).count();
    let negatives = examples.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let pos_weight = (negatives as f32 / positives as f32 * POSITIVE_WEIGHT).max(1.0);
    let mut w = vec![0f32; BUCKETS];
    let mut g2 = vec![1e-8f32; BUCKETS];
    let mut b = 0f32;
    let mut b2 = 1e-8f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..EPOCHS {
        // Fisher–Yates with a fixed linear congruential generator: the same order everywhere.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        for &i in &order {
            let e = &examples[i];
            if e.feats.is_empty() {
                continue;
            }
            let x = 1.0 / (e.feats.len() as f32).sqrt();
            let z = b + x * e.feats.iter().map(|&f| w[f as usize]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let (y, weight) = if e.labels[c] {
                (1.0, pos_weight)
            } else {
                (0.0, 1.0)
            };
            let g = (p - y) * weight;
            for &f in &e.feats {
                let f = f as usize;
                let gf = g * x + L2 * w[f];
                g2[f] += gf * gf;
                w[f] -= RATE * gf / g2[f].sqrt();
            }
            b2 += g * g;
            b -= RATE * g / b2.sqrt();
        }
    }
    Some((b, w))
}

/// The embedded form of trained models (read back by `Scorers::read`).
pub(crate) fn write(models: &[(Lang, Trained)]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend((models.len() as u32).to_le_bytes());
    for (lang, t) in models {
        let mut code = [0u8; 4];
        for (d, s) in code.iter_mut().zip(lang.code().bytes()) {
            *d = s;
        }
        out.extend(code);
        for c in 0..CATS {
            out.extend(t.bias[c].to_le_bytes());
            out.extend(t.scale[c].to_le_bytes());
            out.extend(t.cut[c].to_le_bytes());
        }
        out.extend(t.weights.iter().map(|&w| w as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Scorers;

    #[test]
    fn a_model_learns_its_fixtures_and_training_is_repeatable() {
        let fixtures = "## physical-threat\n+ I'll smash your van\n+ i will break your driver's legs\n+ I'm going to punch your technician\n+ I'll smash your shop\n- the van broke down\n## insult\n+ you are an idiot\n+ what a bunch of clowns\n- I'm an idiot, I forgot\n## churn-threat\n+ I'm cancelling and going to your competitor\n+ closing my account today\n## legal-threat\n+ my lawyer will sue you\n+ see you in court\n## clean\n- thanks for the help\n";
        let ordinary =
            "the weather is nice\nmy van is blue\nI like my technician\nI'll kill you.\n";
        let ex = examples(fixtures, ordinary, |l| l.contains("kill"));
        // Thirteen fixture lines and three ordinary ones: the one the packs flag is left out.
        assert_eq!(ex.len(), 16);
        let t = train(&ex, &[], |_, _, _| false).expect("trains");
        assert_eq!(
            Some(&t),
            train(&ex, &[], |_, _, _| false).as_ref(),
            "deterministic"
        );

        let lang = Lang::new("en").expect("en");
        let bytes = write(&[(lang, t)]);
        let s = Scorers::read(&bytes).expect("reads");
        let m = s.model(lang).expect("model");
        assert_eq!(
            m.fires("I'll smash your van and your shop tomorrow"),
            [true, false, false, false]
        );
        // Every sentence that must stay silent does, whatever the fit.
        for silent in [
            "the van broke down",
            "thanks for the help",
            "my van is blue",
        ] {
            assert_eq!(m.fires(silent), [false; CATS], "{silent}");
        }
        assert!(!m.fires("I'm an idiot, I forgot")[1]);
    }

    #[test]
    fn the_short_sentences_cut_is_stricter_than_every_category_cut() {
        assert!((logit(0.95) - crate::score::SHORT_CUT).abs() < 1e-4);
        assert!(crate::score::SHORT_CUT > logit(THRESHOLD));
    }

    /// Sixty ordinary sentences: many negatives weigh the positives up, so a fit cannot push a
    /// guard down alone.
    fn on_time() -> String {
        (0..60)
            .map(|i| format!("parcel {i} arrived on time today\n"))
            .collect()
    }

    #[test]
    fn a_guard_the_reviews_context_cancels_raises_no_cut() {
        let fixtures = "## insult\n+ you are such a useless idiot honestly\n+ you are such a useless idiot honestly mate\n+ honestly you are such a useless idiot\n+ you are such a useless idiot honestly, really\n- You are SUCH a useless idiot, honestly mate!\n## physical-threat\n+ I will smash your van\n## churn-threat\n+ closing my account today\n## legal-threat\n+ see you in court\n";
        let ex = examples(fixtures, &on_time(), |_| false);
        let cut = |cancel: bool| {
            let t = train(&ex, &[], |c, text, span| {
                cancel && c == 1 && text[span.range()].contains("SUCH")
            });
            t.expect("trains").cut[1]
        };
        // Kept silent by the scorer, the guard (a positive's words) raises the cut above itself;
        // cancelled by the review's context anyway, it leaves the cut where the threshold puts it.
        assert!(cut(false) > logit(THRESHOLD));
        assert_eq!(cut(true), logit(THRESHOLD));
    }

    #[test]
    fn guarding_lines_raise_a_cut_and_teach_nothing() {
        let fixtures = "## insult\n+ you are such a useless idiot honestly\n+ what a bunch of useless clowns\n## physical-threat\n+ I will smash your van\n## churn-threat\n+ closing my account today\n## legal-threat\n+ see you in court\n";
        let ex = examples(fixtures, &on_time(), |_| false);
        let alone = train(&ex, &[], |_, _, _| false).expect("trains");
        let guards = examples(
            "## insult\n- you are such a useless idiot honestly, said the film's villain\n+ clowns\n",
            "",
            |_| false,
        );
        let guarded = train(&ex, &guards, |_, _, _| false).expect("trains");
        assert_eq!(
            (&guarded.weights, guarded.bias, guarded.scale),
            (&alone.weights, alone.bias, alone.scale)
        );
        assert!(guarded.cut[1] > alone.cut[1]);
        assert_eq!(guarded.cut[0], alone.cut[0]);
    }

    #[test]
    fn a_line_read_back_keeps_its_labels_and_guards_with_its_own_features() {
        let ex = examples(
            "## legal-threat\n- ya uzhe obrashalas v policiyu\n",
            "",
            |_| false,
        );
        let back = ex[0].read_as("я уже обращалась в полицию");
        assert_eq!(back.text, "я уже обращалась в полицию");
        assert_eq!((back.labels, back.guard), (ex[0].labels, ex[0].guard));
        assert!(back.guard[3]);
        assert_eq!(back.feats, distinct("я уже обращалась в полицию"));
        assert_ne!(back.feats, ex[0].feats);
    }

    #[test]
    fn labelled_lines_teach_their_categories_and_guard_nothing() {
        let ex = labelled(
            "# a comment\nphysical-threat,insult\tveiled\tyou clowns will need a dentist\nchurn-threat\tported\tporting my number today\nnone\treported\tthe driver called me an idiot\nbroken line without tabs\n",
        );
        assert_eq!(ex.len(), 3);
        assert_eq!(ex[0].labels, [true, true, false, false]);
        assert_eq!(ex[1].labels, [false, false, true, false]);
        assert_eq!(ex[2].labels, [false; CATS]);
        assert!(ex.iter().all(|e| e.guard == [false; CATS]));
        assert_eq!(ex[2].text, "the driver called me an idiot");
    }
}
