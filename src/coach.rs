//! [`Coach`]: the compiled rule packs, shared cheaply across threads, and [`CoachBuilder`].

use once_cell::sync::Lazy;
use std::sync::Arc;

use crate::builder::CoachBuilder;
use crate::detect::Detection;
use crate::engine::Engine;
use crate::error::{Error, Warning};
use crate::escalation::EscalationPolicy;
use crate::finding::{Category, Check, Severity};
use crate::lang::Lang;
use crate::pack::PackSummary;
use crate::review::{Register, Review, ReviewOptions};
use crate::role::{Role, RoleLabels};
use crate::rules::{Marker, Markers, RuleIdx, RuleKind};
use crate::signal::SignalKind;

/// Reviews support messages against the compiled rule packs.
///
/// Build one with [`Coach::default`] (every built-in pack) or [`Coach::builder`], then share it:
/// cloning is a reference-count increment, and `Coach` is `Send + Sync`. Reviewing never fails and
/// never panics, whatever the text.
///
/// ```
/// use tactful::{Coach, Role};
///
/// let coach = Coach::default();
/// let review = coach.review_draft("I don't know. According to our policy, refunds take 30 days.");
/// let rules: Vec<&str> = review.findings.iter().map(|f| f.rule.as_str()).collect();
/// assert_eq!(rules, ["dont-know", "policy-talk"]);
///
/// let review = coach.review(Role::Customer, "Fix this or I will sue you.");
/// assert_eq!(review.signals[0].kind, tactful::SignalKind::LegalThreat);
/// ```
#[derive(Clone)]
pub struct Coach {
    engine: Arc<Engine<'static>>,
}

impl std::fmt::Debug for Coach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coach")
            .field("languages", &self.engine.detector.languages())
            .field("rules", &self.engine.book.len())
            .field("phrases", &self.engine.entries.len())
            .field("warnings", &self.engine.warnings.len())
            .finish()
    }
}

static DEFAULT: Lazy<Result<Coach, Error>> = Lazy::new(|| CoachBuilder::default().build());

impl Default for Coach {
    /// Every built-in pack, compiled once per process and shared.
    ///
    /// # Panics
    /// Never with the packs shipped in this crate (the test suite builds them); use
    /// [`Coach::try_default`] to handle the error explicitly.
    #[allow(clippy::expect_used)]
    fn default() -> Self {
        Coach::try_default().expect("the built-in rule packs compile (checked by tests/packs.rs)")
    }
}

/// A rule as a coach knows it (for documentation and tooling).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleInfo {
    /// Stable kebab-case id.
    pub id: String,
    /// Whose messages it reads.
    pub role: Role,
    /// The category of its findings (agent rules on one message).
    pub category: Option<Category>,
    /// The kind of its signals (customer rules).
    pub signal: Option<SignalKind>,
    /// What a conversation lacks (conversation-level checks).
    pub check: Option<Check>,
    /// Severity after configuration.
    pub severity: Severity,
    /// Whether the configuration left it on.
    pub enabled: bool,
    /// Why the guidance discourages it.
    pub why: String,
    /// Languages whose packs give it words or texts.
    pub languages: Vec<Lang>,
}

/// What transcript review needs to know of a conversation check's rule.
#[derive(Debug, Clone)]
pub(crate) struct CheckRule {
    pub id: crate::finding::RuleId,
    pub severity: Severity,
    pub why: Arc<str>,
}

