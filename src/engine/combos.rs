//! Combinations: the words of each item were raised by the automaton pass like any phrase; a
//! combination matches when its items stand in order in one sentence, with no more words
//! between two items than the pack allows. Only combinations whose anchor (their rarest item)
//! occurred are looked at, and an item's words are verified only when a combination needs them.

use smallvec::SmallVec;
use unicode_segmentation::UnicodeSegmentation;

use super::tables::{Combo, Engine, RoleMatcher};
use super::verify::{Cand, Cands, ItemSpans};
use crate::sentences::{gap_exceeds, Sentences};
use crate::span::Span;

/// A raw occurrence of a combination word, not yet verified, as the automaton pass raises it:
/// the entry and its group of parts ([`EntryKind::Parts`](super::tables::EntryKind::Parts)).
/// Combinations are looked for in a message's first 4 GiB, and among words shorter than 64 KiB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupHit {
    start: u32,
    entry: u32,
    group: u32,
    len: u16,
}

impl GroupHit {
    /// The hit, if its offsets fit (see [`GroupHit`]).
    pub(crate) fn new(group: u32, entry: u32, start: usize, end: usize) -> Option<GroupHit> {
        Some(GroupHit {
            start: u32::try_from(start).ok()?,
            entry,
            group,
            len: u16::try_from(end.checked_sub(start)?).ok()?,
        })
    }
}

/// Raw word occurrences of one message, on the stack for ordinary messages.
pub(crate) type GroupHits = SmallVec<[GroupHit; 512]>;

/// The most raw word occurrences kept for one message (16 MB): some 40,000 words of text made
/// only of combination words. Ordinary messages stay far below; in a hostile one (a megabyte of
/// swearing) combinations are looked for among the first hits only, while its phrases are all
/// still found.
pub(crate) const MAX_GROUP_HITS: usize = 1 << 20;

/// A raw occurrence of one part's word, for the parts some combination could use, in twelve
/// bytes.
#[derive(Debug, Clone, Copy)]
struct PartHit {
    start: u32,
    entry: u32,
    len: u16,
    part: u16,
}

impl PartHit {
    fn end(&self) -> usize {
        self.start as usize + usize::from(self.len)
    }
}

/// Raw part occurrences of one message, on the stack for ordinary messages (a word of a group
/// stands for every part of it that a combination needs).
const PART_HITS: usize = 1024;
type PartHits = SmallVec<[PartHit; PART_HITS]>;

/// The most part occurrences looked at in one message (24 MB of hits, 16 MB of verified spans).
const MAX_PART_HITS: usize = 1 << 21;

/// Words of [`PartSet`] held on the stack.
const PART_SET_WORDS: usize = 256;

/// A set of one role's parts, as bits: on the stack up to 16,384 parts (the built-in packs'
/// customer role has some 9,000; a test keeps them within it, so that reviewing a clean
/// message allocates nothing).
struct PartSet(SmallVec<[u64; PART_SET_WORDS]>);

impl PartSet {
    #[inline(always)]
    fn new(parts: usize) -> PartSet {
        let mut bits = SmallVec::new();
        bits.resize(parts.div_ceil(64), 0);
        PartSet(bits)
    }

    /// Adds `p`; whether it was new.
    fn insert(&mut self, p: u16) -> bool {
        let Some(w) = self.0.get_mut(usize::from(p) / 64) else {
            return false;
        };
        let bit = 1u64 << (p % 64);
        let new = *w & bit == 0;
        *w |= bit;
        new
    }

    fn contains(&self, p: u16) -> bool {
        self.0
            .get(usize::from(p) / 64)
            .is_some_and(|w| w & (1u64 << (p % 64)) != 0)
    }
}

/// Beyond this distance from the previous item no later hit can fit a gap.
const MAX_GAP_BYTES: usize = 512;

/// Most words a combination may span in all (so hostile input stays linear).
const MAX_COMBO_WORDS: usize = 40;

/// Whether a stretch of text has a letter or digit (an anchored item must have none between it
/// and its sentence's edge; punctuation, symbols and emoji may stand there).
fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A hit's verified span, packed in eight bytes: not yet verified, verified to nothing, or the
/// span's offsets.
#[derive(Clone, Copy)]
struct Slot([u32; 2]);

impl Slot {
    const UNKNOWN: Slot = Slot([u32::MAX, 0]);
    const NONE: Slot = Slot([u32::MAX, 1]);

    fn get(self) -> Option<Option<Span>> {
        match self.0 {
            [u32::MAX, 0] => None,
            [u32::MAX, _] => Some(None),
            [s, e] => Some(Some(Span::new(s as usize, e as usize))),
        }
    }

    fn of(span: Option<Span>) -> Slot {
        let fit = span.and_then(|s| {
            let start = u32::try_from(s.start).ok().filter(|&x| x != u32::MAX)?;
            Some([start, u32::try_from(s.end).ok()?])
        });
        fit.map_or(Slot::NONE, Slot)
    }
}

