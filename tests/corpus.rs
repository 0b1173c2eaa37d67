//! Reviews every turn of the real transcripts in `../shared/corpora/` (not shipped with the
//! crate; skipped with a note when absent): nothing panics, spans are valid, and the test prints
//! how many agent turns drew a finding and which rules fired, the false-positive check.

use std::collections::BTreeMap;
use std::path::Path;
use tactful::{Coach, Role};

#[test]
fn real_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "SKIPPED: {} is absent (the corpus is not part of the crate)",
            dir.display()
        );
        return;
    };
    let coach = Coach::try_default().expect("the built-in packs build");
    let (mut convs, mut agent_turns, mut agent_hit, mut customer_turns, mut customer_hit) =
        (0, 0, 0, 0, 0);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in entries.flatten() {
        let file = entry.path().join("transcripts.jsonl");
        let Ok(src) = std::fs::read_to_string(&file) else {
            continue;
        };
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            convs += 1;
            for m in v["messages"].as_array().into_iter().flatten() {
                let text = m["text"].as_str().unwrap_or("");
                let role = match m["role"].as_str() {
                    Some("agent") => Role::Agent,
                    Some("customer") => Role::Customer,
                    _ => continue,
                };
                let r = coach.review(role, text);
                for (span, t) in r
                    .findings
                    .iter()
                    .map(|f| (f.span, &f.text))
                    .chain(r.signals.iter().map(|s| (s.span, &s.text)))
                {
                    assert_eq!(&text[span.range()], t.as_str());
                }
                let rules: Vec<String> = r
                    .findings
                    .iter()
                    .map(|f| f.rule.to_string())
                    .chain(r.signals.iter().map(|s| s.rule.to_string()))
                    .collect();
                for rule in &rules {
                    *by_rule.entry(rule.clone()).or_default() += 1;
                    let ex = examples.entry(rule.clone()).or_default();
                    if ex.len() < 3 {
                        ex.push(text.chars().take(100).collect());
                    }
                }
                match role {
                    Role::Agent => {
                        agent_turns += 1;
                        agent_hit += usize::from(!rules.is_empty());
                    }
                    Role::Customer => {
                        customer_turns += 1;
                        customer_hit += usize::from(!rules.is_empty());
                    }
                }
            }
        }
    }
    println!("{convs} conversations; {agent_hit} of {agent_turns} agent turns drew a finding; {customer_hit} of {customer_turns} customer turns raised a signal");
    for (rule, n) in &by_rule {
        println!("  {rule}: {n}  e.g. {:?}", examples[rule]);
    }
    assert!(convs > 0 || agent_turns == 0);
    // The false alarms on polite real customers, quoted in the README: it must not rise (today
    // one turn, a real request for a supervisor).
    assert!(
        customer_hit <= MAX_CUSTOMER_SIGNALS,
        "{customer_hit} polite customer turns raised a signal (at most {MAX_CUSTOMER_SIGNALS})"
    );
}

/// Customer turns of the corpus that may raise a signal (README, "Evaluation").
const MAX_CUSTOMER_SIGNALS: usize = 1;
