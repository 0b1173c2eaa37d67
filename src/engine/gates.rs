//! Which of a role's patterns a message can match, asked of as few patterns as possible.
//!
//! Two things keep the work down. A message detected as one language alone is asked only that
//! language's patterns (with those of packs without a language and of rules across languages):
//! the others' matches would be dropped as implausible anyway, and every language's patterns in
//! one lazy DFA made English text pay for the Vietnamese and Russian ones. And a pattern that
//! cannot match without a literal of its own (`<`, `[`, `{`, `X`) is asked only of a text that
//! contains it: placeholders and their like are a third of the patterns and most of the cost of
//! compiling them, which a process reviewing one message paid in full before its first answer.

use std::sync::OnceLock;

use smallvec::SmallVec;

use super::patterns::{regex_set, PatternSet, RegexRule};

/// Some of a role's patterns, as one set built on first use, with their places in the role's
/// `regexes`.
#[derive(Debug, Clone, Default)]
struct Group {
    places: Vec<usize>,
    set: OnceLock<Option<PatternSet>>,
}

impl Group {
    fn matches(&self, regexes: &[RegexRule], text: &str, out: &mut SmallVec<[usize; 8]>) {
        let set = self.set.get_or_init(|| {
            regex_set(self.places.iter().filter_map(|&i| regexes.get(i)))
                .ok()
                .flatten()
        });
        if let Some(set) = set {
            out.extend(
                set.matches(text)
                    .iter()
                    .filter_map(|&i| self.places.get(i).copied()),
            );
        }
    }
}

/// The patterns a message may match, split by gate: those without one, asked of every
/// message, and one group per gate, asked only of a text that contains it.
#[derive(Debug, Clone, Default)]
pub(crate) struct GatedPatterns {
    open: Group,
    gated: Vec<(String, Group)>,
}

impl GatedPatterns {
    /// The patterns at `places` among `regexes`, grouped by their gates.
    pub(crate) fn new(regexes: &[RegexRule], places: impl Iterator<Item = usize>) -> Self {
        let mut out = GatedPatterns::default();
        for i in places {
            let Some(r) = regexes.get(i) else { continue };
            match &r.gate {
                None => out.open.places.push(i),
                Some(g) => match out.gated.iter_mut().find(|(x, _)| x == g) {
                    Some((_, group)) => group.places.push(i),
                    None => out.gated.push((
                        g.clone(),
                        Group {
                            places: vec![i],
                            ..Group::default()
                        },
                    )),
                },
            }
        }
        out
    }

    /// The places of the patterns that match somewhere in `text`, in ascending order.
    pub(crate) fn matches(&self, regexes: &[RegexRule], text: &str) -> SmallVec<[usize; 8]> {
        let mut out = SmallVec::new();
        if !self.open.places.is_empty() {
            self.open.matches(regexes, text, &mut out);
        }
        // Most gates are one ASCII character: which of those the text holds is read in one
        // pass, not one search per gate.
        let mut bytes = [false; 128];
        if !self.gated.is_empty() {
            for &b in text.as_bytes() {
                if let Some(seen) = bytes.get_mut(usize::from(b)) {
                    *seen = true;
                }
            }
        }
        for (gate, group) in &self.gated {
            let present = match gate.as_bytes() {
                &[b] if b.is_ascii() => bytes[usize::from(b)],
                _ => text.contains(gate.as_str()),
            };
            if present {
                group.matches(regexes, text, &mut out);
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gated_patterns_answer_as_one_set_does() {
        let patterns = [
            r"(?i)<(?:insert|first) name>",
            r"(?i)\bhey\b",
            r"\[[A-Z]{2,}\]",
            r"(?i)cancel(?:ling)? my account",
            r"XX+X",
        ];
        let regexes: Vec<RegexRule> = patterns
            .iter()
            .map(|p| RegexRule::new(0, 0, p.to_string(), (String::new(), 0, String::new())))
            .collect();
        let gated = GatedPatterns::new(&regexes, 0..regexes.len());
        let all = PatternSet::new(&patterns).expect("compiles").expect("some");
        for text in [
            "Hey <Insert Name>, I'm cancelling my account [ORDER] XXXX",
            "hey there",
            "nothing at all",
            "<first name> and [AB]",
            "",
        ] {
            assert_eq!(gated.matches(&regexes, text), all.matches(text), "{text}");
        }
    }
}