/// Verified spans of the hits (sorted by part, then position), computed on first need.
struct Verified<'a> {
    engine: &'a Engine<'a>,
    text: &'a str,
    marked: bool,
    hits: &'a [PartHit],
    /// Borrowed, so the struct is small to move (the buffer holds 8 KB inline).
    spans: &'a mut [Slot],
}

impl Verified<'_> {
    fn span(&mut self, i: usize) -> Option<Span> {
        if let Some(v) = self.spans.get(i).and_then(|s| s.get()) {
            return v;
        }
        let h = self.hits.get(i)?;
        let v = self
            .engine
            .entry(h.entry)
            .and_then(|entry| {
                self.engine
                    .verify(&entry, self.text, h.start as usize, h.end())
            })
            .filter(|(_, needs_marked)| !needs_marked || self.marked)
            .map(|(span, _)| span);
        if let Some(slot) = self.spans.get_mut(i) {
            *slot = Slot::of(v);
        }
        v
    }
}

impl Engine<'_> {
    /// Adds a candidate for every combination of `rm` that matches in `text`, from the raw
    /// occurrences of its words.
    pub(crate) fn combo_candidates(
        &self,
        rm: &RoleMatcher,
        text: &str,
        marked: bool,
        hits: &[GroupHit],
        cands: &mut Cands,
        items: &mut ItemSpans,
    ) {
        // Which parts occurred, in the order of their first hits (a group's parts are taken at
        // its first hit): a combination needs every one of its parts.
        let mut groups: SmallVec<[u32; 512]> = hits.iter().map(|h| h.group).collect();
        groups.sort_unstable();
        groups.dedup();
        let mut taken: SmallVec<[bool; 512]> = SmallVec::from_elem(false, groups.len());
        let mut seen = PartSet::new(rm.anchored.len());
        let mut order: SmallVec<[u16; PART_HITS]> = SmallVec::new();
        for h in hits {
            match groups
                .binary_search(&h.group)
                .ok()
                .and_then(|i| taken.get_mut(i))
            {
                Some(t) if !*t => *t = true,
                _ => continue,
            }
            order.extend(rm.groups.of(h.group).filter(|&p| seen.insert(p)));
        }
        // Combinations whose every part occurred, each once, in the order of their anchors'
        // first hits, and the parts they use.
        let mut todo: SmallVec<[u32; 64]> = SmallVec::new();
        let mut needed = PartSet::new(rm.anchored.len());
        for &p in &order {
            for &ci in rm.anchored.get(usize::from(p)).into_iter().flatten() {
                let Some(c) = rm.combos.get(ci as usize) else {
                    continue;
                };
                let wanted =
                    !self.is_left_out(c.pack) && c.items.iter().all(|(_, p)| seen.contains(*p));
                if wanted && !todo.contains(&ci) {
                    todo.push(ci);
                    for (_, p) in &c.items {
                        needed.insert(*p);
                    }
                }
            }
        }
        if todo.is_empty() {
            return;
        }
        let mut parts = PartHits::new();
        for h in hits {
            for part in rm.groups.of(h.group).filter(|&p| needed.contains(p)) {
                if parts.len() < MAX_PART_HITS {
                    parts.push(PartHit {
                        start: h.start,
                        entry: h.entry,
                        len: h.len,
                        part,
                    });
                }
            }
        }
        parts.sort_unstable_by_key(|h| (h.part, h.start, h.len, h.entry));
        let mut spans: SmallVec<[Slot; PART_HITS]> = SmallVec::new();
        spans.resize(parts.len(), Slot::UNKNOWN);
        let mut verified = Verified {
            engine: self,
            text,
            marked,
            hits: &parts,
            spans: &mut spans,
        };
        let sentences = Sentences::new(text);
        for ci in todo {
            let Some(combo) = rm.combos.get(ci as usize) else {
                continue;
            };
            self.match_combo(combo, &mut verified, &sentences, cands, items);
        }
    }

    fn match_combo(
        &self,
        combo: &Combo,
        v: &mut Verified<'_>,
        sentences: &Sentences,
        cands: &mut Cands,
        items: &mut ItemSpans,
    ) {
        let hits = v.hits;
        let hits_of = |part: u16| {
            let lo = hits.partition_point(|h| h.part < part);
            let hi = hits.partition_point(|h| h.part <= part);
            lo..hi
        };
        let Some(&(_, first)) = combo.items.first() else {
            return;
        };
        let mut after = 0;
        for i in hits_of(first) {
            if hits.get(i).is_none_or(|h| (h.start as usize) < after) {
                continue;
            }
            let Some(span) = v.span(i) else {
                continue;
            };
            let sentence = sentences.around(span);
            if combo.at_start && has_word(&v.text[sentence.start..span.start]) {
                continue;
            }
            let mut chain: SmallVec<[Span; 8]> = SmallVec::new();
            chain.push(span);
            if self.extend(combo, 1, &hits_of, v, sentence, &mut chain) {
                let (Some(a), Some(b)) = (chain.first(), chain.last()) else {
                    continue;
                };
                let whole = Span::new(a.start, b.end);
                if whole
                    .slice(v.text)
                    .is_some_and(|t| t.unicode_words().nth(MAX_COMBO_WORDS).is_none())
                {
                    let at = items.len();
                    items.extend(chain.iter().copied());
                    cands.push(Cand {
                        rule: combo.rule,
                        pack: combo.pack,
                        entry: None,
                        span: whole,
                        needs_marked: false,
                        items: Some((at as u16, chain.len() as u8)),
                    });
                    after = whole.end;
                }
            }
        }
    }

    /// Finds item `k` onwards after the chain so far (the earliest fitting hit of each item).
    fn extend(
        &self,
        combo: &Combo,
        k: usize,
        hits_of: &impl Fn(u16) -> std::ops::Range<usize>,
        v: &mut Verified<'_>,
        sentence: Span,
        chain: &mut SmallVec<[Span; 8]>,
    ) -> bool {
        let Some(&(gap, part)) = combo.items.get(k) else {
            return true;
        };
        let Some(prev) = chain.last().copied() else {
            return false;
        };
        let range = hits_of(part);
        let all = v.hits;
        let hits = all.get(range.clone()).unwrap_or_default();
        // Hits are in text order; an item's words start at or before its raw hit, so hits that
        // start before the chain's end cannot follow it.
        let from = hits.partition_point(|h| (h.start as usize) < prev.end);
        for (i, h) in hits.iter().enumerate().skip(from) {
            let i = range.start + i;
            let start = h.start as usize;
            if start >= sentence.end {
                break;
            }
            let Some(span) = v.span(i) else {
                continue;
            };
            if span.start < prev.end || span.end > sentence.end {
                continue;
            }
            // The gap is measured to the item's verified words: a head (`stab + the manager`)
            // starts them before the raw hit.
            if gap_exceeds(&v.text[prev.end..span.start], usize::from(gap)) {
                // Beyond this distance no later hit's head can reach back into the gap.
                if start - prev.end > MAX_GAP_BYTES {
                    break;
                }
                continue;
            }
            if combo.at_end
                && k + 1 == combo.items.len()
                && has_word(&v.text[span.end..sentence.end])
            {
                continue;
            }
            chain.push(span);
            if self.extend(combo, k + 1, hits_of, v, sentence, chain) {
                return true;
            }
            chain.pop();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::PART_SET_WORDS;
    use crate::engine::EntryKind;
    use crate::{Coach, Role, SignalKind};

    const PACK: &str = r#"
[pack]
lang = "en"
name = "groups"

[language]
scripts = ["latin"]

[lists]
staff = ["your (driver|courier)", "the (driver|courier)"]
own = ["your", "my"]
stuff = ["your*", "the"]
boss = ["manager", "supervisor"]

[rules.insult]
combos = ["@staff ~3 (clown|joke)", "(your|the) ~0 @boss ~2 (clown|joke)"]

[rules.churn-threat]
combos = ["@own ~1 last order", "@stuff ~0 account ~2 closed for good"]
"#;

    #[test]
    fn a_word_of_many_lists_is_one_entry_for_every_part_that_verifies_it_alike() {
        let coach = Coach::builder()
            .builtin_packs(false)
            .add_pack("groups", PACK)
            .build()
            .expect("builds");
        let e = coach.engine();
        let groups = |phrase: &str| -> Vec<usize> {
            e.entries
                .iter()
                .flatten()
                .filter(|x| e.phrase(x) == phrase)
                .filter_map(|x| match x.kind {
                    EntryKind::Parts(g) => Some(e.customer.groups.of(g).count()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let sorted = |mut v: Vec<usize>| {
            v.sort_unstable();
            v
        };
        // "your" in a list and in a literal item: one entry for both parts; "your*" (open at
        // its end) is verified otherwise, so it is an entry of its own.
        assert_eq!(sorted(groups("your")), vec![1, 2]);
        assert_eq!(groups("the"), vec![2]);
        let kinds = |text: &str| -> Vec<SignalKind> {
            coach
                .review(Role::Customer, text)
                .signals
                .iter()
                .map(|s| s.kind)
                .collect()
        };
        assert_eq!(kinds("your driver is a clown"), vec![SignalKind::Insult]);
        assert_eq!(kinds("the manager is a joke"), vec![SignalKind::Insult]);
        assert_eq!(
            kinds("that was my last order"),
            vec![SignalKind::ChurnThreat]
        );
        assert_eq!(
            kinds("that was your last order"),
            vec![SignalKind::ChurnThreat]
        );
        assert_eq!(
            kinds("yours account is closed for good"),
            vec![SignalKind::ChurnThreat]
        );
        assert!(kinds("the last order was late, my driver was a joke").is_empty());
    }

    #[test]
    fn the_built_in_parts_fit_the_set_on_the_stack() {
        let engine = crate::engine::precompiled::read_for(crate::PRECOMPILED, &[]).expect("tables");
        for rm in [&engine.agent, &engine.customer] {
            let parts = rm.anchored.len();
            println!("{parts} of {} parts", PART_SET_WORDS * 64);
            assert!(parts <= PART_SET_WORDS * 64, "{parts} parts");
        }
    }
}
