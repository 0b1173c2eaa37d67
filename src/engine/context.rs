//! Context: what around a verified candidate cancels it. An innocent host word around it
//! ("Scunthorpe"), a rule's exception in its sentence ("I don't know, *but let me find out*";
//! one of the candidate's language, the message's, or a pack without a language), a
//! negation shortly before a negatable rule ("I'm *not* going to sue"), and language
//! plausibility (a Vietnamese abbreviation is not read into English text).

use smallvec::SmallVec;

use super::matcher::MAX_PHRASE_BYTES;
use super::tables::{Engine, EntryKind};
use super::verify::{Cand, Cands, Hit, Hits, ItemSpans};
use crate::boundary::{ceil_boundary, floor_boundary};
use crate::detect::{Detected, LangMask};
use crate::lang::Lang;
use crate::pack::UnlessScope;
use crate::sentences::{gap_exceeds, Sentences};
use crate::span::Span;

/// Exceptions of one message by rule, then place, with the pack that wrote each.
type Unless = SmallVec<[(u16, Span, u16); 16]>;

/// The context of one message that every candidate is checked against.
struct Ctx<'a> {
    /// Context hits, sorted by start.
    hits: &'a [Hit],
    unless: &'a [(u16, Span, u16)],
    /// Rules with an exception anywhere in the message, and the pack that wrote it.
    unless_anywhere: &'a [(u16, u16)],
    sentences: Sentences,
    items: &'a ItemSpans,
    /// The language the message's detection puts first.
    primary: Option<Lang>,
    /// Whether the detection is sure of it.
    confident: bool,
    /// The languages some word of the message is evidence for.
    evidenced: LangMask,
}

