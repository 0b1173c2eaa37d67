//! An Aho-Corasick automaton stepped where it lies: daachorse builds it and writes it in its own
//! byte layout (a double array of 12-byte states, then 12-byte outputs), and this module steps
//! those bytes in place. Decoding them with daachorse copied every state onto the heap (32 MB for
//! the built-in packs) and took most of a start-up; read in place, the tables embedded in the
//! binary are only paged in where a message walks.
//!
//! Nothing here trusts the bytes: every read is bounds-checked, and the walk along failure links
//! and output chains is capped at the longest phrase, so a damaged table can give wrong matches
//! (as a damaged entry table can) but never a panic or an endless loop. A unit test keeps this
//! stepper equal to daachorse's own on random keys and texts, so a change of daachorse's layout is
//! caught by the tests, not by users.

use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};

use super::records::Blob;

/// Longest normalized phrase, in bytes (the matcher's ring buffer holds this many, and no walk
/// through the automaton is longer).
pub(crate) const MAX_PHRASE_BYTES: usize = 255;

/// Bytes of one state: base (0 = no children), failure link, and output position (high 24 bits)
/// with the byte that leads to the state (low 8 bits).
const STATE: usize = 12;
/// Bytes of one output: the pattern's value, its length, and the next output of the chain
/// (1-based; 0 = none).
const OUTPUT: usize = 12;
/// daachorse's tag for standard (overlapping) matching.
const STANDARD: u8 = 0;

/// The automaton's bytes, in daachorse's layout, and where its two tables start.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Automaton<'t> {
    bytes: Blob<'t>,
    /// Byte range of the states and of the outputs within `bytes`.
    states: (usize, usize),
    outputs: (usize, usize),
    /// The root's transitions, precomputed with the output position of each state they lead
    /// to: most bytes of a text leave from the root.
    root: Option<Box<[[u32; 2]; 256]>>,
}

impl std::fmt::Debug for Automaton<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Automaton")
            .field("states", &((self.states.1 - self.states.0) / STATE))
            .field("outputs", &((self.outputs.1 - self.outputs.0) / OUTPUT))
            .finish()
    }
}

/// Why bytes are not an automaton this module can step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LayoutError {
    #[error("phrase automaton: {0} table ends early")]
    Short(&'static str),
    #[error("phrase automaton: not built for overlapping matching")]
    Kind,
    #[error("phrase automaton: {0} bytes after its end")]
    Trailing(usize),
}

/// A little-endian `u32` at `at`, or none outside `bytes`.
#[inline(always)]
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads a length-prefixed table of `size`-byte records at `at`: its byte range.
fn table(
    bytes: &[u8],
    at: usize,
    size: usize,
    what: &'static str,
) -> Result<(usize, usize), LayoutError> {
    let n = u32_at(bytes, at).ok_or(LayoutError::Short(what))? as usize;
    let start = at + 4;
    let end = n
        .checked_mul(size)
        .and_then(|b| b.checked_add(start))
        .filter(|&e| e <= bytes.len())
        .ok_or(LayoutError::Short(what))?;
    Ok((start, end))
}

