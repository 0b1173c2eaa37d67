//! The compiled engine: every enabled pack's phrases in one automaton per role, context phrases
//! in another, regular expressions per role, and the runtime rule table.
//!
//! Data flows one way: normalize → match → apply rule context → assemble findings → aggregate
//! escalation (see [`review`]).

mod matcher;
pub(crate) mod review;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::detect::Detector;
use crate::error::Error;
use crate::escalation::EscalationPolicy;
use crate::lang::Lang;
use crate::normalize::stream::{normalized, MATCH, STRICT};
use crate::normalize::units::{
    has_latin_diacritics, script_mix, units, Diacritics, ScriptMix, Unit,
};
use crate::pack::raw::UnlessScope;
use crate::pack::{Pack, Phrase, RuleDef, RuleKind};
use crate::types::{Applicability, Role, Severity};
pub(crate) use matcher::Matcher;

/// Longest normalized phrase, in bytes (the match ring buffer holds this many).
pub(crate) const MAX_PHRASE_BYTES: usize = 255;

/// What a matched phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Rule(u16),
    Unless(u16),
    Innocent,
    Negation,
    ClauseBreak,
    Marker(u8),
}

/// One phrase of one pack, ready for verification. The phrase is kept as written (expanded) and
/// normalized again only when a candidate needs verifying, which keeps a built coach small.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    pub pack: u16,
    pub phrase: Arc<str>,
    /// One of these must stand right before the phrase (`HEAD + BODY`).
    pub head: Option<Arc<Heads>>,
    pub script: ScriptMix,
    pub marked: bool,
    pub open_left: bool,
    pub open_right: bool,
    pub policy: Diacritics,
    pub obfuscation: bool,
    pub suggestion: Option<Arc<str>>,
    pub fix: Applicability,
}

/// The heads of a `HEAD + BODY` phrase, normalized once, longest first (the longest head that
/// stands before the body is the one reported).
#[derive(Debug, Clone)]
pub(crate) struct Heads {
    pub units: Vec<(Box<[Unit]>, bool)>,
    pub max_chars: usize,
    /// The last character of every head as the match view reads it: a cheap first test.
    pub last_chars: Vec<char>,
}

impl Heads {
    fn new(heads: &[Box<str>]) -> Heads {
        let mut units: Vec<(Box<[Unit]>, bool)> = heads
            .iter()
            .map(|h| {
                let u = units(h, STRICT);
                let marked = has_latin_diacritics(&u);
                (u.into_iter().collect::<Box<[Unit]>>(), marked)
            })
            .collect();
        units.sort_by_key(|(u, _)| {
            std::cmp::Reverse(u.iter().map(|x| usize::from(x.run)).sum::<usize>())
        });
        let max_chars = heads.iter().map(|h| h.chars().count()).max().unwrap_or(0);
        let mut last_chars: Vec<char> = heads
            .iter()
            .filter_map(|h| {
                normalized(h, MATCH)
                    .chars()
                    .rev()
                    .find(|c| !crate::normalize::chars::is_mark(*c))
            })
            .collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        Heads {
            units,
            max_chars,
            last_chars,
        }
    }
}

/// A rule's texts in one pack.
#[derive(Debug, Clone)]
pub(crate) struct RuleTexts {
    pub message: Arc<str>,
    pub suggestion: Option<Arc<str>>,
    pub action: Arc<str>,
    pub fix: Applicability,
    pub unless_scope: UnlessScope,
}

/// A rule at run time.
#[derive(Debug, Clone)]
pub(crate) struct RuleRt {
    pub def: RuleDef,
    pub severity: Severity,
    pub texts: Vec<Option<RuleTexts>>,
}

/// A pack at run time.
#[derive(Debug, Clone)]
pub(crate) struct PackRt {
    pub lang: Option<Lang>,
    pub negation_window: usize,
    pub clitics: Vec<String>,
    pub conversation: BTreeMap<String, (Option<Arc<str>>, Option<String>)>,
}

