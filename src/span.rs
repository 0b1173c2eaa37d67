//! Byte spans into the original text.

use serde::{Deserialize, Serialize};

/// A half-open range of UTF-8 byte offsets `start..end` into the *original* text a finding or
/// signal was found in. Spans produced by tactful always lie on character boundaries, so
/// `&text[span.range()]` never panics for the text that was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Span {
    /// A span from `start` to `end`; the two are swapped if given in the wrong order.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// The span as a `Range` for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely within this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span without the whitespace at the edges of what it covers in `text` (empty, at its
    /// end, if that is all whitespace; unchanged if it does not fit `text`).
    pub(crate) fn trimmed(&self, text: &str) -> Span {
        let Some(piece) = self.slice(text) else {
            return *self;
        };
        let start = self.start + (piece.len() - piece.trim_start().len());
        Span::new(start, start + piece.trim().len())
    }

    /// The text the span covers, or `None` if it does not fit `text` (another text was given).
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.range())
    }

    /// Line and column of the span's start in `text`. Offsets past the end or inside a
    /// character are clamped to the nearest earlier character boundary.
    pub fn line_col(&self, text: &str) -> LineCol {
        line_col(text, self.start)
    }
}

/// Line and column of byte `offset` in `text` (see [`Span::line_col`]).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_drops_the_whitespace_at_the_edges_only() {
        let text = "Hi.  Bạn ơi \n\tok ";
        assert_eq!(
            Span::new(3, 20).trimmed(text).slice(text),
            Some("Bạn ơi \n\tok")
        );
        assert_eq!(Span::new(3, 5).trimmed(text), Span::new(5, 5));
        assert_eq!(Span::new(0, 99).trimmed(text), Span::new(0, 99));
    }

    #[test]
    fn line_col_counts_chars() {
        let text = "ab\nxé€z";
        assert_eq!(
            Span::new(0, 1).line_col(text),
            LineCol { line: 1, column: 1 }
        );
        let z = text.find('z').unwrap_or(0);
        assert_eq!(
            Span::new(z, z + 1).line_col(text),
            LineCol { line: 2, column: 4 }
        );
        assert_eq!(line_col(text, 999), LineCol { line: 2, column: 5 });
        assert_eq!(line_col(text, 5), LineCol { line: 2, column: 2 });
    }
}
