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
}

impl Matcher {
    /// Builds the automata of `specs` (keys, and the entries behind each key), each on its own
    /// thread: their construction is most of a coach's start-up. Where threads cannot be
    /// started, they are built one after the other.
    pub(crate) fn build_all<const N: usize>(
        specs: [(Vec<String>, Vec<Vec<u32>>); N],
    ) -> Result<[Matcher; N], Error> {
        let built: Vec<Result<Matcher, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = specs
                .iter()
                .map(|(keys, entries)| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || Matcher::new(keys, entries))
                        .ok()
                })
                .collect();
            handles
                .into_iter()
                .zip(&specs)
                .map(|(h, (keys, entries))| match h.map(|h| h.join()) {
                    Some(Ok(m)) => m,
                    // Not started, or gone: build it here.
                    _ => Matcher::new(keys, entries),
                })
                .collect()
        });
        let built: Vec<Matcher> = built.into_iter().collect::<Result<_, _>>()?;
        built.try_into().map_err(|_| Error::TooLarge {
            what: "the phrase automata".into(),
            reason: "an automaton is missing".into(),
        })
    }

    pub(crate) fn new(keys: &[String], entries: &[Vec<u32>]) -> Result<Matcher, Error> {
        if keys.is_empty() {
            return Ok(Matcher {
                nfa: None,
                entries: Vec::new(),
            });
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
        })
    }

    /// Heap memory held by the automaton and its entry table.
    pub(crate) fn memory_usage(&self) -> usize {
        self.nfa.as_ref().map_or(0, |n| n.memory_usage())
            + self.entries.iter().map(|e| e.len() * 4 + 16).sum::<usize>()
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
                if let Some(list) = self.entries.get(pid.as_usize()) {
                    for &e in list.iter() {
                        (self.on_match)(e, start, orig_end);
                    }
                }
            }
        }
    }
}
