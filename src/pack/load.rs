//! Loading one pack: TOML → validated [`Pack`], with new rule definitions added to the book.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::combo::parse_combo;
use super::language::{detect_words, labels, language};
use super::phrases::{written_form, Source};
use super::raw::{RawPack, RawRule};
use super::register::{check_template, dimensions};
use super::{CheckTexts, Context, Pack, Pattern, Phrase, RuleWords};
use crate::error::{closest, Error, Origin};
use crate::lang::Lang;
use crate::rules::{Rule, RuleBook, RuleKind, RuleParts};
use toml::Spanned;

/// `[context] endings`, each one or more letters, as verification compares them: lowercase, `ё`
/// written `е` (`verify::same_letters` folds the text the same way).
fn endings(src: &Source, raw: &[Spanned<String>]) -> Result<Vec<String>, Error> {
    raw.iter()
        .map(|e| {
            let ending = e.get_ref().trim().to_lowercase().replace('ё', "е");
            if ending.is_empty() || !ending.chars().all(char::is_alphabetic) {
                return Err(src.err_at(
                    e.span().start,
                    format!("an ending is one or more letters, not `{}`", e.get_ref()),
                ));
            }
            Ok(ending)
        })
        .collect()
}

/// A TOML error of a pack, at its line and column.
fn toml_error(name: &str, src: &str, e: &toml::de::Error) -> Error {
    let lc = e.span().map(|s| crate::span::line_col(src, s.start));
    Error::Pack {
        pack: name.to_string(),
        line: lc.map_or(1, |l| l.line),
        column: lc.map_or(1, |l| l.column),
        message: e.message().trim().to_string(),
    }
}

/// Whether a `[rules.x]` table carries a definition (a new rule) rather than only words.
fn defines(r: &RawRule) -> bool {
    r.category.is_some()
        || r.signal.is_some()
        || r.role.is_some()
        || r.severity.is_some()
        || r.why.is_some()
        || r.obfuscation.is_some()
        || r.negatable.is_some()
        || r.cross_language.is_some()
}

