//! Verification: a candidate the automaton raised in the loose match view is checked against the
//! original text under its entry's policy (exact wording or obfuscation, diacritics) and on word
//! boundaries. Masked words (`f*ck`) are matched here too, by wildcard.

use smallvec::SmallVec;

use super::tables::{Engine, Entry, EntryKind, Heads, RoleMatcher};
use crate::boundary::{is_boundary, word_end, word_start};
use crate::normalize::chars::{fold_latin_extra, is_ignorable, is_mark, is_mask, map_punct};
use crate::normalize::stream::{match_char, SKELETON, STRICT};
use crate::normalize::units::{
    has_latin_diacritics, script_compatible, script_mix, skeleton_matches, strict_matches, units,
    units_with_offsets, Diacritics, Unit, Units,
};
use crate::rules::RuleIdx;
use crate::span::Span;

/// A verified match of a rule, before context.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub rule: RuleIdx,
    pub pack: u16,
    pub entry: Option<u32>,
    pub span: Span,
    pub needs_marked: bool,
    /// For a combination: where its item spans start in the message's `ItemSpans`, and how many.
    pub items: Option<(u16, u8)>,
}

impl Cand {
    /// A candidate that stands on no phrase entry: a pattern's match, a template variable, a
    /// sentence the scorer heard.
    pub(crate) fn new(rule: RuleIdx, pack: u16, span: Span) -> Cand {
        Cand {
            rule,
            pack,
            entry: None,
            span,
            needs_marked: false,
            items: None,
        }
    }
}

/// The spans of the items of every combination match of one message; a candidate refers to
/// its items by index, so context can look between them.
pub(crate) type ItemSpans = SmallVec<[Span; 32]>;

/// Candidates of one message, on the stack for the usual handful.
pub(crate) type Cands = SmallVec<[Cand; 8]>;

/// A verified match of a context or marker phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub kind: EntryKind,
    pub pack: u16,
    pub span: Span,
}

/// Where the last character of the run of one letter that starts at byte `at` begins: `at`
/// itself if the letter is not repeated, or if the run goes on to `end` (the end of the
/// occurrence) or past it, when its last letter is not one the occurrence starts with.
fn last_of_run(text: &str, at: usize, end: usize) -> usize {
    let mut chars = text.get(at..).unwrap_or_default().char_indices();
    let Some((_, first)) = chars.next() else {
        return at;
    };
    let mut last = at;
    for (i, c) in chars {
        if c != first {
            break;
        }
        last = at + i;
    }
    if last < end {
        last
    } else {
        at
    }
}

/// Context hits of one message, on the stack for the usual handful.
pub(crate) type Hits = SmallVec<[Hit; 16]>;

