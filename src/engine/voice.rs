//! The agent's voice: which variant of each register dimension a message shows (its cues), and
//! suggestion templates filled in that voice (`"Để {i} kiểm tra giúp {you}{a}"` →
//! `"Để em kiểm tra giúp anh ạ"`).

use super::tables::{Engine, EntryKind};
use crate::lang::Lang;
use crate::review::Register;
use crate::rules::Markers;

/// Whether the text before `at` ends a sentence (or there is none): the case of a word there
/// says nothing about the word.
fn sentence_start(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '"' | '“' | '«'))
}

/// Verified matches of markers and register cues: whether each needs a marked (diacritic) text,
/// its entry, its span.
pub(crate) type MarkHits = smallvec::SmallVec<[(usize, u32, crate::span::Span); 8]>;

impl Engine<'_> {
    /// The markers and the register cues of one turn (in a plausible language).
    pub(crate) fn turn_marks(&self, text: &str, forced: Option<Lang>) -> (Markers, Register) {
        let mut hits = MarkHits::new();
        // As a review does: a message of one plausible language walks that language's markers
        // alone; the other languages' cues would be dropped as implausible below anyway.
        let (early, alone) = self.walk_plan(text, forced);
        let markers_of = alone.map_or(&self.markers, |m| &m.markers);
        let stats = markers_of.scan(text, |eid, s, e| self.mark_hit(eid, text, s, e, &mut hits));
        hits.retain(|(needs, _, _)| *needs == 0 || stats.latin_marked);
        self.marks_of(text, forced, early, hits)
    }

    /// A marker's or cue's entry `eid` matched at `s..e`: kept in `hits` if it verifies.
    #[inline]
    pub(crate) fn mark_hit(&self, eid: u32, text: &str, s: usize, e: usize, hits: &mut MarkHits) {
        if let Some(entry) = self.entry(eid) {
            if let Some((span, needs)) = self.verify(&entry, text, s, e) {
                hits.push((usize::from(needs), eid, span));
            }
        }
    }

    /// The markers and register cues `hits` of `text` stand for, in the languages plausible in
    /// it (`det`, if already detected).
    pub(crate) fn marks_of(
        &self,
        text: &str,
        forced: Option<Lang>,
        det: Option<crate::detect::Detected>,
        mut hits: MarkHits,
    ) -> (Markers, Register) {
        let mut markers = Markers::default();
        let mut register = Register::new();
        if hits.is_empty() {
            return (markers, register);
        }
        let det = det.unwrap_or_else(|| self.detection(text, forced));
        hits.sort_by_key(|(_, _, span)| (span.start, std::cmp::Reverse(span.end)));
        // Per dimension, the furthest-reaching cue so far: a cue inside a longer one of the same
        // dimension ("chị" in "anh chị", "puan" in "tuan/puan") is part of it, not a choice.
        let mut reach: smallvec::SmallVec<[(u16, crate::span::Span); 4]> =
            smallvec::SmallVec::new();
        for (_, eid, span) in hits {
            let Some(entry) = self.entry(eid) else {
                continue;
            };
            if !self.plausible(entry.pack, &det) {
                continue;
            }
            match entry.kind {
                EntryKind::Marker(m) => markers.insert(m),
                EntryKind::Cue(d, v) => {
                    let Some(dim) = self.dimensions.get(usize::from(d)) else {
                        continue;
                    };
                    match reach.iter_mut().find(|(rd, _)| *rd == d) {
                        Some((_, longer))
                            if longer.end >= span.end
                                && (longer.start < span.start || longer.end > span.end) =>
                        {
                            continue;
                        }
                        Some((_, r)) => {
                            if span.end > r.end {
                                *r = span;
                            }
                        }
                        None => reach.push((d, span)),
                    }
                    let Some(variant) = dim.variants.get(usize::from(v)) else {
                        continue;
                    };
                    if variant.exact_case {
                        let written = text[span.range()].chars().next();
                        let wanted = self.phrase(&entry).chars().next();
                        let same_case = written
                            .zip(wanted)
                            .is_some_and(|(w, c)| w.is_uppercase() == c.is_uppercase());
                        if !same_case || sentence_start(text, span.start) {
                            continue;
                        }
                    }
                    register = register.with(&dim.name, &variant.name);
                }
                _ => {}
            }
        }
        (markers, register)
    }

    /// `template` with its `{slot}`s filled in `register` by the dimensions of pack `pack`, and
    /// whether the result is still safe to apply (no slot fell back to a default that is not).
    pub(crate) fn fill(&self, template: &str, pack: u16, register: &Register) -> (String, bool) {
        if !template.contains('{') {
            return (template.to_string(), true);
        }
        let dims = self
            .packs
            .get(usize::from(pack))
            .map_or(&[][..], |p| &p.dimensions[..]);
        let mut out = String::with_capacity(template.len() + 16);
        let mut safe = true;
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                return (out, safe);
            };
            let slot = &after[..j];
            let value = dims
                .iter()
                .filter_map(|d| self.dimensions.get(usize::from(*d)))
                .find_map(|d| {
                    let default = d.default.iter().find(|(k, _)| k == slot)?;
                    let chosen = register.get(&d.name).and_then(|v| {
                        d.variants
                            .iter()
                            .find(|x| x.name == v)
                            .and_then(|x| x.fill.iter().find(|(k, _)| k == slot))
                    });
                    match chosen {
                        Some((_, x)) => Some(x.as_str()),
                        None => {
                            safe &= d.safe_default;
                            Some(default.1.as_str())
                        }
                    }
                })
                .unwrap_or("");
            if sentence_start(&out, out.len()) && !out.is_empty() {
                let mut c = value.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push_str(value);
            }
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        (out, safe)
    }
}
