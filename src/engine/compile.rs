//! Compiling the enabled packs: phrases become entries behind automaton keys (`entries`),
//! patterns become regular expressions per role, and texts are gathered per pack and rule.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::alone::LanguageMatchers;
use super::entries::{Compiler, EntrySpec, Target};
use super::matcher::{AutomatonSpec, Matcher, EDGE_LEFT, EDGE_RIGHT};
use super::patterns::RegexRule;
use super::scope::{capitals_of, unrendered_of};
use super::tables::{
    CheckTexts, DimensionRt, Engine, Entry, EntryKind, HeadSets, PackRt, RuleTexts, VariantRt,
};
use crate::detect::Detector;
use crate::error::{Error, Warning};
use crate::escalation::EscalationPolicy;
use crate::finding::Applicability;
use crate::lang::Lang;
use crate::normalize::stream::{normalized, STRICT};
use crate::pack::{LanguageDef, Pack, PackSummary, Part};
use crate::role::{Role, RoleLabels};
use crate::rules::{RuleBook, RuleIdx};

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
    pub templates: Vec<(String, String)>,
    /// Also build each language's automata alone (see [`Engine::by_language`]).
    pub by_language: bool,
}

impl Engine<'_> {
    /// Compiles the packs of `spec`.
    pub(crate) fn build(spec: BuildSpec) -> Result<Engine<'static>, Error> {
        let BuildSpec {
            book,
            disabled,
            packs,
            languages,
            policy,
            summaries,
            warnings,
            templates,
            by_language,
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
        let mut dims: Vec<DimensionRt> = Vec::new();
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
            comp.add_all(name, &context(EntryKind::Name, "names"), &c.names)?;
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
            let mut dimensions = Vec::new();
            for d in &pack.register {
                let di = u16::try_from(dims.len()).map_err(|_| Error::TooLarge {
                    what: "the register dimensions".into(),
                    reason: "more than 65,535".into(),
                })?;
                for (vi, v) in d.variants.iter().enumerate() {
                    let spec = EntrySpec {
                        target: Target::Markers,
                        ..context(EntryKind::Cue(di, vi as u16), "register")
                    };
                    comp.add_all(name, &spec, &v.cues)?;
                }
                dims.push(DimensionRt {
                    name: d.name.clone(),
                    default: d
                        .default
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    safe_default: d.safe_default,
                    variants: d
                        .variants
                        .iter()
                        .map(|v| VariantRt {
                            name: v.name.clone(),
                            exact_case: v.exact_case,
                            fill: v.fill.iter().map(|(k, x)| (k.clone(), x.clone())).collect(),
                        })
                        .collect(),
                });
                dimensions.push(di);
            }
            let mut rt = PackRt {
                lang: pack.lang,
                slot: pack.lang.and_then(|l| detector.slot(l)),
                negation_window: c.negation_window,
                clitics: c.clitics.iter().map(|x| normalized(x, STRICT)).collect(),
                letter_clitics: c
                    .clitics
                    .iter()
                    .any(|x| x.starts_with(char::is_alphanumeric)),
                // Compared letter by letter with the text (`verify::same_letters`), not through
                // the normalizer, which would read `й` as `и`.
                endings: c.endings.clone(),
                texts: HashMap::new(),
                checks: HashMap::new(),
                dimensions,
                mirror: c.mirror.clone(),
                labels: pack.labels.clone(),
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
            // People mask the offending word, not "you are" or a particle: the list a
            // combination of an obfuscation-tolerant rule stands on (its rarest, the one whose
            // shortest phrase is longest) is read as that rule's phrases are (`1d10t`, `тyпые`
            // with a Latin `y`), in every combination that uses it. "Rarest" as the review's
            // anchor (`Compiler::role_matcher`), counted here on the list's text before parts
            // (and their key lengths) exist.
            let shortest = |name: &str| {
                pack.lists
                    .get(name)
                    .and_then(|l| l.iter().map(|p| p.text.chars().count()).min())
                    .unwrap_or(0)
            };
            let obfuscated: HashSet<&str> = pack
                .rules
                .iter()
                .filter(|w| book.get(w.rule).obfuscation)
                .flat_map(|w| &w.combos)
                .filter_map(|c| {
                    c.items
                        .iter()
                        .filter_map(|(_, part)| match part {
                            Part::List(name) => Some(name.as_str()),
                            Part::Words(_) => None,
                        })
                        .max_by_key(|name| shortest(name))
                })
                .collect();
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
                for c in &words.combos {
                    comp.add_combo(pack, pidx, ri, rule.role, owner, c, &obfuscated)?;
                }
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
                    // Checked when the role's set is compiled (`Compiler::role_matcher`).
                    regexes[Target::of(rule.role) as usize].push(RegexRule::new(
                        ri,
                        pidx,
                        pat.text.clone(),
                        (name.to_string(), pat.line, owner.to_string()),
                    ));
                }
            }
            rts.push(rt);
        }
        let capitals = |role: Role| book.first_enabled(&disabled, |r| capitals_of(r, role));
        let unrendered = |role: Role| book.first_enabled(&disabled, |r| unrendered_of(r, role));
        let [agent_rx, customer_rx] = regexes;
        let agent = comp.role_matcher(
            Role::Agent,
            agent_rx,
            capitals(Role::Agent),
            unrendered(Role::Agent),
        )?;
        let mut customer = comp.role_matcher(
            Role::Customer,
            customer_rx,
            capitals(Role::Customer),
            unrendered(Role::Customer),
        )?;
        let mut agent = agent;
        let targets = [
            Target::of(Role::Agent),
            Target::of(Role::Customer),
            Target::Context,
            Target::Markers,
        ];
        let mut taken = targets.map(|t| comp.take(t));
        // The markers and register cues ride on each role's automaton too, so a transcript's
        // turn is walked once for its findings and its marks (`Engine::review_marked`); their
        // own automaton serves a turn's marks alone.
        let [agent_keys, customer_keys, _, marks] = &mut taken;
        for role_keys in [agent_keys, customer_keys] {
            with_keys(role_keys, marks);
        }
        let mut taken = taken.into_iter();
        let specs = targets.map(|t| {
            let (keys, entries) = taken.next().unwrap_or_default();
            automaton_spec(t, keys, entries, &comp, &rts)
        });
        // Each language's automata: the same keys, each standing only for the entries of that
        // language's packs (and of packs of none); a key left with none is dropped.
        let mut languages_alone = Vec::new();
        if by_language {
            let pack_lang = |id: u32| {
                comp.entries
                    .get(id as usize)
                    .and_then(|e| rts.get(usize::from(e.pack)))
                    .and_then(|p: &PackRt| p.lang)
            };
            let mut langs: Vec<Lang> = rts.iter().filter_map(|p| p.lang).collect();
            langs.sort_unstable();
            langs.dedup();
            for lang in langs {
                let wanted = |id: &u32| pack_lang(*id).is_none_or(|l| l == lang);
                let alone: [AutomatonSpec; 4] = std::array::from_fn(|i| {
                    let (keys, entries) = specs[i]
                        .keys
                        .iter()
                        .zip(&specs[i].entries)
                        .filter(|(_, list)| list.iter().any(wanted))
                        .map(|(k, list)| (k.clone(), list.iter().copied().filter(wanted).collect()))
                        .unzip();
                    automaton_spec(targets[i], keys, entries, &comp, &rts)
                });
                let [agent, customer, context, markers] = Matcher::build_all(alone)?;
                languages_alone.push((
                    lang,
                    LanguageMatchers {
                        agent,
                        customer,
                        context,
                        markers,
                    },
                ));
            }
        }
        let [agent_ac, customer_ac, context, markers] = Matcher::build_all(specs)?;
        agent.phrases = agent_ac;
        customer.phrases = customer_ac;
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
            context,
            markers,
            by_language: languages_alone,
            alone: Default::default(),
            entries: comp.entries.iter().collect(),
            heads: HeadSets::new(&comp.head_list),
            phrase_text: comp.phrase_text.into_bytes().into(),
            suggestions: comp.suggestions,
            book,
            disabled,
            turned_off: false,
            scorers: Default::default(),
            left_out: Vec::new(),
            packs: rts,
            detector,
            policy,
            fallback_pack,
            labels,
            aliases,
            summaries,
            warnings,
            templates,
            dimensions: dims,
        })
    }
}

