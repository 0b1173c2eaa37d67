//! The compiled engine's data: phrase entries, automata per role, packs and rules at run time.
//! Built once by `compile`, read by every later stage of a review.

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::sync::Arc;

use super::alone::{LanguageMatchers, LanguagesAlone};
pub(crate) use super::entry::{Entry, EntryKind};
use super::gates::GatedPatterns;
pub(crate) use super::heads::{HeadSets, Heads};
use super::matcher::Matcher;
use super::patterns::RegexRule;
use super::records::{Blob, Entries, U32s};
use crate::detect::{Detected, Detector};
use crate::escalation::EscalationPolicy;
use crate::finding::{Applicability, Severity};
use crate::lang::Lang;
use crate::pack::{PackSummary, UnlessScope};
use crate::role::{Role, RoleLabels};
use crate::rules::{Rule, RuleBook, RuleIdx};

/// A rule's texts in one pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RuleTexts {
    pub message: Arc<str>,
    pub suggestion: Option<Arc<str>>,
    pub action: Arc<str>,
    pub fix: Applicability,
    pub unless_scope: UnlessScope,
}

/// A conversation check's texts in one pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CheckTexts {
    pub message: Arc<str>,
    pub suggestion: Option<String>,
}

/// A pack at run time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PackRt {
    pub lang: Option<Lang>,
    /// The detector's slot of `lang`.
    pub slot: Option<u8>,
    pub negation_window: usize,
    pub clitics: Vec<String>,
    /// Whether a clitic begins with a letter (Malay `-nya`, `-lah`): then a match may be
    /// followed by letters, and the clitic decides.
    pub letter_clitics: bool,
    /// The endings a phrase written with a trailing `~` may take (lowercase, `ё` written `е`).
    #[serde(default)]
    pub endings: Vec<String>,
    pub texts: HashMap<RuleIdx, RuleTexts>,
    pub checks: HashMap<RuleIdx, CheckTexts>,
    /// The pack's register dimensions (indexes into `Engine::dimensions`).
    pub dimensions: Vec<u16>,
    /// Forms of address an agent may mirror once the customer used them.
    pub mirror: Vec<String>,
    /// The transcript role labels the pack defines.
    pub labels: RoleLabels,
}

/// A dimension of the agent's register at run time (see `pack::Dimension`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DimensionRt {
    pub name: String,
    pub default: Vec<(String, String)>,
    pub safe_default: bool,
    pub variants: Vec<VariantRt>,
}

/// A variant of a register dimension at run time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct VariantRt {
    pub name: String,
    /// Cues count only written in exactly their case, not at the start of a sentence.
    pub exact_case: bool,
    pub fill: Vec<(String, String)>,
}

/// A combination at run time: its rule and pack, and its parts in order, each with the most
/// words allowed before it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Combo {
    pub rule: RuleIdx,
    pub pack: u16,
    pub items: SmallVec<[(u8, u16); 4]>,
    /// The first item must start its sentence (`^`).
    pub at_start: bool,
    /// The last item must end its sentence (`$`).
    pub at_end: bool,
}

/// Everything one role's messages are matched against.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RoleMatcher<'t> {
    #[serde(borrow)]
    pub phrases: Matcher<'t>,
    /// The patterns a message of one language can raise, per detector slot, and last every
    /// pattern, grouped by gate; each made the first time a message needs it
    /// ([`Engine::patterns_of`]).
    #[serde(skip)]
    pub gated: std::sync::OnceLock<Box<[std::sync::OnceLock<GatedPatterns>]>>,
    pub regexes: Vec<RegexRule>,
    /// The rule that reads a message mostly in capitals, if enabled for this role.
    pub capitals: Option<RuleIdx>,
    /// The rule raised by template variables in a message that was sent unrendered.
    pub unrendered: Option<RuleIdx>,
    /// Single-word obfuscation entries, tried against masked words (`f*ck`), by the first and
    /// last letter of their skeleton (a masked word keeps both), so a message full of masks
    /// costs a lookup per word, not a scan of every entry.
    pub maskable: HashMap<(char, char), Vec<u32>>,
    pub combos: Vec<Combo>,
    /// The parts each combination word's entry stands for (see [`EntryKind::Parts`]).
    #[serde(borrow)]
    pub groups: PartGroups<'t>,
    /// Combinations by their anchor, indexed by part: the part least likely to occur in
    /// ordinary text (its shortest phrase is the longest of the combination's), looked at first.
    pub anchored: Vec<Box<[u32]>>,
}

/// Groups of combination parts, one per phrase entry of combination words: group `g` is
/// `parts[starts[g]..starts[g + 1]]`, in the order the parts were compiled (two tables, not a
/// list per group).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PartGroups<'t> {
    #[serde(borrow)]
    pub starts: U32s<'t>,
    #[serde(borrow)]
    pub parts: U32s<'t>,
}

