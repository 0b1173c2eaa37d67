//! One Aho-Corasick automaton over the normalized phrases of many rules, stepped byte by byte
//! over the streaming normalizer's output: no normalized copy of the text is ever built.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::error::Error;
use crate::normalize::stream::{normalize, Sink, TextStats, MATCH};

/// Longest normalized phrase, in bytes (the match ring buffer holds this many).
pub(crate) const MAX_PHRASE_BYTES: usize = 255;

/// An automaton and, for each of its patterns, the entries (phrases of rules) it stands for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    nfa: Option<NFA>,
    entries: Vec<Box<[u32]>>,
    /// Per pattern, [`EDGE_LEFT`] and [`EDGE_RIGHT`]: every entry behind it needs that edge on
    /// a word boundary, so an occurrence inside an ASCII word is dropped before its entries are
    /// looked at. Empty: no pattern is dropped.
    edges: Vec<u8>,
}

/// What one automaton is built from: its keys (normalized phrases), the entries behind each key,
/// and each key's edge flags (empty: none).
#[derive(Debug, Default)]
pub(crate) struct AutomatonSpec {
    pub keys: Vec<String>,
    pub entries: Vec<Vec<u32>>,
    pub edges: Vec<u8>,
}

/// Every entry of the pattern fails `plausible_edges` (in `verify`) when its start is inside
/// an ASCII word.
pub(crate) const EDGE_LEFT: u8 = 1;
/// … when its end is inside an ASCII word and not a stretched letter.
pub(crate) const EDGE_RIGHT: u8 = 2;

impl Matcher {
    /// Builds the automata of `specs` (keys, and the entries behind each key), each on its own
    /// thread: their construction is most of a coach's start-up. Where threads cannot be
    /// started, they are built one after the other.
    pub(crate) fn build_all<const N: usize>(
        specs: [AutomatonSpec; N],
    ) -> Result<[Matcher; N], Error> {
        let built: Vec<Result<Matcher, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = specs
                .iter()
                .map(|spec| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || Matcher::new(spec))
                        .ok()
                })
                .collect();
            handles
                .into_iter()
                .zip(&specs)
                .map(|(h, spec)| match h.map(|h| h.join()) {
                    Some(Ok(m)) => m,
                    // Not started, or gone: build it here.
                    _ => Matcher::new(spec),
                })
                .collect()
        });
        let built: Vec<Matcher> = built.into_iter().collect::<Result<_, _>>()?;
        built.try_into().map_err(|_| Error::TooLarge {
            what: "the phrase automata".into(),
            reason: "an automaton is missing".into(),
        })
    }

    pub(crate) fn new(spec: &AutomatonSpec) -> Result<Matcher, Error> {
        let AutomatonSpec {
            keys,
            entries,
            edges,
        } = spec;
        if keys.is_empty() {
            return Ok(Matcher::default());
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .dense_depth(3)
            .build(keys)
            .map_err(|e| Error::TooLarge {
                what: "the phrase automaton".into(),
                reason: e.to_string(),
            })?;
        Ok(Matcher {
            nfa: Some(nfa),
            entries: entries.iter().map(|e| Box::from(&e[..])).collect(),
            edges: edges.clone(),
        })
    }

    /// Heap memory held by the automaton and its entry table.
    pub(crate) fn memory_usage(&self) -> usize {
        self.nfa.as_ref().map_or(0, |n| n.memory_usage())
            + self.entries.iter().map(|e| e.len() * 4 + 16).sum::<usize>()
            + self.edges.len()
    }

    /// Normalizes `text` in the match view and calls `on_match(entry, start, end)` for every
    /// entry of every pattern occurrence; `start..end` are original byte offsets (the end is the
    /// end of the original character that produced the match's last byte).
    pub(crate) fn scan<F: FnMut(u32, usize, usize)>(&self, text: &str, on_match: F) -> TextStats {
        match &self.nfa {
            None => {
                let mut sink = NullSink;
                normalize(text, MATCH, &mut sink)
            }
            Some(nfa) => {
                let Ok(start) = nfa.start_state(Anchored::No) else {
                    return TextStats::default();
                };
                let mut sink = AcSink {
                    nfa,
                    sid: start,
                    pos: 0,
                    ring: [0; MAX_PHRASE_BYTES + 1],
                    entries: &self.entries,
                    edges: &self.edges,
                    text: text.as_bytes(),
                    on_match,
                };
                normalize(text, MATCH, &mut sink)
            }
        }
    }
}

struct NullSink;

impl Sink for NullSink {
    fn emit(&mut self, _: char, _: usize, _: usize) {}
}

const RING: usize = MAX_PHRASE_BYTES + 1;

struct AcSink<'a, F> {
    nfa: &'a NFA,
    sid: aho_corasick::automaton::StateID,
    pos: usize,
    ring: [usize; RING],
    entries: &'a [Box<[u32]>],
    edges: &'a [u8],
    text: &'a [u8],
    on_match: F,
}

impl<F: FnMut(u32, usize, usize)> Sink for AcSink<'_, F> {
    #[inline]
    fn emit(&mut self, c: char, orig_start: usize, orig_end: usize) {
        if c.is_ascii() {
            self.step(c as u8, orig_start, orig_end);
            return;
        }
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.step(b, orig_start, orig_end);
        }
    }
}

impl<F: FnMut(u32, usize, usize)> AcSink<'_, F> {
    /// Whether an occurrence of pattern `pid` at `s..e` fails the edge test of every entry
    /// behind it (see `key_edges` in `compile`), judged as `plausible_edges` judges it.
    #[inline]
    fn inside_a_word(&self, pid: usize, s: usize, e: usize) -> bool {
        let Some(&flags) = self.edges.get(pid) else {
            return false;
        };
        let word = |i: usize| self.text.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
        if flags & EDGE_LEFT != 0 && s > 0 && word(s - 1) && word(s) {
            return true;
        }
        flags & EDGE_RIGHT != 0
            && e > 0
            && word(e)
            && word(e - 1)
            && !self.text[e].eq_ignore_ascii_case(&self.text[e - 1])
    }

    #[inline(always)]
    fn step(&mut self, b: u8, orig_start: usize, orig_end: usize) {
        self.ring[self.pos % RING] = orig_start;
        self.pos += 1;
        self.sid = self.nfa.next_state(Anchored::No, self.sid, b);
        if self.nfa.is_special(self.sid) && self.nfa.is_match(self.sid) {
            for k in 0..self.nfa.match_len(self.sid) {
                let pid = self.nfa.match_pattern(self.sid, k);
                let len = self.nfa.pattern_len(pid);
                if len == 0 || len > self.pos || len >= RING {
                    continue;
                }
                let start = self.ring[(self.pos - len) % RING];
                if self.inside_a_word(pid.as_usize(), start, orig_end) {
                    continue;
                }
                if let Some(list) = self.entries.get(pid.as_usize()) {
                    for &e in list.iter() {
                        (self.on_match)(e, start, orig_end);
                    }
                }
            }
        }
    }
}
