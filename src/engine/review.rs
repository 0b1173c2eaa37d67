//! Reviewing one message: match → verify → context → findings → escalation.

use smallvec::SmallVec;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

use super::{Engine, Entry, EntryKind, RoleMatcher, SHOUT_MIN_LETTERS, SHOUT_MIN_PERCENT};
use crate::boundary::{is_boundary, word_end, word_start};
use crate::detect::Detection;
use crate::escalation::SignalCounts;
use crate::finding::{Finding, Review, Signal, Suggestion};
use crate::lang::{Lang, LangSet};
use crate::normalize::chars::{is_ignorable, is_mark, is_mask, is_thai, map_punct};
use crate::normalize::stream::{match_char, TextStats, SKELETON, STRICT};
use crate::normalize::units::{
    script_compatible, script_mix, skeleton_matches, strict_matches, units, Diacritics, Unit, Units,
};
use crate::pack::raw::UnlessScope;
use crate::pack::RuleKind;
use crate::span::Span;
use crate::types::Role;

/// A verified match of a rule, before context.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub rule: u16,
    pub pack: u16,
    pub entry: Option<u32>,
    pub span: Span,
    pub needs_marked: bool,
}

/// Context hits of one message, on the stack for the usual handful.
pub(crate) type Hits = SmallVec<[Hit; 16]>;

/// A verified match of a context or marker phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub kind: EntryKind,
    pub pack: u16,
    pub span: Span,
}