/// `to`'s keys and their entries, with `from`'s added: a key both have stands for the entries of
/// both.
fn with_keys(to: &mut (Vec<String>, Vec<Vec<u32>>), from: &(Vec<String>, Vec<Vec<u32>>)) {
    let mut at: HashMap<String, usize> =
        to.0.iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
    for (k, list) in from.0.iter().zip(&from.1) {
        match at.get(k) {
            Some(&i) => to.1[i].extend_from_slice(list),
            None => {
                at.insert(k.clone(), to.0.len());
                to.0.push(k.clone());
                to.1.push(list.clone());
            }
        }
    }
}

/// What an automaton of target `t` is built from: its keys, the entries behind each, and for
/// the role automata each key's edge flags, so a key whose every entry needs word edges is
/// dropped inside a word before its entries are looked at (`o` in `for`, `ee` in `need`).
fn automaton_spec(
    t: Target,
    keys: Vec<String>,
    entries: Vec<Vec<u32>>,
    comp: &Compiler,
    rts: &[PackRt],
) -> AutomatonSpec {
    let edges = match t {
        Target::Agent | Target::Customer => entries
            .iter()
            .map(|list| {
                key_edges(list.iter().filter_map(|&id| {
                    let entry = comp.entries.get(id as usize)?;
                    let suffixed = rts
                        .get(usize::from(entry.pack))
                        .is_some_and(|p| p.letter_clitics);
                    Some((entry, suffixed))
                }))
            })
            .collect(),
        Target::Context | Target::Markers => Vec::new(),
    };
    AutomatonSpec {
        keys,
        entries,
        edges,
    }
}

/// The edge flags of one pattern from its entries (and whether each entry's pack lets letters
/// follow a match): the tests of `plausible_edges` that hold for all of them.
fn key_edges<'e>(entries: impl Iterator<Item = (&'e Entry, bool)>) -> u8 {
    entries.fold(EDGE_LEFT | EDGE_RIGHT, |flags, (e, suffixed)| {
        let mut f = flags;
        if e.open_left || e.head.is_some() {
            f &= !EDGE_LEFT;
        }
        if e.open_right || e.inflects || suffixed {
            f &= !EDGE_RIGHT;
        }
        f
    })
}