impl PartGroups<'_> {
    pub(crate) fn from_lists(groups: &[Vec<u16>]) -> PartGroups<'static> {
        let (starts, parts) = U32s::concat(groups);
        PartGroups { starts, parts }
    }

    /// The parts of group `g` (none if there is no such group).
    #[inline]
    pub(crate) fn of(&self, g: u32) -> impl Iterator<Item = u16> + '_ {
        self.starts
            .range_in(&self.parts, g as usize)
            .map(|p| p as u16)
    }
}

/// The compiled engine shared by every clone of a [`crate::Coach`]. Read from the tables built
/// into the binary, its largest tables borrow from them (`records`).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Engine<'t> {
    /// Every rule, with the configured severities.
    pub book: RuleBook,
    /// Per rule: turned off by the configuration.
    pub disabled: Vec<bool>,
    /// Rules were turned off after compiling (a coach read from the built-in tables): their
    /// phrases, combinations and patterns are in the tables, and a review drops what they raise.
    #[serde(skip)]
    pub turned_off: bool,
    /// The learned second opinion on customer sentences (`score`); empty: none.
    #[serde(skip)]
    pub scorers: crate::score::Scorers<'static>,
    /// Per pack: its language was left out after compiling (a coach read from the built-in
    /// tables for some languages); what its phrases raise is dropped. Empty: none left out.
    #[serde(skip)]
    pub left_out: Vec<bool>,
    pub packs: Vec<PackRt>,
    #[serde(borrow)]
    pub entries: Entries<'t>,
    /// Every entry's phrase, one after the other (see [`Entry::phrase`]), as UTF-8.
    #[serde(borrow)]
    pub phrase_text: Blob<'t>,
    /// The suggestions phrases carry (see [`Entry::suggestion`]).
    pub suggestions: Vec<Arc<str>>,
    /// The heads of `HEAD + BODY` phrases (see [`Entry::head`]).
    #[serde(borrow)]
    pub heads: HeadSets<'t>,
    #[serde(borrow)]
    pub agent: RoleMatcher<'t>,
    #[serde(borrow)]
    pub customer: RoleMatcher<'t>,
    #[serde(borrow)]
    pub context: Matcher<'t>,
    #[serde(borrow)]
    pub markers: Matcher<'t>,
    /// Per language, the four automata over its packs' entries alone (and those of packs of no
    /// language), as compiled for the built-in tables: a coach for one language steps these, a
    /// third to a tenth of the bytes, instead of every language's automata, and a coach for
    /// several steps them for a message detected as one language ([`Engine::language_alone`]).
    /// Written in a section of their own (`precompiled`).
    #[serde(skip)]
    pub by_language: Vec<(Lang, LanguageMatchers<'t>)>,
    /// The same automata as read from the built-in tables by a coach for several languages,
    /// each decoded when a message first needs it.
    #[serde(skip)]
    pub alone: LanguagesAlone,
    pub detector: Detector,
    pub policy: EscalationPolicy,
    /// The pack whose texts stand in when the message's language has none.
    pub fallback_pack: Option<u16>,
    pub labels: RoleLabels,
    /// Every alias a pack declares, with its language.
    pub aliases: Vec<(String, Lang)>,
    pub summaries: Vec<PackSummary>,
    pub warnings: Vec<crate::error::Warning>,
    /// Template-variable delimiters, `(open, close)`.
    pub templates: Vec<(String, String)>,
    /// Every pack's register dimensions.
    pub dimensions: Vec<DimensionRt>,
}

