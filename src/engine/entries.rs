//! Phrase entries and automaton keys: each phrase of a pack becomes an [`Entry`] behind one key
//! of its target's automaton (a role, context, markers); combinations become parts.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::matcher::{Matcher, MAX_PHRASE_BYTES};
use super::patterns::{regex_set, RegexRule};
use super::tables::{Combo, Entry, EntryKind, PartGroups, RoleMatcher};
use crate::error::Error;
use crate::finding::Applicability;
use crate::normalize::chars::is_mark;
use crate::normalize::stream::{normalized, MATCH, SKELETON, STRICT};
use crate::normalize::units::{
    has_latin_diacritics, may_have_latin_diacritics, script_mix, units, Diacritics,
};
use crate::pack::{ComboSpec, Pack, Part, Phrase};
use crate::role::Role;
use crate::rules::RuleIdx;

/// Which automaton a phrase goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Agent = 0,
    Customer = 1,
    Context = 2,
    Markers = 3,
}

impl Target {
    pub(super) fn of(role: Role) -> Target {
        match role {
            Role::Agent => Target::Agent,
            Role::Customer => Target::Customer,
        }
    }
}

/// How the phrases of one list are compiled; a phrase may override the diacritics policy, the
/// suggestion and the fix.
pub(super) struct EntrySpec<'a> {
    pub(super) target: Target,
    pub(super) kind: EntryKind,
    pub(super) pack: u16,
    /// The rule or list the phrases belong to, for errors.
    pub(super) owner: &'a str,
    pub(super) policy: Diacritics,
    pub(super) obfuscation: bool,
    pub(super) fix: Applicability,
}

/// Automaton keys (normalized phrases) per target and the entries behind each key.
#[derive(Default)]
pub(super) struct Compiler {
    pub(super) entries: Vec<Entry>,
    /// Heads by the address of the pack's shared list, and their index in `head_list`.
    heads: HashMap<usize, u32>,
    pub(super) head_list: Vec<Arc<[Box<str>]>>,
    /// Every entry's phrase, one after the other.
    pub(super) phrase_text: String,
    /// Every suggestion phrases carry, once, and their index.
    pub(super) suggestions: Vec<Arc<str>>,
    suggestion_ids: FxHashMap<Arc<str>, u32>,
    maskable: [Vec<u32>; 2],
    /// Fast hashing: over 150,000 keys are interned at every start-up.
    keys: [FxHashMap<String, u32>; 4],
    key_entries: [Vec<Vec<u32>>; 4],
    /// Per role: part ids of the lists combinations use, by pack and list name.
    list_parts: [FxHashMap<(u16, String), u16>; 2],
    /// Per role: part ids of literal combination items, by pack and their words: the same words
    /// written in many combinations (`(my|our|the)`) are one part, so a common word stands for
    /// one entry per pack, not one per combination that spells it out.
    word_parts: [FxHashMap<(u16, String), u16>; 2],
    /// Per role and part: its shortest phrase, in characters (the anchor heuristic).
    part_len: [Vec<usize>; 2],
    /// Per role: the parts behind each entry of combination words (see [`EntryKind::Parts`]).
    groups: [Vec<Vec<u16>>; 2],
    /// Per role and phrase as written: the entries of combination words that spell it.
    group_entries: [FxHashMap<String, SmallVec<[u32; 2]>>; 2],
    combos: [Vec<Combo>; 2],
}

/// What makes two literal combination items the same part: their phrases as matched (not the
/// lines they were written on).
fn words_key(phrases: &[Phrase]) -> String {
    use std::fmt::Write as _;
    let mut key = String::new();
    for p in phrases {
        let _ = write!(
            key,
            "{}\u{1}{:?}\u{1}{}{}{}\u{1}{:?}\u{0}",
            p.text, p.head, p.open_left, p.open_right, p.inflects, p.diacritics
        );
    }
    key
}

/// Whether a phrase is one word of three or more letters (the words masks are read into).
fn is_single_word(text: &str) -> bool {
    text.chars().count() >= 3 && text.chars().all(|c| c.is_alphabetic() || is_mark(c))
}

impl Compiler {
    /// The index of `text` among the suggestions, added on first use.
    fn suggestion(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.suggestion_ids.get(text) {
            return i;
        }
        let i = self.suggestions.len() as u32;
        let text: Arc<str> = Arc::from(text);
        self.suggestions.push(text.clone());
        self.suggestion_ids.insert(text, i);
        i
    }

