//! Regular-expression rules, and sets of them asked at once which match, before any is run
//! alone for its spans. One forward lazy DFA over a set answers it: compiling a `RegexSet` also
//! built reverse automata and capture groups the question does not need, and was most of the
//! work of a process that reviews one message. Which sets a message asks is `gates`' business;
//! what literal a pattern cannot match without ([`gate`]) is read here, from its syntax.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet as Found};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::rules::RuleIdx;

/// Size limits of a role's patterns, together in its `RegexSet` and each alone.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 23;
pub(crate) const REGEX_DFA_SIZE_LIMIT: usize = 1 << 25;

type MakeCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The patterns a lazy DFA runs, with their places among the role's patterns, and a cache per
/// thread.
struct Lazy {
    dfa: DFA,
    caches: Pool<Cache, MakeCache>,
    places: Vec<usize>,
}

impl Lazy {
    fn new(dfa: DFA, places: Vec<usize>) -> Lazy {
        let for_caches = dfa.clone();
        Lazy {
            dfa,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
            places,
        }
    }
}

/// The patterns of one role, asked together.
pub(crate) struct PatternSet {
    lazy: Option<Lazy>,
    /// Patterns with Unicode word boundaries (`\b`), which a lazy DFA cannot run on non-ASCII
    /// text, in a set of their own.
    boundary: Option<(regex::RegexSet, Vec<usize>)>,
    /// Every pattern, in case the lazy DFA fails on a text (it has no reason to).
    patterns: Vec<String>,
    fallback: std::sync::OnceLock<Option<regex::RegexSet>>,
}

impl std::fmt::Debug for PatternSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternSet")
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl Clone for PatternSet {
    fn clone(&self) -> Self {
        PatternSet {
            lazy: self
                .lazy
                .as_ref()
                .map(|l| Lazy::new(l.dfa.clone(), l.places.clone())),
            boundary: self.boundary.clone(),
            patterns: self.patterns.clone(),
            fallback: self.fallback.clone(),
        }
    }
}

fn set(patterns: &[&str]) -> Result<regex::RegexSet, String> {
    regex::RegexSetBuilder::new(patterns)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

impl PatternSet {
    /// The set of `patterns` (`None`: there are none), or why they do not compile together.
    pub(crate) fn new(patterns: &[&str]) -> Result<Option<PatternSet>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut hirs = Vec::new();
        let mut places = Vec::new();
        let mut bounded = Vec::new();
        let mut bounded_places = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let hir = regex_syntax::Parser::new()
                .parse(p)
                .map_err(|e| e.to_string())?;
            if hir.properties().look_set().contains_word_unicode() {
                bounded.push(*p);
                bounded_places.push(i);
            } else {
                hirs.push(hir);
                places.push(i);
            }
        }
        let lazy = if hirs.is_empty() {
            None
        } else {
            let nfa = thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .which_captures(thompson::WhichCaptures::None)
                        .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
                )
                .build_many_from_hir(&hirs)
                .map_err(|e| e.to_string())?;
            let dfa = DFA::builder()
                .configure(
                    DFA::config()
                        .match_kind(MatchKind::All)
                        .cache_capacity(REGEX_DFA_SIZE_LIMIT),
                )
                .build_from_nfa(nfa)
                .map_err(|e| e.to_string())?;
            Some(Lazy::new(dfa, places))
        };
        let boundary = if bounded.is_empty() {
            None
        } else {
            Some((set(&bounded)?, bounded_places))
        };
        Ok(Some(PatternSet {
            lazy,
            boundary,
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
            fallback: std::sync::OnceLock::new(),
        }))
    }

    /// The places of the patterns that match somewhere in `text`, in ascending order.
    pub(crate) fn matches(&self, text: &str) -> SmallVec<[usize; 8]> {
        let mut out: SmallVec<[usize; 8]> = SmallVec::new();
        if let Some(lazy) = &self.lazy {
            let mut cache = lazy.caches.get();
            // Most texts match nothing: answered without allocating, stopping at a first match.
            match lazy
                .dfa
                .try_search_fwd(&mut cache, &Input::new(text).earliest(true))
            {
                Ok(None) => {}
                Ok(Some(_)) => {
                    let mut found = Found::new(lazy.dfa.pattern_len());
                    let input = Input::new(text);
                    if lazy
                        .dfa
                        .try_which_overlapping_matches(&mut cache, &input, &mut found)
                        .is_err()
                    {
                        return self.slow_matches(text);
                    }
                    out.extend(
                        found
                            .iter()
                            .filter_map(|p| lazy.places.get(p.as_usize()).copied()),
                    );
                }
                Err(_) => return self.slow_matches(text),
            }
        }
        // `is_match` first: `matches` allocates.
        if let Some((set, places)) = self.boundary.as_ref().filter(|(s, _)| s.is_match(text)) {
            out.extend(
                set.matches(text)
                    .iter()
                    .filter_map(|i| places.get(i).copied()),
            );
        }
        out.sort_unstable();
        out
    }

    fn slow_matches(&self, text: &str) -> SmallVec<[usize; 8]> {
        let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
        self.fallback
            .get_or_init(|| set(&patterns).ok())
            .as_ref()
            .map(|s| s.matches(text).into_iter().collect())
            .unwrap_or_default()
    }
}

/// A regular-expression rule. Its own `Regex` (for the spans) is compiled the first time a
/// set of patterns says it matches (`gates`): most never do, and compiling them all was a
/// tenth of a coach's start-up. The role's patterns compile together under the limits (checked
/// when a coach compiles packs), so each alone does too.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RegexRule {
    pub rule: RuleIdx,
    pub pack: u16,
    pub pattern: String,
    /// Pack name, line and rule id, for errors.
    pub origin: (String, usize, String),
    /// A literal every match contains ([`gate`]): the pattern is asked only of a text that
    /// contains it.
    pub gate: Option<String>,
    #[serde(skip)]
    regex: std::sync::OnceLock<Option<regex::Regex>>,
}

