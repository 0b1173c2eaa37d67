//! Combinations: the words of each item were raised by the automaton pass like any phrase; a
//! combination matches when its items stand in order in one sentence, with no more words
//! between two items than the pack allows. Only combinations whose anchor (their rarest item)
//! occurred are looked at, and an item's words are verified only when a combination needs them.

use smallvec::SmallVec;
use unicode_segmentation::UnicodeSegmentation;

use super::sentences::{gap_words, Sentences};
use super::tables::{Combo, Engine, RoleMatcher};
use super::verify::{Cand, Cands, ItemSpans};
use crate::span::Span;

/// A raw occurrence of a combination part's phrase, not yet verified.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartHit {
    pub part: u16,
    pub entry: u32,
    pub start: usize,
    pub end: usize,
}

/// Raw part occurrences of one message, on the stack for ordinary messages (a common word may
/// stand in many lists of several packs: nine Vietnamese words, "Thẻ của tôi bị khóa, làm sao để
/// mở lại?", raise more than 512).
pub(crate) const PART_HITS: usize = 1024;
pub(crate) type PartHits = SmallVec<[PartHit; PART_HITS]>;

/// Beyond this distance from the previous item no later hit can fit a gap.
const MAX_GAP_BYTES: usize = 512;

/// Most words a combination may span in all (so hostile input stays linear).
const MAX_COMBO_WORDS: usize = 40;

/// Whether a stretch of text has a letter or digit (an anchored item must have none between it
/// and its sentence's edge; punctuation, symbols and emoji may stand there).
fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Verified spans of the raw hits, computed on first need.
struct Verified<'a> {
    engine: &'a Engine,
    text: &'a str,
    marked: bool,
    raw: &'a [PartHit],
    spans: SmallVec<[Option<Option<Span>>; PART_HITS]>,
}

impl Verified<'_> {
    fn span(&mut self, i: usize) -> Option<Span> {
        if let Some(v) = self.spans[i] {
            return v;
        }
        let h = self.raw[i];
        let v = self
            .engine
            .entries
            .get(h.entry as usize)
            .and_then(|entry| self.engine.verify(entry, self.text, h.start, h.end))
            .filter(|(_, needs_marked)| !needs_marked || self.marked)
            .map(|(span, _)| span);
        self.spans[i] = Some(v);
        v
    }
}

impl Engine {
    /// Adds a candidate for every combination of `rm` that matches in `text`.
    pub(crate) fn combo_candidates(
        &self,
        rm: &RoleMatcher,
        text: &str,
        marked: bool,
        raw: &PartHits,
        cands: &mut Cands,
        items: &mut ItemSpans,
    ) {
        // Which parts occurred at all: a combination needs every one of its parts.
        let mut seen: SmallVec<[u16; PART_HITS]> = raw.iter().map(|h| h.part).collect();
        seen.sort_unstable();
        seen.dedup();
        let has = |p: u16| seen.binary_search(&p).is_ok();
        // Combinations whose every part occurred, each once.
        let mut todo: SmallVec<[u32; 16]> = SmallVec::new();
        for h in raw {
            for &ci in rm.anchored.get(usize::from(h.part)).into_iter().flatten() {
                let complete = rm
                    .combos
                    .get(ci as usize)
                    .is_some_and(|c| c.items.iter().all(|(_, p)| has(*p)));
                if complete && !todo.contains(&ci) {
                    todo.push(ci);
                }
            }
        }
        if todo.is_empty() {
            return;
        }
        // Raw hits by part, in text order.
        let mut order: SmallVec<[usize; PART_HITS]> = (0..raw.len()).collect();
        order.sort_by_key(|&i| (raw[i].part, raw[i].start, raw[i].end));
        let mut verified = Verified {
            engine: self,
            text,
            marked,
            raw,
            spans: SmallVec::from_elem(None, raw.len()),
        };
        let sentences = Sentences::new(text);
        for ci in todo {
            let Some(combo) = rm.combos.get(ci as usize) else {
                continue;
            };
            self.match_combo(combo, &order, &mut verified, &sentences, cands, items);
        }
    }

    fn match_combo(
        &self,
        combo: &Combo,
        order: &[usize],
        v: &mut Verified<'_>,
        sentences: &Sentences,
        cands: &mut Cands,
        items: &mut ItemSpans,
    ) {
        let hits_of = |part: u16| {
            let lo = order.partition_point(|&i| v.raw[i].part < part);
            let hi = order.partition_point(|&i| v.raw[i].part <= part);
            &order[lo..hi]
        };
        let Some(&(_, first)) = combo.items.first() else {
            return;
        };
        let mut after = 0;
        for &i in hits_of(first) {
            if v.raw[i].start < after {
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
                    .is_some_and(|t| t.unicode_words().count() <= MAX_COMBO_WORDS)
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
    fn extend<'o>(
        &self,
        combo: &Combo,
        k: usize,
        hits_of: &impl Fn(u16) -> &'o [usize],
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
        let hits = hits_of(part);
        // Hits are in text order; an item's words start at or before its raw hit, so hits that
        // start before the chain's end cannot follow it.
        let from = hits.partition_point(|&i| v.raw[i].start < prev.end);
        for &i in &hits[from..] {
            let h = v.raw[i];
            if h.start >= sentence.end {
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
            if gap_words(&v.text[prev.end..span.start]) > usize::from(gap) {
                // Beyond this distance no later hit's head can reach back into the gap.
                if h.start - prev.end > MAX_GAP_BYTES {
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