/// Parses and validates one pack. Rules the pack defines are added to `book`, so the packs
/// loaded after it may give them words too.
pub(crate) fn load_pack(name: &str, text: &str, book: &mut RuleBook) -> Result<Pack, Error> {
    let raw: RawPack = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
    let given = Source::new(name, text);
    let pack_name = raw.pack.name.clone().unwrap_or_else(|| name.to_string());
    let mut src = given.renamed(&pack_name);
    src.endings = !raw.context.endings.is_empty();
    let lang_s = raw.pack.lang.get_ref().trim();
    let lang = if lang_s.eq_ignore_ascii_case("any") {
        None
    } else {
        Some(Lang::new(lang_s).map_err(|e| src.err_at(raw.pack.lang.span().start, e.to_string()))?)
    };
    let language = match (&raw.language, lang) {
        (None, _) => None,
        (Some(l), Some(code)) => Some(language(&src, code, l)?),
        (Some(l), None) => {
            return Err(src.err_at(
                l.span().start,
                "a `lang = \"any\"` pack cannot define a language",
            ))
        }
    };

    let mut lists: BTreeMap<String, Vec<Phrase>> = BTreeMap::new();
    for (k, v) in &raw.lists {
        lists.insert(k.get_ref().clone(), src.phrases(k.get_ref(), v, true)?);
    }
    let mut markers = Vec::new();
    for (marker, v) in &raw.markers {
        markers.push((*marker, src.phrases(marker.as_str(), v, true)?));
    }
    let register = dimensions(&src, &raw.register)?;
    let mut checks = Vec::new();
    for (k, v) in &raw.conversation {
        let id = k.get_ref();
        let rule = book
            .find(id)
            .filter(|&i| matches!(book.get(i).kind, RuleKind::Check(_)));
        let Some(rule) = rule else {
            let known = book
                .iter()
                .filter(|(_, r)| matches!(r.kind, RuleKind::Check(_)))
                .map(|(_, r)| r.id.as_str());
            let hint =
                closest(id, known).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            return Err(src.err_at(
                k.span().start,
                format!("`{id}` is not a conversation check{hint}"),
            ));
        };
        if let Some(t) = &v.suggestion {
            check_template(&src, src.line(k.span().start), id, t, &register)?;
        }
        checks.push(CheckTexts {
            rule,
            message: v.message.as_deref().map(Arc::from),
            suggestion: v.suggestion.clone(),
        });
    }

    let mut rules = Vec::new();
    let mut seen_phrases: HashMap<String, String> = HashMap::new();
    for (id_s, r) in raw.rules {
        let id = id_s.get_ref().clone();
        let at = id_s.span().start;
        let line = src.line(at);
        let ri = match (book.find(&id), defines(&r)) {
            (Some(_), true) => {
                return Err(src.err_at(at, format!("rule `{id}` is already defined; a pack cannot change its definition (override its severity or disable it in the configuration)")));
            }
            (Some(i), false) => i,
            (None, true) => {
                let parts = RuleParts {
                    category: r.category,
                    signal: r.signal,
                    role: r.role,
                    severity: r.severity,
                    fix: r.fix,
                    why: r.why.clone(),
                    action: r.action.clone(),
                    obfuscation: r.obfuscation.unwrap_or(false),
                    negatable: r.negatable.unwrap_or(false),
                    cross_language: r.cross_language.unwrap_or(false),
                    ..RuleParts::default()
                };
                let rule = Rule::from_parts(&id, parts)
                    .map_err(|m| src.err_at(at, format!("rule `{id}`: {m}")))?;
                book.add(rule, &pack_name)?
            }
            (None, false) => {
                return Err(book
                    .resolve(&id, || Origin::Pack {
                        pack: pack_name.clone(),
                        line,
                    })
                    .err()
                    .unwrap_or_else(|| src.err_at(at, format!("unknown rule `{id}`"))));
            }
        };
        let rule = book.get(ri);
        let has_words = !r.phrases.is_empty()
            || !r.patterns.is_empty()
            || !r.use_lists.is_empty()
            || !r.combos.is_empty();
        if has_words && !rule.takes_words() {
            return Err(src.err_at(
                at,
                format!("rule `{id}` takes no phrases or patterns (it is not matched by words)"),
            ));
        }
        let mut phrases = src.phrases(&id, &r.phrases, true)?;
        for u in &r.use_lists {
            let list = lists.get(u.get_ref()).ok_or_else(|| {
                src.err_at(
                    u.span().start,
                    format!("rule `{id}` uses unknown list `{}`", u.get_ref()),
                )
            })?;
            phrases.extend(list.iter().cloned());
        }
        // The same words in two rules would report twice; the lists shared through `use` are the
        // one sanctioned overlap.
        for p in &r.phrases {
            if let Some(other) = seen_phrases.insert(written_form(&p.get_ref().phrase), id.clone())
            {
                if other != id {
                    return Err(Error::Phrase {
                        pack: pack_name.clone(),
                        line: src.line_of(p),
                        rule: id.clone(),
                        phrase: p.get_ref().phrase.clone(),
                        reason: format!("also listed under rule `{other}`"),
                    });
                }
            }
        }
        let mut patterns = Vec::new();
        let mut seen_pattern = HashSet::new();
        for p in &r.patterns {
            if !seen_pattern.insert(p.get_ref().clone()) {
                return Err(src.err_at(p.span().start, format!("rule `{id}`: duplicate pattern")));
            }
            patterns.push(Pattern {
                text: p.get_ref().clone(),
                line: src.line_of(p),
            });
        }
        if let Some(t) = &r.suggestion {
            check_template(&src, line, &id, t, &register)?;
        }
        for p in phrases
            .iter()
            .filter_map(|p| p.suggestion.as_ref().map(|s| (p.line, s)))
        {
            check_template(&src, p.0, &id, p.1, &register)?;
        }
        let mut combos = Vec::new();
        for c in &r.combos {
            combos.extend(parse_combo(&src, &id, c, &lists)?);
        }
        rules.push(RuleWords {
            rule: ri,
            message: r.message.as_deref().map(Arc::from),
            suggestion: r.suggestion,
            action: r.action.as_deref().map(Arc::from),
            fix: r.fix,
            diacritics: r.diacritics,
            unless_scope: r.unless_scope.unwrap_or_default(),
            phrases,
            patterns,
            combos,
            unless: src.phrases(&id, &r.unless, true)?,
        });
    }

    let context = Context {
        negations: src.phrases("negations", &raw.context.negations, true)?,
        negation_window: raw.context.negation_window.unwrap_or(3),
        clause_breaks: src.phrases("clause_breaks", &raw.context.clause_breaks, true)?,
        clitics: raw.context.clitics,
        endings: endings(&src, &raw.context.endings)?,
        innocent: src.phrases("innocent", &raw.context.innocent, true)?,
        names: src.phrases("names", &raw.context.names, true)?,
        mirror: raw
            .context
            .mirror
            .iter()
            .map(|m| m.trim().to_lowercase())
            .collect(),
    };
    Ok(Pack {
        lang,
        lang_line: src.line_of(&raw.pack.lang),
        diacritics: raw.pack.diacritics.unwrap_or_default(),
        language,
        detect: detect_words(&src, lang, &raw.detect)?,
        labels: labels(&raw.transcript),
        context,
        markers,
        register,
        lists,
        checks,
        rules,
        name: pack_name,
    })
}