impl<'t> Automaton<'t> {
    /// Builds an automaton over `keys`; pattern `i` reports the value `i`.
    pub(crate) fn build<K: AsRef<[u8]>>(keys: &[K]) -> Result<Automaton<'static>, String> {
        let built: DoubleArrayAhoCorasick<u32> = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .use_prefilter(false)
            .build_with_values(keys.iter().zip(0u32..))
            .map_err(|e| e.to_string())?;
        Automaton::read(Blob::from(built.serialize())).map_err(|e| e.to_string())
    }

    /// Takes bytes daachorse serialized, checking that its tables fit in them.
    pub(crate) fn read(bytes: Blob<'t>) -> Result<Automaton<'t>, LayoutError> {
        let b = bytes.bytes();
        let states = table(b, 0, STATE, "state")?;
        let leftmost = table(b, states.1, STATE, "leftmost state")?;
        let fails = table(b, leftmost.1, 4, "failure")?;
        let outputs = table(b, fails.1, OUTPUT, "output")?;
        let mut at = outputs.1;
        if leftmost.0 != leftmost.1 || fails.0 != fails.1 || b.get(at) != Some(&STANDARD) {
            return Err(LayoutError::Kind);
        }
        // The kind, the number of states (daachorse's own count) and the prefilter, which
        // this stepper does not use: a flag, then a window length and a 64 KiB table.
        at += 1 + 4;
        at += match b.get(at) {
            Some(0) => 1,
            Some(1) => 1 + 1 + 65_536,
            _ => return Err(LayoutError::Short("prefilter")),
        };
        match b.len().checked_sub(at) {
            None => return Err(LayoutError::Short("prefilter")),
            Some(0) => {}
            Some(n) => return Err(LayoutError::Trailing(n)),
        }
        let mut automaton = Automaton {
            bytes,
            states,
            outputs,
            root: None,
        };
        if automaton.states.0 != automaton.states.1 {
            let view = automaton.view();
            let base = view.state(0).map_or(0, |st| st[0]);
            let mut root = Box::new([[0u32; 2]; 256]);
            for (c, next) in (0..=255u8).zip(root.iter_mut()) {
                *next = view.child(base, c).unwrap_or([0, 0]);
            }
            automaton.root = Some(root);
        }
        Ok(automaton)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// The bytes as daachorse wrote them (what tables store).
    pub(crate) fn bytes(&self) -> &[u8] {
        self.bytes.bytes()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.heap_bytes() + self.root.as_ref().map_or(0, |_| 256 * 8)
    }

    /// The automaton as plain slices, for a pass over one text.
    #[inline]
    pub(crate) fn view(&self) -> View<'_> {
        let b = self.bytes.bytes();
        View {
            states: b.get(self.states.0..self.states.1).unwrap_or_default(),
            outputs: b.get(self.outputs.0..self.outputs.1).unwrap_or_default(),
            root: self.root.as_deref(),
        }
    }
}

/// See [`Automaton::view`].
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    states: &'a [u8],
    outputs: &'a [u8],
    root: Option<&'a [[u32; 2]; 256]>,
}

/// The three little-endian `u32`s of a 12-byte record.
#[inline(always)]
fn record(table: &[u8], i: usize) -> Option<[u32; 3]> {
    let at = i.checked_mul(12)?;
    let r: &[u8; 12] = table.get(at..at.checked_add(12)?)?.try_into().ok()?;
    let word = |k: usize| u32::from_le_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]);
    Some([word(0), word(4), word(8)])
}

impl View<'_> {
    /// State `s`: base (0 = no children), failure link, output position and check byte.
    #[inline(always)]
    fn state(&self, s: u32) -> Option<[u32; 3]> {
        record(self.states, s as usize)
    }

    /// The child of a state with base `base` on byte `c`, if it has one, with its output
    /// position (read from the same record).
    #[inline(always)]
    fn child(&self, base: u32, c: u8) -> Option<[u32; 2]> {
        if base == 0 {
            return None;
        }
        let child = base ^ u32::from(c);
        let [_, _, opos_check] = self.state(child)?;
        (opos_check as u8 == c).then_some([child, opos_check >> 8])
    }

    /// The state after reading `c` in state `s` (0 is the root).
    #[cfg(test)]
    pub(crate) fn next(&self, s: u32, c: u8) -> u32 {
        self.step(s, c)[0]
    }

    /// The state after reading `c` in state `s` (0 is the root), and the output position of
    /// that state for [`View::outputs_at`]: one read of its record serves both.
    #[inline(always)]
    pub(crate) fn step(&self, mut s: u32, c: u8) -> [u32; 2] {
        let Some(root) = self.root else {
            return [0, 0];
        };
        // A state's failure link leads to a shallower state, so a phrase's length bounds the
        // walk; a damaged table that loops ends at the root.
        for _ in 0..=MAX_PHRASE_BYTES {
            if s == 0 {
                return root[usize::from(c)];
            }
            let Some([base, fail, _]) = self.state(s) else {
                return [0, 0];
            };
            if let Some(next) = self.child(base, c) {
                return next;
            }
            s = fail;
        }
        [0, 0]
    }

    /// The patterns that end in state `s`: `(value, length)`, longest first.
    #[cfg(test)]
    pub(crate) fn outputs(&self, s: u32) -> Outputs<'_> {
        self.outputs_at(self.state(s).map_or(0, |st| st[2] >> 8))
    }

    /// The patterns of the output chain at `pos` (as [`View::step`] returns it).
    #[inline(always)]
    pub(crate) fn outputs_at(&self, pos: u32) -> Outputs<'_> {
        Outputs {
            outputs: self.outputs,
            pos,
            left: MAX_PHRASE_BYTES + 1,
        }
    }
}

