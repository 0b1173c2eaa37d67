//! Measures of a text that context and combinations share: where sentences end, and how many
//! words stand between two places.

use smallvec::SmallVec;
use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::chars::{is_mark, is_thai};
use crate::span::Span;

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

    /// Every sentence, in order: from the end of the previous one to its own end.
    pub(crate) fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let last = (self.len > 0 && self.ends.last() != Some(&self.len)).then_some(self.len);
        let mut start = 0;
        self.ends.iter().copied().chain(last).map(move |end| {
            let s = Span::new(start, end);
            start = end;
            s
        })
    }

    /// Every two adjacent sentences as one span, in order (the scorer reads a threat said in
    /// two).
    pub(crate) fn pairs(&self) -> impl Iterator<Item = Span> + '_ {
        self.spans()
            .zip(self.spans().skip(1))
            .map(|(a, b)| Span::new(a.start, b.end))
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

/// Whether a gap of text holds more than `limit` words; scripts written without spaces (Thai)
/// count about eight characters a word. Counting stops at the limit, so a long gap costs no
/// more than a short one.
pub(crate) fn gap_exceeds(gap: &str, limit: usize) -> bool {
    let mut words = 0;
    let mut spaceless = 0;
    for w in gap.unicode_words() {
        if w.chars().all(is_thai) {
            spaceless += w.chars().filter(|c| !is_mark(*c)).count();
        } else {
            words += 1;
        }
        if words + spaceless.div_ceil(8) > limit {
            return true;
        }
    }
    false
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
    fn sentences_cover_the_text() {
        let t = "Hi there. I don't know! Bye";
        let all: Vec<&str> = Sentences::new(t).spans().map(|s| &t[s.range()]).collect();
        assert_eq!(all, ["Hi there.", " I don't know!", " Bye"]);
        let pairs: Vec<&str> = Sentences::new(t).pairs().map(|s| &t[s.range()]).collect();
        assert_eq!(pairs, ["Hi there. I don't know!", " I don't know! Bye"]);
        assert_eq!(Sentences::new("Done.").pairs().count(), 0);
        assert_eq!(Sentences::new("Done.").spans().count(), 1);
        assert_eq!(Sentences::new("").spans().count(), 0);
    }

    #[test]
    fn gaps_count_words() {
        assert!(gap_exceeds(" is not really ", 2));
        assert!(!gap_exceeds(" is not really ", 3));
        assert!(!gap_exceeds("ไม่ได้", 1));
        assert!(gap_exceeds("ไม่ได้ไม่ได้ไม่ได้", 1));
        assert!(!gap_exceeds("", 0));
    }
}
