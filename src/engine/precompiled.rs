//! The built-in packs compiled once, when the crate is built (`build.rs` runs the same compiler
//! and writes its tables), and read back at start-up: parsing, expanding and normalizing some
//! 100,000 phrases and building four automata took about a second per process; reading the
//! tables takes milliseconds. The tables are checked before use: a header naming the format
//! and crate version, then every index into another table (a phrase entry's when it is read).
//! Anything wrong, and the coach is compiled from the packs instead.

use super::tables::{Engine, RoleMatcher};
use crate::lang::Lang;

/// What starts every table file: the format, then the crate version that wrote it.
const MAGIC: &[u8; 12] = b"tactful-tbl3";

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

/// Writes `engine` as tables [`read`] accepts (`build.rs` calls it; the library only reads).
#[allow(dead_code)]
pub(crate) fn write(engine: &Engine) -> Result<Vec<u8>, TableError> {
    postcard::to_extend(engine, header()).map_err(|e| TableError::Decode(e.to_string()))
}

/// Reads tables [`write`] wrote, checking them. The largest tables are borrowed from `bytes`,
/// not copied.
#[cfg(test)]
pub(crate) fn read<'t>(bytes: &'t [u8]) -> Result<Engine<'t>, TableError> {
    read_for(bytes, &[])
}

/// Reads the tables for the languages `keep` (empty: all of them): the others are left out
/// ([`Engine::keep_languages`]), and for one language only its own automata are kept.
pub(crate) fn read_for<'t>(bytes: &'t [u8], keep: &[Lang]) -> Result<Engine<'t>, TableError> {
    if bytes.is_empty() {
        return Err(TableError::Missing);
    }
    let body = bytes
        .strip_prefix(header().as_slice())
        .ok_or(TableError::Version)?;
    let mut engine: Engine =
        postcard::from_bytes(body).map_err(|e| TableError::Decode(e.to_string()))?;
    if !keep.is_empty() {
        engine.keep_languages(keep);
    }
    let by_language = std::mem::take(&mut engine.by_language);
    if let [one] = keep {
        if let Some((_, alone)) = by_language.into_iter().find(|(l, _)| l == one) {
            engine.agent.phrases = alone.agent;
            engine.customer.phrases = alone.customer;
            engine.context = alone.context;
            engine.markers = alone.markers;
        }
    }
    check(&engine)?;
    Ok(engine)
}

/// Every index one table holds into another is in range, so no lookup during a review can fail.
/// Phrase entries are the exception: each is checked when a review reads it
/// ([`Engine::entry`]), since a review reads few of them and checking all of them was a quarter
/// of a start-up.
fn check(e: &Engine) -> Result<(), TableError> {
    let rules = e.book.len();
    let rule_ok = |r: u16| usize::from(r) < rules;
    let pack_ok = |p: u16| usize::from(p) < e.packs.len();
    let fail = |what| Err(TableError::Inconsistent(what));
    if e.disabled.len() != rules {
        return fail("the rules turned off");
    }
    for m in [
        &e.agent.phrases,
        &e.customer.phrases,
        &e.context,
        &e.markers,
    ] {
        if !m.entries_below(e.entries.len()) {
            return fail("an automaton's entries");
        }
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
    let groups_ok = rm.groups.consistent(rm.anchored.len());
    if regexes_ok && combos_ok && anchored_ok && singles_ok && groups_ok {
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
        let body = tables().strip_prefix(header().as_slice()).expect("header");
        let raw: Engine = postcard::from_bytes(body).expect("decodes");
        let mut langs: Vec<&str> = raw.by_language.iter().map(|(l, _)| l.code()).collect();
        langs.sort_unstable();
        let mut builtin: Vec<&str> = crate::builtin_packs().iter().map(|(n, _)| *n).collect();
        builtin.sort_unstable();
        assert_eq!(langs, builtin);
        // Read for one language, the engine holds that language's automata, not all of them.
        let all = read(tables()).expect("reads");
        for (lang, _) in &raw.by_language {
            let one = read_for(tables(), &[*lang]).expect("reads one language");
            assert!(one.by_language.is_empty() && all.by_language.is_empty());
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
        let body = tables().strip_prefix(header().as_slice()).expect("header");
        let undecoded: Engine = postcard::from_bytes(body).expect("decodes");
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
