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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::precompiled::read_builtin;
    use crate::review::ReviewOptions;

    /// Every fixture line of every language, in the role of its file (`agent.txt`,
    /// `customer.txt` and their `-<name>.txt` companions: `tests/fixtures/README.md`).
    fn fixture_lines() -> Vec<(Role, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut out = Vec::new();
        for lang in ["en", "vi", "th", "ru", "ms"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(lang))
                .expect("fixture folder")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            for path in files {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let role = match name.split(['.', '-']).next() {
                    Some("agent") => Role::Agent,
                    Some("customer") => Role::Customer,
                    _ => continue,
                };
                let text = std::fs::read_to_string(&path).expect("fixture file");
                for line in text.lines() {
                    if let Some(t) = line.strip_prefix("+ ").or_else(|| line.strip_prefix("- ")) {
                        out.push((role, t.replace(['«', '»'], "")));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn walking_one_language_finds_what_walking_every_language_finds() {
        let routed = read_builtin(&[]).expect("tables");
        let mut every = read_builtin(&[]).expect("tables");
        every.alone = LanguagesAlone::default();
        assert!(routed.has_languages_alone() && !every.has_languages_alone());
        let opts = ReviewOptions::default();
        let lines = fixture_lines();
        assert!(lines.len() > 10_000, "{}", lines.len());
        let mut alone = 0;
        for (role, text) in &lines {
            let det = routed.detection(text, None);
            alone += usize::from(routed.language_alone(&det).is_some());
            assert_eq!(
                routed.review(*role, text, &opts),
                every.review(*role, text, &opts),
                "{text}"
            );
        }
        // Most lines are of one language, so the test walks the languages' own automata.
        assert!(alone * 2 > lines.len(), "{alone} of {}", lines.len());
    }
}