impl Coach {
    /// The compiled engine, for the crate's own tests.
    #[cfg(test)]
    pub(crate) fn engine(&self) -> &Engine<'static> {
        &self.engine
    }

    /// Every built-in pack, compiled once per process and shared; the error, if the embedded
    /// data were broken, instead of a panic.
    pub fn try_default() -> Result<Coach, Error> {
        DEFAULT.clone()
    }

    /// A builder to choose languages, disable rules, change severities and add packs.
    pub fn builder() -> CoachBuilder {
        CoachBuilder::default()
    }

    /// Reviews one message written by `role`, detecting its language.
    pub fn review(&self, role: Role, text: &str) -> Review {
        self.engine.review(role, text, &ReviewOptions::default())
    }

    /// Reviews one message with `options` (a known language; template variables that were sent
    /// unrendered).
    ///
    /// ```
    /// use tactful::{Coach, ReviewOptions, Role, Templates};
    ///
    /// let coach = Coach::default();
    /// let text = "Hi {{first_name}}, your refund is on its way.";
    /// assert!(coach.review_draft(text).is_clean());
    /// let sent = ReviewOptions { templates: Templates::Sent, ..ReviewOptions::default() };
    /// let review = coach.review_with(Role::Agent, text, &sent);
    /// assert_eq!(review.findings[0].rule, "unfilled-placeholder");
    /// assert_eq!(review.findings[0].text, "{{first_name}}");
    /// ```
    pub fn review_with(&self, role: Role, text: &str, options: &ReviewOptions) -> Review {
        self.engine.review(role, text, options)
    }

    /// Reviews one message in a language the caller already knows (only that language's packs
    /// and language-independent packs apply).
    pub fn review_in(&self, role: Role, text: &str, lang: Lang) -> Review {
        let options = ReviewOptions {
            lang: Some(lang),
            ..ReviewOptions::default()
        };
        self.engine.review(role, text, &options)
    }

    /// Reviews an agent's draft: shorthand for `review(Role::Agent, text)`.
    pub fn review_draft(&self, text: &str) -> Review {
        self.review(Role::Agent, text)
    }

    /// Detects the language of `text` with the evidence of this coach's packs.
    ///
    /// ```
    /// use tactful::{Coach, Lang};
    ///
    /// let coach = Coach::default();
    /// assert_eq!(coach.detect("Здравствуйте, мой заказ не пришёл").primary, Some(Lang::Ru));
    /// assert_eq!(coach.detect("Hello, I need help with my order").primary, Some(Lang::En));
    /// ```
    pub fn detect(&self, text: &str) -> Detection {
        let d = &self.engine.detector;
        d.describe(d.detect(text))
    }

    /// The languages this coach reviews, in the order their packs were loaded.
    pub fn languages(&self) -> Vec<Lang> {
        self.engine.detector.languages().to_vec()
    }

    /// The language a code or alias names (`"EN"`, `"english"`, `"bm"` …), if this coach has it.
    pub fn language(&self, name: &str) -> Option<Lang> {
        let key = name.trim().to_lowercase();
        if let Ok(l) = Lang::new(&key) {
            if self.engine.detector.slot(l).is_some() {
                return Some(l);
            }
        }
        self.engine
            .aliases
            .iter()
            .find(|(a, _)| *a == key)
            .map(|(_, l)| *l)
    }

    /// The role labels of plain-text transcripts in every language of this coach.
    pub fn role_labels(&self) -> &RoleLabels {
        &self.engine.labels
    }

    /// The escalation policy this coach applies.
    pub fn policy(&self) -> &EscalationPolicy {
        &self.engine.policy
    }

    /// What building this coach noticed that can never take effect (a pack for a language that
    /// is not enabled, a suggestion that is never applied …). Empty for the default coach.
    pub fn warnings(&self) -> &[Warning] {
        &self.engine.warnings
    }

    /// What each pack of this coach holds, rule by rule.
    pub fn pack_summaries(&self) -> &[PackSummary] {
        &self.engine.summaries
    }

    /// Every rule this coach knows, enabled or not.
    pub fn rules(&self) -> Vec<RuleInfo> {
        let e = &self.engine;
        e.book
            .iter()
            .map(|(i, r)| RuleInfo {
                id: r.id.to_string(),
                role: r.role,
                category: match r.kind {
                    RuleKind::Finding(c) => Some(c),
                    _ => None,
                },
                signal: match r.kind {
                    RuleKind::Signal(s) => Some(s),
                    _ => None,
                },
                check: match r.kind {
                    RuleKind::Check(c) => Some(c),
                    _ => None,
                },
                severity: r.severity,
                enabled: e.enabled(i),
                why: r.why.to_string(),
                languages: e
                    .kept_packs()
                    .map(|(_, p)| p)
                    .filter(|p| p.texts.contains_key(&i) || p.checks.contains_key(&i))
                    .filter_map(|p| p.lang)
                    .fold(Vec::new(), |mut v, l| {
                        if !v.contains(&l) {
                            v.push(l);
                        }
                        v
                    }),
            })
            .collect()
    }

    /// The phrases (expanded, as written) a rule has in `lang`'s packs, for tooling and for
    /// benchmarks that compare against a plain automaton over the same words. Empty for an
    /// unknown or disabled rule.
    pub fn phrases(&self, rule: &str, lang: Lang) -> Vec<String> {
        let e = &self.engine;
        let Some(ri) = e.book.find(rule).filter(|&i| e.enabled(i)) else {
            return Vec::new();
        };
        let mut out: Vec<String> = e
            .entries
            .iter()
            .flatten()
            .filter(|x| x.kind == crate::engine::EntryKind::Rule(ri) && !e.is_left_out(x.pack))
            .filter(|x| {
                e.packs
                    .get(usize::from(x.pack))
                    .is_some_and(|p| p.lang == Some(lang))
            })
            .map(|x| e.phrase(&x).to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Approximate heap memory held by the compiled automata and phrase entries, in bytes. A
    /// coach read from the tables built into the binary borrows its entries from them, which
    /// hold no heap.
    pub fn memory_usage(&self) -> usize {
        let e = &self.engine;
        e.agent.phrases.memory_usage()
            + e.customer.phrases.memory_usage()
            + e.context.memory_usage()
            + e.markers.memory_usage()
            + e.entries.heap_bytes()
            + e.phrase_text.heap_bytes()
    }

    /// The agent's voice in `messages` (earlier agent turns, oldest first): for each register
    /// dimension of the packs, the variant the agent used last. Pass it in
    /// [`ReviewOptions::register`] so a draft's suggestions keep that voice.
    ///
    /// ```
    /// use tactful::{Coach, ReviewOptions, Role};
    ///
    /// let coach = Coach::default();
    /// let register = coach.register(["สวัสดีค่ะ ยินดีให้บริการค่ะ"]);
    /// let options = ReviewOptions { register, ..ReviewOptions::default() };
    /// let review = coach.review_with(Role::Agent, "ไม่ทราบค่ะ", &options);
    /// let s = &review.findings[0].suggestion.as_ref().expect("suggestion").replacement;
    /// assert!(s.ends_with("ค่ะ") && !s.contains("ครับ"), "{s}");
    /// ```
    pub fn register<'a>(&self, messages: impl IntoIterator<Item = &'a str>) -> Register {
        let mut r = Register::new();
        for m in messages {
            r.update(&self.engine.turn_marks(m, None).1);
        }
        r
    }

    /// One turn reviewed, with its markers and register cues (for conversation-level checks),
    /// in one walk of its text.
    pub(crate) fn review_marked(
        &self,
        role: Role,
        text: &str,
        options: &ReviewOptions,
    ) -> (Review, Markers, Register) {
        self.engine.review_marked(role, text, options)
    }

    /// A template filled in `register` by the pack of `lang` (conversation-check suggestions).
    pub(crate) fn fill(&self, template: &str, lang: Option<Lang>, register: &Register) -> String {
        let e = &self.engine;
        let pack = e.pack_for(lang).unwrap_or(0);
        e.fill(template, pack, register).0
    }

    /// The enabled rule that carries a conversation check.
    pub(crate) fn check_rule(&self, check: Check) -> Option<(RuleIdx, CheckRule)> {
        let e = &self.engine;
        e.book
            .iter()
            .find(|(i, r)| r.kind == RuleKind::Check(check) && e.enabled(*i))
            .map(|(i, r)| {
                (
                    i,
                    CheckRule {
                        id: r.id.clone(),
                        severity: r.severity,
                        why: r.why.clone(),
                    },
                )
            })
    }

    /// A conversation check's message and suggestion in `lang`.
    pub(crate) fn check_texts(
        &self,
        rule: RuleIdx,
        lang: Option<Lang>,
    ) -> Option<(Arc<str>, Option<String>)> {
        self.engine
            .check_texts(rule, lang)
            .map(|t| (t.message.clone(), t.suggestion.clone()))
    }

    /// Whether a finding addresses the customer with a word the pack lets an agent mirror, and
    /// the customer used it first (`customer`: their words so far, lower case).
    pub(crate) fn mirrored(&self, f: &crate::finding::Finding, customer: &str) -> bool {
        let e = &self.engine;
        let word = f.text.trim().to_lowercase();
        let allowed = e
            .packs
            .iter()
            .filter(|p| p.lang == f.lang)
            .any(|p| p.mirror.contains(&word));
        allowed
            && customer.match_indices(word.as_str()).any(|(i, _)| {
                let before = customer[..i].chars().next_back();
                let after = customer[i + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
    }

    /// The marker that excuses a finding of rule `id` when an earlier agent turn had it.
    pub(crate) fn excused_by(&self, id: &str) -> Option<Marker> {
        let e = &self.engine;
        e.book.find(id).and_then(|i| e.book.get(i).excused_by)
    }
}

impl CoachBuilder {
    /// Parses, validates and compiles everything.
    pub fn build(self) -> Result<Coach, Error> {
        Ok(Coach {
            engine: Arc::new(self.compile()?),
        })
    }
}
