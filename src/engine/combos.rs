//! Combinations: the words of each item were raised by the automaton pass like any phrase; a
//! combination matches when its items stand in order in one sentence, with no more words
//! between two items than the pack allows. Only combinations whose anchor (their rarest item)
//! occurred are looked at, and an item's words are verified only when a combination needs them.

use smallvec::SmallVec;
use unicode_segmentation::UnicodeSegmentation;

use super::sentences::{gap_exceeds, Sentences};
use super::tables::{Combo, Engine, RoleMatcher};
use super::verify::{Cand, Cands, ItemSpans};
use crate::span::Span;

/// A raw occurrence of a combination part's phrase, not yet verified, in twelve bytes: one
/// common word stands in dozens of lists, and a message of hostile repetition raises millions
/// of these. Combinations are looked for in a message's first 4 GiB, and among words shorter
/// than 64 KiB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartHit {
    pub start: u32,
    pub entry: u32,
    len: u16,
    pub part: u16,
}

impl PartHit {
    /// The hit, if its offsets fit (see [`PartHit`]).
    pub(crate) fn new(part: u16, entry: u32, start: usize, end: usize) -> Option<PartHit> {
        Some(PartHit {
            start: u32::try_from(start).ok()?,
            entry,
            len: u16::try_from(end.checked_sub(start)?).ok()?,
            part,
        })
    }

    pub(crate) fn end(&self) -> usize {
        self.start as usize + usize::from(self.len)
    }
}

/// Raw part occurrences of one message, on the stack for ordinary messages (a common word may
/// stand in many lists of several packs: nine Vietnamese words, "Thẻ của tôi bị khóa, làm sao để
/// mở lại?", raised more than 512 a release ago, and seventeen, "Cho em hỏi thủ tục đóng tài
/// khoản ngân hàng của bố em, bố em mất tháng trước ạ", more than 1,024 now).
pub(crate) const PART_HITS: usize = 2048;
pub(crate) type PartHits = SmallVec<[PartHit; PART_HITS]>;

/// The most raw part occurrences kept for one message (24 MB of hits, 16 MB of verified spans):
/// some 40,000 words of text made only of list words. Ordinary messages stay far below; in a
/// hostile one (a megabyte of swearing) combinations are looked for among the first hits only,
/// while its phrases are all still found.
pub(crate) const MAX_PART_HITS: usize = 1 << 21;

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
    /// Borrowed, so the struct is small to move (the buffer holds 16 KB inline).
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
    /// Adds a candidate for every combination of `rm` that matches in `text`. `hits` is left
    /// holding only the hits of parts some combination could still use, sorted by part and
    /// position.
    pub(crate) fn combo_candidates(
        &self,
        rm: &RoleMatcher,
        text: &str,
        marked: bool,
        hits: &mut PartHits,
        cands: &mut Cands,
        items: &mut ItemSpans,
    ) {
        // Which parts occurred at all: a combination needs every one of its parts.
        let mut seen: SmallVec<[u16; PART_HITS]> = hits.iter().map(|h| h.part).collect();
        seen.sort_unstable();
        seen.dedup();
        let has = |p: u16| seen.binary_search(&p).is_ok();
        // Combinations whose every part occurred, each once, in the order of their anchors'
        // first hits, and the parts they use.
        let mut todo: SmallVec<[u32; 64]> = SmallVec::new();
        let mut needed: SmallVec<[u16; 256]> = SmallVec::new();
        let mut looked: SmallVec<[bool; PART_HITS]> = SmallVec::from_elem(false, seen.len());
        for h in hits.iter() {
            match seen
                .binary_search(&h.part)
                .ok()
                .and_then(|i| looked.get_mut(i))
            {
                Some(l) if !*l => *l = true,
                _ => continue,
            }
            for &ci in rm.anchored.get(usize::from(h.part)).into_iter().flatten() {
                let Some(c) = rm.combos.get(ci as usize) else {
                    continue;
                };
                let wanted = !self.is_left_out(c.pack) && c.items.iter().all(|(_, p)| has(*p));
                if wanted && !todo.contains(&ci) {
                    todo.push(ci);
                    needed.extend(c.items.iter().map(|(_, p)| *p));
                }
            }
        }
        if todo.is_empty() {
            return;
        }
        needed.sort_unstable();
        needed.dedup();
        hits.retain(|h| needed.binary_search(&h.part).is_ok());
        hits.sort_unstable_by_key(|h| (h.part, h.start, h.len, h.entry));
        let mut spans: SmallVec<[Slot; PART_HITS]> = SmallVec::new();
        spans.resize(hits.len(), Slot::UNKNOWN);
        let mut verified = Verified {
            engine: self,
            text,
            marked,
            hits,
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
