//! [`CoachBuilder`]: loading the rule book and the packs, deciding which languages and rules
//! apply, and handing the result to the engine to compile.

use crate::detect::MAX_LANGUAGES;
use crate::engine::{precompiled, BuildSpec, Engine};
use crate::error::{closest, Error, Origin, Warning};
use crate::escalation::EscalationPolicy;
use crate::finding::{Applicability, Severity};
use crate::lang::Lang;
use crate::pack::{load_pack, LanguageDef, Pack};
use crate::rules::RuleBook;

/// Configures and builds a [`Coach`](crate::Coach).
///
/// # Quick advice
/// Start from `Coach::builder()`; every option has a sensible default (all built-in languages,
/// every rule enabled at its documented severity, the guidance's escalation policy). Add a
/// company's own phrases with [`CoachBuilder::add_pack`] rather than forking the built-in packs,
/// and a whole language the same way (a pack with a `[language]` section, see
/// [`crate::pack_format`]).
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
    languages: Option<(Vec<Lang>, Origin)>,
    builtin: bool,
    /// Name, text, and where a configuration wrote it (packs it generates).
    packs: Vec<(String, String, Option<Origin>)>,
    disabled: Vec<(String, Origin)>,
    severities: Vec<(String, Severity, Origin)>,
    policy: EscalationPolicy,
    templates: Vec<(String, String)>,
    precompiled: bool,
    /// Also build each language's automata alone (`build.rs`, for the built-in tables).
    by_language: bool,
    /// `None`: scoring goes with the built-in packs.
    scoring: Option<bool>,
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
            templates: vec![("{{".into(), "}}".into()), ("{%".into(), "%}".into())],
            precompiled: true,
            by_language: false,
            scoring: None,
        }
    }
}

/// An error in a pack a configuration generated, reported at the configuration's line.
fn relocate(e: Error, name: &str, origin: &Origin) -> Error {
    match (e, origin) {
        (
            Error::UnknownRule {
                id, did_you_mean, ..
            },
            _,
        ) => Error::UnknownRule {
            id,
            origin: origin.clone(),
            did_you_mean,
        },
        (
            Error::UnknownLanguage {
                lang, did_you_mean, ..
            },
            _,
        ) => Error::UnknownLanguage {
            lang,
            origin: origin.clone(),
            did_you_mean,
        },
        (e, Origin::Config { path, line }) => Error::Config {
            path: path.clone(),
            line: *line,
            column: 1,
            message: match e {
                Error::Phrase { phrase, reason, .. } => {
                    format!("{name}: phrase `{phrase}`: {reason}")
                }
                other => format!("{name}: {other}"),
            },
        },
        (e, _) => e,
    }
}

fn builder_call(call: &str) -> Origin {
    Origin::Builder {
        call: call.to_string(),
    }
}

impl CoachBuilder {
    /// Only these languages' packs are compiled (packs with `lang = "any"` always are).
    /// Default: every language the packs define (the five built-in ones, plus any a user pack
    /// adds).
    pub fn languages(mut self, langs: impl IntoIterator<Item = Lang>) -> Self {
        self.languages = Some((langs.into_iter().collect(), builder_call("languages")));
        self
    }

    /// Whether the built-in packs may be read from the tables compiled with the crate (the
    /// default), rather than compiled from their text at start-up. The results are the same;
    /// reading the tables takes milliseconds, compiling takes about a second. The tables are
    /// used for the built-in packs; a choice of built-in languages, rules turned off,
    /// severities, the escalation policy and template syntaxes are applied to them (what a
    /// language left out or a rule turned off raises is dropped at review, and detection is that
    /// of the chosen languages). A pack added, a language named by an alias, or tables that fail
    /// their checks, and the packs are compiled.
    pub fn precompiled(mut self, yes: bool) -> Self {
        self.precompiled = yes;
        self
    }

    /// Also builds each language's automata alone, for the tables `build.rs` writes (a coach
    /// for one built-in language reads only its own).
    #[allow(dead_code)]
    pub(crate) fn by_language(mut self) -> Self {
        self.by_language = true;
        self
    }

    /// Whether customer sentences are also scored by the built-in learned models. Default: when
    /// the built-in packs are included. Per built-in language, a model trained on that
    /// language's rule fixtures scores each sentence of a customer message for a physical
    /// threat, an insult, a threat to leave and a legal threat; a sentence it is sure of raises
    /// that rule's signal where no phrase of the rule did, through the rule's usual context. Turn
    /// it off to raise only what the packs list; turn it on to score messages of a built-in
    /// language for a coach of your own packs.
    ///
    /// ```
    /// use tactful::{Coach, Role};
    ///
    /// let listed_only = Coach::builder().scoring(false).build().expect("coach");
    /// let review = listed_only.review(Role::Customer, "Thanks, that fixed it!");
    /// assert!(review.signals.is_empty());
    /// ```
    pub fn scoring(mut self, yes: bool) -> Self {
        self.scoring = Some(yes);
        self
    }

