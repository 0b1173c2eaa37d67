//! The built-in packs compiled once, when the crate is built (`build.rs` runs the same compiler
//! and writes its tables), and read back at start-up: parsing, expanding and normalizing some
//! 100,000 phrases and building four automata took about a second per process; reading the
//! tables takes milliseconds. The tables are checked before use: a header naming the format
//! and crate version, the lengths of their sections, then every index a decoded table holds into
//! another (the tables borrowed from the binary are checked where a review reads them). Anything
//! wrong, and the coach is compiled from the packs instead.

use super::alone::{LanguageMatchers, LanguagesAlone};
use super::records::Blob;
use super::tables::{Engine, RoleMatcher};
use crate::lang::Lang;

/// What starts every table file: the format, then the crate version that wrote it.
const MAGIC: &[u8; 12] = b"tactful-tbl6";

/// Why precompiled tables were not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TableError {
    /// No tables were built into this binary (the build script could not compile the packs).
    #[error("no precompiled tables")]
    Missing,
    /// The header names another format or crate version.
    #[error("tables of another format or version")]
    Version,
    /// The tables do not decode.
    #[error("tables do not decode: {0}")]
    Decode(String),
    /// A table refers to an entry of another that does not exist.
    #[error("inconsistent tables: {0}")]
    Inconsistent(&'static str),
}

fn header() -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    h.push(version.len() as u8);
    h.extend_from_slice(version);
    h
}

/// Writes `engine` as tables [`read`] accepts (`build.rs` calls it; the library only reads):
/// the header, the lengths of two sections as eight little-endian bytes each, then the sections:
/// the engine, and the automata of each language alone ([`Engine::by_language`]). The lengths
/// tell a cut or padded file.
#[allow(dead_code)]
pub(crate) fn write(engine: &Engine) -> Result<Vec<u8>, TableError> {
    let encode = |e: postcard::Error| TableError::Decode(e.to_string());
    let main = postcard::to_allocvec(engine).map_err(encode)?;
    // Each language's automata encoded alone, so a reader decodes only those it needs.
    let encoded = engine
        .by_language
        .iter()
        .map(|(l, m)| Ok((*l, Blob::from(postcard::to_allocvec(m).map_err(encode)?))))
        .collect::<Result<Vec<(Lang, Blob)>, TableError>>()?;
    let by_language = postcard::to_allocvec(&encoded).map_err(encode)?;
    let mut out = header();
    for section in [&main, &by_language] {
        out.extend_from_slice(&(section.len() as u64).to_le_bytes());
    }
    out.extend_from_slice(&main);
    out.extend_from_slice(&by_language);
    Ok(out)
}

/// The engine's section and the by-language section of tables [`write`] wrote.
fn sections(bytes: &[u8]) -> Result<(&[u8], &[u8]), TableError> {
    if bytes.is_empty() {
        return Err(TableError::Missing);
    }
    let body = bytes
        .strip_prefix(header().as_slice())
        .ok_or(TableError::Version)?;
    let sized = || TableError::Decode("the tables are not as long as their sections".into());
    let (main, rest) = body.split_first_chunk::<8>().ok_or_else(sized)?;
    let (by_language, rest) = rest.split_first_chunk::<8>().ok_or_else(sized)?;
    let main = usize::try_from(u64::from_le_bytes(*main)).map_err(|_| sized())?;
    let by_language = usize::try_from(u64::from_le_bytes(*by_language)).map_err(|_| sized())?;
    if main.checked_add(by_language) != Some(rest.len()) {
        return Err(sized());
    }
    Ok(rest.split_at(main))
}

/// Reads tables [`write`] wrote, checking them. The largest tables are borrowed from `bytes`,
/// not copied.
#[cfg(test)]
pub(crate) fn read<'t>(bytes: &'t [u8]) -> Result<Engine<'t>, TableError> {
    read_for(bytes, &[])
}