impl Engine {
    /// Checks a candidate occurrence of `entry` at original bytes `s..e`: the text really says
    /// the phrase under the rule's policy, on word boundaries. Returns the span to report.
    pub(crate) fn verify(
        &self,
        entry: &Entry,
        text: &str,
        s: usize,
        e: usize,
    ) -> Option<(Span, bool)> {
        if s >= e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return None;
        }
        // Most candidates are pieces of longer words (`an` in `and`): reject those before any
        // normalization, on ASCII letters either side of an edge.
        let b = text.as_bytes();
        let ascii_word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
        if !entry.open_left && entry.head.is_none() && s > 0 && ascii_word(s - 1) && ascii_word(s) {
            return None;
        }
        if !entry.open_right
            && ascii_word(e)
            && e > 0
            && ascii_word(e - 1)
            && !b[e].eq_ignore_ascii_case(&b[e - 1])
        {
            return None;
        }
        // Leetspeak reads digits as letters, but a candidate of digits only is a number.
        let piece = &text[s..e];
        if piece.bytes().any(|c| c.is_ascii_digit())
            && !piece.chars().any(char::is_alphabetic)
            && entry.phrase.chars().any(char::is_alphabetic)
        {
            return None;
        }
        // The automaton reports the end of the last matched character; marks, ignorable
        // characters and the rest of a stretched run still belong to it.
        // A head is cheap to rule out (its last letter must stand before the body): look first.
        let head_start = match &entry.head {
            Some(heads) => Some(find_head(text, s, heads, entry.policy)?),
            None => None,
        };
        // The automaton reports the end of the last matched character; marks and ignorable
        // characters still belong to it, and so may the rest of a stretched run (`sooo`). A run
        // that is really the next word's first letter (Thai writes words together) is tried
        // without the extension too.
        let mut end_marks = e;
        for c in text[e..].chars() {
            if is_mark(c) || is_ignorable(c) {
                end_marks += c.len_utf8();
            } else {
                break;
            }
        }
        let last = text[s..e].chars().next_back().and_then(match_char);
        let mut end_run = end_marks;
        for c in text[end_marks..].chars() {
            if is_mark(c) || is_ignorable(c) || (last.is_some() && match_char(c) == last) {
                end_run += c.len_utf8();
            } else {
                break;
            }
        }
        let (end, needs_marked) = [end_run, end_marks]
            .into_iter()
            .take(if end_run == end_marks { 1 } else { 2 })
            .find_map(|end| self.compare(entry, &text[s..end]).map(|n| (end, n)))?;
        let mut start = if entry.open_left {
            word_start(text, s)?
        } else {
            s
        };
        if let Some(h) = head_start {
            start = h;
        }
        let stop = if entry.open_right {
            word_end(text, end)?
        } else {
            end
        };
        if !entry.open_left && !is_boundary(text, start) {
            return None;
        }
        if !entry.open_right
            && !is_boundary(text, stop)
            && !self.clitic_follows(entry.pack, text, stop)
        {
            return None;
        }
        Some((Span::new(start, stop), needs_marked))
    }

    /// Whether `core` says the entry's phrase under its policy; `Some(needs_marked)` if so.
    fn compare(&self, entry: &Entry, core: &str) -> Option<bool> {
        if entry.obfuscation && entry.policy == Diacritics::Optional {
            if !skeleton_matches(&units(core, SKELETON), &units(&entry.phrase, SKELETON)) {
                return None;
            }
            if !script_compatible(script_mix(core), entry.script) {
                return None;
            }
            // Diacritics the writer did type must be the phrase's (`đủ mà` is not `đụ má`).
            let strict = units(core, STRICT);
            if crate::normalize::units::has_latin_diacritics(&strict) {
                let letters: Units = strict.iter().filter(|u| u.is_letter()).copied().collect();
                let phrase: Units = units(&entry.phrase, STRICT)
                    .iter()
                    .filter(|u| u.is_letter())
                    .copied()
                    .collect();
                if letters.len() == phrase.len()
                    && !strict_matches(&letters, &phrase, Diacritics::Optional, entry.marked, true)
                {
                    return None;
                }
            }
            Some(false)
        } else {
            strict_matches(
                &units(core, STRICT),
                &units(&entry.phrase, STRICT),
                entry.policy,
                entry.marked,
                true,
            )
            .then_some(entry.policy == Diacritics::Required && !entry.marked)
        }
    }

    fn clitic_follows(&self, pack: u16, text: &str, at: usize) -> bool {
        let Some(p) = self.packs.get(pack as usize) else {
            return false;
        };
        let rest = &text[at..];
        p.clitics.iter().any(|cl| {
            let mut n = 0;
            let mut it = rest.char_indices();
            for want in cl.chars() {
                match it.next() {
                    Some((_, c)) if map_punct(c).to_lowercase().eq(std::iter::once(want)) => {
                        n += c.len_utf8()
                    }
                    _ => return false,
                }
            }
            is_boundary(text, at + n)
        })
    }

    /// Every verified occurrence of the phrases of `m` (context or markers) in `text`.
    pub(crate) fn hits(&self, m: &super::Matcher, text: &str) -> Hits {
        self.hits_where(m, text, |_| true)
    }

    /// Like [`Engine::hits`], verifying only the entries `wanted` accepts (verification is the
    /// costly part; most context phrases concern rules that did not fire).
    pub(crate) fn hits_where(
        &self,
        m: &super::Matcher,
        text: &str,
        wanted: impl Fn(EntryKind) -> bool,
    ) -> Hits {
        let mut out = Hits::new();
        let mut provisional: SmallVec<[(Hit, bool); 16]> = SmallVec::new();
        let stats = m.scan(text, |eid, s, e| {
            if let Some(entry) = self.entries.get(eid as usize).filter(|en| wanted(en.kind)) {
                if let Some((span, needs)) = self.verify(entry, text, s, e) {
                    provisional.push((
                        Hit {
                            kind: entry.kind,
                            pack: entry.pack,
                            span,
                        },
                        needs,
                    ));
                }
            }
        });
        for (h, needs) in provisional {
            if !needs || stats.latin_marked {
                out.push(h);
            }
        }
        out
    }

    /// Which `[markers]` lists (bit per [`crate::pack::MARKERS`] entry) occur in `text`.
    pub(crate) fn marker_bits(&self, text: &str, forced: Option<Lang>) -> u8 {
        let hits = self.hits(&self.markers, text);
        if hits.is_empty() {
            return 0;
        }
        let det = self.detection(text, forced);
        let mut bits = 0u8;
        for h in hits {
            if let EntryKind::Marker(m) = h.kind {
                if self.plausible(h.pack, &det) {
                    bits |= 1 << m;
                }
            }
        }
        bits
    }

    pub(crate) fn detection(&self, text: &str, forced: Option<Lang>) -> Detection {
        match forced {
            Some(l) => Detection {
                primary: Some(l),
                plausible: LangSet::one(l),
                confident: true,
            },
            None => self.detector.detect(text),
        }
    }

    pub(crate) fn plausible(&self, pack: u16, d: &Detection) -> bool {
        self.packs
            .get(pack as usize)
            .is_some_and(|p| p.lang.is_none_or(|l| d.plausible.contains(l)))
    }

    /// The pack whose texts speak the language of the message.
    pub(crate) fn pack_for(&self, lang: Option<Lang>) -> Option<u16> {
        lang.and_then(|l| self.packs.iter().position(|p| p.lang == Some(l)))
            .map(|i| i as u16)
            .or(self.fallback_pack)
    }

    /// Reviews one message.
    pub(crate) fn review(&self, role: Role, text: &str, forced: Option<Lang>) -> Review {
        let rm = self.role(role);
        let mut cands: SmallVec<[Cand; 8]> = SmallVec::new();
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
        let shouting = rm.shouting.filter(|_| is_shouting(text, &stats));
        if cands.is_empty() && !regex_hit && shouting.is_none() {
            return Review::default();
        }
        self.assemble(rm, text, forced, cands, regex_hit, shouting)
    }

    fn assemble(
        &self,
        rm: &RoleMatcher,
        text: &str,
        forced: Option<Lang>,
        mut cands: SmallVec<[Cand; 8]>,
        regex_hit: bool,
        shouting: Option<u16>,
    ) -> Review {
        let det = self.detection(text, forced);
        cands.retain(|c| self.plausible(c.pack, &det));
        if regex_hit {
            for rr in rm.regexes.iter() {
                let cross = self.rules[rr.rule as usize].def.cross_language;
                if !cross && !self.plausible(rr.pack, &det) {
                    continue;
                }
                for caps in rr.regex.captures_iter(text) {
                    let m = caps.name("m").or_else(|| caps.get(0));
                    if let Some(m) = m {
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
        if !cands.is_empty() {
            let rules: SmallVec<[u16; 8]> = cands.iter().map(|c| c.rule).collect();
            let negatable = cands
                .iter()
                .any(|c| self.rules[c.rule as usize].def.negatable);
            let wanted = |k: EntryKind| match k {
                EntryKind::Innocent => true,
                EntryKind::Unless(r) => rules.contains(&r),
                EntryKind::Negation | EntryKind::ClauseBreak => negatable,
                EntryKind::Rule(_) | EntryKind::Marker(_) => false,
            };
            let mut hits: Hits = self
                .hits_where(&self.context, text, wanted)
                .into_iter()
                .filter(|h| self.plausible(h.pack, &det))
                .collect();
            hits.sort_by_key(|h| (h.span.start, h.span.end));
            let mut unless_anywhere: SmallVec<[u16; 8]> = hits
                .iter()
                .filter_map(|h| {
                    if let EntryKind::Unless(r) = h.kind {
                        Some(r)
                    } else {
                        None
                    }
                })
                .collect();
            unless_anywhere.sort_unstable();
            unless_anywhere.dedup();
            let sentences = Sentences::new(text);
            cands.retain(|c| !self.cancelled(c, text, &hits, &unless_anywhere, &sentences));
        }
        // One report per rule (or signal kind) and place: the longest of overlapping matches wins.
        cands.sort_by(|a, b| {
            self.report_key(a)
                .cmp(&self.report_key(b))
                .then(a.span.start.cmp(&b.span.start))
                .then(b.span.len().cmp(&a.span.len()))
        });
        let mut kept: SmallVec<[Cand; 8]> = SmallVec::new();
        let mut reach: Option<((u8, u16), usize)> = None;
        for c in cands {
            let key = self.report_key(&c);
            if let Some((k, end)) = reach {
                if k == key && c.span.start < end {
                    continue;
                }
            }
            reach = Some((key, c.span.end));
            kept.push(c);
        }
        let mut review = Review::default();
        for c in &kept {
            self.report(c, text, &mut review);
        }
        if let Some(rule) = shouting {
            let pack = self.pack_for(det.primary).unwrap_or(0);
            let trimmed_start = text.len() - text.trim_start().len();
            let trimmed_end = text.trim_end().len();
            if trimmed_start < trimmed_end {
                let c = Cand {
                    rule,
                    pack,
                    entry: None,
                    span: Span::new(trimmed_start, trimmed_end),
                    needs_marked: false,
                };
                self.report(&c, text, &mut review);
            }
        }
        review
            .findings
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        review
            .signals
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        review.level = self.policy.level(&SignalCounts::of(&review.signals));
        review
    }

    /// Words with masked letters (`f*ck`, `b**ch`) cannot be found by the automaton; the rare
    /// message that has one compares each such word with the single-word profanity phrases, a
    /// run of masks standing for one or more letters.
    fn masked_candidates(&self, rm: &RoleMatcher, text: &str, cands: &mut SmallVec<[Cand; 8]>) {
        let is_part = |c: char| {
            c.is_alphanumeric() || is_mask(c) || is_mark(c) || matches!(c, '$' | '@' | '!' | '|')
        };
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !is_part(c) {
                i += c.len_utf8();
                continue;
            }
            let start = i;
            let mut end = i;
            for (j, ch) in text[i..].char_indices() {
                if !is_part(ch) {
                    break;
                }
                end = i + j + ch.len_utf8();
            }
            i = end;
            let mut token = &text[start..end];
            let mut tstart = start;
            // Trailing `!` is punctuation, not a masked `i`.
            while token.ends_with('!') {
                token = &token[..token.len() - 1];
            }
            while token.starts_with(is_mask) {
                let n = token.chars().next().map_or(1, char::len_utf8);
                token = &token[n..];
                tstart += n;
            }
            if !token.contains(is_mask) || !token.chars().next().is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let tu = units(token, SKELETON);
            let span = Span::new(tstart, tstart + token.len());
            if !is_boundary(text, span.start) || !is_boundary(text, span.end) {
                continue;
            }
            let (Some(first), Some(last)) = (tu.first(), tu.last()) else {
                continue;
            };
            for &eid in rm
                .maskable
                .get(&(first.base, last.base))
                .into_iter()
                .flatten()
            {
                let Some(entry) = self.entries.get(eid as usize) else {
                    continue;
                };
                let EntryKind::Rule(rule) = entry.kind else {
                    continue;
                };
                if wildcard_matches(&tu, &units(&entry.phrase, SKELETON)) {
                    cands.push(Cand {
                        rule,
                        pack: entry.pack,
                        entry: Some(eid),
                        span,
                        needs_marked: false,
                    });
                }
            }
        }
    }

    /// Candidates with the same key report the same thing: a rule's findings, or a signal kind.
    fn report_key(&self, c: &Cand) -> (u8, u16) {
        match self.rules[c.rule as usize].def.kind {
            RuleKind::Signal(k) => (1, k as u16),
            RuleKind::Finding(..) => (0, c.rule),
        }
    }

    /// Whether the rule's context cancels the candidate: an innocent host word around it, an
    /// exception in its sentence, or (for threats and requests) a negation shortly before it.
    /// `hits` are sorted by start, so each check looks only at the hits near the candidate.
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
        let reach = super::MAX_PHRASE_BYTES * 4;
        if near(c.span.end.saturating_sub(reach), c.span.start)
            .any(|h| h.kind == EntryKind::Innocent && h.span.contains(c.span))
        {
            return true;
        }
        match self
            .texts(c.rule, c.pack)
            .map_or(UnlessScope::Sentence, |t| t.unless_scope)
        {
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
        if self.rules[c.rule as usize].def.negatable {
            return self.negated(c, text, hits);
        }
        false
    }

    fn negated(&self, c: &Cand, text: &str, hits: &[Hit]) -> bool {
        let lo = c.span.start.saturating_sub(super::MAX_PHRASE_BYTES * 2);
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
                .get(cue.pack as usize)
                .map_or(3, |p| p.negation_window);
            !broken && gap_words(gap) <= window
        })
    }

    fn report(&self, c: &Cand, text: &str, review: &mut Review) {
        let rule = &self.rules[c.rule as usize];
        let Some(matched) = c.span.slice(text) else {
            return;
        };
        let texts = self.texts(c.rule, c.pack);
        match rule.def.kind {
            RuleKind::Finding(category, _) => {
                let entry = c.entry.and_then(|e| self.entries.get(e as usize));
                let (replacement, fix) =
                    match entry.and_then(|e| e.suggestion.clone().map(|s| (s, e.fix))) {
                        Some((s, f)) => (Some(s), f),
                        None => (
                            if rule.def.id == "shouting" {
                                Some(Arc::from(sentence_case(matched).as_str()))
                            } else {
                                texts.and_then(|t| t.suggestion.clone())
                            },
                            entry.map_or_else(|| texts.map_or(rule.def.fix, |t| t.fix), |e| e.fix),
                        ),
                    };
                let shouting = rule.def.id == "shouting";
                let suggestion = replacement.map(|r| Suggestion {
                    replacement: if shouting {
                        r.to_string()
                    } else {
                        match_case(&r, text, c.span)
                    },
                    applicability: fix,
                });
                review.findings.push(Finding {
                    rule: rule.def.id.clone(),
                    category,
                    severity: rule.severity,
                    span: c.span,
                    text: matched.to_string(),
                    message: texts.map_or_else(|| rule.def.why.clone(), |t| t.message.clone()),
                    why: rule.def.why.clone(),
                    suggestion,
                    lang: self.packs.get(c.pack as usize).and_then(|p| p.lang),
                });
            }
            RuleKind::Signal(kind) => review.signals.push(Signal {
                kind,
                rule: rule.def.id.clone(),
                span: c.span,
                text: matched.to_string(),
                action: texts.map_or_else(
                    || {
                        rule.def
                            .action
                            .clone()
                            .unwrap_or_else(|| rule.def.why.clone())
                    },
                    |t| t.action.clone(),
                ),
                lang: self.packs.get(c.pack as usize).and_then(|p| p.lang),
            }),
        }
    }
}