    /// Whether the built-in packs are included. Default: `true`.
    pub fn builtin_packs(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Adds a pack in the TOML pack format ([`crate::pack_format`]); `name` appears in errors.
    pub fn add_pack(mut self, name: impl Into<String>, toml: impl Into<String>) -> Self {
        self.packs.push((name.into(), toml.into(), None));
        self
    }

    /// A pack a configuration generated from its own settings: its errors are reported at
    /// `origin`, the setting's line.
    pub(crate) fn add_configured_pack(
        mut self,
        name: String,
        toml: String,
        origin: Origin,
    ) -> Self {
        self.packs.push((name, toml, Some(origin)));
        self
    }

    /// Turns a rule off. An unknown id is an error at [`CoachBuilder::build`] that names this
    /// call.
    pub fn disable_rule(mut self, id: impl Into<String>) -> Self {
        self.disabled
            .push((id.into(), builder_call("disable_rule")));
        self
    }

    /// Changes a rule's severity. An unknown id is an error at [`CoachBuilder::build`] that
    /// names this call.
    pub fn severity(mut self, id: impl Into<String>, severity: Severity) -> Self {
        self.severities
            .push((id.into(), severity, builder_call("severity")));
        self
    }

    /// Replaces the escalation policy. Default: [`EscalationPolicy::default`].
    pub fn escalation_policy(mut self, policy: EscalationPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The template-variable syntaxes, as `(open, close)` delimiters. In a message that was
    /// sent (a transcript), a variable left unrendered is an `unfilled-placeholder`. Default:
    /// `{{ }}` and `{% %}`. Pairs with an empty delimiter are ignored.
    pub fn template_syntaxes<O: Into<String>, C: Into<String>>(
        mut self,
        syntaxes: impl IntoIterator<Item = (O, C)>,
    ) -> Self {
        self.templates = syntaxes
            .into_iter()
            .map(|(o, c)| (o.into(), c.into()))
            .filter(|(o, c)| !o.is_empty() && !c.is_empty())
            .collect();
        self
    }

    /// [`CoachBuilder::languages`], [`CoachBuilder::disable_rule`] and
    /// [`CoachBuilder::severity`] as a configuration file wrote them, so errors name its line.
    pub(crate) fn configured(
        mut self,
        languages: Option<(Vec<Lang>, Origin)>,
        disabled: Vec<(String, Origin)>,
        severities: Vec<(String, Severity, Origin)>,
    ) -> Self {
        if languages.is_some() {
            self.languages = languages;
        }
        self.disabled.extend(disabled);
        self.severities.extend(severities);
        self
    }

    /// Parses, validates and compiles everything (`CoachBuilder::build` wraps the result).
    pub(crate) fn compile(self) -> Result<Engine<'static>, Error> {
        let scoring = self.scoring.unwrap_or(self.builtin);
        let mut engine = self.compile_packs()?;
        if scoring {
            let scorers = crate::score::Scorers::read(crate::SCORERS).unwrap_or_default();
            engine.scorers = scorers.for_rules(|id| engine.book.find(id));
        }
        Ok(engine)
    }

    fn compile_packs(self) -> Result<Engine<'static>, Error> {
        // Languages named by built-in codes are applied to the tables; an alias needs every
        // pack's `[language]` read, and is compiled.
        let keep: Option<Vec<Lang>> = match &self.languages {
            None => Some(Vec::new()),
            Some((set, _)) => {
                let builtin = |l: &Lang| crate::builtin_packs().iter().any(|(n, _)| *n == l.code());
                (!set.is_empty() && set.iter().all(builtin)).then(|| set.clone())
            }
        };
        let tables_apply = self.precompiled && self.builtin && self.packs.is_empty();
        if let (true, Some(keep)) = (tables_apply, keep) {
            if let Ok(mut engine) = precompiled::read_builtin(&keep) {
                if !self.disabled.is_empty() {
                    let mut disabled = vec![false; engine.book.len()];
                    for (id, origin) in &self.disabled {
                        let i = engine.book.resolve(id, || origin.clone())?;
                        disabled[usize::from(i)] = true;
                    }
                    engine.turn_off(disabled);
                }
                for (id, severity, origin) in &self.severities {
                    let i = engine.book.resolve(id, || origin.clone())?;
                    engine.book.set_severity(i, *severity);
                }
                engine.policy = self.policy;
                engine.templates = self.templates;
                return Ok(engine);
            }
        }
        let mut book = RuleBook::builtin()?;
        let mut loaded: Vec<(Pack, bool)> = Vec::new();
        // A built-in pack is named after its language: when every language asked for is a
        // built-in code, the unwanted packs are skipped unparsed; an alias or a user language
        // needs every pack's `[language]` to be resolved.
        let by_name = match &self.languages {
            Some((set, _)) => set
                .iter()
                .all(|l| crate::builtin_packs().iter().any(|(n, _)| *n == l.code())),
            None => false,
        };
        if self.builtin {
            for (name, text) in crate::builtin_packs() {
                let wanted = match (&self.languages, Lang::new(name)) {
                    (Some((set, _)), Ok(l)) if by_name => set.contains(&l),
                    _ => true,
                };
                if wanted {
                    loaded.push((load_pack(name, text, &mut book)?, true));
                }
            }
        }
        for (name, text, origin) in &self.packs {
            let pack = load_pack(name, text, &mut book).map_err(|e| match origin {
                Some(o) => relocate(e, name, o),
                None => e,
            })?;
            loaded.push((pack, false));
        }
        // Languages: each defined once, by a `[language]` section.
        let mut defined: Vec<LanguageDef> = Vec::new();
        for (p, _) in &loaded {
            if let Some(def) = &p.language {
                if let Some(first) = defined.iter().find(|d| d.lang == def.lang) {
                    return Err(Error::Pack {
                        pack: p.name.clone(),
                        line: p.lang_line,
                        column: 1,
                        message: format!(
                            "language `{}` is already defined by pack `{}`",
                            def.lang, first.pack
                        ),
                    });
                }
                defined.push(def.clone());
            }
        }
        let enabled: Vec<Lang> = match &self.languages {
            Some((set, origin)) => {
                let mut enabled = Vec::new();
                for l in set {
                    let def = defined
                        .iter()
                        .find(|d| d.lang == *l || d.aliases.iter().any(|a| a == l.code()));
                    match def {
                        Some(d) => enabled.push(d.lang),
                        None => {
                            return Err(Error::UnknownLanguage {
                                lang: l.to_string(),
                                origin: origin.clone(),
                                did_you_mean: closest(
                                    l.code(),
                                    defined.iter().map(|d| d.lang.code()),
                                ),
                            })
                        }
                    }
                }
                enabled
            }
            None => defined.iter().map(|d| d.lang).collect(),
        };
        let mut warnings = Vec::new();
        let mut packs = Vec::new();
        let mut user_pack = Vec::new();
        // A built-in language left out by `languages` is still a language.
        let known = |l: Lang| {
            defined.iter().any(|d| d.lang == l)
                || crate::builtin_packs().iter().any(|(n, _)| *n == l.code())
        };
        for (p, builtin) in loaded {
            if let Some(l) = p.lang {
                if known(l) && !enabled.contains(&l) {
                    warnings.push(Warning::PackIgnored {
                        pack: p.name.clone(),
                        lang: l.to_string(),
                    });
                    continue;
                }
                if !defined.iter().any(|d| d.lang == l) {
                    return Err(Error::UnknownLanguage {
                        lang: l.to_string(),
                        origin: Origin::Pack {
                            pack: p.name.clone(),
                            line: p.lang_line,
                        },
                        did_you_mean: closest(l.code(), defined.iter().map(|d| d.lang.code())),
                    });
                }
            }
            user_pack.push(!builtin);
            packs.push(p);
        }
        let languages: Vec<LanguageDef> = defined
            .into_iter()
            .filter(|d| enabled.contains(&d.lang))
            .collect();
        if languages.len() > MAX_LANGUAGES {
            return Err(Error::TooLarge {
                what: "the set of languages".into(),
                reason: format!(
                    "{} languages; one coach holds at most {MAX_LANGUAGES}",
                    languages.len()
                ),
            });
        }
        // What the configuration turns off or changes.
        let mut disabled = vec![false; book.len()];
        for (id, origin) in &self.disabled {
            let i = book.resolve(id, || origin.clone())?;
            disabled[usize::from(i)] = true;
        }
        for (id, severity, origin) in &self.severities {
            let i = book.resolve(id, || origin.clone())?;
            book.set_severity(i, *severity);
        }
        for (p, user) in packs.iter().zip(&user_pack) {
            if !*user {
                continue;
            }
            for w in &p.rules {
                let rule = book.get(w.rule);
                if disabled[usize::from(w.rule)] && !w.phrases.is_empty() {
                    warnings.push(Warning::RuleDisabled {
                        pack: p.name.clone(),
                        rule: rule.id.to_string(),
                    });
                }
                for ph in w.phrases.iter().filter(|ph| ph.suggestion.is_some()) {
                    // A pack that writes `fix = "unsafe"` has decided; only the rule's default
                    // deserves the reminder.
                    if ph.fix.or(w.fix).is_none() && rule.fix == Applicability::Unsafe {
                        warnings.push(Warning::SuggestionNeverApplied {
                            pack: p.name.clone(),
                            line: ph.line,
                            rule: rule.id.to_string(),
                        });
                    }
                }
            }
        }
        warnings.dedup();
        let summaries = packs
            .iter()
            .map(|p| crate::pack::summarize(p, &book))
            .collect();
        Engine::build(BuildSpec {
            book,
            disabled,
            packs,
            languages,
            policy: self.policy,
            summaries,
            warnings,
            templates: self.templates,
            by_language: self.by_language,
        })
    }
}
