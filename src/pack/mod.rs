//! Rule packs: parsing and validating the TOML data files (format: `src/packs/README.md`).
//!
//! Loading turns a pack's text into plain validated data ([`Pack`]); compiling the data of all
//! enabled packs into automata is the job of [`crate::engine`].

pub(crate) mod expand;
pub(crate) mod raw;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use toml::Spanned;

use crate::error::Error;
use crate::finding::RuleId;
use crate::lang::Lang;
use crate::normalize::units::Diacritics;
use crate::types::{Applicability, Category, Role, Severity, SignalKind};
use raw::{RawDefs, RawPack, RawPhrase, RawRule, UnlessScope};

/// The built-in packs, embedded at compile time: `(name, text)`.
pub(crate) const BUILTIN_PACKS: [(&str, &str); 5] = [
    ("en", include_str!("../packs/en.toml")),
    ("vi", include_str!("../packs/vi.toml")),
    ("th", include_str!("../packs/th.toml")),
    ("ru", include_str!("../packs/ru.toml")),
    ("ms", include_str!("../packs/ms.toml")),
];

/// The language-independent rule definitions.
pub(crate) const BUILTIN_DEFS: &str = include_str!("../packs/rules.toml");

/// Names of the `[markers]` lists conversation-level checks use.
pub const MARKERS: [&str; 6] = [
    "greeting",
    "thanks",
    "empathy",
    "upset",
    "satisfied",
    "permission",
];

/// Names of the conversation-level checks whose texts a pack localizes.
pub const CONVERSATION_CHECKS: [&str; 7] = [
    "missing-greeting",
    "missing-thanks",
    "missing-empathy",
    "ended-unhappy",
    "slow-reply",
    "hold-without-permission",
    "transfer-without-permission",
];

/// The built-in packs as `(name, TOML text)`, for tooling and tests.
pub fn builtin_packs() -> &'static [(&'static str, &'static str)] {
    &BUILTIN_PACKS
}

/// The built-in rule definitions (`rules.toml`).
pub fn builtin_definitions() -> &'static str {
    BUILTIN_DEFS
}

/// What a pack holds, rule by rule: for tooling, documentation and pack tests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackSummary {
    /// The pack's name.
    pub name: String,
    /// Its language (`None` for `lang = "any"`).
    pub lang: Option<Lang>,
    /// Per rule id: what the pack gives it.
    pub rules: BTreeMap<String, RuleSummary>,
    /// Marker lists and how many phrases each expands to.
    pub markers: BTreeMap<String, usize>,
    /// Conversation checks with a localized message.
    pub conversation: Vec<String>,
    /// Stop words for language detection.
    pub stopwords: usize,
    /// Phrases of every kind after expansion (rules, exceptions, context, markers).
    pub total_phrases: usize,
}

/// What a pack gives one rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleSummary {
    /// Phrases after expansion (including shared lists).
    pub phrases: usize,
    /// Regular expressions.
    pub patterns: usize,
    /// Exception phrases after expansion.
    pub unless: usize,
    /// Whether a message is given.
    pub message: bool,
    /// Whether a suggestion is given (rule level).
    pub suggestion: bool,
    /// Whether an action is given (signals).
    pub action: bool,
}

/// Every phrase of a pack after expansion, as `(rule or list, phrase)`: for tooling and for
/// benchmarks that compare against a plain automaton over the same phrases. Heads are dropped
/// (only the matched body is listed).
pub fn expanded_phrases(name: &str, toml: &str) -> Result<Vec<(String, String)>, Error> {
    let defs = load_defs(BUILTIN_DEFS)?;
    let p = load_pack(name, toml, &defs)?;
    Ok(p.rules
        .iter()
        .flat_map(|r| r.phrases.iter().map(|ph| (r.id.clone(), ph.text.clone())))
        .collect())
}