/// A regular-expression rule.
#[derive(Debug, Clone)]
pub(crate) struct RegexRule {
    pub rule: u16,
    pub pack: u16,
    pub regex: regex::Regex,
}

/// Everything one role's messages are matched against.
#[derive(Debug, Clone)]
pub(crate) struct RoleMatcher {
    pub phrases: Matcher,
    /// All patterns of the role at once, for the yes/no question most messages answer with no.
    pub regex_set: Option<regex::RegexSet>,
    pub regexes: Vec<RegexRule>,
    pub shouting: Option<u16>,
    /// Single-word obfuscation entries, tried against masked words (`f*ck`), by the first and
    /// last letter of their skeleton (a masked word keeps both), so a message full of masks
    /// costs a lookup per word, not a scan of every entry.
    pub maskable: HashMap<(char, char), Vec<u32>>,
}

/// Thresholds of the `shouting` rule.
pub(crate) const SHOUT_MIN_LETTERS: u32 = 12;
pub(crate) const SHOUT_MIN_PERCENT: u32 = 80;

/// The compiled engine shared by every clone of a [`crate::Coach`].
#[derive(Debug)]
pub(crate) struct Engine {
    pub rules: Vec<RuleRt>,
    pub packs: Vec<PackRt>,
    pub entries: Vec<Entry>,
    pub agent: RoleMatcher,
    pub customer: RoleMatcher,
    pub context: Matcher,
    pub markers: Matcher,
    pub detector: Detector,
    pub policy: EscalationPolicy,
    pub fallback_pack: Option<u16>,
    pub disabled: std::collections::HashSet<u16>,
}

/// What the builder decided.
pub(crate) struct BuildSpec<'a> {
    pub defs: &'a BTreeMap<String, RuleDef>,
    pub packs: &'a [Pack],
    pub disabled: &'a [String],
    pub severities: &'a [(String, Severity)],
    pub policy: EscalationPolicy,
}

struct Compiler<'a> {
    entries: Vec<Entry>,
    heads: HashMap<usize, Arc<Heads>>,
    maskable: [Vec<u32>; 2],
    keys: [HashMap<String, u32>; 4],
    key_entries: [Vec<Vec<u32>>; 4],
    pack_name: &'a str,
}

const AGENT: usize = 0;
const CUSTOMER: usize = 1;
const CONTEXT: usize = 2;
const MARKERS: usize = 3;

impl Compiler<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        target: usize,
        kind: EntryKind,
        pack: u16,
        rule_name: &str,
        p: &Phrase,
        policy: Diacritics,
        obfuscation: bool,
        suggestion: Option<Arc<str>>,
        fix: Applicability,
    ) -> Result<(), Error> {
        let perr = |reason: String| Error::Phrase {
            pack: self.pack_name.to_string(),
            line: p.line,
            rule: rule_name.to_string(),
            phrase: p.text.clone(),
            reason,
        };
        let key = normalized(&p.text, MATCH);
        if key.is_empty() {
            return Err(perr("normalizes to nothing".into()));
        }
        if key.len() > MAX_PHRASE_BYTES {
            return Err(perr(format!(
                "longer than {MAX_PHRASE_BYTES} bytes once normalized"
            )));
        }
        if matches!(kind, EntryKind::Rule(_)) && key.chars().count() < 2 {
            return Err(perr("a rule phrase needs at least two characters".into()));
        }
        let entry = Entry {
            kind,
            pack,
            marked: !p.text.is_ascii() && has_latin_diacritics(&units(&p.text, STRICT)),
            phrase: Arc::from(p.text.as_str()),
            head: p.head.as_ref().map(|h| {
                let key = Arc::as_ptr(h) as *const u8 as usize;
                self.heads
                    .entry(key)
                    .or_insert_with(|| Arc::new(Heads::new(h)))
                    .clone()
            }),
            script: script_mix(&p.text),
            open_left: p.open_left,
            open_right: p.open_right,
            policy,
            obfuscation,
            suggestion,
            fix,
        };
        let maskable = p.head.is_none()
            && obfuscation
            && policy == Diacritics::Optional
            && !p.open_left
            && !p.open_right
            && is_single_word(&p.text);
        let id = self.push(target, key, entry);
        if maskable && target < 2 {
            self.maskable[target].push(id);
        }
        Ok(())
    }

    fn push(&mut self, target: usize, key: String, entry: Entry) -> u32 {
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        let n = self.key_entries[target].len() as u32;
        let pid = *self.keys[target].entry(key).or_insert(n);
        if pid == n {
            self.key_entries[target].push(Vec::new());
        }
        self.key_entries[target][pid as usize].push(id);
        id
    }
}

