//! Compiling the enabled packs: every phrase becomes an [`Entry`] behind one automaton key per
//! role (rule phrases), one for context phrases and one for markers; patterns become regular
//! expressions per role; texts are gathered per pack and rule.

use std::collections::HashMap;
use std::sync::Arc;

use super::matcher::{Matcher, MAX_PHRASE_BYTES};
use super::tables::{
    CheckTexts, Engine, Entry, EntryKind, Heads, PackRt, RegexRule, RoleMatcher, RuleTexts,
};
use crate::detect::Detector;
use crate::error::{Error, Warning};
use crate::escalation::EscalationPolicy;
use crate::finding::Applicability;
use crate::normalize::chars::is_mark;
use crate::normalize::stream::{normalized, MATCH, SKELETON, STRICT};
use crate::normalize::units::{has_latin_diacritics, script_mix, units, Diacritics};
use crate::pack::{LanguageDef, Pack, PackSummary, Phrase};
use crate::role::{Role, RoleLabels};
use crate::rules::{RuleBook, RuleIdx, Trigger};

/// What the builder decided: the rule book (severities configured), the packs that apply, the
/// languages they define, and what is turned off.
pub(crate) struct BuildSpec {
    pub book: RuleBook,
    pub disabled: Vec<bool>,
    pub packs: Vec<Pack>,
    pub languages: Vec<LanguageDef>,
    pub policy: EscalationPolicy,
    pub summaries: Vec<PackSummary>,
    pub warnings: Vec<Warning>,
}

/// Which automaton a phrase goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Agent = 0,
    Customer = 1,
    Context = 2,
    Markers = 3,
}

impl Target {
    fn of(role: Role) -> Target {
        match role {
            Role::Agent => Target::Agent,
            Role::Customer => Target::Customer,
        }
    }
}

/// How the phrases of one list are compiled; a phrase may override the diacritics policy, the
/// suggestion and the fix.
struct EntrySpec<'a> {
    target: Target,
    kind: EntryKind,
    pack: u16,
    /// The rule or list the phrases belong to, for errors.
    owner: &'a str,
    policy: Diacritics,
    obfuscation: bool,
    fix: Applicability,
}

/// Automaton keys (normalized phrases) per target and the entries behind each key.
#[derive(Default)]
struct Compiler {
    entries: Vec<Entry>,
    heads: HashMap<usize, Arc<Heads>>,
    maskable: [Vec<u32>; 2],
    keys: [HashMap<String, u32>; 4],
    key_entries: [Vec<Vec<u32>>; 4],
}

/// Whether a phrase is one word of three or more letters (the words masks are read into).
fn is_single_word(text: &str) -> bool {
    text.chars().count() >= 3 && text.chars().all(|c| c.is_alphabetic() || is_mark(c))
}

impl Compiler {
    fn add_all(
        &mut self,
        pack_name: &str,
        spec: &EntrySpec<'_>,
        phrases: &[Phrase],
    ) -> Result<(), Error> {
        for p in phrases {
            self.add(pack_name, spec, p)?;
        }
        Ok(())
    }