impl Engine<'_> {
    /// Checks a candidate occurrence of `entry` at original bytes `s..e`: the text really says
    /// the phrase under the rule's policy, on word boundaries. Returns the span to report and
    /// whether the match needs the message to be typed with diacritics.
    pub(crate) fn verify(
        &self,
        entry: &Entry,
        text: &str,
        s: usize,
        e: usize,
    ) -> Option<(Span, bool)> {
        if !plausible_edges(entry, self.suffixed(entry), text, s, e) {
            return None;
        }
        // Leetspeak reads digits as letters, but a candidate of digits only is a number.
        let piece = &text[s..e];
        if piece.bytes().any(|c| c.is_ascii_digit())
            && !piece.chars().any(char::is_alphabetic)
            && self.phrase(entry).chars().any(char::is_alphabetic)
        {
            return None;
        }
        // A head is cheap to rule out (its last letter must stand before the body): look first.
        let head_start = match entry.head.and_then(|h| self.heads.get(h as usize)) {
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
        // Likewise the automaton reports the start of a run's first character; a run that is
        // really the previous word's last letter (`ช่วย|ยุติ`, "please terminate") is tried from
        // its last character too. A head must end where its body starts, so it keeps the first.
        // A run that goes on past the occurrence is not the previous word's letter (a word `i`
        // found at the start of "!!!", since `!` reads as `i`).
        let run_last = if entry.open_left || head_start.is_some() {
            s
        } else {
            last_of_run(text, s, e)
        };
        let phrase = self.phrase(entry);
        let ends = [end_run, end_marks];
        let ends = &ends[..if end_run == end_marks { 1 } else { 2 }];
        [s, run_last][..if run_last == s { 1 } else { 2 }]
            .iter()
            .find_map(|&from| {
                let (end, needs_marked) = ends
                    .iter()
                    .find_map(|&end| compare(entry, phrase, &text[from..end]).map(|n| (end, n)))?;
                let mut start = if entry.open_left {
                    word_start(text, from)?
                } else {
                    from
                };
                if let Some(h) = head_start {
                    start = h;
                }
                let stop = if entry.open_right {
                    word_end(text, end)?
                } else if entry.inflects {
                    self.ending_end(entry.pack, text, end).unwrap_or(end)
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
            })
    }

    /// Where the word that goes on at `at` ends, if the rest of it is one of the pack's endings
    /// (the `~` of `урод~` read in "уродами"): the stem then stands for the whole word.
    fn ending_end(&self, pack: u16, text: &str, at: usize) -> Option<usize> {
        let endings = &self.packs.get(usize::from(pack))?.endings;
        let end = word_end(text, at)?;
        let rest = text.get(at..end)?;
        (!rest.is_empty() && endings.iter().any(|e| same_letters(rest, e))).then_some(end)
    }

    /// Whether the entry's pack lets letters follow a match (a clitic such as `-nya` decides).
    pub(crate) fn suffixed(&self, entry: &Entry) -> bool {
        self.packs
            .get(usize::from(entry.pack))
            .is_some_and(|p| p.letter_clitics)
    }

    /// Whether one of the pack's clitics (`'s`, `'ll`) follows `at` and ends on a boundary.
    fn clitic_follows(&self, pack: u16, text: &str, at: usize) -> bool {
        let Some(p) = self.packs.get(usize::from(pack)) else {
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

    /// Every verified occurrence of the phrases of `m` (context or markers) in `text` whose
    /// entry `wanted` accepts (verification is the costly part; most context phrases concern
    /// rules that did not fire).
    pub(crate) fn hits_where(
        &self,
        m: &super::matcher::Matcher,
        text: &str,
        wanted: impl Fn(EntryKind) -> bool,
    ) -> Hits {
        let mut out = Hits::new();
        let mut provisional: SmallVec<[(Hit, bool); 16]> = SmallVec::new();
        let stats = m.scan(text, |eid, s, e| {
            if let Some(entry) = self.entry(eid).filter(|en| wanted(en.kind)) {
                if let Some((span, needs)) = self.verify(&entry, text, s, e) {
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

    /// Words with masked letters (`f*ck`, `b**ch`) cannot be found by the automaton; the rare
    /// message that has one compares each such word with the single-word profanity phrases, a
    /// run of masks standing for one or more letters.
    pub(crate) fn masked_candidates(&self, rm: &RoleMatcher, text: &str, cands: &mut Cands) {
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
                let Some(entry) = self.entry(eid) else {
                    continue;
                };
                let EntryKind::Rule(rule) = entry.kind else {
                    continue;
                };
                if wildcard_matches(&tu, &units(self.phrase(&entry), SKELETON)) {
                    cands.push(Cand {
                        rule,
                        pack: entry.pack,
                        entry: Some(eid),
                        span,
                        needs_marked: false,
                        items: None,
                    });
                }
            }
        }
    }
}

/// A cheap first test of a raw occurrence: valid offsets, and not a piece of a longer word
/// (`an` in `and`), judged on ASCII letters either side of an edge before any normalization.
/// With `suffixed`, letters may follow (a clitic decides later).
pub(crate) fn plausible_edges(
    entry: &Entry,
    suffixed: bool,
    text: &str,
    s: usize,
    e: usize,
) -> bool {
    if s >= e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return false;
    }
    let b = text.as_bytes();
    let ascii_word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    if !entry.open_left && entry.head.is_none() && s > 0 && ascii_word(s - 1) && ascii_word(s) {
        return false;
    }
    let inside_a_word = ascii_word(e) && e > 0 && ascii_word(e - 1);
    // A repeated letter may be a stretch (`sooo`), checked later.
    let stretched = inside_a_word && b[e].eq_ignore_ascii_case(&b[e - 1]);
    entry.open_right || entry.inflects || suffixed || !inside_a_word || stretched
}

/// Whether `text` spells `ending` (lowercase, `ё` written `е`) in any case, without allocating.
fn same_letters(text: &str, ending: &str) -> bool {
    let folded = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c });
    folded.eq(ending.chars())
}

/// Whether `core` says the entry's phrase under its policy; `Some(needs_marked)` if so.
fn compare(entry: &Entry, phrase: &str, core: &str) -> Option<bool> {
    if entry.obfuscation && entry.policy == Diacritics::Optional {
        if !skeleton_matches(&units(core, SKELETON), &units(phrase, SKELETON)) {
            return None;
        }
        if !script_compatible(script_mix(core), entry.script) {
            return None;
        }
        // Diacritics the writer did type must be the phrase's (`đủ mà` is not `đụ má`).
        let strict = units(core, STRICT);
        if has_latin_diacritics(&strict) {
            let letters: Units = strict.iter().filter(|u| u.is_letter()).copied().collect();
            let phrase: Units = units(phrase, STRICT)
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
            &units(phrase, STRICT),
            entry.policy,
            entry.marked,
            true,
        )
        .then_some(entry.policy == Diacritics::Required && !entry.marked)
    }
}

/// Where one of `heads` starts if it ends right before `at` (whitespace allowed between); `None`
/// if none does. The text before the body is normalized once; each head is compared with its
/// tail, longest head first.
fn find_head(text: &str, at: usize, heads: &Heads, policy: Diacritics) -> Option<usize> {
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
    let (wu, starts) = units_with_offsets(&before[ws..], STRICT);
    let last = wu.last().map(|u| fold_latin_extra(u.base))?;
    heads
        .units
        .iter()
        .zip(&heads.last_folded)
        .find_map(|((hu, marked), &lf)| {
            let k = hu.len();
            if lf != last || k == 0 || k > wu.len() {
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

#[cfg(test)]
mod tests {
    use super::last_of_run;

    #[test]
    fn a_run_ends_at_its_last_letter() {
        // ช่วย|ยกเลิก: the run of ย starts in "please" and its last letter starts "cancel".
        let t = "ช่วยยกเลิก";
        let first = t.find('ย').unwrap_or(0);
        assert_eq!(last_of_run(t, first, t.len()), first + 'ย'.len_utf8());
        assert_eq!(last_of_run("hello", 2, 5), 3);
        assert_eq!(last_of_run("help", 2, 4), 2);
        assert_eq!(last_of_run("", 0, 0), 0);
        assert_eq!(last_of_run("ab", 5, 5), 5);
        // A run that goes on to the occurrence's end or past it is not the previous word's.
        assert_eq!(last_of_run("x!!!", 1, 2), 1);
        assert_eq!(last_of_run("x!!!", 1, 4), 3);
    }
}
