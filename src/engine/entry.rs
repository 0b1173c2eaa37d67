//! What the automata stand for: one phrase of one pack, and what its match means.

use crate::finding::Applicability;
use crate::normalize::units::{Diacritics, ScriptMix};
use crate::rules::{Marker, RuleIdx};

/// What a matched phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Rule(RuleIdx),
    Unless(RuleIdx),
    Innocent,
    /// A word that is a personal name when written capitalized.
    Name,
    Negation,
    ClauseBreak,
    Marker(Marker),
    /// A word of items of combinations (`[lists]` entries or literal words): the index of its
    /// group among its role's `PartGroups` (in `tables`), the parts that hold the same phrase,
    /// verified alike. A common word ("your") stands in a hundred lists of a
    /// pack; as one entry per list, each occurrence raised a hundred hits.
    Parts(u32),
    /// A cue of a register variant: the dimension (engine-wide index) and the variant.
    Cue(u16, u16),
}

/// One phrase of one pack, ready for verification. The phrase is kept as written (expanded) and
/// normalized again only when a candidate needs verifying, which keeps a built coach small.
/// Stored as a fixed-width record (`records`) and decoded when read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    pub pack: u16,
    /// The phrase as written (expanded), as a byte range of [`Engine::phrase_text`]: one
    /// string holds every phrase, so a coach does not make a quarter of a million allocations.
    pub phrase: (u32, u32),
    /// One of these must stand right before the phrase (`HEAD + BODY`): an index into
    /// [`Engine::heads`], shared by every body of the same heads.
    pub head: Option<u32>,
    pub script: ScriptMix,
    pub marked: bool,
    pub open_left: bool,
    pub open_right: bool,
    /// The phrase may go on with one of its pack's endings (`урод~`).
    pub inflects: bool,
    pub policy: Diacritics,
    pub obfuscation: bool,
    /// An index into [`Engine::suggestions`].
    pub suggestion: Option<u32>,
    pub fix: Applicability,
}
