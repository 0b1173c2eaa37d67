//! Reviewing one message, stage by stage: match → verify → context → report → escalation.

use super::report::is_capitals;
use super::tables::{Engine, EntryKind};
use super::verify::{Cand, Cands};
use crate::detect::Detected;
use crate::escalation::SignalCounts;
use crate::lang::Lang;
use crate::normalize::chars::is_mask;
use crate::review::Review;
use crate::role::Role;
use crate::rules::Markers;
use crate::span::Span;

impl Engine {
    /// The detection of `text`, or the language the caller forced.
    pub(crate) fn detection(&self, text: &str, forced: Option<Lang>) -> Detected {
        match forced {
            Some(l) => self.detector.forced(l),
            None => self.detector.detect(text),
        }
    }

    /// Reviews one message.
    pub(crate) fn review(&self, role: Role, text: &str, forced: Option<Lang>) -> Review {
        let rm = self.role(role);
        // Match and verify: one pass of the automaton; a clean message stops here, unallocated.
        let mut cands = Cands::new();
        let stats = rm.phrases.scan(text, |eid, s, e| {
            let Some(entry) = self.entries.get(eid as usize) else {
                return;
            };
            if let EntryKind::Rule(rule) = entry.kind {
                if let Some((span, needs_marked)) = self.verify(entry, text, s, e) {
                    cands.push(Cand {
                        rule,
                        pack: entry.pack,
                        entry: Some(eid),
                        span,
                        needs_marked,
                    });
                }
            }
        });
        cands.retain(|c| !c.needs_marked || stats.latin_marked);
        if !rm.maskable.is_empty() && text.contains(is_mask) {
            self.masked_candidates(rm, text, &mut cands);
        }
        let regex_hit = rm.regex_set.as_ref().is_some_and(|set| set.is_match(text));
        let capitals = rm.capitals.filter(|_| is_capitals(text, &stats));
        if cands.is_empty() && !regex_hit && capitals.is_none() {
            return Review::default();
        }
        let det = self.detection(text, forced);
        cands.retain(|c| self.plausible(c.pack, &det));
        if regex_hit {
            for rr in &rm.regexes {
                if !self.rule(rr.rule).cross_language && !self.plausible(rr.pack, &det) {
                    continue;
                }
                for caps in rr.regex.captures_iter(text) {
                    if let Some(m) = caps.name("m").or_else(|| caps.get(0)) {
                        if m.start() < m.end() {
                            cands.push(Cand {
                                rule: rr.rule,
                                pack: rr.pack,
                                entry: None,
                                span: Span::new(m.start(), m.end()),
                                needs_marked: false,
                            });
                        }
                    }
                }
            }
        }
        // Context, then one report per rule and place.
        self.apply_context(text, &det, &mut cands);
        let kept = self.dedup(cands, &det);
        let mut review = Review::default();
        for c in &kept {
            self.report(c, text, &mut review);
        }
        if let Some(rule) = capitals {
            self.report_capitals(rule, text, &det, &mut review);
        }
        review
            .findings
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        review
            .signals
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        // Escalation.
        review.level = self.policy.level(&SignalCounts::of(&review.signals));
        review
    }

    /// Which markers occur in `text` (in a plausible language).
    pub(crate) fn markers(&self, text: &str, forced: Option<Lang>) -> Markers {
        let hits = self.hits_where(&self.markers, text, |_| true);
        let mut found = Markers::default();
        if hits.is_empty() {
            return found;
        }
        let det = self.detection(text, forced);
        for h in hits {
            if let EntryKind::Marker(m) = h.kind {
                if self.plausible(h.pack, &det) {
                    found.insert(m);
                }
            }
        }
        found
    }
}
