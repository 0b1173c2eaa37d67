//! Markers: what a turn says that conversation-level checks look for (a greeting, thanks, an
//! apology, anger, satisfaction, a permission question). Packs list the words of each marker in
//! their language; each marker carries its own bit, so a turn's markers fit in one byte.

kebab_enum! {
    /// A kind of phrase conversation-level checks look for in a turn.
    pub enum Marker {
        /// "Hi", "thanks for reaching out".
        Greeting = "greeting",
        /// "Thank you".
        Thanks = "thanks",
        /// An apology or an acknowledgement of the customer's feeling.
        Empathy = "empathy",
        /// Words of an upset customer ("unacceptable", "fed up").
        Upset = "upset",
        /// Words of a satisfied customer ("that helps", "perfect").
        Satisfied = "satisfied",
        /// The agent asks before holding or transferring ("may I put you on hold?").
        Permission = "permission",
    }
}

impl Marker {
    /// This marker's bit in a [`Markers`] set.
    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The markers found in one turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Markers(u8);

impl Markers {
    pub(crate) fn insert(&mut self, m: Marker) {
        self.0 |= m.bit();
    }

    pub(crate) fn has(self, m: Marker) -> bool {
        self.0 & m.bit() != 0
    }
}
