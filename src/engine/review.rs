//! Reviewing one message, stage by stage: match → verify → context → report → escalation.

use super::combos::{GroupHit, GroupHits, MAX_GROUP_HITS};
use super::report::is_capitals;
use super::tables::{Engine, EntryKind};
use super::verify::{plausible_edges, Cand, Cands, ItemSpans};
use super::voice::MarkHits;
use crate::detect::Detected;
use crate::escalation::SignalCounts;
use crate::lang::Lang;
use crate::review::{Register, Review, ReviewOptions, Templates};
use crate::role::Role;
use crate::rules::{Markers, RuleKind};
use crate::span::Span;

impl Engine<'_> {
    /// The detection of `text`, or the language the caller forced.
    /// A forced language this coach does not know is looked up among the packs' aliases, then
    /// ignored (the text is detected) rather than silently matching nothing.
    pub(crate) fn detection(&self, text: &str, forced: Option<Lang>) -> Detected {
        let known = forced.and_then(|l| {
            if self.detector.slot(l).is_some() {
                return Some(l);
            }
            self.aliases
                .iter()
                .find(|(a, _)| a == l.code())
                .map(|(_, l)| *l)
        });
        match known {
            Some(l) => self.detector.forced(l),
            None => self.detector.detect(text),
        }
    }

    /// The language a detection puts first.
    pub(crate) fn primary_lang(&self, det: &Detected) -> Option<Lang> {
        det.primary.and_then(|s| self.detector.lang(s))
    }

    /// Reviews one message: as it is written, then a customer's as the language it reads as
    /// when it was typed on another script's keyboard (`transliterated`).
    pub(crate) fn review(&self, role: Role, text: &str, opts: &ReviewOptions) -> Review {
        self.review_both(role, text, opts, None).0
    }

    /// Reviews one turn of a conversation, and finds its markers and register cues in the same
    /// walk of the text (as [`Engine::turn_marks`] would).
    pub(crate) fn review_marked(
        &self,
        role: Role,
        text: &str,
        opts: &ReviewOptions,
    ) -> (Review, Markers, Register) {
        let mut hits = MarkHits::new();
        let (review, det) = self.review_both(role, text, opts, Some(&mut hits));
        let (markers, register) = self.marks_of(text, opts.lang, det, hits);
        (review, markers, register)
    }

    /// A message reviewed as written and, a customer's, as it reads back
    /// ([`Engine::review_read_back`]); and its detection, if one was made.
    fn review_both(
        &self,
        role: Role,
        text: &str,
        opts: &ReviewOptions,
        marks: Option<&mut MarkHits>,
    ) -> (Review, Option<Detected>) {
        let (mut review, det) = self.review_detected(role, text, opts, marks);
        if role == Role::Customer {
            self.review_read_back(text, opts, det, &mut review);
        }
        (review, det)
    }

    /// Reviews one message as it is written.
    pub(crate) fn review_written(&self, role: Role, text: &str, opts: &ReviewOptions) -> Review {
        self.review_detected(role, text, opts, None).0
    }

    /// Reviews one message as it is written; and its detection, if the review needed one. The
    /// markers and register cues met on the way go to `marks`, if given.
    fn review_detected(
        &self,
        role: Role,
        text: &str,
        opts: &ReviewOptions,
        mut marks: Option<&mut MarkHits>,
    ) -> (Review, Option<Detected>) {
        let rm = self.role(role);
        let forced = opts.lang;
        // The languages the message may be in decide which automaton it walks, when the coach
        // holds each language's alone; otherwise the message is detected only if it raises a
        // candidate.
        let (early, alone) = self.walk_plan(text, forced);
        let phrases = alone.map_or(&rm.phrases, |m| m.phrases(role));
        // Match and verify: one pass of the automaton; a clean message stops here, unallocated.
        let mut cands = Cands::new();
        let mut words = GroupHits::new();
        let stats = phrases.scan(text, |eid, s, e| {
            let Some(entry) = self.entry(eid) else {
                return;
            };
            match entry.kind {
                EntryKind::Rule(rule) => {
                    if let Some((span, needs_marked)) = self.verify(&entry, text, s, e) {
                        cands.push(Cand {
                            rule,
                            pack: entry.pack,
                            entry: Some(eid),
                            span,
                            needs_marked,
                            items: None,
                        });
                    }
                }
                // Words of combinations are verified only if a combination needs them.
                EntryKind::Parts(group)
                    if words.len() < MAX_GROUP_HITS
                        && plausible_edges(&entry, self.suffixed(&entry), text, s, e) =>
                {
                    words.extend(GroupHit::new(group, eid, s, e))
                }
                EntryKind::Marker(_) | EntryKind::Cue(..) => {
                    if let Some(hits) = marks.as_deref_mut() {
                        self.mark_hit(eid, text, s, e, hits);
                    }
                }
                _ => {}
            }
        });
        cands.retain(|c| !c.needs_marked || stats.latin_marked);
        if let Some(hits) = marks.as_deref_mut() {
            hits.retain(|(needs, _, _)| *needs == 0 || stats.latin_marked);
        }
        let mut items = ItemSpans::new();
        if !words.is_empty() {
            self.combo_candidates(rm, text, stats.latin_marked, &words, &mut cands, &mut items);
        }
        if !rm.maskable.is_empty() && stats.masked {
            self.masked_candidates(rm, text, &mut cands);
        }
        if opts.templates == Templates::Sent {
            if let Some(rule) = rm.unrendered {
                self.unrendered_templates(rule, text, &mut cands);
            }
        }
        if self.turned_off {
            cands.retain(|c| self.enabled(c.rule));
        }
        // The patterns that match (most messages: none, answered by the sets at once, see
        // `gates`); only those are compiled alone and run for their spans.
        let slot = alone.and(early.as_ref()).and_then(Detected::only);
        let mut matched = self.patterns_of(rm, slot).matches(&rm.regexes, text);
        matched.retain(|i| {
            rm.regexes
                .get(*i)
                .is_some_and(|r| self.enabled(r.rule) && !self.is_left_out(r.pack))
        });
        // The scorer's second opinion on a customer's sentences, for the rules no pattern
        // raised. Its candidates pass the context on their own, and stand only for a rule none
        // of the phrases' candidates still raises after it: a phrase the context cancels
        // ("ngu" read as a word of another kind) says nothing about what the whole sentence is.
        let mut scored = Cands::new();
        let mut scored_det = None;
        if role == Role::Customer && !self.scorers.is_empty() {
            let det = early.unwrap_or_else(|| self.detection(text, forced));
            let patterns = matched
                .iter()
                .filter_map(|&i| rm.regexes.get(i))
                .filter(|r| self.rule(r.rule).cross_language || self.plausible(r.pack, &det))
                .map(|r| r.rule);
            self.scored_candidates(text, &det, patterns, &mut scored);
            scored_det = Some(det);
        }
        let regex_hit = !matched.is_empty();
        let capitals = rm.capitals.filter(|_| is_capitals(text, &stats));
        if cands.is_empty() && scored.is_empty() && !regex_hit && capitals.is_none() {
            return (Review::default(), early.or(scored_det));
        }
        let det = early
            .or(scored_det)
            .unwrap_or_else(|| self.detection(text, forced));
        cands.retain(|c| self.plausible(c.pack, &det));
        if regex_hit {
            for rr in matched.iter().filter_map(|&i| rm.regexes.get(i)) {
                if !self.rule(rr.rule).cross_language && !self.plausible(rr.pack, &det) {
                    continue;
                }
                let Some(regex) = rr.regex() else {
                    continue;
                };
                for caps in regex.captures_iter(text) {
                    if let Some(m) = caps.name("m").or_else(|| caps.get(0)) {
                        if m.start() < m.end() {
                            cands.push(Cand::new(rr.rule, rr.pack, Span::new(m.start(), m.end())));
                        }
                    }
                }
            }
        }
        // Context, then one report per rule and place.
        self.apply_context(text, &det, &mut cands, &items);
        if !scored.is_empty() {
            self.apply_context(text, &det, &mut scored, &ItemSpans::new());
            scored.retain(|s| !cands.iter().any(|c| c.rule == s.rule));
            cands.extend(scored);
        }
        let kept = self.dedup(cands, &det);
        // The agent's voice, for suggestions written as templates: earlier turns, then this one.
        let lang = self.primary_lang(&det);
        let templated = role == Role::Agent && kept.iter().any(|c| self.templated(c, lang));
        let voice = if templated {
            let mut v = opts.register.clone();
            // The cues this walk met, when it collected them; else a walk of their own.
            let cues = match marks.as_deref() {
                Some(hits) => self.marks_of(text, forced, Some(det), hits.clone()).1,
                None => self.turn_marks(text, forced).1,
            };
            v.update(&cues);
            v
        } else {
            opts.register.clone()
        };
        let mut review = Review::default();
        // With a limit, the first candidates by position are reported; the others only
        // counted, for `omitted` and for the escalation level.
        let cap = opts.max_results.unwrap_or(usize::MAX);
        let mut kept = kept;
        if kept.len() > cap {
            kept.sort_by_key(|c| (c.span.start, c.span.end));
        }
        let mut unreported = SignalCounts::default();
        for c in &kept {
            let full = match self.rule(c.rule).kind {
                RuleKind::Signal(kind) if review.signals.len() >= cap => {
                    unreported.add(kind);
                    true
                }
                RuleKind::Finding(_) => review.findings.len() >= cap,
                _ => false,
            };
            if full {
                review.omitted += 1;
            } else {
                self.report(c, text, lang, &voice, &mut review);
            }
        }
        if let Some(rule) = capitals {
            self.report_capitals(rule, text, lang, &mut review);
            if review.findings.len() > cap {
                review.findings.truncate(cap);
                review.omitted += 1;
            }
            if review.signals.len() > cap {
                for s in review.signals.drain(cap..) {
                    unreported.add(s.kind);
                    review.omitted += 1;
                }
            }
        }
        review
            .findings
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        review
            .signals
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        // Escalation.
        let mut counts = SignalCounts::of(&review.signals);
        counts.add_all(&unreported);
        review.level = self.policy.level(&counts);
        (review, Some(det))
    }

    /// Template variables (`{{first_name}}`) left in a message that was sent: candidates of
    /// `rule`, reported in the message's language.
    fn unrendered_templates(&self, rule: u16, text: &str, cands: &mut Cands) {
        /// Longest variable read, so a stray `{{` cannot swallow a whole message.
        const MAX_VARIABLE: usize = 120;
        // The message's pack, detected once: per variable, a message of thousands of them took
        // quadratic time.
        let mut pack = None;
        for (open, close) in &self.templates {
            let mut at = 0;
            while let Some(rel) = text.get(at..).and_then(|t| t.find(open.as_str())) {
                let s = at + rel;
                let inner = s + open.len();
                let mut stop = (inner + MAX_VARIABLE).min(text.len());
                while !text.is_char_boundary(stop) {
                    stop -= 1;
                }
                let window = &text[inner..stop];
                match window
                    .find(close.as_str())
                    .filter(|&e| !window[..e].contains('\n'))
                {
                    Some(e) => {
                        let end = inner + e + close.len();
                        let pack = *pack.get_or_insert_with(|| {
                            self.pack_or_first(self.primary_lang(&self.detector.detect(text)))
                        });
                        cands.push(Cand::new(rule, pack, Span::new(s, end)));
                        at = end;
                    }
                    None => at = inner,
                }
            }
        }
    }
}