/// Where one of `heads` starts if it ends right before `at` (whitespace allowed between); `None`
/// if none does. The text before the body is normalized once; each head is compared with its
/// tail, longest head first.
fn find_head(text: &str, at: usize, heads: &super::Heads, policy: Diacritics) -> Option<usize> {
    let before = text[..at].trim_end();
    let last = before
        .chars()
        .rev()
        .filter(|c| !is_mark(*c) && !is_ignorable(*c))
        .find_map(match_char)?;
    if heads.last_chars.binary_search(&last).is_err() {
        return None;
    }
    // Enough letters for the longest head, counting combining marks (NFD text) for free.
    let mut letters = 0;
    let mut ws = before.len();
    for (i, c) in before.char_indices().rev() {
        if !is_mark(c) {
            letters += 1;
            if letters > heads.max_chars + 4 {
                break;
            }
        }
        ws = i;
    }
    let (wu, starts) = crate::normalize::units::units_with_offsets(&before[ws..], STRICT);
    heads.units.iter().find_map(|(hu, marked)| {
        let k = hu.len();
        if k == 0 || k > wu.len() {
            return None;
        }
        let tail = &wu[wu.len() - k..];
        let start = ws + *starts.get(wu.len() - k)?;
        (strict_matches(tail, hu, policy, *marked, true) && is_boundary(text, start))
            .then_some(start)
    })
}