/// See [`View::outputs_at`].
pub(crate) struct Outputs<'a> {
    outputs: &'a [u8],
    /// 1-based position of the next output; 0 when the chain has ended.
    pos: u32,
    /// A chain has at most one output per suffix of the longest phrase.
    left: usize,
}

impl Iterator for Outputs<'_> {
    type Item = (u32, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(u32, usize)> {
        if self.pos == 0 || self.left == 0 {
            return None;
        }
        self.left -= 1;
        let [value, len, parent] = record(self.outputs, self.pos as usize - 1)?;
        self.pos = parent;
        Some((value, len as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence as `(value, start, end)`, by stepping this module's automaton.
    fn ours(a: &Automaton<'_>, text: &[u8]) -> Vec<(u32, usize, usize)> {
        let a = a.view();
        let mut s = 0;
        let mut out = vec![];
        for (i, &c) in text.iter().enumerate() {
            s = a.next(s, c);
            out.extend(
                a.outputs(s)
                    .map(|(v, len)| (v, (i + 1).saturating_sub(len), i + 1)),
            );
        }
        out.sort_unstable();
        out
    }

    fn theirs(keys: &[Vec<u8>], text: &[u8]) -> Vec<(u32, usize, usize)> {
        let d: DoubleArrayAhoCorasick<u32> = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(keys.iter().zip(0u32..))
            .unwrap();
        let mut out: Vec<_> = d
            .find_overlapping_iter(text)
            .map(|m| (m.value(), m.start(), m.end()))
            .collect();
        out.sort_unstable();
        out
    }

    /// A small deterministic generator: keys and texts over a few letters (so that they
    /// overlap a lot) and some multi-byte characters.
    fn words(seed: &mut u64, n: usize, max: usize) -> Vec<Vec<u8>> {
        const ALPHABET: [&str; 7] = ["a", "b", "c", " ", "é", "ก", "ы"];
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next() % max;
                (0..len)
                    .flat_map(|_| ALPHABET[next() % ALPHABET.len()].bytes())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn steps_as_daachorse_does() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for round in 0..200 {
            let mut keys = words(&mut seed, 1 + round % 40, 6);
            keys.sort();
            keys.dedup();
            let a = Automaton::build(&keys).unwrap();
            for text in words(&mut seed, 5, 60) {
                assert_eq!(ours(&a, &text), theirs(&keys, &text), "keys {keys:?}");
            }
        }
    }

    #[test]
    fn read_back_from_its_bytes() {
        let keys = ["your", "you", "ur", "ดี"];
        let a = Automaton::build(&keys).unwrap();
        let b = Automaton::read(Blob::from(a.bytes().to_vec())).unwrap();
        assert_eq!(
            ours(&b, "see you, your ดี".as_bytes()),
            ours(&a, "see you, your ดี".as_bytes())
        );
        assert!(!ours(&b, b"your").is_empty());
    }

    #[test]
    fn damaged_bytes_are_refused_or_harmless() {
        let a = Automaton::build(&["abc", "bc", "c"]).unwrap();
        let bytes = a.bytes().to_vec();
        assert!(Automaton::read(Blob::from(bytes[..bytes.len() - 1].to_vec())).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            Automaton::read(Blob::from(longer)).unwrap_err(),
            LayoutError::Trailing(1)
        );
        // Every state's failure link pointing at itself: the walk still ends.
        let mut looped = bytes.clone();
        let n = u32_at(&looped, 0).unwrap() as usize;
        for s in 1..n {
            let at = 4 + s * STATE + 4;
            looped[at..at + 4].copy_from_slice(&(s as u32).to_le_bytes());
        }
        let d = Automaton::read(Blob::from(looped)).unwrap();
        let _ = ours(&d, b"abcabcxxabd");
        // Any byte flipped anywhere: no panic.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xa5;
            if let Ok(d) = Automaton::read(Blob::from(b)) {
                let _ = ours(&d, b"abcabcxxabd");
            }
        }
    }
}