/// Parses and validates a pack against the built-in definitions and summarizes it.
pub fn summarize(name: &str, toml: &str) -> Result<PackSummary, Error> {
    let defs = load_defs(BUILTIN_DEFS)?;
    let p = load_pack(name, toml, &defs)?;
    let rules: BTreeMap<String, RuleSummary> = p
        .rules
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                RuleSummary {
                    phrases: r.phrases.len(),
                    patterns: r.patterns.len(),
                    unless: r.unless.len(),
                    message: r.message.is_some(),
                    suggestion: r.suggestion.is_some()
                        || r.phrases.iter().any(|ph| ph.suggestion.is_some()),
                    action: r.action.is_some(),
                },
            )
        })
        .collect();
    let markers: BTreeMap<String, usize> = p
        .markers
        .iter()
        .map(|(k, v)| (k.clone(), v.len()))
        .collect();
    let total_phrases = rules.values().map(|r| r.phrases + r.unless).sum::<usize>()
        + markers.values().sum::<usize>()
        + p.negations.len()
        + p.clause_breaks.len()
        + p.innocent.len();
    Ok(PackSummary {
        name: p.name,
        lang: p.lang,
        rules,
        markers,
        conversation: p.conversation.keys().cloned().collect(),
        stopwords: p.stopwords.len(),
        total_phrases,
    })
}

/// What a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleKind {
    Finding(Category, Severity),
    Signal(SignalKind),
}

/// A rule's language-independent definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleDef {
    pub id: RuleId,
    pub kind: RuleKind,
    pub role: Role,
    pub fix: Applicability,
    pub why: Arc<str>,
    pub action: Option<Arc<str>>,
    pub obfuscation: bool,
    pub negatable: bool,
    pub cross_language: bool,
    /// Checked over a whole conversation rather than matched in a message.
    pub conversation: bool,
}

/// One expanded phrase.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    pub text: String,
    /// Words that must come right before `text` (the `HEAD + BODY` form), one of them.
    pub head: Option<Arc<[Box<str>]>>,
    pub open_left: bool,
    pub open_right: bool,
    pub line: usize,
    pub suggestion: Option<String>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
}

/// A rule's words in one pack.
#[derive(Debug, Clone)]
pub(crate) struct PackRule {
    pub id: String,
    pub message: Option<Arc<str>>,
    pub suggestion: Option<String>,
    pub action: Option<Arc<str>>,
    pub fix: Option<Applicability>,
    pub diacritics: Option<Diacritics>,
    pub unless_scope: UnlessScope,
    pub phrases: Vec<Phrase>,
    pub patterns: Vec<(String, usize)>,
    pub unless: Vec<Phrase>,
}

/// A validated pack.
#[derive(Debug, Clone)]
pub(crate) struct Pack {
    pub name: String,
    pub lang: Option<Lang>,
    pub diacritics: Diacritics,
    pub negations: Vec<Phrase>,
    pub negation_window: usize,
    pub clause_breaks: Vec<Phrase>,
    pub clitics: Vec<String>,
    pub innocent: Vec<Phrase>,
    pub stopwords: Vec<String>,
    pub markers: BTreeMap<String, Vec<Phrase>>,
    pub conversation: BTreeMap<String, (Option<Arc<str>>, Option<String>)>,
    pub rules: Vec<PackRule>,
    pub new_defs: Vec<RuleDef>,
}

/// Converts a byte offset into 1-based line and column.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let lc = crate::span::line_col(src, offset);
    (lc.line, lc.column)
}

struct Ctx<'a> {
    name: &'a str,
    src: &'a str,
    /// Byte offset of every line start, for line numbers without rescanning the pack.
    lines: Vec<usize>,
}

fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl Ctx<'_> {
    fn line(&self, offset: usize) -> usize {
        self.lines.partition_point(|&s| s <= offset).max(1)
    }

    fn line_of<T>(&self, s: &Spanned<T>) -> usize {
        self.line(s.span().start)
    }

    fn err_at(&self, offset: usize, message: impl Into<String>) -> Error {
        let (line, column) = line_col(self.src, offset);
        Error::Pack {
            pack: self.name.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    fn phrases(
        &self,
        owner: &str,
        raw: &[Spanned<RawPhrase>],
        check_dups: bool,
    ) -> Result<Vec<Phrase>, Error> {
        let mut out = Vec::new();
        let mut written: HashMap<String, usize> = HashMap::new();
        for sp in raw {
            let line = self.line_of(sp);
            let rp = sp.get_ref();
            let written_norm = rp
                .phrase
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if check_dups {
                if let Some(first) = written.insert(written_norm, line) {
                    return Err(Error::Phrase {
                        pack: self.name.to_string(),
                        line,
                        rule: owner.to_string(),
                        phrase: rp.phrase.clone(),
                        reason: format!("duplicate phrase (first written on line {first})"),
                    });
                }
            }
            let perr = |reason: String| Error::Phrase {
                pack: self.name.to_string(),
                line,
                rule: owner.to_string(),
                phrase: rp.phrase.clone(),
                reason,
            };
            // `HEAD + BODY`: the body is matched, the head must come right before it. Heads keep
            // the automaton small where a cross product of subjects and verbs would blow it up.
            let (head_src, body_src) = match rp.phrase.split_once(" + ") {
                Some((h, b)) => (Some(h), b),
                None => (None, rp.phrase.as_str()),
            };
            let head: Option<Arc<[Box<str>]>> = match head_src {
                None => None,
                Some(h) => {
                    let heads = expand::expand(h).map_err(|e| perr(format!("head: {e}")))?;
                    if heads.iter().any(|x| x.contains('*') || x.contains(" + ")) {
                        return Err(perr(
                            "a head is plain words: no `*` and only one ` + `".into(),
                        ));
                    }
                    Some(heads.into_iter().map(String::into_boxed_str).collect())
                }
            };
            for text in expand::expand(body_src).map_err(perr)? {
                let (open_left, rest) = match text.strip_prefix('*') {
                    Some(r) => (true, r),
                    None => (false, text.as_str()),
                };
                let (open_right, core) = match rest.strip_suffix('*') {
                    Some(r) => (true, r),
                    None => (false, rest),
                };
                let core = core.trim();
                if open_left && head.is_some() {
                    return Err(perr(
                        "a phrase with a head cannot open its left edge".into(),
                    ));
                }
                if core.contains('*') {
                    return Err(perr(
                        "`*` may only open a phrase's first or last edge; list plain words (masked spellings are derived)".into(),
                    ));
                }
                if core.is_empty() {
                    return Err(perr("empty phrase".into()));
                }
                out.push(Phrase {
                    text: core.to_string(),
                    head: head.clone(),
                    open_left,
                    open_right,
                    line,
                    suggestion: rp.suggestion.clone(),
                    fix: rp.fix,
                    diacritics: rp.diacritics,
                });
            }
        }
        Ok(out)
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Parses the language-independent rule definitions.
pub(crate) fn load_defs(src: &str) -> Result<BTreeMap<String, RuleDef>, Error> {
    let raw: RawDefs = toml::from_str(src).map_err(|e| toml_error("rules", src, &e))?;
    let mut out = BTreeMap::new();
    for (id, d) in raw.rules {
        let mut def = def_from_parts(
            &id,
            d.category,
            d.signal,
            d.severity,
            d.role,
            d.fix,
            d.why,
            d.action,
            d.obfuscation,
            d.negatable,
            d.cross_language,
        )
        .map_err(|m| Error::Conflict(format!("rules.toml: rule `{id}`: {m}")))?;
        def.conversation = d.conversation;
        out.insert(id, def);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn def_from_parts(
    id: &str,
    category: Option<Category>,
    signal: Option<SignalKind>,
    severity: Option<Severity>,
    role: Role,
    fix: Option<Applicability>,
    why: String,
    action: Option<String>,
    obfuscation: bool,
    negatable: bool,
    cross_language: bool,
) -> Result<RuleDef, String> {
    if !is_kebab(id) {
        return Err("rule ids are kebab-case (`my-rule`)".into());
    }
    let kind = match (category, signal) {
        (Some(c), None) => RuleKind::Finding(c, severity.unwrap_or(Severity::Warning)),
        (None, Some(s)) => {
            if role != Role::Customer {
                return Err("signal rules read customer messages (`role = \"customer\"`)".into());
            }
            RuleKind::Signal(s)
        }
        (Some(_), Some(_)) => return Err("give either `category` or `signal`, not both".into()),
        (None, None) => {
            return Err(
                "a rule needs a `category` (agent findings) or a `signal` (customer signals)"
                    .into(),
            )
        }
    };
    Ok(RuleDef {
        id: RuleId::new(id),
        kind,
        role,
        fix: fix.unwrap_or(Applicability::Unsafe),
        why: Arc::from(why.as_str()),
        action: action.map(|a| Arc::from(a.as_str())),
        obfuscation,
        negatable,
        cross_language,
        conversation: false,
    })
}

pub(crate) fn toml_error(name: &str, src: &str, e: &toml::de::Error) -> Error {
    let (line, column) = e.span().map_or((1, 1), |s| line_col(src, s.start));
    Error::Pack {
        pack: name.to_string(),
        line,
        column,
        message: e.message().trim().to_string(),
    }
}

/// Parses and validates one pack. `defs` are the definitions known so far (built-in plus those
/// of packs loaded earlier).
pub(crate) fn load_pack(
    name: &str,
    src: &str,
    defs: &BTreeMap<String, RuleDef>,
) -> Result<Pack, Error> {
    let raw: RawPack = toml::from_str(src).map_err(|e| toml_error(name, src, &e))?;
    let ctx = Ctx {
        name,
        src,
        lines: line_starts(src),
    };
    let lang_s = raw.pack.lang.get_ref().trim().to_string();
    let lang = if lang_s.eq_ignore_ascii_case("any") {
        None
    } else {
        Some(
            lang_s
                .parse::<Lang>()
                .map_err(|e| ctx.err_at(raw.pack.lang.span().start, e.to_string()))?,
        )
    };
    let pack_name = raw.pack.name.clone().unwrap_or_else(|| name.to_string());
    let ctx = Ctx {
        name: &pack_name,
        src,
        lines: ctx.lines,
    };

    let mut lists: HashMap<String, Vec<Phrase>> = HashMap::new();
    for (k, v) in &raw.lists {
        lists.insert(k.get_ref().clone(), ctx.phrases(k.get_ref(), v, true)?);
    }

    let mut markers = BTreeMap::new();
    for (k, v) in &raw.markers {
        if !MARKERS.contains(&k.get_ref().as_str()) {
            return Err(ctx.err_at(
                k.span().start,
                format!(
                    "unknown marker list `{}` (expected one of: {})",
                    k.get_ref(),
                    MARKERS.join(", ")
                ),
            ));
        }
        markers.insert(k.get_ref().clone(), ctx.phrases(k.get_ref(), v, true)?);
    }
    let mut conversation = BTreeMap::new();
    for (k, v) in &raw.conversation {
        if !CONVERSATION_CHECKS.contains(&k.get_ref().as_str()) {
            return Err(ctx.err_at(
                k.span().start,
                format!(
                    "unknown conversation check `{}` (expected one of: {})",
                    k.get_ref(),
                    CONVERSATION_CHECKS.join(", ")
                ),
            ));
        }
        conversation.insert(
            k.get_ref().clone(),
            (v.message.as_deref().map(Arc::from), v.suggestion.clone()),
        );
    }

    let mut rules = Vec::new();
    let mut new_defs = Vec::new();
    let mut seen_phrases: HashMap<String, String> = HashMap::new();
    for (id_s, r) in raw.rules {
        let id = id_s.get_ref().clone();
        let at = id_s.span().start;
        let line = ctx.line(at);
        let has_def = r.category.is_some()
            || r.signal.is_some()
            || r.role.is_some()
            || r.severity.is_some()
            || r.why.is_some()
            || r.obfuscation.is_some()
            || r.negatable.is_some()
            || r.cross_language.is_some();
        if defs.contains_key(&id) {
            if has_def {
                return Err(ctx.err_at(at, format!("rule `{id}` is already defined; its definition cannot be changed in a pack (override its severity or disable it in the configuration)")));
            }
        } else if has_def {
            let role = r.role.ok_or_else(|| {
                ctx.err_at(
                    at,
                    format!("new rule `{id}` needs `role` (agent or customer)"),
                )
            })?;
            let why = r.why.clone().ok_or_else(|| {
                ctx.err_at(
                    at,
                    format!("new rule `{id}` needs `why`: the reason the wording is discouraged"),
                )
            })?;
            let def = def_from_parts(
                &id,
                r.category,
                r.signal,
                r.severity,
                role,
                r.fix,
                why,
                r.action.clone(),
                r.obfuscation.unwrap_or(false),
                r.negatable.unwrap_or(false),
                r.cross_language.unwrap_or(false),
            )
            .map_err(|m| ctx.err_at(at, format!("rule `{id}`: {m}")))?;
            new_defs.push(def);
        } else {
            return Err(Error::UnknownRule {
                id: id.clone(),
                context: format!("rule pack `{pack_name}`, line {line}; a new rule needs `role`, `why` and a `category` or `signal`"),
            });
        }
        let RawRule {
            message,
            suggestion,
            action,
            fix,
            diacritics,
            unless_scope,
            phrases,
            patterns,
            unless,
            use_lists,
            ..
        } = r;
        let mut ph = ctx.phrases(&id, &phrases, true)?;
        for u in &use_lists {
            let list = lists.get(u.get_ref()).ok_or_else(|| {
                ctx.err_at(
                    u.span().start,
                    format!("rule `{id}` uses unknown list `{}`", u.get_ref()),
                )
            })?;
            ph.extend(list.iter().cloned());
        }
        // The same words in two rules would report twice; the lists shared through `use` are the
        // one sanctioned overlap.
        for p in phrases.iter() {
            let norm = p
                .get_ref()
                .phrase
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let Some(other) = seen_phrases.insert(norm, id.clone()) {
                if other != id {
                    return Err(Error::Phrase {
                        pack: pack_name.clone(),
                        line: ctx.line_of(p),
                        rule: id.clone(),
                        phrase: p.get_ref().phrase.clone(),
                        reason: format!("also listed under rule `{other}`"),
                    });
                }
            }
        }
        let mut pats = Vec::new();
        let mut seen_pat = HashSet::new();
        for p in &patterns {
            if !seen_pat.insert(p.get_ref().clone()) {
                return Err(ctx.err_at(p.span().start, format!("rule `{id}`: duplicate pattern")));
            }
            pats.push((p.get_ref().clone(), ctx.line_of(p)));
        }
        rules.push(PackRule {
            id: id.clone(),
            message: message.as_deref().map(Arc::from),
            suggestion,
            action: action.as_deref().map(Arc::from),
            fix,
            diacritics,
            unless_scope: unless_scope.unwrap_or_default(),
            phrases: ph,
            patterns: pats,
            unless: ctx.phrases(&id, &unless, true)?,
        });
    }

    Ok(Pack {
        name: pack_name.clone(),
        lang,
        diacritics: raw.pack.diacritics.unwrap_or_default(),
        negations: ctx.phrases("negations", &raw.context.negations, true)?,
        negation_window: raw.context.negation_window.unwrap_or(3),
        clause_breaks: ctx.phrases("clause_breaks", &raw.context.clause_breaks, true)?,
        clitics: raw.context.clitics,
        innocent: ctx.phrases("innocent", &raw.context.innocent, true)?,
        stopwords: raw.detect.stopwords,
        markers,
        conversation,
        rules,
        new_defs,
    })
}