/// Whether masked `word` can spell `phrase`: the same first and last letters, each run of masks
/// standing for one or more letters, and (for words of five letters or more) at least one inner
/// letter left visible.
fn wildcard_matches(word: &[Unit], phrase: &[Unit]) -> bool {
    let (Some(wf), Some(pf), Some(wl), Some(pl)) =
        (word.first(), phrase.first(), word.last(), phrase.last())
    else {
        return false;
    };
    if wf.base == '*' || wl.base == '*' || wf.base != pf.base || wl.base != pl.base {
        return false;
    }
    let visible_inner = word[1..word.len().saturating_sub(1)]
        .iter()
        .filter(|u| u.base != '*')
        .count();
    let letters: usize = phrase.iter().map(|u| usize::from(u.run)).sum();
    if letters >= 5 && visible_inner == 0 {
        return false;
    }
    fn go(w: &[Unit], p: &[Unit]) -> bool {
        match (w.first(), p.first()) {
            (None, None) => true,
            (Some(u), _) if u.base == '*' => (1..=p.len()).any(|k| go(&w[1..], &p[k..])),
            (Some(u), Some(q)) => {
                u.base == q.base
                    && (u.run == q.run || (u.run >= 3 && u.run > q.run))
                    && go(&w[1..], &p[1..])
            }
            _ => false,
        }
    }
    go(word, phrase)
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

/// The sentence around `span` (see [`Sentences`]).
#[cfg(test)]
pub(crate) fn sentence(text: &str, span: Span) -> Span {
    Sentences::new(text).around(span)
}

/// Words in a gap of text; Thai, written without spaces, counts about eight characters a word.
fn gap_words(gap: &str) -> usize {
    let mut words = 0;
    let mut thai = 0;
    for w in gap.unicode_words() {
        if w.chars().all(is_thai) {
            thai += w.chars().filter(|c| !is_mark(*c)).count();
        } else {
            words += 1;
        }
    }
    words + thai.div_ceil(8)
}

fn is_shouting(text: &str, stats: &TextStats) -> bool {
    let letters = stats.upper + stats.lower;
    if letters < SHOUT_MIN_LETTERS || stats.upper * 100 < SHOUT_MIN_PERCENT * letters {
        return false;
    }
    text.unicode_words()
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| !c.is_lowercase())
                && w.chars().any(char::is_uppercase)
        })
        .count()
        >= 3
}

