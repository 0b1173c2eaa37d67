//! Context: what around a verified candidate cancels it. An innocent host word around it
//! ("Scunthorpe"), a rule's exception in its sentence ("I don't know, *but let me find out*"), a
//! negation shortly before a negatable rule ("I'm *not* going to sue"), and language
//! plausibility (a Vietnamese abbreviation is not read into English text).

use smallvec::SmallVec;
use unicode_segmentation::UnicodeSegmentation;

use super::matcher::MAX_PHRASE_BYTES;
use super::tables::{Engine, EntryKind};
use super::verify::{Cand, Cands, Hit, Hits};
use crate::detect::Detected;
use crate::normalize::chars::{is_mark, is_thai};
use crate::pack::UnlessScope;
use crate::span::Span;

impl Engine {
    /// Whether a pack's language is plausible for the message.
    pub(crate) fn plausible(&self, pack: u16, d: &Detected) -> bool {
        self.packs
            .get(usize::from(pack))
            .is_some_and(|p| p.lang.is_none() || p.slot.is_some_and(|s| d.includes(s)))
    }

    /// Drops the candidates their context cancels.
    pub(crate) fn apply_context(&self, text: &str, det: &Detected, cands: &mut Cands) {
        if cands.is_empty() {
            return;
        }
        let rules: SmallVec<[u16; 8]> = cands.iter().map(|c| c.rule).collect();
        let negatable = cands.iter().any(|c| self.rule(c.rule).negatable);
        let wanted = |k: EntryKind| match k {
            EntryKind::Innocent => true,
            EntryKind::Unless(r) => rules.contains(&r),
            EntryKind::Negation | EntryKind::ClauseBreak => negatable,
            EntryKind::Rule(_) | EntryKind::Marker(_) => false,
        };
        let mut hits: Hits = self
            .hits_where(&self.context, text, wanted)
            .into_iter()
            .filter(|h| self.plausible(h.pack, det))
            .collect();
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        let mut unless_anywhere: SmallVec<[u16; 8]> = hits
            .iter()
            .filter_map(|h| match h.kind {
                EntryKind::Unless(r) => Some(r),
                _ => None,
            })
            .collect();
        unless_anywhere.sort_unstable();
        unless_anywhere.dedup();
        let sentences = Sentences::new(text);
        cands.retain(|c| !self.cancelled(c, text, &hits, &unless_anywhere, &sentences));
    }

    /// Whether the rule's context cancels the candidate. `hits` are sorted by start, so each
    /// check looks only at the hits near the candidate.
    fn cancelled(
        &self,
        c: &Cand,
        text: &str,
        hits: &[Hit],
        unless_anywhere: &[u16],
        sentences: &Sentences,
    ) -> bool {
        let near = |lo: usize, hi: usize| {
            let from = hits.partition_point(|h| h.span.start < lo);
            hits[from..].iter().take_while(move |h| h.span.start <= hi)
        };
        let reach = MAX_PHRASE_BYTES * 4;
        if near(c.span.end.saturating_sub(reach), c.span.start)
            .any(|h| h.kind == EntryKind::Innocent && h.span.contains(c.span))
        {
            return true;
        }
        let scope = self
            .texts(c.rule, c.pack)
            .map_or(UnlessScope::Sentence, |t| t.unless_scope);
        match scope {
            UnlessScope::Sentence => {
                let area = sentences.around(c.span);
                if near(area.start, area.end)
                    .any(|h| h.kind == EntryKind::Unless(c.rule) && area.contains(h.span))
                {
                    return true;
                }
            }
            UnlessScope::Message => {
                if unless_anywhere.contains(&c.rule) {
                    return true;
                }
            }
        }
        self.rule(c.rule).negatable && self.negated(c, text, hits)
    }

    /// Whether a negation cue stands shortly before the candidate, in the same clause.
    fn negated(&self, c: &Cand, text: &str, hits: &[Hit]) -> bool {
        let lo = c.span.start.saturating_sub(MAX_PHRASE_BYTES * 2);
        let from = hits.partition_point(|h| h.span.start < lo);
        let nearby = &hits[from..hits.partition_point(|h| h.span.start <= c.span.start)];
        // A match that opens a clause ("… I will sue") is not governed by an earlier negation.
        if nearby
            .iter()
            .any(|h| h.kind == EntryKind::ClauseBreak && h.span.start == c.span.start)
        {
            return false;
        }
        nearby.iter().any(|cue| {
            if cue.kind != EntryKind::Negation || cue.span.end > c.span.start {
                return false;
            }
            let gap = &text[cue.span.end..c.span.start];
            if gap.contains(['.', '!', '?', ';', '\n']) {
                return false;
            }
            let broken = nearby.iter().any(|h| {
                h.kind == EntryKind::ClauseBreak
                    && h.span.start >= cue.span.end
                    && h.span.end <= c.span.start
            });
            let window = self
                .packs
                .get(usize::from(cue.pack))
                .map_or(3, |p| p.negation_window);
            !broken && gap_words(gap) <= window
        })
    }
}

/// Where sentences end in a text (the byte after each `.`, `!`, `?`, line break …), found once
/// per message so that looking up the sentence of each candidate is a binary search.
pub(crate) struct Sentences {
    ends: SmallVec<[usize; 16]>,
    len: usize,
}

impl Sentences {
    pub(crate) fn new(text: &str) -> Sentences {
        let mut ends = SmallVec::new();
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let end = match c {
                '!' | '?' | '\n' | '。' | '！' | '？' => true,
                '.' | '…' => it.peek().is_none_or(|(_, n)| n.is_whitespace()),
                _ => false,
            };
            if end {
                ends.push(i + c.len_utf8());
            }
        }
        Sentences {
            ends,
            len: text.len(),
        }
    }

    /// The sentence around `span`: from the end of the previous sentence to the end of the one
    /// the span ends in.
    pub(crate) fn around(&self, span: Span) -> Span {
        let k = self.ends.partition_point(|&e| e <= span.start);
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        let m = self.ends.partition_point(|&e| e <= span.end);
        let end = self.ends.get(m).copied().unwrap_or(self.len);
        Span::new(start, end.max(span.end))
    }
}

/// Words in a gap of text; scripts written without spaces (Thai) count about eight characters a
/// word.
pub(crate) fn gap_words(gap: &str) -> usize {
    let mut words = 0;
    let mut spaceless = 0;
    for w in gap.unicode_words() {
        if w.chars().all(is_thai) {
            spaceless += w.chars().filter(|c| !is_mark(*c)).count();
        } else {
            words += 1;
        }
    }
    words + spaceless.div_ceil(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        let t = "Hi there. I don't know, but let me check! Bye";
        let s = t.find("know").unwrap_or(0);
        let sp = Sentences::new(t).around(Span::new(s, s + 4));
        assert_eq!(&t[sp.range()], " I don't know, but let me check!");
    }

    #[test]
    fn gaps_count_words() {
        assert_eq!(gap_words(" is not really "), 3);
        assert_eq!(gap_words("ไม่ได้"), 1);
    }
}