impl Engine<'_> {
    /// Whether a pack's language is plausible for the message.
    pub(crate) fn plausible(&self, pack: u16, d: &Detected) -> bool {
        self.packs
            .get(usize::from(pack))
            .is_some_and(|p| p.lang.is_none() || p.slot.is_some_and(|s| d.includes(s)))
    }

    /// Drops the candidates their context cancels.
    pub(crate) fn apply_context(
        &self,
        text: &str,
        det: &Detected,
        cands: &mut Cands,
        items: &ItemSpans,
    ) {
        if cands.is_empty() {
            return;
        }
        let mut rules: SmallVec<[u16; 8]> = cands.iter().map(|c| c.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        let negatable = cands.iter().any(|c| self.rule(c.rule).negatable);
        let wanted = |k: EntryKind| match k {
            EntryKind::Innocent | EntryKind::Name => true,
            EntryKind::Unless(r) => rules.binary_search(&r).is_ok(),
            EntryKind::Negation | EntryKind::ClauseBreak => negatable,
            EntryKind::Rule(_)
            | EntryKind::Marker(_)
            | EntryKind::Parts(_)
            | EntryKind::Cue(..) => false,
        };
        let context = self
            .language_alone(det)
            .map_or(&self.context, |m| &m.context);
        let mut hits: Hits = self
            .hits_where(context, text, wanted)
            .into_iter()
            .filter(|h| self.plausible(h.pack, det))
            .collect();
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        let mut unless_anywhere: SmallVec<[(u16, u16); 8]> = hits
            .iter()
            .filter_map(|h| match h.kind {
                EntryKind::Unless(r) => Some((r, h.pack)),
                _ => None,
            })
            .collect();
        unless_anywhere.sort_unstable();
        unless_anywhere.dedup();
        // Exceptions by rule, then place: a candidate looks only at its own rule's exceptions
        // from the start of its sentence, so a long sentence full of matches (a megabyte of
        // swearing without a full stop) stays linear.
        let mut unless: Unless = hits
            .iter()
            .filter_map(|h| match h.kind {
                EntryKind::Unless(r) => Some((r, h.span, h.pack)),
                _ => None,
            })
            .collect();
        unless.sort_unstable_by_key(|(r, s, _)| (*r, s.start, s.end));
        let ctx = Ctx {
            hits: &hits,
            unless: &unless,
            unless_anywhere: &unless_anywhere,
            sentences: Sentences::new(text),
            items,
            primary: self.primary_lang(det),
            confident: det.confident,
            evidenced: det.evidenced,
        };
        cands.retain(|c| !self.cancelled(c, text, &ctx));
    }

    /// Whether the rule's context cancels the candidate. `hits` are sorted by start, so each
    /// check looks only at the hits near the candidate.
    fn cancelled(&self, c: &Cand, text: &str, ctx: &Ctx<'_>) -> bool {
        let Ctx {
            hits,
            unless,
            unless_anywhere,
            sentences,
            items,
            primary,
            confident,
            evidenced,
        } = ctx;
        let near = |lo: usize, hi: usize| {
            let from = hits.partition_point(|h| h.span.start < lo);
            hits[from..].iter().take_while(move |h| h.span.start <= hi)
        };
        let reach = MAX_PHRASE_BYTES * 4;
        if near(c.span.end.saturating_sub(reach), c.span.start).any(|h| {
            (h.kind == EntryKind::Innocent && h.span.contains(c.span))
                || (h.kind == EntryKind::Name
                    && h.span == c.span
                    && is_capitalized(&text[c.span.range()]))
        }) {
            return true;
        }
        let scope = self
            .texts(c.rule, c.pack)
            .map_or(UnlessScope::Sentence, |t| t.unless_scope);
        // An exception, like a negation, speaks for its own language's candidates, those of
        // the message's language, and (of a pack without a language) for all; and, where the
        // detection is unsure between languages the message has words of (Malay or
        // Indonesian), for those. A Malay exception word ("drama", "album": a song's or a
        // film's title) is not one in an English "you idiot drama".
        let heard = |pack: u16| {
            self.packs
                .get(usize::from(pack))
                .and_then(|p| p.slot)
                .is_some_and(|s| evidenced & (1 << s) != 0)
        };
        let governs =
            |pack: u16| self.cue_governs(pack, c.pack, *primary) || (!*confident && heard(pack));
        match scope {
            UnlessScope::Sentence => {
                let area = sentences.around(c.span);
                // Those that start in the sentence but do not end in it cross its end, so
                // only a few are passed over before one inside it (or the sentence's end).
                let from = unless.partition_point(|(r, s, _)| (*r, s.start) < (c.rule, area.start));
                if unless[from..]
                    .iter()
                    .take_while(|(r, s, _)| *r == c.rule && s.start < area.end)
                    .any(|(_, s, p)| area.contains(*s) && governs(*p))
                {
                    return true;
                }
            }
            UnlessScope::Message => {
                if unless_anywhere
                    .iter()
                    .any(|(r, p)| *r == c.rule && governs(*p))
                {
                    return true;
                }
            }
        }
        let rule = self.rule(c.rule);
        if rule.unless_quoted || rule.unless_reported {
            if let Some(open) = quote_open(text, c.span) {
                if rule.unless_quoted || introduced(text, open) {
                    return true;
                }
            }
        }
        let governs =
            |cue: &Hit| self.cue_governs(cue.pack, c.pack, *primary) && !in_a_break(cue, hits);
        rule.negatable
            && (self.negated(c, text, hits, governs) || negated_inside(c, hits, items, governs))
    }

    /// Whether a negation cue of pack `cue` may negate a candidate of pack `cand`: one of the
    /// candidate's language, of no language, or of the message's own language ("saya tak akan
    /// kill you"). A cue of a third language is a word that happens to be spelt alike: in a
    /// Malay "ko tunggu la nasib ko", `ko` is "you", not the Vietnamese "không".
    fn cue_governs(&self, cue: u16, cand: u16, primary: Option<Lang>) -> bool {
        let lang = |p: u16| self.packs.get(usize::from(p)).and_then(|p| p.lang);
        match lang(cue) {
            None => true,
            Some(l) => lang(cand) == Some(l) || primary == Some(l),
        }
    }

    /// Whether a negation cue stands shortly before the candidate, in the same clause.
    fn negated(&self, c: &Cand, text: &str, hits: &[Hit], governs: impl Fn(&Hit) -> bool) -> bool {
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
            if cue.kind != EntryKind::Negation || cue.span.end > c.span.start || !governs(cue) {
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
            !broken && !gap_exceeds(gap, window)
        })
    }
}