impl RegexRule {
    pub(crate) fn new(
        rule: RuleIdx,
        pack: u16,
        pattern: String,
        origin: (String, usize, String),
    ) -> Self {
        RegexRule {
            rule,
            pack,
            gate: gate(&pattern),
            pattern,
            origin,
            regex: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn compile(&self) -> Result<regex::Regex, regex::Error> {
        regex::RegexBuilder::new(&self.pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
            .build()
    }

    /// The compiled pattern (compiled on first use).
    pub(crate) fn regex(&self) -> Option<&regex::Regex> {
        self.regex.get_or_init(|| self.compile().ok()).as_ref()
    }
}

/// The patterns of `regexes` as one set under the size limits (`None`: there are none).
pub(crate) fn regex_set<'a>(
    regexes: impl IntoIterator<Item = &'a RegexRule>,
) -> Result<Option<PatternSet>, String> {
    let patterns: Vec<&str> = regexes.into_iter().map(|r| r.pattern.as_str()).collect();
    PatternSet::new(&patterns)
}

/// A literal every match of `pattern` contains, if it has one: the longest run of literal
/// characters its top-level sequence always matches (`None` if it does not parse).
pub(crate) fn gate(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    required(&hir).filter(|g| !g.is_empty())
}

fn required(h: &Hir) -> Option<String> {
    match h.kind() {
        HirKind::Literal(l) => std::str::from_utf8(&l.0).ok().map(str::to_string),
        HirKind::Class(Class::Unicode(c)) => match c.ranges() {
            [r] if r.start() == r.end() => Some(r.start().to_string()),
            _ => None,
        },
        HirKind::Class(Class::Bytes(c)) => match c.ranges() {
            [r] if r.start() == r.end() && r.start().is_ascii() => {
                Some(char::from(r.start()).to_string())
            }
            _ => None,
        },
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(parts) => {
            // Adjacent literals make one longer run; any other part ends the run and may
            // itself require a literal.
            let mut best = String::new();
            let mut run = String::new();
            for p in parts {
                let literal = matches!(p.kind(), HirKind::Literal(_) | HirKind::Class(_));
                match required(p) {
                    Some(s) if literal => run.push_str(&s),
                    other => {
                        if run.len() > best.len() {
                            best = std::mem::take(&mut run);
                        }
                        run.clear();
                        if let Some(s) = other.filter(|s| s.len() > best.len()) {
                            best = s;
                        }
                    }
                }
            }
            Some(if run.len() > best.len() { run } else { best })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_is_a_literal_every_match_contains() {
        assert_eq!(gate(r"(?i)<(?:insert|first) name>").as_deref(), Some("<"));
        // The longest run of required characters.
        assert_eq!(gate(r"\{\{\s*name\s*\}\}").as_deref(), Some("name"));
        assert_eq!(gate(r"\{\{\s*\w+\s*\}\}").as_deref(), Some("{{"));
        assert_eq!(
            gate(r"(?:^|[^A-Za-z0-9-])(?P<m>XX+X)(?:[^A-Za-z0-9-]|$)").as_deref(),
            Some("X")
        );
        assert_eq!(gate(r"lorem ipsum").as_deref(), Some("lorem ipsum"));
        assert_eq!(gate(r"(?:^|[^\w@])(?P<m>_{4,})").as_deref(), Some("_"));
        // Case-insensitive letters, alternatives and optional parts require nothing.
        assert_eq!(gate(r"(?i)lorem ipsum").as_deref(), Some(" "));
        assert_eq!(gate(r"(?i)lorem"), None);
        assert_eq!(gate(r"cancel|leave"), None);
        assert_eq!(gate(r"(?:<)?name"), Some("name".to_string()));
        assert_eq!(gate(r"x*"), None);
        assert_eq!(gate(r"(unclosed"), None);
    }

    const PATTERNS: &[&str] = &[
        r"(?i)\bhey\b",
        r"\[[A-Z]{2,}\]",
        r"(?:^|[^\p{L}])(?P<m>Х{3,})(?:[^\p{L}]|$)",
        r"(?i)(?:^|[.!?]\s*)(?P<m>бро|друг)\b",
        r"(?m:^)yo\b",
        r"(?:^|[^\w@])(?P<m>_{4,})(?:[^\w]|$)",
    ];

    #[test]
    fn the_same_answer_as_a_regex_set() {
        let ours = PatternSet::new(PATTERNS)
            .expect("compiles")
            .expect("not empty");
        let theirs = regex::RegexSet::new(PATTERNS).expect("compiles");
        for text in [
            "",
            "Hey there [NAME], ____ thanks",
            "они ХХХ, бро",
            "Друг, привет",
            "yo\nhey",
            "theyo hey_",
            "cảm ơn [TÊN] ____",
            "@____ handle",
            "nothing here",
        ] {
            let want: Vec<usize> = theirs.matches(text).into_iter().collect();
            assert_eq!(ours.matches(text).to_vec(), want, "{text}");
        }
        assert_eq!(ours.clone().matches("hey").to_vec(), vec![0]);
    }

    #[test]
    fn none_and_errors() {
        assert!(PatternSet::new(&[]).expect("no patterns").is_none());
        assert!(PatternSet::new(&["(unclosed"]).is_err());
        assert!(PatternSet::new(&[r"\bok\b", "(unclosed"]).is_err());
    }
}
