//! Checks every built-in pack: it loads, it gives every rule id of `rules.toml` its texts, it has
//! every marker list and conversation text, it stays within the phrase budget, and every rule has
//! at least one positive and one negative fixture line in its language.

mod common;

use std::collections::BTreeMap;
use tactful::{Coach, Lang, Marker};

fn builtin_definitions() -> &'static str {
    include_str!("../src/packs/rules.toml")
}

/// The conversation checks of `rules.toml`, whose texts every pack localizes.
fn conversation_checks() -> Vec<String> {
    let defs: toml::Table = toml::from_str(builtin_definitions()).expect("rules.toml parses");
    defs["rules"]
        .as_table()
        .expect("[rules]")
        .iter()
        .filter(|(_, d)| d.get("check").is_some())
        .map(|(id, _)| id.clone())
        .collect()
}

/// Phrases (after expansion) one language pack may hold. Since `build.rs` precompiles the tables,
/// start-up no longer grows with it; what does is the tables every binary embeds and the automata
/// a review steps through. 20,000 until the sixth pack round, whose exceptions for a blind battery
/// of innocent messages took two packs just over it.
const PHRASE_BUDGET: usize = 20_500;

/// Rule ids with whether they raise signals, and whether packs give them words (a rule that
/// reads a property of the whole message, such as capitals, has none).
fn rules_taking_words() -> Vec<(String, bool, bool)> {
    let defs: toml::Table = toml::from_str(builtin_definitions()).expect("rules.toml parses");
    defs["rules"]
        .as_table()
        .expect("[rules]")
        .iter()
        .filter(|(_, d)| d.get("check").is_none())
        .map(|(id, d)| {
            (
                id.clone(),
                d.get("signal").is_some(),
                d.get("trigger").is_none(),
            )
        })
        .collect()
}

fn rule_ids() -> Vec<(String, bool)> {
    let defs: toml::Table = toml::from_str(builtin_definitions()).expect("rules.toml parses");
    let rules = defs["rules"].as_table().expect("[rules]");
    rules
        .iter()
        .filter(|(_, d)| d.get("check").is_none())
        .map(|(id, d)| (id.clone(), d.get("signal").is_some()))
        .collect()
}

fn check(lang: &str) {
    let mut problems = Vec::new();
    let coach = match Coach::builder()
        .languages([lang.parse::<Lang>().expect("lang")])
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("pack `{lang}` does not load: {e}"),
    };
    let summary = coach
        .pack_summaries()
        .iter()
        .find(|s| s.name == lang)
        .cloned()
        .expect("the pack is named after its language");
    let name = summary.name.as_str();
    if !summary.defines_language {
        problems.push("no `[language]` section".to_string());
    }
    if summary.role_labels < 3 {
        problems.push(format!(
            "only {} transcript role labels",
            summary.role_labels
        ));
    }
    if summary.total_phrases > PHRASE_BUDGET {
        problems.push(format!(
            "{} phrases after expansion, over the budget of {PHRASE_BUDGET}",
            summary.total_phrases
        ));
    }
    for (id, signal, words) in rules_taking_words() {
        let Some(r) = summary.rules.get(&id) else {
            problems.push(format!("rule `{id}` missing"));
            continue;
        };
        if !signal && !r.message {
            problems.push(format!("rule `{id}` has no message"));
        }
        if signal && !r.action {
            problems.push(format!("signal rule `{id}` has no action"));
        }
        if !signal && words && r.phrases + r.patterns == 0 {
            problems.push(format!("rule `{id}` has no phrases or patterns"));
        }
        if signal && r.phrases + r.patterns == 0 {
            problems.push(format!("rule `{id}` has no phrases or patterns"));
        }
    }
    for m in Marker::ALL.iter().map(|m| m.as_str()) {
        if summary.markers.get(m).copied().unwrap_or(0) == 0 {
            problems.push(format!("marker list `{m}` missing or empty"));
        }
    }
    for c in conversation_checks() {
        if !summary.conversation.contains(&c) {
            problems.push(format!("conversation text `{c}` missing"));
        }
    }
    if summary.stopwords < 30 {
        problems.push(format!(
            "only {} stop words for detection",
            summary.stopwords
        ));
    }
    // Fixture coverage: one positive and one negative line per rule.
    let mut pos: BTreeMap<String, usize> = BTreeMap::new();
    let mut neg: BTreeMap<String, usize> = BTreeMap::new();
    for (_, cases) in common::language(lang) {
        for c in cases {
            if let Some(rule) = c.rule {
                *if c.positive { &mut pos } else { &mut neg }
                    .entry(rule)
                    .or_default() += 1;
            }
        }
    }
    for (id, _) in rule_ids() {
        if pos.get(&id).copied().unwrap_or(0) == 0 {
            problems.push(format!("rule `{id}` has no positive fixture line"));
        }
        if neg.get(&id).copied().unwrap_or(0) == 0 {
            problems.push(format!("rule `{id}` has no negative fixture line"));
        }
    }
    // Per category (and signal kind): at least 10 positives and 10 hard negatives (issue 3).
    let defs: toml::Table = toml::from_str(builtin_definitions()).expect("rules.toml parses");
    let mut by_cat: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (id, d) in defs["rules"].as_table().expect("[rules]") {
        if d.get("check").is_some() {
            continue;
        }
        let cat = d
            .get("category")
            .or_else(|| d.get("signal"))
            .and_then(|c| c.as_str())
            .unwrap_or("?")
            .to_string();
        let key = if d.get("signal").is_some() {
            format!("signal {cat}")
        } else {
            cat
        };
        let e = by_cat.entry(key).or_default();
        e.0 += pos.get(id).copied().unwrap_or(0);
        e.1 += neg.get(id).copied().unwrap_or(0);
    }
    for (cat, (p, n)) in &by_cat {
        if *p < 10 || *n < 10 {
            problems.push(format!(
                "category `{cat}`: {p} positive and {n} negative fixture lines (10 of each needed)"
            ));
        }
    }
    println!(
        "{name}: per category (positive/negative): {}",
        by_cat
            .iter()
            .map(|(c, (p, n))| format!("{c} {p}/{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{name}: {} rules, {} phrases after expansion, {} patterns, {} stop words, {} positive / {} negative fixture lines",
        summary.rules.len(),
        summary.total_phrases,
        summary.rules.values().map(|r| r.patterns).sum::<usize>(),
        summary.stopwords,
        pos.values().sum::<usize>(),
        neg.values().sum::<usize>()
    );
    assert!(
        problems.is_empty(),
        "pack `{name}`:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn en() {
    check("en");
}
#[test]
fn vi() {
    check("vi");
}
#[test]
fn th() {
    check("th");
}
#[test]
fn ru() {
    check("ru");
}
#[test]
fn ms() {
    check("ms");
}

#[test]
fn fixtures_name_only_known_rules() {
    let defs: toml::Table = toml::from_str(builtin_definitions()).expect("rules.toml parses");
    let ids: Vec<String> = defs["rules"]
        .as_table()
        .expect("[rules]")
        .keys()
        .cloned()
        .collect();
    for lang in ["en", "vi", "th", "ru", "ms"] {
        for (_, cases) in common::language(lang) {
            for c in cases {
                if let Some(r) = &c.rule {
                    assert!(
                        ids.contains(r),
                        "{}:{}: unknown rule `{r}`",
                        c.file.display(),
                        c.line
                    );
                }
            }
        }
    }
}