    pub(super) fn add_all(
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

    /// Adds one phrase; returns the length of its key in characters.
    pub(super) fn add(
        &mut self,
        pack_name: &str,
        spec: &EntrySpec<'_>,
        p: &Phrase,
    ) -> Result<usize, Error> {
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
        let key_chars = key.chars().count();
        if matches!(spec.kind, EntryKind::Rule(_)) && key_chars < 2 {
            return Err(perr("a rule phrase needs at least two characters".into()));
        }
        let policy = p.diacritics.unwrap_or(spec.policy);
        let mut entry = Entry {
            kind: spec.kind,
            pack: spec.pack,
            marked: may_have_latin_diacritics(&p.text)
                && has_latin_diacritics(&units(&p.text, STRICT)),
            // Placed in `phrase_text` once the entry is kept.
            phrase: (0, 0),
            head: p.head.as_ref().map(|h| {
                let key = Arc::as_ptr(h) as *const u8 as usize;
                let list = &mut self.head_list;
                *self.heads.entry(key).or_insert_with(|| {
                    list.push(Arc::clone(h));
                    (list.len() - 1) as u32
                })
            }),
            script: script_mix(&p.text),
            open_left: p.open_left,
            open_right: p.open_right,
            inflects: p.inflects,
            policy,
            obfuscation: spec.obfuscation,
            suggestion: p.suggestion.as_deref().map(|s| self.suggestion(s)),
            fix: p.fix.unwrap_or(spec.fix),
        };
        let maskable = p.head.is_none()
            && matches!(spec.kind, EntryKind::Rule(_))
            && spec.obfuscation
            && policy == Diacritics::Optional
            && !p.open_left
            && !p.open_right
            && !p.inflects
            && is_single_word(&p.text);
        let t = spec.target as usize;
        let id = self.entries.len() as u32;
        if let (EntryKind::Parts(part), Some(groups)) = (spec.kind, self.groups.get_mut(t)) {
            // The same phrase verified alike in another part: one entry stands for both.
            let part = part as u16;
            let same = |e: &Entry| {
                Entry {
                    kind: e.kind,
                    phrase: e.phrase,
                    ..entry
                } == *e
            };
            let known = self.group_entries[t].get(&p.text).and_then(|ids| {
                ids.iter()
                    .filter_map(|&i| self.entries.get(i as usize))
                    .find(|e| same(e))
            });
            if let Some(EntryKind::Parts(g)) = known.map(|e| e.kind) {
                let group = &mut groups[g as usize];
                if group.last() != Some(&part) {
                    group.push(part);
                }
                return Ok(key_chars);
            }
            entry.kind = EntryKind::Parts(groups.len() as u32);
            groups.push(vec![part]);
            self.group_entries[t]
                .entry(p.text.clone())
                .or_default()
                .push(id);
        }
        let start = self.phrase_text.len() as u32;
        self.phrase_text.push_str(&p.text);
        entry.phrase = (start, self.phrase_text.len() as u32);
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
        Ok(key_chars)
    }

    /// A new part of `role`'s combinations, its phrases compiled as entries of that part
    /// (read through obfuscation with `obfuscation`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_part(
        &mut self,
        pack_name: &str,
        pack: &Pack,
        pidx: u16,
        role: Role,
        owner: &str,
        phrases: &[Phrase],
        obfuscation: bool,
    ) -> Result<u16, Error> {
        let r = Target::of(role) as usize;
        let id = u16::try_from(self.part_len[r].len()).map_err(|_| Error::TooLarge {
            what: format!("the {role} combinations"),
            reason: "more than 65,535 lists and literal items".into(),
        })?;
        let spec = EntrySpec {
            target: Target::of(role),
            // The part; `add` puts the phrase in its group.
            kind: EntryKind::Parts(u32::from(id)),
            pack: pidx,
            owner,
            policy: pack.diacritics,
            obfuscation,
            fix: Applicability::Unsafe,
        };
        let mut shortest: Option<usize> = None;
        for p in phrases {
            let n = self.add(pack_name, &spec, p)?;
            shortest = Some(shortest.map_or(n, |s| s.min(n)));
        }
        self.part_len[r].push(shortest.unwrap_or(0));
        Ok(id)
    }

