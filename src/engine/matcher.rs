//! One Aho-Corasick automaton over the normalized phrases of many rules, stepped byte by byte over
//! the streaming normalizer's output: no normalized copy of the text is ever built.

use super::automaton::{Automaton, View};
use super::records::{Blob, U32s};
use crate::error::Error;
use crate::normalize::stream::{normalize, Sink, TextStats, MATCH};

pub(crate) use super::automaton::MAX_PHRASE_BYTES;

/// An automaton and, for each of its patterns, the entries (phrases of rules) it stands for.
#[derive(Clone, Default)]
pub(crate) struct Matcher<'t> {
    /// Empty (no states) when the matcher has no keys.
    automaton: Automaton<'t>,
    /// The entries of every pattern, pattern after pattern: pattern `p` stands for
    /// `entries[starts[p]..starts[p + 1]]` (one table, not one per pattern).
    entries: U32s<'t>,
    starts: U32s<'t>,
    /// Per pattern, [`EDGE_LEFT`] and [`EDGE_RIGHT`]: every entry behind it needs that edge on
    /// a word boundary, so an occurrence inside an ASCII word is dropped before its entries are
    /// looked at. Empty: no pattern is dropped.
    edges: Blob<'t>,
}

impl std::fmt::Debug for Matcher<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("automaton", &self.automaton)
            .field("entries", &self.entries.len())
            .field("starts", &self.starts.len())
            .field("edges", &self.edges.bytes().len())
            .finish()
    }
}

/// A matcher in precompiled tables: the automaton in daachorse's own format (its layout checked
/// when read back, then stepped in place), then the entries and edge flags.
#[derive(serde::Serialize)]
struct MatcherOut<'a> {
    automaton: Bytes<'a>,
    entries: &'a U32s<'a>,
    starts: &'a U32s<'a>,
    edges: &'a Blob<'a>,
}

/// Read back borrowing every table: nothing is copied.
#[derive(serde::Deserialize)]
struct MatcherIn<'a> {
    #[serde(borrow)]
    automaton: Blob<'a>,
    #[serde(borrow)]
    entries: U32s<'a>,
    #[serde(borrow)]
    starts: U32s<'a>,
    #[serde(borrow)]
    edges: Blob<'a>,
}

/// Bytes written as one block (serde writes a `&[u8]` as a sequence of numbers otherwise).
struct Bytes<'a>(&'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl serde::Serialize for Matcher<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        MatcherOut {
            automaton: Bytes(self.automaton.bytes()),
            entries: &self.entries,
            starts: &self.starts,
            edges: &self.edges,
        }
        .serialize(s)
    }
}

impl<'de: 't, 't> serde::Deserialize<'de> for Matcher<'t> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let m = MatcherIn::deserialize(d)?;
        // The entry ranges are checked where a scan reads them (`range_in`).
        let patterns = m.starts.len().saturating_sub(1);
        let edges = m.edges.bytes().len();
        if edges != 0 && edges != patterns {
            return Err(D::Error::custom(
                "phrase automaton: entry table does not match its keys",
            ));
        }
        let automaton = if m.automaton.bytes().is_empty() {
            Automaton::default()
        } else {
            Automaton::read(m.automaton).map_err(D::Error::custom)?
        };
        Ok(Matcher {
            automaton,
            entries: m.entries,
            starts: m.starts,
            edges: m.edges,
        })
    }
}

/// `f` of each input, each on its own thread; where a thread cannot be started (or is gone), on
/// this one.
fn on_threads<T: Copy + Send, R: Send, const N: usize>(
    inputs: [T; N],
    f: impl Fn(T) -> R + Sync,
) -> [R; N] {
    std::thread::scope(|scope| {
        let f = &f;
        let handles = inputs.map(|x| {
            std::thread::Builder::new()
                .spawn_scoped(scope, move || f(x))
                .ok()
        });
        let mut i = 0;
        handles.map(|h| {
            let x = inputs[i];
            i += 1;
            match h.map(|h| h.join()) {
                Some(Ok(r)) => r,
                _ => f(x),
            }
        })
    })
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

impl Matcher<'_> {
    /// Builds the automata of `specs` (keys, and the entries behind each key), each on its own
    /// thread: their construction is most of a compiled coach's start-up.
    pub(crate) fn build_all<const N: usize>(
        specs: [AutomatonSpec; N],
    ) -> Result<[Matcher<'static>; N], Error> {
        let built = on_threads(specs.each_ref(), Matcher::new);
        let mut out = Vec::with_capacity(N);
        for m in built {
            out.push(m?);
        }
        out.try_into().map_err(|_| Error::TooLarge {
            what: "the phrase automata".into(),
            reason: "an automaton is missing".into(),
        })
    }

    pub(crate) fn new(spec: &AutomatonSpec) -> Result<Matcher<'static>, Error> {
        let AutomatonSpec {
            keys,
            entries,
            edges,
        } = spec;
        if keys.is_empty() {
            return Ok(Matcher::default());
        }
        let automaton = Automaton::build(keys).map_err(|reason| Error::TooLarge {
            what: "the phrase automaton".into(),
            reason,
        })?;
        let (starts, entries) = U32s::concat(entries);
        Ok(Matcher {
            automaton,
            entries,
            starts,
            edges: edges.clone().into(),
        })
    }

    /// Bytes of the automaton's tables, wherever they are held.
    #[cfg(test)]
    pub(crate) fn table_bytes(&self) -> usize {
        self.automaton.bytes().len()
    }

    /// Heap memory held by the automaton and its entry table.
    pub(crate) fn memory_usage(&self) -> usize {
        self.automaton.heap_bytes()
            + self.entries.heap_bytes()
            + self.starts.heap_bytes()
            + self.edges.heap_bytes()
    }

    /// Normalizes `text` in the match view and calls `on_match(entry, start, end)` for every
    /// entry of every pattern occurrence; `start..end` are original byte offsets (the end is the
    /// end of the original character that produced the match's last byte).
    pub(crate) fn scan<F: FnMut(u32, usize, usize)>(&self, text: &str, on_match: F) -> TextStats {
        match &self.automaton {
            automaton if automaton.is_empty() => {
                let mut sink = NullSink;
                normalize(text, MATCH, &mut sink)
            }
            automaton => {
                let mut sink = AcSink {
                    automaton: automaton.view(),
                    state: 0,
                    pos: 0,
                    ring: [0; MAX_PHRASE_BYTES + 1],
                    entries: &self.entries,
                    starts: &self.starts,
                    edges: self.edges.bytes(),
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
    automaton: View<'a>,
    state: u32,
    pos: usize,
    ring: [usize; RING],
    entries: &'a U32s<'a>,
    starts: &'a U32s<'a>,
    edges: &'a [u8],
    text: &'a [u8],
    on_match: F,
}

impl<F: FnMut(u32, usize, usize)> Sink for AcSink<'_, F> {
    #[inline(always)]
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
        let [state, outputs] = self.automaton.step(self.state, b);
        self.state = state;
        if outputs == 0 {
            return;
        }
        for (pid, len) in self.automaton.outputs_at(outputs) {
            let pid = pid as usize;
            if len == 0 || len > self.pos || len >= RING {
                continue;
            }
            let start = self.ring[(self.pos - len) % RING];
            if self.inside_a_word(pid, start, orig_end) {
                continue;
            }
            for e in self.starts.range_in(self.entries, pid) {
                (self.on_match)(e, start, orig_end);
            }
        }
    }
}
