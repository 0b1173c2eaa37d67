//! [`Coach`]: the compiled rule packs, shared cheaply across threads.

use once_cell::sync::Lazy;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::detect::Detection;
use crate::engine::{BuildSpec, Engine};
use crate::error::Error;
use crate::escalation::EscalationPolicy;
use crate::finding::Review;
use crate::lang::{Lang, LangSet};
use crate::pack::{load_defs, load_pack, Pack, RuleDef, BUILTIN_DEFS, BUILTIN_PACKS};
use crate::types::{Role, Severity};

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
#[derive(Debug, Clone)]
pub struct Coach {
    engine: Arc<Engine>,
}

static DEFAULT: Lazy<Result<Coach, Error>> = Lazy::new(|| CoachBuilder::default().build());

pub(crate) fn default_engine() -> Option<&'static Engine> {
    DEFAULT.as_ref().ok().map(|c| &*c.engine)
}

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

impl Coach {
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
        self.engine.review(role, text, None)
    }

    /// Reviews one message in a language the caller already knows (only that language's packs
    /// and language-independent packs apply).
    pub fn review_in(&self, role: Role, text: &str, lang: Lang) -> Review {
        self.engine.review(role, text, Some(lang))
    }

    /// Reviews an agent's draft: shorthand for `review(Role::Agent, text)`.
    pub fn review_draft(&self, text: &str) -> Review {
        self.review(Role::Agent, text)
    }

    /// Detects the language of `text` with the evidence of this coach's packs.
    pub fn detect(&self, text: &str) -> Detection {
        self.engine.detector.detect(text)
    }

    /// The escalation policy this coach applies.
    pub fn policy(&self) -> &EscalationPolicy {
        &self.engine.policy
    }

    /// Every rule this coach knows, enabled or not.
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.engine
            .rules
            .iter()
            .map(|r| RuleInfo {
                id: r.def.id.to_string(),
                role: r.def.role,
                category: match r.def.kind {
                    crate::pack::RuleKind::Finding(c, _) => Some(c),
                    crate::pack::RuleKind::Signal(_) => None,
                },
                signal: match r.def.kind {
                    crate::pack::RuleKind::Signal(s) => Some(s),
                    crate::pack::RuleKind::Finding(..) => None,
                },
                severity: r.severity,
                why: r.def.why.to_string(),
                languages: r
                    .texts
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.is_some())
                    .filter_map(|(i, _)| self.engine.packs[i].lang)
                    .collect::<LangSet>()
                    .iter()
                    .collect(),
            })
            .collect()
    }

    /// Approximate heap memory held by the compiled automata, in bytes.
    pub fn memory_usage(&self) -> usize {
        let e = &self.engine;
        e.agent.phrases.memory_usage()
            + e.customer.phrases.memory_usage()
            + e.context.memory_usage()
            + e.markers.memory_usage()
            + e.entries.len() * std::mem::size_of::<crate::engine::Entry>()
            + e.entries.iter().map(|x| x.phrase.len() + 16).sum::<usize>()
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// A rule as this coach knows it (for documentation and tooling).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleInfo {
    /// Stable kebab-case id.
    pub id: String,
    /// Whose messages it reads.
    pub role: Role,
    /// The category of its findings (agent rules).
    pub category: Option<crate::types::Category>,
    /// The kind of its signals (customer rules).
    pub signal: Option<crate::types::SignalKind>,
    /// Severity after configuration.
    pub severity: Severity,
    /// Why the guidance discourages it.
    pub why: String,
    /// Languages with phrases or texts for it.
    pub languages: Vec<Lang>,
}