/// Reads the tables for the languages `keep` (empty: all of them): the others are left out
/// ([`Engine::keep_languages`]). For one language only its own automata are kept; for several,
/// each language's are kept beside every language's, for the messages detected as that
/// language alone ([`Engine::language_alone`]).
pub(crate) fn read_for<'t>(bytes: &'t [u8], keep: &[Lang]) -> Result<Engine<'t>, TableError> {
    let (main, by_language) = sections(bytes)?;
    let decode = |e: postcard::Error| TableError::Decode(e.to_string());
    let mut engine: Engine = postcard::from_bytes(main).map_err(decode)?;
    if !keep.is_empty() {
        engine.keep_languages(keep);
    }
    if let [one] = keep {
        if let Some((_, bytes)) = encoded_languages(by_language)?
            .into_iter()
            .find(|(l, _)| l == one)
        {
            let alone: LanguageMatchers = postcard::from_bytes(bytes).map_err(decode)?;
            engine.agent.phrases = alone.agent;
            engine.customer.phrases = alone.customer;
            engine.context = alone.context;
            engine.markers = alone.markers;
        }
    }
    check(&engine)?;
    Ok(engine)
}

/// Reads the tables built into the binary for the languages `keep`, as [`read_for`]; for
/// several languages, each language's automata are kept beside every language's, to be decoded
/// the first time a message detected as that language alone needs them
/// ([`Engine::language_alone`]).
pub(crate) fn read_builtin(keep: &[Lang]) -> Result<Engine<'static>, TableError> {
    let tables: &'static [u8] = crate::PRECOMPILED;
    let mut engine = read_for(tables, keep)?;
    if keep.len() != 1 {
        let (_, by_language) = sections(tables)?;
        engine.alone = LanguagesAlone::new(encoded_languages(by_language)?);
    }
    Ok(engine)
}

/// The by-language section: each language with its automata, still encoded.
fn encoded_languages(section: &[u8]) -> Result<Vec<(Lang, &[u8])>, TableError> {
    let encoded: Vec<(Lang, Blob)> =
        postcard::from_bytes(section).map_err(|e| TableError::Decode(e.to_string()))?;
    Ok(encoded
        .iter()
        .filter_map(|(l, b)| Some((*l, b.borrowed()?)))
        .collect())
}

/// Every index a decoded table holds into another is in range, so no lookup during a review can
/// fail. The tables borrowed from the binary are checked where a review reads them instead: a
/// phrase entry when it is read ([`Engine::entry`]), the entries behind an automaton key and the
/// parts of a word group by checked ranges and lookups. A review reads few of them; checking the
/// phrase entries up front took a quarter of a start-up, and checking the rest paged in 4 MB, a
/// fifth of what a one-message process held.
fn check(e: &Engine) -> Result<(), TableError> {
    let rules = e.book.len();
    let rule_ok = |r: u16| usize::from(r) < rules;
    let pack_ok = |p: u16| usize::from(p) < e.packs.len();
    let fail = |what| Err(TableError::Inconsistent(what));
    if e.disabled.len() != rules {
        return fail("the rules turned off");
    }
    for rm in [&e.agent, &e.customer] {
        check_role(e, rm)?;
    }
    for p in &e.packs {
        let dims_ok = p
            .dimensions
            .iter()
            .all(|d| usize::from(*d) < e.dimensions.len());
        if !dims_ok || !p.texts.keys().chain(p.checks.keys()).all(|r| rule_ok(*r)) {
            return fail("a pack's texts");
        }
    }
    if e.fallback_pack.is_some_and(|p| !pack_ok(p)) {
        return fail("the fallback pack");
    }
    Ok(())
}

