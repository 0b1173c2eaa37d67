//! Combinations: a rule that says "an intent, a harm verb and a target, in that order, close
//! together in one sentence" without listing every sentence.
//!
//! ```toml
//! [lists]
//! intent = ["i'll", "i will", "(i'm|im) (going to|gonna)"]
//! harm = ["punch", "smash", "break"]
//! target = ["you", "your (driver|courier)"]
//!
//! [rules.physical-threat]
//! combos = ["@intent ~2 @harm ~3 @target", "@target ~4 (leaves|leaving) in an ambulance"]
//! ```
//!
//! An item is a list (`@name`, a `[lists]` entry of the same pack) or literal words (with the
//! phrase syntax's `(a|b)` alternation); `~N` between two items lets up to N other words stand
//! between them (default 0: right next to each other). A leading `^` anchors the first item at
//! the start of its sentence and a trailing `$` the last item at its end (nothing but
//! punctuation, symbols and emoji around): "…, I'm out." is churn where "I'm out of stock
//! here" is not.

use std::collections::BTreeMap;

use super::phrases::Source;
use super::raw::RawPhrase;
use super::Phrase;
use crate::error::Error;

/// The most words a gap may span.
pub(crate) const MAX_GAP: u8 = 12;

/// One item of a combination.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// A `[lists]` entry of the pack, by name.
    List(String),
    /// Literal words, expanded.
    Words(Vec<Phrase>),
}

/// A combination as written: items in order, each with the most words allowed before it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComboSpec {
    pub items: Vec<(u8, Part)>,
    /// `^`: the first item starts its sentence.
    pub at_start: bool,
    /// `$`: the last item ends its sentence.
    pub at_end: bool,
    pub line: usize,
    pub text: String,
}

/// Splits at spaces outside parentheses.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Most combinations one written combination may stand for (see [`parse_combo`]).
const MAX_VARIANTS: usize = 64;

/// Parses one combination; `lists` are the pack's named lists. A group that holds a list
/// (`(@you|@staff)`, `(của |)@x`) stands for one combination per alternative.
pub(crate) fn parse_combo(
    src: &Source<'_>,
    rule: &str,
    raw: &toml::Spanned<String>,
    lists: &BTreeMap<String, Vec<Phrase>>,
) -> Result<Vec<ComboSpec>, Error> {
    let text = raw.get_ref();
    let plain_list = |t: &str| {
        t.strip_prefix('@')
            .is_some_and(|n| !n.contains(['(', ')', '|', '@']))
    };
    let grouped = tokens(text)
        .iter()
        .any(|t| t.contains('@') && !plain_list(t));
    if !grouped {
        return parse_one(src, rule, raw, text, lists).map(|c| vec![c]);
    }
    let err = phrase_error(src, rule, raw);
    let variants = super::expand::expand(text).map_err(&err)?;
    if variants.len() > MAX_VARIANTS {
        return Err(err(format!(
            "its groups stand for {} combinations (at most {MAX_VARIANTS}); split it",
            variants.len()
        )));
    }
    variants
        .iter()
        .map(|v| parse_one(src, rule, raw, v, lists))
        .collect()
}

/// An error about the combination as written, at its line.
fn phrase_error<'a>(
    src: &'a Source<'_>,
    rule: &'a str,
    raw: &'a toml::Spanned<String>,
) -> impl Fn(String) -> Error + 'a {
    move |reason| Error::Phrase {
        pack: src.name.to_string(),
        line: src.line_of(raw),
        rule: rule.to_string(),
        phrase: raw.get_ref().clone(),
        reason,
    }
}

/// Parses one combination without groups around lists.
fn parse_one(
    src: &Source<'_>,
    rule: &str,
    raw: &toml::Spanned<String>,
    text: &str,
    lists: &BTreeMap<String, Vec<Phrase>>,
) -> Result<ComboSpec, Error> {
    let line = src.line_of(raw);
    let err = phrase_error(src, rule, raw);
    let mut items: Vec<(u8, Part)> = Vec::new();
    let mut gap: Option<u8> = None;
    let mut words: Vec<String> = Vec::new();
    let flush = |words: &mut Vec<String>,
                 gap: &mut Option<u8>,
                 items: &mut Vec<(u8, Part)>|
     -> Result<(), Error> {
        if words.is_empty() {
            return Ok(());
        }
        let written = words.join(" ");
        words.clear();
        let raw = toml::Spanned::new(
            raw.span(),
            RawPhrase {
                phrase: written,
                ..RawPhrase::default()
            },
        );
        let phrases = src.phrases(rule, std::slice::from_ref(&raw), false)?;
        if phrases
            .iter()
            .any(|p| p.head.is_some() || p.open_left || p.open_right || p.inflects)
        {
            return Err(err(
                "literal words in a combination are plain: no ` + `, `*` or `~`".into(),
            ));
        }
        items.push((gap.take().unwrap_or(0), Part::Words(phrases)));
        Ok(())
    };
    let mut toks = tokens(text);
    let at_start = toks.first().is_some_and(|t| t == "^");
    let at_end = toks.len() > usize::from(at_start) && toks.last().is_some_and(|t| t == "$");
    if at_end {
        toks.pop();
    }
    if at_start {
        toks.remove(0);
    }
    for tok in toks {
        if tok == "^" || tok == "$" {
            return Err(err(format!(
                "`{tok}` anchors the sentence: `^` only first, `$` only last"
            )));
        }
        if let Some(name) = tok.strip_prefix('@') {
            flush(&mut words, &mut gap, &mut items)?;
            if !lists.contains_key(name) {
                return Err(err(format!(
                    "unknown list `@{name}` (lists are defined under [lists] in the same pack)"
                )));
            }
            items.push((gap.take().unwrap_or(0), Part::List(name.to_string())));
        } else if let Some(n) = tok.strip_prefix('~') {
            flush(&mut words, &mut gap, &mut items)?;
            let n: u8 = n.parse().ok().filter(|n| *n <= MAX_GAP).ok_or_else(|| {
                err(format!(
                    "`{tok}`: a gap is `~N` with N from 0 to {MAX_GAP} words"
                ))
            })?;
            if items.is_empty() || gap.is_some() {
                return Err(err(format!("`{tok}` stands between two items")));
            }
            gap = Some(n);
        } else {
            words.push(tok);
        }
    }
    flush(&mut words, &mut gap, &mut items)?;
    if gap.is_some() {
        return Err(err("a combination cannot end with a gap".into()));
    }
    if items.len() < 2 || !items.iter().any(|(_, p)| matches!(p, Part::List(_))) {
        return Err(err(
            "a combination has at least two items, one of them a list (`@name`); plain phrases go in `phrases`".into(),
        ));
    }
    Ok(ComboSpec {
        items,
        at_start,
        at_end,
        line,
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_first_and_last() {
        assert_eq!(tokens("^ @a ~2 @b $"), ["^", "@a", "~2", "@b", "$"]);
    }

    #[test]
    fn items_and_gaps() {
        assert_eq!(
            tokens("@a ~2 (will|gonna) hit ~1 @b"),
            ["@a", "~2", "(will|gonna)", "hit", "~1", "@b"]
        );
        assert_eq!(tokens("(going to|gonna) @x"), ["(going to|gonna)", "@x"]);
    }
}