/// Configures and builds a [`Coach`].
///
/// # Quick advice
/// Start from `Coach::builder()`; every option has a sensible default (all built-in languages,
/// every rule enabled at its documented severity, the guidance's escalation policy). Add a
/// company's own phrases with [`CoachBuilder::add_pack`] rather than forking the built-in packs.
///
/// ```
/// use tactful::{Coach, Lang, Severity};
///
/// let coach = Coach::builder()
///     .languages([Lang::En])
///     .disable_rule("jargon")
///     .severity("as-i-said", Severity::Warning)
///     .add_pack("acme", r#"
///         [pack]
///         lang = "en"
///         [rules.acme-competitor]
///         category = "discouraged-phrase"
///         role = "agent"
///         why = "Never recommend a competitor."
///         message = "Don't send customers to a competitor."
///         phrases = ["try (globex|initech)"]
///     "#)
///     .build()?;
/// let review = coach.review_draft("Maybe try Globex instead.");
/// assert_eq!(review.findings[0].rule, "acme-competitor");
/// # Ok::<(), tactful::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CoachBuilder {
    languages: Option<LangSet>,
    builtin: bool,
    packs: Vec<(String, String)>,
    disabled: Vec<String>,
    severities: Vec<(String, Severity)>,
    policy: EscalationPolicy,
}

impl Default for CoachBuilder {
    fn default() -> Self {
        CoachBuilder {
            languages: None,
            builtin: true,
            packs: Vec::new(),
            disabled: Vec::new(),
            severities: Vec::new(),
            policy: EscalationPolicy::default(),
        }
    }
}

impl CoachBuilder {
    /// Only these languages' packs are compiled (packs with `lang = "any"` always are).
    /// Default: all five.
    pub fn languages(mut self, langs: impl IntoIterator<Item = Lang>) -> Self {
        self.languages = Some(langs.into_iter().collect());
        self
    }

    /// Whether the built-in packs are included. Default: `true`.
    pub fn builtin_packs(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Adds a pack in the TOML pack format; `name` appears in error messages.
    pub fn add_pack(mut self, name: impl Into<String>, toml: impl Into<String>) -> Self {
        self.packs.push((name.into(), toml.into()));
        self
    }

    /// Turns a rule off. An unknown id is an error at [`CoachBuilder::build`].
    pub fn disable_rule(mut self, id: impl Into<String>) -> Self {
        self.disabled.push(id.into());
        self
    }

    /// Changes a rule's severity. An unknown id is an error at [`CoachBuilder::build`].
    pub fn severity(mut self, id: impl Into<String>, severity: Severity) -> Self {
        self.severities.push((id.into(), severity));
        self
    }

    /// Replaces the escalation policy. Default: [`EscalationPolicy::default`].
    pub fn escalation_policy(mut self, policy: EscalationPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Parses, validates and compiles everything.
    pub fn build(self) -> Result<Coach, Error> {
        let mut defs: BTreeMap<String, RuleDef> = load_defs(BUILTIN_DEFS)?;
        let mut packs: Vec<Pack> = Vec::new();
        let wanted = |p: &Pack| match (p.lang, self.languages) {
            (None, _) | (_, None) => true,
            (Some(l), Some(set)) => set.contains(l),
        };
        let builtin: Vec<(String, String)> = if self.builtin {
            BUILTIN_PACKS
                .iter()
                // A built-in pack is named after its language: skip the unwanted ones unparsed.
                .filter(|(n, _)| match (self.languages, n.parse::<Lang>()) {
                    (Some(set), Ok(l)) => set.contains(l),
                    _ => true,
                })
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect()
        } else {
            Vec::new()
        };
        let sources = builtin.into_iter().chain(self.packs.iter().cloned());
        for (name, text) in sources {
            let pack = load_pack(&name, &text, &defs)?;
            for d in &pack.new_defs {
                defs.entry(d.id.to_string()).or_insert_with(|| d.clone());
            }
            if wanted(&pack) {
                packs.push(pack);
            }
        }
        let builtin_defs = load_defs(BUILTIN_DEFS)?;
        let engine = Engine::build(BuildSpec {
            defs: &builtin_defs,
            packs: &packs,
            disabled: &self.disabled,
            severities: &self.severities,
            policy: self.policy,
        })?;
        Ok(Coach {
            engine: Arc::new(engine),
        })
    }
}
