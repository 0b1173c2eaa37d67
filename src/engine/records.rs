//! The largest tables of a coach as fixed-width little-endian records: phrase entries, the
//! entry lists behind automaton keys, every phrase's text. A coach compiled at start-up owns
//! them; a coach read from the tables built into the binary borrows them from it (`'t`, the
//! tables' lifetime), so start-up neither decodes nor copies a quarter of a million entries. A record is decoded when a review
//! reads it, and one that does not decode reads as missing.

use std::borrow::Cow;

use super::entry::{Entry, EntryKind};
use crate::finding::Applicability;
use crate::normalize::units::{Diacritics, ScriptMix};
use crate::rules::Marker;

/// Bytes owned, or borrowed from the tables they were read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Blob<'t>(Cow<'t, [u8]>);

impl<'t> Blob<'t> {
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, if they are borrowed from the tables (for as long as those live).
    pub(crate) fn borrowed(&self) -> Option<&'t [u8]> {
        match self.0 {
            Cow::Borrowed(b) => Some(b),
            Cow::Owned(_) => None,
        }
    }

    /// Heap memory held (borrowed bytes hold none).
    pub(crate) fn heap_bytes(&self) -> usize {
        match &self.0 {
            Cow::Owned(v) => v.capacity(),
            Cow::Borrowed(_) => 0,
        }
    }
}

impl From<Vec<u8>> for Blob<'_> {
    fn from(v: Vec<u8>) -> Self {
        Blob(Cow::Owned(v))
    }
}

impl serde::Serialize for Blob<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// Borrows when the deserializer lends the bytes (postcard over the tables); copies otherwise.
impl<'de: 't, 't> serde::Deserialize<'de> for Blob<'t> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'t>(std::marker::PhantomData<&'t ()>);
        impl<'de: 't, 't> serde::de::Visitor<'de> for V<'t> {
            type Value = Blob<'t>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Blob<'t>, E> {
                Ok(Blob(Cow::Borrowed(v)))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Blob<'t>, E> {
                Ok(Blob(Cow::Owned(v.to_vec())))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Blob<'t>, E> {
                Ok(Blob(Cow::Owned(v)))
            }
        }
        d.deserialize_bytes(V(std::marker::PhantomData))
    }
}

/// A table of `u32`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct U32s<'t>(#[serde(borrow)] Blob<'t>);

impl U32s<'_> {
    pub(crate) fn len(&self) -> usize {
        self.0.bytes().len() / 4
    }

    pub(crate) fn get(&self, i: usize) -> Option<u32> {
        let b = self
            .0
            .bytes()
            .get(i.checked_mul(4)?..i.checked_add(1)?.checked_mul(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Values `a..b`, or none if the range is outside the table.
    pub(crate) fn range(&self, a: usize, b: usize) -> impl Iterator<Item = u32> + '_ {
        let bytes = (a <= b)
            .then(|| self.0.bytes().get(a.checked_mul(4)?..b.checked_mul(4)?))
            .flatten()
            .unwrap_or_default();
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.range(0, self.len())
    }

    /// Lists of values as two tables: where each list starts (and, last, where the final one
    /// ends), and every list's values one after the other. Read back with [`U32s::range_in`].
    pub(crate) fn concat<T: Copy + Into<u32>>(lists: &[Vec<T>]) -> (U32s<'static>, U32s<'static>) {
        let starts = std::iter::once(0)
            .chain(lists.iter().scan(0u32, |n, l| {
                *n += l.len() as u32;
                Some(*n)
            }))
            .collect();
        let values = lists.iter().flatten().map(|&v| v.into()).collect();
        (starts, values)
    }

    /// The values of list `i` of `values`, these being the starts [`U32s::concat`] wrote (none if
    /// there is no such list).
    #[inline]
    pub(crate) fn range_in<'v>(
        &self,
        values: &'v U32s<'_>,
        i: usize,
    ) -> impl Iterator<Item = u32> + 'v {
        let (a, b) = match (self.get(i), i.checked_add(1).and_then(|n| self.get(n))) {
            (Some(a), Some(b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        values.range(a, b)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

impl FromIterator<u32> for U32s<'_> {
    fn from_iter<I: IntoIterator<Item = u32>>(it: I) -> Self {
        U32s(
            it.into_iter()
                .flat_map(u32::to_le_bytes)
                .collect::<Vec<_>>()
                .into(),
        )
    }
}

/// Bytes of one [`Entry`] record.
const ENTRY: usize = 28;
const NONE: u32 = u32::MAX;

const MARKED: u8 = 1;
const OPEN_LEFT: u8 = 2;
const OPEN_RIGHT: u8 = 4;
const OBFUSCATION: u8 = 8;
const LATIN: u8 = 16;
const CYRILLIC: u8 = 32;
const INFLECTS: u8 = 64;

/// The phrase entries, one record each.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct Entries<'t>(#[serde(borrow)] Blob<'t>);

impl Entries<'_> {
    pub(crate) fn len(&self) -> usize {
        self.0.bytes().len() / ENTRY
    }

    pub(crate) fn get(&self, i: usize) -> Option<Entry> {
        let r = self
            .0
            .bytes()
            .get(i.checked_mul(ENTRY)?..i.checked_add(1)?.checked_mul(ENTRY)?)?;
        decode(r)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Option<Entry>> + '_ {
        self.0.bytes().chunks_exact(ENTRY).map(decode)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

impl<'a> FromIterator<&'a Entry> for Entries<'_> {
    fn from_iter<I: IntoIterator<Item = &'a Entry>>(it: I) -> Self {
        let mut out = Vec::new();
        for e in it {
            encode(e, &mut out);
        }
        Entries(out.into())
    }
}

fn u16_at(r: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*r.get(i)?, *r.get(i + 1)?]))
}