fn check_role(e: &Engine, rm: &RoleMatcher) -> Result<(), TableError> {
    let rule_ok = |r: u16| usize::from(r) < e.book.len();
    let pack_ok = |p: u16| usize::from(p) < e.packs.len();
    let entry_ok = |i: &u32| (*i as usize) < e.entries.len();
    let regexes_ok = rm
        .regexes
        .iter()
        .all(|r| rule_ok(r.rule) && pack_ok(r.pack));
    let combos_ok = rm.combos.iter().all(|c| {
        rule_ok(c.rule)
            && pack_ok(c.pack)
            && c.items
                .iter()
                .all(|(_, p)| usize::from(*p) < rm.anchored.len())
    });
    let anchored_ok = rm
        .anchored
        .iter()
        .flat_map(|a| a.iter())
        .all(|c| (*c as usize) < rm.combos.len());
    let singles_ok = rm.capitals.into_iter().chain(rm.unrendered).all(rule_ok)
        && rm.maskable.values().flatten().all(entry_ok);
    if regexes_ok && combos_ok && anchored_ok && singles_ok {
        Ok(())
    } else {
        Err(TableError::Inconsistent(
            "a role's patterns or combinations",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> &'static [u8] {
        crate::PRECOMPILED
    }

    #[test]
    fn the_built_tables_read_back() {
        assert!(!tables().is_empty(), "build.rs wrote no tables");
        let engine = read(tables()).expect("the built tables pass their checks");
        assert_eq!(engine.packs.len(), crate::builtin_packs().len());
        assert!(engine.entries.len() > 10_000);
    }

    #[test]
    fn every_language_has_automata_of_its_own() {
        let (_, section) = sections(tables()).expect("sections");
        let by_language: Vec<(Lang, Blob)> = postcard::from_bytes(section).expect("decodes");
        let mut langs: Vec<&str> = by_language.iter().map(|(l, _)| l.code()).collect();
        langs.sort_unstable();
        let mut builtin: Vec<&str> = crate::builtin_packs().iter().map(|(n, _)| *n).collect();
        builtin.sort_unstable();
        assert_eq!(langs, builtin);
        // Read for one language, the engine holds that language's automata, not all of them;
        // read for all, it holds each language's beside every language's.
        let all = read_builtin(&[]).expect("reads");
        assert_eq!(all.alone.len(), by_language.len());
        for (lang, _) in &by_language {
            let alone = all.alone.get(*lang).expect("decodes");
            assert!(alone.customer.table_bytes() < all.customer.phrases.table_bytes());
            let one = read_for(tables(), &[*lang]).expect("reads one language");
            assert!(one.by_language.is_empty());
            let size = |e: &Engine| e.customer.phrases.table_bytes();
            assert!(size(&one) < size(&all), "{lang}");
            assert!(size(&one) > 0, "{lang}");
        }
    }

    #[test]
    fn tables_written_again_read_back() {
        // Written again as read, or after the checks of a read, an engine reads back the same
        // (maps are written in their own order, so the bytes may differ).
        let engine = read(tables()).expect("reads");
        let (main, _) = sections(tables()).expect("sections");
        let undecoded: Engine = postcard::from_bytes(main).expect("decodes");
        for written in [write(&undecoded), write(&engine)] {
            let written = written.expect("writes");
            let again = read(&written).expect("reads again");
            assert_eq!(again.entries, engine.entries);
            for (a, b) in [
                (&again.agent.phrases, &engine.agent.phrases),
                (&again.customer.phrases, &engine.customer.phrases),
                (&again.context, &engine.context),
                (&again.markers, &engine.markers),
            ] {
                assert_eq!(format!("{a:?}"), format!("{b:?}"));
            }
        }
    }

    #[test]
    fn missing_foreign_and_truncated_tables_are_refused() {
        assert_eq!(read(&[]).err(), Some(TableError::Missing));
        let mut foreign = tables().to_vec();
        foreign[0] ^= 1;
        assert_eq!(read(&foreign).err(), Some(TableError::Version));
        let head = header().len();
        for cut in [
            head,
            head + 1,
            head + 1000,
            tables().len() / 2,
            tables().len() - 1,
        ] {
            assert!(read(&tables()[..cut]).is_err(), "cut at {cut}");
        }
        let mut padded = tables().to_vec();
        padded.push(0);
        assert!(read(&padded).is_err(), "padded");
    }

    #[test]
    fn damaged_tables_are_refused_or_consistent_never_a_panic() {
        // Flip bytes all over the tables: each read either fails, or passes every check and
        // reviews without a panic.
        let len = tables().len();
        let head = header().len();
        for k in 0..64 {
            let mut bytes = tables().to_vec();
            let at = head + (k * 7919 + k * k * 104_729) % (len - head);
            bytes[at] = bytes[at].wrapping_add(0x5b);
            if let Ok(engine) = read(&bytes) {
                assert!(check(&engine).is_ok());
                for text in ["You idiot, I will sue you!", "Cảm ơn bạn", "ไอ้ควาย", "сука"]
                {
                    for role in [crate::Role::Agent, crate::Role::Customer] {
                        engine.review(role, text, &crate::ReviewOptions::default());
                    }
                }
            }
        }
    }
}
