//! Where a message's text lies in its source: the text is copied byte for byte between escapes,
//! so the map keeps only the points where the two drift apart.

use serde::{Deserialize, Serialize};

/// Maps byte offsets of a message's text to byte offsets of the source it was read from
/// (a JSON string with escapes, a quoted CSV cell, lines of plain text after their labels).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceMap {
    /// `(text offset, source offset)`, increasing; between two points the bytes are copied.
    points: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A map where text offset 0 is source offset `start` and everything after is copied.
    pub(crate) fn starting_at(start: usize) -> SourceMap {
        SourceMap {
            points: vec![(0, start)],
        }
    }

    /// From text offset `text` on, bytes come from source offset `source`.
    pub(crate) fn push(&mut self, text: usize, source: usize) {
        if let Some(last) = self.points.last_mut() {
            if last.0 == text {
                last.1 = source;
                return;
            }
        }
        self.points.push((text, source));
    }

    /// The same map for a source that starts `by` bytes further on (a line of a file).
    pub(crate) fn shifted(mut self, by: usize) -> SourceMap {
        for p in &mut self.points {
            p.1 += by;
        }
        self
    }

    /// Whether nothing is known of the source.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The source offset of text offset `at`, or `None` when the map is empty.
    pub fn source_offset(&self, at: usize) -> Option<usize> {
        let k = self.points.partition_point(|p| p.0 <= at);
        let (t, s) = *self.points.get(k.checked_sub(1)?)?;
        Some(s + (at - t))
    }

    /// The source range of a text range (an escape at its end is covered whole).
    pub fn source_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = self.source_offset(start)?;
        let e = self.source_offset(end)?;
        Some((s, e.max(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_the_points() {
        // text "a\nb" read from `"a\\nb"` at offset 10: a at 11, the escape at 12..14, b at 14.
        let mut m = SourceMap::starting_at(11);
        m.push(1, 12);
        m.push(2, 14);
        assert_eq!(m.source_offset(0), Some(11));
        assert_eq!(m.source_offset(1), Some(12));
        assert_eq!(m.source_offset(2), Some(14));
        assert_eq!(m.source_range(0, 2), Some((11, 14)));
        assert_eq!(SourceMap::default().source_offset(0), None);
    }
}