fn u32_at(r: &[u8], i: usize) -> Option<u32> {
    let b = r.get(i..i + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn encode(e: &Entry, out: &mut Vec<u8>) {
    let (tag, a, b) = match e.kind {
        EntryKind::Rule(r) => (0u8, r, 0u16),
        EntryKind::Unless(r) => (1, r, 0),
        EntryKind::Innocent => (2, 0, 0),
        EntryKind::Name => (3, 0, 0),
        EntryKind::Negation => (4, 0, 0),
        EntryKind::ClauseBreak => (5, 0, 0),
        EntryKind::Marker(m) => (
            6,
            Marker::ALL.iter().position(|x| *x == m).unwrap_or(0) as u16,
            0,
        ),
        EntryKind::Parts(g) => (7, g as u16, (g >> 16) as u16),
        EntryKind::Cue(d, v) => (8, d, v),
    };
    let flags = [
        (e.marked, MARKED),
        (e.open_left, OPEN_LEFT),
        (e.open_right, OPEN_RIGHT),
        (e.inflects, INFLECTS),
        (e.obfuscation, OBFUSCATION),
        (e.script.latin, LATIN),
        (e.script.cyrillic, CYRILLIC),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0u8, |f, (_, bit)| f | bit);
    let policy = match e.policy {
        Diacritics::Optional => 0u8,
        Diacritics::Required => 1,
    };
    let fix = Applicability::ALL
        .iter()
        .position(|x| *x == e.fix)
        .unwrap_or(0) as u8;
    out.extend_from_slice(&[tag, flags, policy, fix]);
    out.extend_from_slice(&a.to_le_bytes());
    out.extend_from_slice(&b.to_le_bytes());
    out.extend_from_slice(&e.pack.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&e.phrase.0.to_le_bytes());
    out.extend_from_slice(&e.phrase.1.to_le_bytes());
    out.extend_from_slice(&e.head.unwrap_or(NONE).to_le_bytes());
    out.extend_from_slice(&e.suggestion.unwrap_or(NONE).to_le_bytes());
}

fn decode(r: &[u8]) -> Option<Entry> {
    let (a, b) = (u16_at(r, 4)?, u16_at(r, 6)?);
    let kind = match *r.first()? {
        0 => EntryKind::Rule(a),
        1 => EntryKind::Unless(a),
        2 => EntryKind::Innocent,
        3 => EntryKind::Name,
        4 => EntryKind::Negation,
        5 => EntryKind::ClauseBreak,
        6 => EntryKind::Marker(*Marker::ALL.get(usize::from(a))?),
        7 => EntryKind::Parts(u32::from(a) | u32::from(b) << 16),
        8 => EntryKind::Cue(a, b),
        _ => return None,
    };
    let flags = *r.get(1)?;
    let policy = match r.get(2)? {
        0 => Diacritics::Optional,
        1 => Diacritics::Required,
        _ => return None,
    };
    let some = |v: u32| (v != NONE).then_some(v);
    Some(Entry {
        kind,
        pack: u16_at(r, 8)?,
        phrase: (u32_at(r, 12)?, u32_at(r, 16)?),
        head: some(u32_at(r, 20)?),
        script: ScriptMix {
            latin: flags & LATIN != 0,
            cyrillic: flags & CYRILLIC != 0,
        },
        marked: flags & MARKED != 0,
        open_left: flags & OPEN_LEFT != 0,
        open_right: flags & OPEN_RIGHT != 0,
        inflects: flags & INFLECTS != 0,
        policy,
        obfuscation: flags & OBFUSCATION != 0,
        suggestion: some(u32_at(r, 24)?),
        fix: *Applicability::ALL.get(usize::from(*r.get(3)?))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Entry> {
        let kinds = [
            EntryKind::Rule(3),
            EntryKind::Unless(7),
            EntryKind::Innocent,
            EntryKind::Name,
            EntryKind::Negation,
            EntryKind::ClauseBreak,
            EntryKind::Marker(Marker::ALL[Marker::ALL.len() - 1]),
            EntryKind::Parts(4_000_000_001),
            EntryKind::Cue(2, 9),
        ];
        kinds
            .iter()
            .enumerate()
            .map(|(i, &kind)| Entry {
                kind,
                pack: i as u16,
                phrase: (i as u32 * 10, i as u32 * 10 + 7),
                head: (i % 2 == 0).then_some(i as u32),
                script: ScriptMix {
                    latin: i % 3 == 0,
                    cyrillic: i % 4 == 0,
                },
                marked: i % 2 == 1,
                open_left: i % 5 == 0,
                open_right: i % 3 == 1,
                inflects: i % 3 == 2,
                policy: if i % 2 == 0 {
                    Diacritics::Optional
                } else {
                    Diacritics::Required
                },
                obfuscation: i % 4 == 1,
                suggestion: (i % 3 == 2).then_some(i as u32 + 100),
                fix: Applicability::ALL[i % Applicability::ALL.len()],
            })
            .collect()
    }

    #[test]
    fn entries_read_back_as_written() {
        let entries = sample();
        let table: Entries = entries.iter().collect();
        assert_eq!(table.len(), entries.len());
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(table.get(i).as_ref(), Some(e));
        }
        assert_eq!(table.get(entries.len()), None);
    }

    #[test]
    fn damaged_records_read_as_missing() {
        let mut bytes = Vec::new();
        encode(&sample()[0], &mut bytes);
        let mut bad_kind = bytes.clone();
        bad_kind[0] = 200;
        let mut bad_policy = bytes.clone();
        bad_policy[2] = 9;
        let mut bad_marker = bytes.clone();
        bad_marker[0] = 6;
        bad_marker[4] = 250;
        for bad in [bad_kind, bad_policy, bad_marker] {
            assert_eq!(Entries(bad.into()).get(0), None);
        }
        assert_eq!(Entries(bytes[..ENTRY - 1].to_vec().into()).get(0), None);
    }

    #[test]
    fn u32s_read_back_and_refuse_outside_ranges() {
        let t: U32s = [1u32, 2, u32::MAX, 0].into_iter().collect();
        assert_eq!(t.len(), 4);
        assert_eq!(t.get(2), Some(u32::MAX));
        assert_eq!(t.get(4), None);
        assert_eq!(t.range(1, 3).collect::<Vec<_>>(), vec![2, u32::MAX]);
        assert_eq!(t.range(3, 9).count(), 0);
        assert_eq!(t.range(3, 1).count(), 0);
        assert_eq!(t.iter().count(), 4);
    }

    #[test]
    fn blobs_borrow_from_their_tables() {
        let table = [4u8, 1, 2, 3, 4];
        let b: Blob<'_> = postcard::from_bytes(&table).expect("decodes");
        assert_eq!(b.bytes(), &[1, 2, 3, 4]);
        assert_eq!(b.heap_bytes(), 0);
        let owned = postcard::to_allocvec(&Blob::from(vec![1, 2, 3, 4])).expect("encodes");
        assert_eq!(owned, table);
    }
}