    fn add(&mut self, pack_name: &str, spec: &EntrySpec<'_>, p: &Phrase) -> Result<(), Error> {
        let perr = |reason: String| Error::Phrase {
            pack: pack_name.to_string(),
            line: p.line,
            rule: spec.owner.to_string(),
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
        if matches!(spec.kind, EntryKind::Rule(_)) && key.chars().count() < 2 {
            return Err(perr("a rule phrase needs at least two characters".into()));
        }
        let policy = p.diacritics.unwrap_or(spec.policy);
        let entry = Entry {
            kind: spec.kind,
            pack: spec.pack,
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
            obfuscation: spec.obfuscation,
            suggestion: p.suggestion.as_deref().map(Arc::from),
            fix: p.fix.unwrap_or(spec.fix),
        };
        let maskable = p.head.is_none()
            && spec.obfuscation
            && policy == Diacritics::Optional
            && !p.open_left
            && !p.open_right
            && is_single_word(&p.text);
        let t = spec.target as usize;
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        let n = self.key_entries[t].len() as u32;
        let pid = *self.keys[t].entry(key).or_insert(n);
        if pid == n {
            self.key_entries[t].push(Vec::new());
        }
        self.key_entries[t][pid as usize].push(id);
        if maskable && t < 2 {
            self.maskable[t].push(id);
        }
        Ok(())
    }

    /// The keys of target `t` in key order, and the entries behind each.
    fn take(&mut self, t: Target) -> (Vec<String>, Vec<Vec<u32>>) {
        let keys = std::mem::take(&mut self.keys[t as usize]);
        let mut list = vec![String::new(); keys.len()];
        for (k, i) in keys {
            list[i as usize] = k;
        }
        (list, std::mem::take(&mut self.key_entries[t as usize]))
    }

    fn role_matcher(
        &mut self,
        role: Role,
        regexes: Vec<RegexRule>,
        capitals: Option<RuleIdx>,
    ) -> Result<RoleMatcher, Error> {
        let t = Target::of(role);
        let (keys, entries) = self.take(t);
        let regex_set = if regexes.is_empty() {
            None
        } else {
            Some(
                regex::RegexSetBuilder::new(regexes.iter().map(|r| r.regex.as_str()))
                    .size_limit(1 << 23)
                    .dfa_size_limit(1 << 25)
                    .build()
                    .map_err(|e| Error::TooLarge {
                        what: format!("the {role} patterns together"),
                        reason: e.to_string(),
                    })?,
            )
        };
        let mut maskable: HashMap<(char, char), Vec<u32>> = HashMap::new();
        for id in std::mem::take(&mut self.maskable[t as usize]) {
            let sk = units(&self.entries[id as usize].phrase, SKELETON);
            if let (Some(f), Some(l)) = (sk.first(), sk.last()) {
                maskable.entry((f.base, l.base)).or_default().push(id);
            }
        }
        Ok(RoleMatcher {
            phrases: Matcher::new(&keys, entries)?,
            regex_set,
            regexes,
            capitals,
            maskable,
        })
    }
}

impl Engine {
    /// Compiles the packs of `spec`.
    pub(crate) fn build(spec: BuildSpec) -> Result<Engine, Error> {
        let BuildSpec {
            book,
            disabled,
            packs,
            languages,
            policy,
            summaries,
            warnings,
        } = spec;
        let enabled = |i: RuleIdx| !disabled.get(usize::from(i)).copied().unwrap_or(true);
        let detector = {
            let words: Vec<(u8, &crate::pack::DetectWords)> = packs
                .iter()
                .filter_map(|p| {
                    let slot = languages.iter().position(|l| Some(l.lang) == p.lang)?;
                    Some((slot as u8, &p.detect))
                })
                .collect();
            Detector::new(&languages, &words)
        };
        let mut comp = Compiler::default();
        let mut regexes: [Vec<RegexRule>; 2] = [Vec::new(), Vec::new()];
        let mut rts = Vec::with_capacity(packs.len());
        let mut labels = RoleLabels::new();
        for (pi, pack) in packs.iter().enumerate() {
            let pidx = pi as u16;
            let name = pack.name.as_str();
            for (label, role) in pack.labels.iter() {
                labels.insert(label, role);
            }
            let context = |kind, owner: &'static str| EntrySpec {
                target: Target::Context,
                kind,
                pack: pidx,
                owner,
                policy: pack.diacritics,
                obfuscation: false,
                fix: Applicability::Unsafe,
            };
            let c = &pack.context;
            comp.add_all(name, &context(EntryKind::Innocent, "innocent"), &c.innocent)?;
            comp.add_all(
                name,
                &context(EntryKind::Negation, "negations"),
                &c.negations,
            )?;
            comp.add_all(
                name,
                &context(EntryKind::ClauseBreak, "clause_breaks"),
                &c.clause_breaks,
            )?;
            for (marker, phrases) in &pack.markers {
                let spec = EntrySpec {
                    target: Target::Markers,
                    ..context(EntryKind::Marker(*marker), marker.as_str())
                };
                comp.add_all(name, &spec, phrases)?;
            }
            let mut rt = PackRt {
                lang: pack.lang,
                slot: pack.lang.and_then(|l| detector.slot(l)),
                negation_window: c.negation_window,
                clitics: c.clitics.iter().map(|x| normalized(x, STRICT)).collect(),
                texts: HashMap::new(),
                checks: HashMap::new(),
            };
            for ct in &pack.checks {
                if let Some(message) = &ct.message {
                    rt.checks.insert(
                        ct.rule,
                        CheckTexts {
                            message: message.clone(),
                            suggestion: ct.suggestion.clone(),
                        },
                    );
                }
            }
            for words in &pack.rules {
                let ri = words.rule;
                let rule = book.get(ri);
                let fix = words.fix.unwrap_or(rule.fix);
                rt.texts.insert(
                    ri,
                    RuleTexts {
                        message: words.message.clone().unwrap_or_else(|| rule.why.clone()),
                        suggestion: words.suggestion.as_deref().map(Arc::from),
                        action: words
                            .action
                            .clone()
                            .or_else(|| rule.action.clone())
                            .unwrap_or_else(|| rule.why.clone()),
                        fix,
                        unless_scope: words.unless_scope,
                    },
                );
                if !enabled(ri) {
                    continue;
                }
                let owner = rule.id.as_str();
                let policy = words.diacritics.unwrap_or(pack.diacritics);
                let spec = EntrySpec {
                    target: Target::of(rule.role),
                    kind: EntryKind::Rule(ri),
                    pack: pidx,
                    owner,
                    policy,
                    obfuscation: rule.obfuscation,
                    fix,
                };
                comp.add_all(name, &spec, &words.phrases)?;
                let unless = EntrySpec {
                    target: Target::Context,
                    kind: EntryKind::Unless(ri),
                    pack: pidx,
                    owner,
                    policy,
                    obfuscation: false,
                    fix: Applicability::Unsafe,
                };
                comp.add_all(name, &unless, &words.unless)?;
                for pat in &words.patterns {
                    let regex = regex::RegexBuilder::new(&pat.text)
                        .size_limit(1 << 20)
                        .dfa_size_limit(1 << 21)
                        .build()
                        .map_err(|e| Error::Regex {
                            pack: name.to_string(),
                            line: pat.line,
                            rule: owner.to_string(),
                            pattern: pat.text.clone(),
                            reason: e.to_string(),
                        })?;
                    regexes[Target::of(rule.role) as usize].push(RegexRule {
                        rule: ri,
                        pack: pidx,
                        regex,
                    });
                }
            }
            rts.push(rt);
        }
        let capitals = |role: Role| {
            book.iter()
                .find(|(i, r)| r.trigger == Trigger::Capitals && r.role == role && enabled(*i))
                .map(|(i, _)| i)
        };
        let [agent_rx, customer_rx] = regexes;
        let agent = comp.role_matcher(Role::Agent, agent_rx, capitals(Role::Agent))?;
        let customer = comp.role_matcher(Role::Customer, customer_rx, capitals(Role::Customer))?;
        let (ck, ce) = comp.take(Target::Context);
        let (mk, me) = comp.take(Target::Markers);
        let fallback_pack = languages
            .iter()
            .find(|l| l.fallback)
            .and_then(|l| packs.iter().position(|p| p.lang == Some(l.lang)))
            .map(|i| i as u16);
        let aliases = languages
            .iter()
            .flat_map(|l| l.aliases.iter().map(move |a| (a.clone(), l.lang)))
            .collect();
        Ok(Engine {
            agent,
            customer,
            context: Matcher::new(&ck, ce)?,
            markers: Matcher::new(&mk, me)?,
            entries: comp.entries,
            book,
            disabled,
            packs: rts,
            detector,
            policy,
            fallback_pack,
            labels,
            aliases,
            summaries,
            warnings,
        })
    }
}
