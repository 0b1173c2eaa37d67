//! Turning the phrases of a pack as written into [`Phrase`]s: line numbers, `(a|b)` expansion,
//! `HEAD + BODY` and open edges, each error naming the pack, line, rule and phrase.

use std::collections::HashMap;
use std::sync::Arc;
use toml::Spanned;

use super::expand::expand;
use super::raw::RawPhrase;
use super::Phrase;
use crate::error::Error;

/// A pack's source, for line numbers and located errors.
pub(crate) struct Source<'a> {
    pub name: &'a str,
    pub src: &'a str,
    /// Byte offset of every line start, for line numbers without rescanning the pack.
    lines: Vec<usize>,
    /// Whether the pack declares `[context] endings`, which a phrase's trailing `~` stands for.
    pub endings: bool,
}

impl<'a> Source<'a> {
    pub(crate) fn new(name: &'a str, src: &'a str) -> Source<'a> {
        let lines = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            name,
            src,
            lines,
            endings: false,
        }
    }

    /// The same source under another name (a pack's `[pack] name`).
    pub(crate) fn renamed<'b>(&'b self, name: &'b str) -> Source<'b> {
        Source {
            name,
            src: self.src,
            lines: self.lines.clone(),
            endings: self.endings,
        }
    }

    pub(crate) fn line(&self, offset: usize) -> usize {
        self.lines.partition_point(|&s| s <= offset).max(1)
    }

    pub(crate) fn line_of<T>(&self, s: &Spanned<T>) -> usize {
        self.line(s.span().start)
    }

    /// A format error at a byte offset.
    pub(crate) fn err_at(&self, offset: usize, message: impl Into<String>) -> Error {
        let lc = crate::span::line_col(self.src, offset);
        Error::Pack {
            pack: self.name.to_string(),
            line: lc.line,
            column: lc.column,
            message: message.into(),
        }
    }

    /// Expands a list of phrases; with `check_dups`, the same phrase written twice is an error.
    pub(crate) fn phrases(
        &self,
        owner: &str,
        raw: &[Spanned<RawPhrase>],
        check_dups: bool,
    ) -> Result<Vec<Phrase>, Error> {
        let mut out = Vec::new();
        let mut written: HashMap<String, usize> = HashMap::new();
        for sp in raw {
            let line = self.line_of(sp);
            let rp = sp.get_ref();
            let perr = |reason: String| Error::Phrase {
                pack: self.name.to_string(),
                line,
                rule: owner.to_string(),
                phrase: rp.phrase.clone(),
                reason,
            };
            if check_dups {
                if let Some(first) = written.insert(written_form(&rp.phrase), line) {
                    return Err(perr(format!(
                        "duplicate phrase (first written on line {first})"
                    )));
                }
            }
            // `HEAD + BODY`: the body is matched, the head must come right before it. Heads keep
            // the automaton small where a cross product of subjects and verbs would blow it up.
            let (head_src, body_src) = match rp.phrase.split_once(" + ") {
                Some((h, b)) => (Some(h), b),
                None => (None, rp.phrase.as_str()),
            };
            let head: Option<Arc<[Box<str>]>> = match head_src {
                None => None,
                Some(h) => {
                    let heads = expand(h).map_err(|e| perr(format!("head: {e}")))?;
                    if heads.iter().any(|x| x.contains('*') || x.contains(" + ")) {
                        return Err(perr(
                            "a head is plain words: no `*` and only one ` + `".into(),
                        ));
                    }
                    Some(heads.into_iter().map(String::into_boxed_str).collect())
                }
            };
            for text in expand(body_src).map_err(perr)? {
                let (open_left, rest) = match text.strip_prefix('*') {
                    Some(r) => (true, r),
                    None => (false, text.as_str()),
                };
                let (inflects, rest) = match rest.strip_suffix('~') {
                    Some(r) => (true, r),
                    None => (false, rest),
                };
                let (open_right, core) = match rest.strip_suffix('*') {
                    Some(r) => (true, r),
                    None => (false, rest),
                };
                if inflects
                    && (open_right || core.ends_with(char::is_whitespace) || core.is_empty())
                {
                    return Err(perr(
                        "`~` ends a word's stem (`урод~`): not after `*`, a space or nothing"
                            .into(),
                    ));
                }
                if inflects && !self.endings {
                    return Err(perr(
                        "a phrase ending in `~` needs the pack's `[context] endings`".into(),
                    ));
                }
                if core.contains('~') {
                    return Err(perr("`~` may only end a phrase".into()));
                }
                let core = core.trim();
                if open_left && head.is_some() {
                    return Err(perr(
                        "a phrase with a head cannot open its left edge".into(),
                    ));
                }
                if core.contains('*') {
                    return Err(perr(
                        "`*` may only open a phrase's first or last edge; list plain words (masked spellings are derived)".into(),
                    ));
                }
                if core.is_empty() {
                    return Err(perr("empty phrase".into()));
                }
                out.push(Phrase {
                    text: core.to_string(),
                    head: head.clone(),
                    open_left,
                    open_right,
                    inflects,
                    line,
                    suggestion: rp.suggestion.clone(),
                    fix: rp.fix,
                    diacritics: rp.diacritics,
                });
            }
        }
        Ok(out)
    }
}

/// A phrase as written, with case and spacing evened out: two phrases with the same written
/// form are the same phrase.
pub(crate) fn written_form(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