/// How far from a match quotation marks and the words introducing them are looked for.
const QUOTE_REACH: usize = 1024;

/// Where the line holding `at` starts, looking back at most [`QUOTE_REACH`] bytes.
fn line_start_near(text: &str, at: usize) -> usize {
    let lo = floor_boundary(text, at.saturating_sub(QUOTE_REACH));
    text[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1)
}

/// Where the quotation mark opens if `span` stands inside quotation marks on its line (`"…"`,
/// `“…”`, `«…»`, `„…“`, `「…」`).
fn quote_open(text: &str, span: crate::span::Span) -> Option<usize> {
    // Within a reach either side, so a megabyte-long line of matches stays linear.
    let hi = ceil_boundary(text, (span.end + QUOTE_REACH).min(text.len()));
    let line_start = line_start_near(text, span.start);
    let line_end = text[span.end..hi].find('\n').map_or(hi, |i| span.end + i);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    let straight = (before.matches('"').count() % 2 == 1 && after.contains('"'))
        .then(|| before.rfind('"'))
        .flatten();
    let paired = [('“', '”'), ('«', '»'), ('„', '“'), ('「', '」'), ('‘', '’')]
        .iter()
        .filter_map(|&(open, close)| {
            let o = before.rfind(open)?;
            (before.rfind(close).is_none_or(|c| c < o) && after.contains(close)).then_some(o)
        })
        .max();
    straight
        .max(paired)
        .max(single_open(before, after))
        .map(|o| line_start + o)
}

/// Where a straight single quotation mark opens before a match and closes after it, on its
/// line (`bos saya kata 'pergi hentam je'!`). An apostrophe inside a word (`don't`) neither opens
/// nor closes one: an opening mark stands before a word, after none; a closing one after a word
/// or its punctuation, before none.
fn single_open(before: &str, after: &str) -> Option<usize> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let opens =
        |s: &str, i: usize| !word(s[..i].chars().next_back()) && word(s[i + 1..].chars().next());
    let closes = |s: &str, i: usize| {
        s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
            && !word(s[i + 1..].chars().next())
    };
    let o = before
        .rmatch_indices('\'')
        .map(|(i, _)| i)
        .find(|&i| opens(before, i))?;
    let closed_before = before[o + 1..]
        .match_indices('\'')
        .any(|(i, _)| closes(&before[o + 1..], i));
    let closed_after = after
        .match_indices('\'')
        .any(|(i, _)| closes(after, i) || (i == 0 && !word(after[1..].chars().next())));
    (!closed_before && closed_after).then_some(o)
}

/// Whether a quotation opening at `open` follows other words of its sentence (`he said "…"`,
/// `an SMS saying "…"`): a quotation that opens its line or its sentence (`Ok. "…"`) is the
/// writer's own words set off, or a message forwarded whole, still theirs to answer for.
fn introduced(text: &str, open: usize) -> bool {
    let before = &text[line_start_near(text, open)..open];
    let sentence = before
        .rfind(['.', '!', '?', '…', '。', '！', '？'])
        .map_or(before, |i| &before[i..]);
    sentence.chars().any(char::is_alphanumeric)
}

/// Whether `span` stands inside quotation marks on its line.
#[cfg(test)]
fn quoted(text: &str, span: crate::span::Span) -> bool {
    quote_open(text, span).is_some()
}

