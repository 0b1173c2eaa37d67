//! Runs every fixture line (`tests/fixtures/<lang>/{agent,customer}.txt`) through
//! `Coach::default()` with automatic language detection, collects every failure, prints them
//! all, then fails once.

mod common;

use tactful::{Coach, Role};

fn check_language(lang: &str) {
    // While another language's pack is broken, still test this one with its own pack (and
    // English), then fail on the broken default at the end.
    let mut broken = None;
    let coach = match Coach::try_default() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("WARNING: the default coach does not build ({e}); testing `{lang}` with the `{lang}` and `en` packs only");
            broken = Some(e);
            let l: tactful::Lang = lang.parse().expect("language code");
            Coach::builder()
                .languages([l, tactful::Lang::En])
                .build()
                .unwrap_or_else(|e| panic!("the `{lang}` pack does not build: {e}"))
        }
    };
    let mut failures = Vec::new();
    let mut total = 0;
    for (role, cases) in common::language(lang) {
        for case in cases {
            total += 1;
            let review = coach.review(role, &case.text);
            let fired: Vec<(String, usize, usize)> = match role {
                Role::Agent => review
                    .findings
                    .iter()
                    .map(|f| (f.rule.to_string(), f.span.start, f.span.end))
                    .collect(),
                Role::Customer => review
                    .signals
                    .iter()
                    .map(|s| (s.rule.to_string(), s.span.start, s.span.end))
                    .collect(),
            };
            let at = format!("{}:{}", case.file.display(), case.line);
            match (&case.rule, case.positive) {
                (None, _) => {
                    if !fired.is_empty() {
                        failures.push(format!("{at}: clean line raised {fired:?}: {}", case.text));
                    }
                }
                (Some(rule), true) => {
                    let hits: Vec<_> = fired.iter().filter(|(r, _, _)| r == rule).collect();
                    if hits.is_empty() {
                        failures.push(format!(
                            "{at}: `{rule}` did not fire (got {fired:?}): {}",
                            case.text
                        ));
                    } else if let Some((s, e)) = case.expect {
                        if !hits.iter().any(|(_, hs, he)| *hs == s && *he == e) {
                            let got: Vec<&str> =
                                hits.iter().map(|(_, a, b)| &case.text[*a..*b]).collect();
                            failures.push(format!(
                                "{at}: `{rule}` span {got:?}, expected {:?}: {}",
                                &case.text[s..e],
                                case.text
                            ));
                        }
                    }
                }
                (Some(rule), false) => {
                    if fired.iter().any(|(r, _, _)| r == rule) {
                        failures.push(format!("{at}: `{rule}` fired on a negative: {}", case.text));
                    }
                }
            }
        }
    }
    assert!(total > 0, "no fixtures for `{lang}`");
    if !failures.is_empty() {
        panic!(
            "{} of {total} `{lang}` fixture lines failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    if let Some(e) = broken {
        panic!("`{lang}` fixtures pass, but the default coach does not build: {e}");
    }
    println!("{lang}: {total} fixture lines pass");
}

#[test]
fn en() {
    check_language("en");
}

#[test]
fn vi() {
    check_language("vi");
}

#[test]
fn th() {
    check_language("th");
}

#[test]
fn ru() {
    check_language("ru");
}

#[test]
fn ms() {
    check_language("ms");
}