/// `text` in sentence case: lower case, with the first letter of each sentence capitalized.
fn sentence_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cap = true;
    for c in text.chars() {
        if c.is_alphabetic() {
            if cap {
                out.extend(c.to_uppercase());
                cap = false;
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            if matches!(c, '.' | '!' | '?' | '\n') {
                cap = true;
            }
            out.push(c);
        }
    }
    out
}

/// Gives `replacement` the casing the surrounding text calls for: capitals when the match is a
/// shouted phrase of several words, a capital first letter at the start of a sentence, and a
/// lower-case first letter inside a sentence (acronyms such as `ETA` are not shouting).
pub(crate) fn match_case(replacement: &str, text: &str, span: Span) -> String {
    let original = span.slice(text).unwrap_or("");
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = original.trim().contains(char::is_whitespace)
        && letters.len() >= 4
        && letters.iter().all(|c| !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase());
    if shouted {
        return replacement.to_uppercase();
    }
    let before = &text[..span.start.min(text.len())];
    let trimmed = before.trim_end();
    // A new line starts a new sentence too (the line after a greeting).
    let at_start = before[trimmed.len()..].contains('\n')
        || trimmed
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“'));
    let mut chars = replacement.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.as_str();
    if at_start && first.is_lowercase() {
        first.to_uppercase().chain(rest.chars()).collect()
    } else if !at_start
        && first.is_uppercase()
        && rest.chars().next().is_some_and(char::is_lowercase)
    {
        first.to_lowercase().chain(rest.chars()).collect()
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing() {
        let mc = |r: &str, t: &str, m: &str| {
            let s = t.find(m).unwrap_or(0);
            match_case(r, t, Span::new(s, s + m.len()))
        };
        assert_eq!(
            mc("let me find out", "I don't know", "I don't know"),
            "Let me find out"
        );
        assert_eq!(
            mc("Let me find out", "ok i dont know", "i dont know"),
            "let me find out"
        );
        assert_eq!(
            mc("expected arrival time", "The ETA is 5", "ETA"),
            "expected arrival time"
        );
        assert_eq!(
            mc("expected arrival time", "Done. ETA is 5", "ETA"),
            "Expected arrival time"
        );
        assert_eq!(mc("to recap", "OK. AS I SAID, NO", "AS I SAID"), "TO RECAP");
        assert_eq!(mc("I'll check", "so we dunno", "we dunno"), "I'll check");
    }

    #[test]
    fn sentences() {
        let t = "Hi there. I don't know, but let me check! Bye";
        let s = t.find("know").unwrap_or(0);
        let sp = sentence(t, Span::new(s, s + 4));
        assert_eq!(&t[sp.range()], " I don't know, but let me check!");
        assert_eq!(
            sentence_case("PLEASE READ THIS. NOW"),
            "Please read this. Now"
        );
    }
}