/// Whether a negation cue is a word of a longer clause break: a tag question ("đúng không",
/// "right?"), or "otherwise" spelt with a negation ("không thì", "ไม่งั้น"). Such a break ends a
/// clause; it negates nothing ("mày có con nhỏ đúng không, nó học trường nào tao biết hết").
fn in_a_break(cue: &Hit, hits: &[Hit]) -> bool {
    let from = hits.partition_point(|h| h.span.start + MAX_PHRASE_BYTES < cue.span.start);
    hits[from..]
        .iter()
        .take_while(|h| h.span.start <= cue.span.start)
        .any(|h| {
            h.kind == EntryKind::ClauseBreak && h.span.contains(cue.span) && h.span != cue.span
        })
}

/// Whether a word is written as a name: a capital letter, then lower case.
fn is_capitalized(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
}

/// Whether a negation cue stands between two items of a combination ("I will *never* hurt
/// you").
fn negated_inside(
    c: &Cand,
    hits: &[Hit],
    items: &ItemSpans,
    governs: impl Fn(&Hit) -> bool,
) -> bool {
    let Some((at, n)) = c.items else {
        return false;
    };
    let Some(spans) = items.get(usize::from(at)..usize::from(at) + usize::from(n)) else {
        return false;
    };
    spans.windows(2).any(|w| {
        hits.iter().any(|h| {
            h.kind == EntryKind::Negation
                && h.span.start >= w[0].end
                && h.span.end <= w[1].start
                && governs(h)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes() {
        let span = |t: &str, w: &str| {
            let s = t.find(w).unwrap_or(0);
            crate::span::Span::new(s, s + w.len())
        };
        let t = "You wrote \"thanks buddy\" earlier, buddy.";
        assert!(quoted(t, span(t, "buddy")));
        let last = t.rfind("buddy").unwrap_or(0);
        assert!(!quoted(t, crate::span::Span::new(last, last + 5)));
        let t = "Вы написали «ты что, издеваешься», и я понимаю";
        assert!(quoted(t, span(t, "ты")));
        assert!(!quoted("ты понял?", span("ты понял?", "ты")));
        let t = "bos saya kata 'pergi hentam je'! btw invois dah siap?";
        assert!(quoted(t, span(t, "hentam")));
        assert!(!quoted(t, span(t, "invois")));
        let t = "don't you dare, it's 'fine' they said, you idiots";
        assert!(!quoted(t, span(t, "idiots")));
        assert!(!quoted(t, span(t, "dare")));
    }

    #[test]
    fn quotations_other_words_introduce_are_reported_speech() {
        let open = |t: &str, w: &str| {
            let s = t.find(w).unwrap_or(0);
            quote_open(t, crate::span::Span::new(s, s + w.len()))
        };
        let t = "The courier said \"I'll kill you\" to my son";
        assert_eq!(open(t, "kill"), t.find('"'));
        assert!(introduced(t, t.find('"').unwrap_or(0)));
        let t = "мне написали «мы тебя найдём», это вы?";
        assert!(open(t, "найдём").is_some_and(|o| introduced(t, o)));
        // A quotation that opens its line is a message passed on whole.
        let t = "\"you idiots\" lol";
        assert!(open(t, "idiots").is_some_and(|o| !introduced(t, o)));
        let t = "first line\n«сдохни» — вот и всё";
        assert!(open(t, "сдохни").is_some_and(|o| !introduced(t, o)));
        assert_eq!(open("you said it, you idiot", "idiot"), None);
        // … and so does one that opens its sentence.
        let t = "Ok. \"Go away clown\"";
        assert!(open(t, "clown").is_some_and(|o| !introduced(t, o)));
    }

    #[test]
    fn capitalized_words() {
        assert!(is_capitalized("Dick"));
        assert!(!is_capitalized("dick"));
        assert!(!is_capitalized("DICK"));
    }
}
