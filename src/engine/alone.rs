//! Each language's automata, read from the built-in tables the first time a message detected as
//! that language alone is reviewed. Decoding them with the engine paged in every language's
//! automata for a one-message process (3 MB more resident); read per language on first use, a
//! process pays only for the languages its messages are in.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::matcher::Matcher;
use crate::lang::Lang;
use crate::role::Role;

/// The by-language section of the tables: per language, its automata still encoded, and the
/// decoded automata once a review needed them (`None` if they do not decode: that language's
/// messages walk every language's automata instead, finding the same).
///
/// Only the tables built into the binary are read this way (they live as long as the process),
/// so an engine stays free to borrow shorter-lived tables elsewhere.
#[derive(Debug, Default)]
pub(crate) struct LanguagesAlone {
    encoded: Vec<(Lang, &'static [u8])>,
    decoded: Box<[OnceLock<Option<LanguageMatchers<'static>>>]>,
}

impl LanguagesAlone {
    pub(crate) fn new(encoded: Vec<(Lang, &'static [u8])>) -> Self {
        let decoded = encoded.iter().map(|_| OnceLock::new()).collect();
        LanguagesAlone { encoded, decoded }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.encoded.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// The automata of `lang`, decoded on first use.
    pub(crate) fn get(&self, lang: Lang) -> Option<&LanguageMatchers<'static>> {
        let i = self.encoded.iter().position(|(l, _)| *l == lang)?;
        let bytes = self.encoded.get(i)?.1;
        self.decoded
            .get(i)?
            .get_or_init(|| postcard::from_bytes(bytes).ok())
            .as_ref()
    }
}

/// The automata of one language (see [`Engine::by_language`]), in the order of the engine's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct LanguageMatchers<'t> {
    #[serde(borrow)]
    pub agent: Matcher<'t>,
    #[serde(borrow)]
    pub customer: Matcher<'t>,
    #[serde(borrow)]
    pub context: Matcher<'t>,
    #[serde(borrow)]
    pub markers: Matcher<'t>,
}

impl<'t> LanguageMatchers<'t> {
    pub(crate) fn phrases(&self, role: Role) -> &Matcher<'t> {
        match role {
            Role::Agent => &self.agent,
            Role::Customer => &self.customer,
        }
    }
}