impl<'t> Engine<'t> {
    pub(crate) fn role(&self, role: Role) -> &RoleMatcher<'t> {
        match role {
            Role::Agent => &self.agent,
            Role::Customer => &self.customer,
        }
    }

    /// The automata of the one language a message may be in, when the tables hold them alone.
    /// A review steps these instead of every language's: the entries of the other languages
    /// would only raise candidates the detection drops ([`Engine::plausible`]), so an English
    /// message finds the same with a fraction of the Vietnamese and Malay words walked.
    pub(crate) fn has_languages_alone(&self) -> bool {
        !self.alone.is_empty()
    }

    /// The detection of `text` when the coach holds each language's automata alone (a message
    /// is detected before it is walked, then), with the automata of its one plausible language.
    pub(crate) fn walk_plan(
        &self,
        text: &str,
        forced: Option<Lang>,
    ) -> (Option<Detected>, Option<&LanguageMatchers<'_>>) {
        let early = self
            .has_languages_alone()
            .then(|| self.detection(text, forced));
        let alone = early.as_ref().and_then(|d| self.language_alone(d));
        (early, alone)
    }

    /// The patterns of `rm` a message detected as the language of `slot` alone can raise
    /// (`None`: every pattern), grouped by gate, made on first use. A pattern of another
    /// language would only raise a candidate the detection drops ([`Engine::plausible`]).
    pub(crate) fn patterns_of<'a>(
        &self,
        rm: &'a RoleMatcher<'_>,
        slot: Option<u8>,
    ) -> &'a GatedPatterns {
        let all = crate::detect::LangMask::BITS as usize;
        let sets = rm
            .gated
            .get_or_init(|| (0..=all).map(|_| std::sync::OnceLock::new()).collect());
        let at = slot.map_or(all, usize::from).min(all);
        sets[at].get_or_init(|| {
            let keep = |r: &RegexRule| {
                slot.is_none()
                    || self.rule(r.rule).cross_language
                    || self
                        .packs
                        .get(usize::from(r.pack))
                        .is_some_and(|p| p.lang.is_none() || p.slot == slot)
            };
            GatedPatterns::new(
                &rm.regexes,
                (0..rm.regexes.len()).filter(|&i| keep(&rm.regexes[i])),
            )
        })
    }

    pub(crate) fn language_alone(&self, det: &Detected) -> Option<&LanguageMatchers<'_>> {
        let lang = self.detector.lang(det.only()?)?;
        self.alone.get(lang)
    }

    /// Whether every index `x` holds into another table is in range: its rule, register
    /// variant, head, phrase text, suggestion and pack. Tables read from the binary are checked
    /// entry by entry as reviews read them ([`Engine::entry`]), not all at start-up.
    #[inline]
    pub(crate) fn entry_ok(&self, x: &Entry) -> bool {
        let kind_ok = match x.kind {
            EntryKind::Rule(r) | EntryKind::Unless(r) => usize::from(r) < self.book.len(),
            EntryKind::Cue(d, v) => self
                .dimensions
                .get(usize::from(d))
                .is_some_and(|dim| usize::from(v) < dim.variants.len()),
            _ => true,
        };
        let (start, end) = x.phrase;
        kind_ok
            && x.head.is_none_or(|h| (h as usize) < self.heads.len())
            && start <= end
            && (end as usize) <= self.phrase_text.bytes().len()
            && x.suggestion
                .is_none_or(|s| (s as usize) < self.suggestions.len())
            && usize::from(x.pack) < self.packs.len()
    }

    /// The phrase of `entry` as written (empty if the tables are damaged).
    pub(crate) fn phrase(&self, entry: &Entry) -> &str {
        let (start, end) = entry.phrase;
        self.phrase_text
            .bytes()
            .get(start as usize..end as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The suggestion `entry` carries, if any.
    pub(crate) fn suggestion(&self, entry: &Entry) -> Option<&Arc<str>> {
        entry
            .suggestion
            .and_then(|i| self.suggestions.get(i as usize))
    }

    pub(crate) fn rule(&self, i: RuleIdx) -> &Rule {
        self.book.get(i)
    }

    pub(crate) fn enabled(&self, i: RuleIdx) -> bool {
        !self.disabled.get(usize::from(i)).copied().unwrap_or(true)
    }

    /// The configured severity of a rule.
    pub(crate) fn severity(&self, i: RuleIdx) -> Severity {
        self.book.get(i).severity
    }

    /// The texts of rule `ri` in pack `pi`, falling back to the fallback pack, then to any pack.
    pub(crate) fn texts(&self, ri: RuleIdx, pi: u16) -> Option<&RuleTexts> {
        self.packs
            .get(usize::from(pi))
            .and_then(|p| p.texts.get(&ri))
            .or_else(|| {
                self.fallback_pack
                    .and_then(|f| self.packs.get(usize::from(f)))
                    .and_then(|p| p.texts.get(&ri))
            })
            .or_else(|| self.kept_packs().find_map(|(_, p)| p.texts.get(&ri)))
    }

    /// The pack whose texts speak `lang` (the fallback pack when none does).
    pub(crate) fn pack_for(&self, lang: Option<Lang>) -> Option<u16> {
        lang.and_then(|l| {
            self.kept_packs()
                .find(|(_, p)| p.lang == Some(l))
                .map(|(i, _)| i)
        })
        .or(self.fallback_pack)
    }

    /// The pack of `lang` (or the fallback pack), else the first pack: where a finding that
    /// no phrase raised takes its texts from.
    pub(crate) fn pack_or_first(&self, lang: Option<Lang>) -> u16 {
        self.pack_for(lang)
            .or_else(|| self.kept_packs().next().map(|(i, _)| i))
            .unwrap_or(0)
    }

    /// A conversation check's texts in `lang` (falling back to the fallback pack, then any).
    pub(crate) fn check_texts(&self, ri: RuleIdx, lang: Option<Lang>) -> Option<&CheckTexts> {
        lang.and_then(|l| {
            self.kept_packs()
                .filter(|(_, p)| p.lang == Some(l))
                .find_map(|(_, p)| p.checks.get(&ri))
        })
        .or_else(|| {
            self.fallback_pack
                .and_then(|f| self.packs.get(usize::from(f)))
                .and_then(|p| p.checks.get(&ri))
        })
        .or_else(|| self.kept_packs().find_map(|(_, p)| p.checks.get(&ri)))
    }
}