    /// Compiles one combination of `rule` (its lists become parts once per pack; those named in
    /// `obfuscated` read through obfuscation).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_combo(
        &mut self,
        pack: &Pack,
        pidx: u16,
        rule: RuleIdx,
        role: Role,
        owner: &str,
        spec: &ComboSpec,
        obfuscated: &HashSet<&str>,
    ) -> Result<(), Error> {
        let r = Target::of(role) as usize;
        let mut items = smallvec::SmallVec::new();
        for (gap, part) in &spec.items {
            let id = match part {
                Part::List(name) => match self.list_parts[r].get(&(pidx, name.clone())) {
                    Some(id) => *id,
                    None => {
                        let phrases = pack.lists.get(name).map_or(&[][..], Vec::as_slice);
                        let obf = obfuscated.contains(name.as_str());
                        let id = self.new_part(&pack.name, pack, pidx, role, name, phrases, obf)?;
                        self.list_parts[r].insert((pidx, name.clone()), id);
                        id
                    }
                },
                Part::Words(phrases) => {
                    let key = (pidx, words_key(phrases));
                    match self.word_parts[r].get(&key) {
                        Some(id) => *id,
                        None => {
                            let id =
                                self.new_part(&pack.name, pack, pidx, role, owner, phrases, false)?;
                            self.word_parts[r].insert(key, id);
                            id
                        }
                    }
                }
            };
            items.push((*gap, id));
        }
        self.combos[r].push(Combo {
            rule,
            pack: pidx,
            items,
            at_start: spec.at_start,
            at_end: spec.at_end,
        });
        Ok(())
    }

    /// The keys of target `t` in key order, and the entries behind each.
    pub(super) fn take(&mut self, t: Target) -> (Vec<String>, Vec<Vec<u32>>) {
        let keys = std::mem::take(&mut self.keys[t as usize]);
        let mut list = vec![String::new(); keys.len()];
        for (k, i) in keys {
            list[i as usize] = k;
        }
        (list, std::mem::take(&mut self.key_entries[t as usize]))
    }

    pub(super) fn role_matcher(
        &mut self,
        role: Role,
        regexes: Vec<RegexRule>,
        capitals: Option<RuleIdx>,
        unrendered: Option<RuleIdx>,
    ) -> Result<RoleMatcher<'static>, Error> {
        let t = Target::of(role);
        // The patterns together must compile under the limits (a review asks them in groups,
        // each smaller: `gates`).
        if let Err(set_error) = regex_set(&regexes) {
            // Name the pattern at fault (syntax, or too large alone) with its line.
            for r in &regexes {
                if let Err(e) = r.compile() {
                    let (pack, line, rule) = r.origin.clone();
                    return Err(Error::Regex {
                        pack,
                        line,
                        rule,
                        pattern: r.pattern.clone(),
                        reason: e.to_string(),
                    });
                }
            }
            return Err(Error::TooLarge {
                what: format!("the {role} patterns together"),
                reason: set_error,
            });
        }
        let mut maskable: HashMap<(char, char), Vec<u32>> = HashMap::new();
        for id in std::mem::take(&mut self.maskable[t as usize]) {
            let (a, b) = self.entries[id as usize].phrase;
            let sk = units(&self.phrase_text[a as usize..b as usize], SKELETON);
            if let (Some(f), Some(l)) = (sk.first(), sk.last()) {
                maskable.entry((f.base, l.base)).or_default().push(id);
            }
        }
        let r = t as usize;
        let combos = std::mem::take(&mut self.combos[r]);
        let part_len = std::mem::take(&mut self.part_len[r]);
        let mut anchored: Vec<Vec<u32>> = vec![Vec::new(); part_len.len()];
        for (ci, c) in combos.iter().enumerate() {
            let anchor = c
                .items
                .iter()
                .map(|(_, p)| *p)
                .max_by_key(|p| part_len.get(usize::from(*p)).copied().unwrap_or(0));
            if let Some(list) = anchor.and_then(|a| anchored.get_mut(usize::from(a))) {
                list.push(ci as u32);
            }
        }
        let anchored = anchored.into_iter().map(Vec::into_boxed_slice).collect();
        let groups = PartGroups::from_lists(&std::mem::take(&mut self.groups[r]));
        self.group_entries[r] = FxHashMap::default();
        Ok(RoleMatcher {
            // Built with the other automata, in parallel (see `Matcher::build_all`).
            phrases: Matcher::default(),
            gated: std::sync::OnceLock::new(),
            regexes,
            capitals,
            unrendered,
            maskable,
            combos,
            groups,
            anchored,
        })
    }
}
