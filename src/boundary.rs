//! Word boundaries at the edges of a match.
//!
//! Latin, Cyrillic and most scripts use the Unicode word-boundary rules (UAX #29, through
//! `unicode-segmentation`), so `hell` never fires inside `hello` and `can` never inside `can't`.
//! Thai is written without spaces, and UAX #29 breaks between every Thai letter; there the
//! dictionary segmenter of ICU4X decides where words end.

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::chars::{is_mark, is_thai, is_word_char};

/// How far around a position the boundary rules look (in bytes, snapped to characters).
const WINDOW: usize = 32;
/// Longest Thai run handed to the dictionary segmenter around a position.
const THAI_RUN: usize = 600;

pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(crate) fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether a word boundary lies at byte `pos` of `text`.
pub(crate) fn is_boundary(text: &str, pos: usize) -> bool {
    if pos == 0 || pos >= text.len() || !text.is_char_boundary(pos) {
        return pos == 0 || pos >= text.len();
    }
    let prev = text[..pos].chars().next_back();
    let next = text[pos..].chars().next();
    let (Some(p), Some(n)) = (prev, next) else {
        return true;
    };
    if is_mark(n) {
        return false;
    }
    if is_thai(p) && is_thai(n) {
        return thai_boundary(text, pos);
    }
    if !is_word_char(p) && !is_word_char(n) {
        return true;
    }
    // Most positions a review asks about are decided by the two characters alone: UAX #29 keeps
    // an ASCII space or line break with its neighbour only when that is another one (handled
    // above), and never breaks between two ASCII letters or digits. Segmenting a window costs
    // some 1,500 instructions a position.
    let ascii_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    if ascii_space(p) || ascii_space(n) {
        return true;
    }
    if p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric() {
        return false;
    }
    segmented_boundary(text, pos)
}

/// [`is_boundary`] by segmenting the window around `pos` (UAX #29).
fn segmented_boundary(text: &str, pos: usize) -> bool {
    let ws = floor_boundary(text, pos.saturating_sub(WINDOW));
    let we = ceil_boundary(text, (pos + WINDOW).min(text.len()));
    let window = &text[ws..we];
    window
        .split_word_bound_indices()
        .any(|(i, _)| ws + i == pos)
}

fn thai_boundary(text: &str, pos: usize) -> bool {
    let mut start = pos;
    for (i, c) in text[..pos].char_indices().rev() {
        if !is_thai(c) || pos - i > THAI_RUN {
            break;
        }
        start = i;
    }
    let mut end = pos;
    for (i, c) in text[pos..].char_indices() {
        if !is_thai(c) || i > THAI_RUN {
            break;
        }
        end = pos + i + c.len_utf8();
    }
    let run = &text[start..end];
    let seg = icu_segmenter::WordSegmenter::new_dictionary(
        icu_segmenter::options::WordBreakInvariantOptions::default(),
    );
    seg.segment_str(run).any(|b| start + b == pos)
}

/// The start of the word containing byte `pos` (for phrases with an open left edge);
/// `None` when the word runs on for more than [`MAX_WORD`] bytes: that is no word, and scanning
/// it for every match would make hostile input quadratic.
pub(crate) fn word_start(text: &str, pos: usize) -> Option<usize> {
    let mut start = pos;
    for (i, c) in text[..pos].char_indices().rev() {
        if !is_word_char(c) || is_thai(c) {
            break;
        }
        if pos - i > MAX_WORD {
            return None;
        }
        start = i;
    }
    Some(start)
}

/// The longest word an open-edged phrase may grow into, in bytes.
pub(crate) const MAX_WORD: usize = 256;

/// The end of the word containing byte `pos` (for phrases with an open right edge).
pub(crate) fn word_end(text: &str, pos: usize) -> Option<usize> {
    let mut end = pos;
    for (i, c) in text[pos..].char_indices() {
        if !is_word_char(c) || is_thai(c) && !is_mark(c) {
            break;
        }
        if i > MAX_WORD {
            return None;
        }
        end = pos + i + c.len_utf8();
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_boundaries() {
        let t = "hello class can't";
        assert!(is_boundary(t, 0));
        assert!(!is_boundary(t, 4));
        assert!(is_boundary(t, 5));
        assert!(!is_boundary(t, 8));
        let can = t.find("can").unwrap_or(0);
        assert!(!is_boundary(t, can + 3));
    }

    /// The shortcut for ASCII spaces, letters and digits agrees with segmenting the window at
    /// every position of mixed text (apostrophes, numbers, punctuation, Cyrillic, marks).
    #[test]
    fn shortcuts_agree_with_segmenting() {
        let texts = [
            "hello class can't 3.14 a.b.c e-mail re:cap  two\tspaces\r\nnext, line",
            "Я тебе всё скажу: 1,000 рублей!  ok\u{301} x\u{200d}y _under_score_ 9am",
            "don't  it's-fine ..dots.. café naïve o'clock 2nd #tag @user_name",
        ];
        for t in texts {
            for pos in (1..t.len()).filter(|&p| t.is_char_boundary(p)) {
                let (Some(p), Some(n)) = (t[..pos].chars().next_back(), t[pos..].chars().next())
                else {
                    continue;
                };
                if is_thai(p) && is_thai(n) || is_mark(n) || !is_word_char(p) && !is_word_char(n) {
                    continue;
                }
                assert_eq!(
                    is_boundary(t, pos),
                    segmented_boundary(t, pos),
                    "{t:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn thai_uses_a_dictionary() {
        let t = "ภาษาไทยภาษาไทย";
        assert!(is_boundary(t, "ภาษา".len()));
        assert!(!is_boundary(t, "ภา".len()));
    }
}