/// Whether a phrase is one word of three or more letters (the words masks are read into).
fn is_single_word(text: &str) -> bool {
    text.chars().count() >= 3
        && text
            .chars()
            .all(|c| c.is_alphabetic() || crate::normalize::chars::is_mark(c))
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Agent => AGENT,
        Role::Customer => CUSTOMER,
    }
}

impl Engine {
    pub(crate) fn build(spec: BuildSpec<'_>) -> Result<Engine, Error> {
        // The rule table: built-in definitions, then those packs add.
        let mut defs: Vec<RuleDef> = spec.defs.values().cloned().collect();
        for p in spec.packs {
            for d in &p.new_defs {
                if let Some(existing) = defs.iter().find(|x| x.id == d.id) {
                    if existing != d {
                        return Err(Error::Conflict(format!(
                            "rule `{}` is defined differently by two packs (second: `{}`)",
                            d.id, p.name
                        )));
                    }
                } else {
                    defs.push(d.clone());
                }
            }
        }
        let index: HashMap<String, u16> = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.to_string(), i as u16))
            .collect();
        for id in spec
            .disabled
            .iter()
            .chain(spec.severities.iter().map(|(id, _)| id))
        {
            if !index.contains_key(id.as_str()) {
                return Err(Error::UnknownRule {
                    id: id.clone(),
                    context: "named in the configuration".into(),
                });
            }
        }
        let mut rules: Vec<RuleRt> = defs
            .into_iter()
            .map(|def| {
                let severity = match def.kind {
                    RuleKind::Finding(_, s) => s,
                    RuleKind::Signal(_) => Severity::Warning,
                };
                RuleRt {
                    def,
                    severity,
                    texts: vec![None; spec.packs.len()],
                }
            })
            .collect();
        for (id, sev) in spec.severities {
            if let Some(i) = index.get(id.as_str()) {
                rules[*i as usize].severity = *sev;
            }
        }
        let disabled: std::collections::HashSet<u16> = spec
            .disabled
            .iter()
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        let enabled = |i: u16| !disabled.contains(&i);

        let mut packs = Vec::new();
        let mut comp = Compiler {
            entries: Vec::new(),
            heads: HashMap::new(),
            maskable: Default::default(),
            keys: Default::default(),
            key_entries: Default::default(),
            pack_name: "",
        };
        let mut regexes: [Vec<RegexRule>; 2] = [Vec::new(), Vec::new()];
        let mut shouting: [Option<u16>; 2] = [None, None];
        let mut detector = Detector::default();
        let fallback_pack = spec
            .packs
            .iter()
            .position(|p| p.lang == Some(Lang::En))
            .map(|i| i as u16);

        for (pi, pack) in spec.packs.iter().enumerate() {
            let pidx = pi as u16;
            comp.pack_name = &pack.name;
            packs.push(PackRt {
                lang: pack.lang,
                negation_window: pack.negation_window,
                clitics: pack.clitics.iter().map(|c| normalized(c, STRICT)).collect(),
                conversation: pack.conversation.clone(),
            });
            if let Some(l) = pack.lang {
                detector.add(l, &pack.stopwords);
            }
            for p in &pack.innocent {
                comp.add(
                    CONTEXT,
                    EntryKind::Innocent,
                    pidx,
                    "innocent",
                    p,
                    p.diacritics.unwrap_or(pack.diacritics),
                    false,
                    None,
                    Applicability::Unsafe,
                )?;
            }
            for p in &pack.negations {
                comp.add(
                    CONTEXT,
                    EntryKind::Negation,
                    pidx,
                    "negations",
                    p,
                    p.diacritics.unwrap_or(pack.diacritics),
                    false,
                    None,
                    Applicability::Unsafe,
                )?;
            }
            for p in &pack.clause_breaks {
                comp.add(
                    CONTEXT,
                    EntryKind::ClauseBreak,
                    pidx,
                    "clause_breaks",
                    p,
                    p.diacritics.unwrap_or(pack.diacritics),
                    false,
                    None,
                    Applicability::Unsafe,
                )?;
            }
            for (mi, name) in crate::pack::MARKERS.iter().enumerate() {
                for p in pack.markers.get(*name).into_iter().flatten() {
                    comp.add(
                        MARKERS,
                        EntryKind::Marker(mi as u8),
                        pidx,
                        name,
                        p,
                        p.diacritics.unwrap_or(pack.diacritics),
                        false,
                        None,
                        Applicability::Unsafe,
                    )?;
                }
            }
            for pr in &pack.rules {
                let Some(&ri) = index.get(pr.id.as_str()) else {
                    continue;
                };
                let def = rules[ri as usize].def.clone();
                let fix = pr.fix.unwrap_or(def.fix);
                let texts = RuleTexts {
                    message: pr.message.clone().unwrap_or_else(|| def.why.clone()),
                    suggestion: pr.suggestion.as_deref().map(Arc::from),
                    action: pr
                        .action
                        .clone()
                        .or_else(|| def.action.clone())
                        .unwrap_or_else(|| def.why.clone()),
                    fix,
                    unless_scope: pr.unless_scope,
                };
                rules[ri as usize].texts[pi] = Some(texts);
                if !enabled(ri) {
                    continue;
                }
                let target = role_index(def.role);
                for p in &pr.phrases {
                    let policy = p.diacritics.or(pr.diacritics).unwrap_or(pack.diacritics);
                    let suggestion = p.suggestion.as_deref().map(Arc::from);
                    comp.add(
                        target,
                        EntryKind::Rule(ri),
                        pidx,
                        &pr.id,
                        p,
                        policy,
                        def.obfuscation,
                        suggestion,
                        p.fix.unwrap_or(fix),
                    )?;
                }
                for p in &pr.unless {
                    let policy = p.diacritics.or(pr.diacritics).unwrap_or(pack.diacritics);
                    comp.add(
                        CONTEXT,
                        EntryKind::Unless(ri),
                        pidx,
                        &pr.id,
                        p,
                        policy,
                        false,
                        None,
                        Applicability::Unsafe,
                    )?;
                }
                for (pat, line) in &pr.patterns {
                    let regex = regex::RegexBuilder::new(pat)
                        .size_limit(1 << 20)
                        .dfa_size_limit(1 << 21)
                        .build()
                        .map_err(|e| Error::Regex {
                            pack: pack.name.clone(),
                            line: *line,
                            rule: pr.id.clone(),
                            pattern: pat.clone(),
                            reason: e.to_string(),
                        })?;
                    regexes[target].push(RegexRule {
                        rule: ri,
                        pack: pidx,
                        regex,
                    });
                }
                if pr.id == "shouting" {
                    shouting[target] = Some(ri);
                }
            }
        }
        let mut key_lists: [Vec<String>; 4] = Default::default();
        for (t, keys) in comp.keys.iter().enumerate() {
            let mut v = vec![String::new(); keys.len()];
            for (k, &i) in keys {
                v[i as usize] = k.clone();
            }
            key_lists[t] = v;
        }
        let [ka, kc, kx, km] = key_lists;
        let [ea, ec, ex, em] = comp.key_entries;
        let [mka, mkc] = std::mem::take(&mut comp.maskable);
        let entries_ref = &comp.entries;
        let role = |keys: Vec<String>,
                    ents: Vec<Vec<u32>>,
                    rx: Vec<RegexRule>,
                    shout: Option<u16>,
                    maskable: Vec<u32>|
         -> Result<RoleMatcher, Error> {
            let regex_set = if rx.is_empty() {
                None
            } else {
                Some(
                    regex::RegexSetBuilder::new(rx.iter().map(|r| r.regex.as_str()))
                        .size_limit(1 << 23)
                        .dfa_size_limit(1 << 25)
                        .build()
                        .map_err(|e| {
                            Error::Conflict(format!(
                                "the rule patterns together are too large: {e}"
                            ))
                        })?,
                )
            };
            let mut by_edges: HashMap<(char, char), Vec<u32>> = HashMap::new();
            for id in maskable {
                let sk = units(
                    &entries_ref[id as usize].phrase,
                    crate::normalize::stream::SKELETON,
                );
                if let (Some(f), Some(l)) = (sk.first(), sk.last()) {
                    by_edges.entry((f.base, l.base)).or_default().push(id);
                }
            }
            Ok(RoleMatcher {
                phrases: Matcher::new(&keys, ents)?,
                regex_set,
                regexes: rx,
                shouting: shout,
                maskable: by_edges,
            })
        };
        let [rxa, rxc] = regexes;
        let agent = role(ka, ea, rxa, shouting[AGENT], mka)?;
        Ok(Engine {
            agent,
            customer: role(kc, ec, rxc, shouting[CUSTOMER], mkc)?,
            context: Matcher::new(&kx, ex)?,
            markers: Matcher::new(&km, em)?,
            rules,
            packs,
            entries: comp.entries,
            detector,
            policy: spec.policy,
            fallback_pack,
            disabled,
        })
    }

    pub(crate) fn role(&self, role: Role) -> &RoleMatcher {
        match role {
            Role::Agent => &self.agent,
            Role::Customer => &self.customer,
        }
    }

    /// Whether the rule with this id exists and is enabled.
    pub(crate) fn rule_enabled(&self, id: &str) -> bool {
        self.rules
            .iter()
            .position(|r| r.def.id == id)
            .is_some_and(|i| !self.disabled.contains(&(i as u16)))
    }

    /// A conversation check's message and suggestion in `lang` (falling back to English).
    pub(crate) fn conversation_texts(
        &self,
        id: &str,
        lang: Option<Lang>,
    ) -> Option<(Arc<str>, Option<String>)> {
        let pick = |p: &PackRt| {
            p.conversation
                .get(id)
                .and_then(|(m, s)| m.clone().map(|m| (m, s.clone())))
        };
        lang.and_then(|l| {
            self.packs
                .iter()
                .filter(|p| p.lang == Some(l))
                .find_map(pick)
        })
        .or_else(|| {
            self.fallback_pack
                .and_then(|f| self.packs.get(f as usize))
                .and_then(pick)
        })
        .or_else(|| self.packs.iter().find_map(pick))
    }

    /// The texts of rule `ri` in pack `pi`, falling back to the English pack, then to the rule's
    /// definition.
    pub(crate) fn texts(&self, ri: u16, pi: u16) -> Option<&RuleTexts> {
        let r = &self.rules[ri as usize];
        r.texts
            .get(pi as usize)
            .and_then(|t| t.as_ref())
            .or_else(|| {
                self.fallback_pack
                    .and_then(|f| r.texts.get(f as usize))
                    .and_then(|t| t.as_ref())
            })
            .or_else(|| r.texts.iter().flatten().next())
    }
}
