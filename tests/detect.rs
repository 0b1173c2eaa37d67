//! Language detection on `tests/fixtures/<lang>/detect.txt` (one message per line): prints the
//! accuracy per language, requires 98% on messages of 20 characters or more, and requires every
//! message's language to be among the plausible ones (so its rules apply) whatever its length.

use tactful::{Coach, Lang};

#[test]
fn detection_accuracy() {
    let coach = Coach::try_default().unwrap_or_else(|e| panic!("default coach: {e}"));
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let (mut all_long, mut all_long_ok) = (0usize, 0usize);
    for lang in Lang::BUILTIN {
        let path = format!(
            "{}/tests/fixtures/{}/detect.txt",
            env!("CARGO_MANIFEST_DIR"),
            lang.code()
        );
        let Ok(src) = std::fs::read_to_string(&path) else {
            failures.push(format!("{path} is missing"));
            continue;
        };
        let (mut n, mut ok, mut long, mut long_ok, mut short, mut plausible) = (0, 0, 0, 0, 0, 0);
        for (i, line) in src.lines().enumerate() {
            let text = line.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let d = coach.detect(text);
            n += 1;
            let right = d.primary == Some(lang);
            ok += usize::from(right);
            if d.plausible.contains(lang) {
                plausible += 1;
            } else {
                failures.push(format!(
                    "{path}:{}: `{lang}` not even plausible ({d:?}): {text}",
                    i + 1
                ));
            }
            if text.chars().count() >= 20 {
                long += 1;
                long_ok += usize::from(right);
                if !right {
                    failures.push(format!(
                        "{path}:{}: detected {:?}, expected {lang}: {text}",
                        i + 1,
                        d.primary
                    ));
                }
            } else {
                short += 1;
            }
        }
        all_long += long;
        all_long_ok += long_ok;
        report.push(format!(
            "{lang}: {ok}/{n} overall ({:.1}%), {long_ok}/{long} on ≥20 chars ({:.1}%), {short} short, {plausible}/{n} plausible",
            100.0 * ok as f64 / n.max(1) as f64,
            100.0 * long_ok as f64 / long.max(1) as f64
        ));
        if n < 40 {
            failures.push(format!("{path}: only {n} messages (40 or more expected)"));
        }
    }
    println!("{}", report.join("\n"));
    let accuracy = all_long_ok as f64 / all_long.max(1) as f64;
    println!(
        "all languages, ≥20 chars: {all_long_ok}/{all_long} = {:.2}%",
        100.0 * accuracy
    );
    for f in &failures {
        println!("  miss: {f}");
    }
    let misses: Vec<&String> = failures.iter().filter(|f| f.contains("detected")).collect();
    let hard: Vec<&String> = failures
        .iter()
        .filter(|f| !f.contains("detected"))
        .collect();
    assert!(
        hard.is_empty(),
        "{}",
        hard.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        accuracy >= 0.98,
        "accuracy {:.2}% below 98% on messages of 20+ chars:\n{}",
        100.0 * accuracy,
        misses
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A word of a pack's `[detect] markers` makes its language plausible in a message of another:
/// Malaysian English, whose threats only the Malay pack reads, stays English first.
#[test]
fn markers_make_a_language_plausible_in_a_message_of_another() {
    let coach = Coach::default();
    let lang = |code: &str| Lang::new(code).unwrap_or_else(|e| panic!("{code}: {e}"));
    let (en, ms) = (lang("en"), lang("ms"));
    for text in [
        "bro if ur rider come late again i swear i punch him lah",
        "kalau parcel hilang again i saman you all",
        "parcel sampai already, thanks korang for the quick delivery",
    ] {
        let d = coach.detect(text);
        assert_eq!(d.primary, Some(en), "{text}");
        assert!(d.plausible.contains(ms), "{text}: {d:?}");
    }
    // Without one, an English message is English alone (no Malay rules on "la la land" or "LA").
    for text in [
        "if the rider comes late again I will complain to the manager",
        "we watched la la land in LA last night, the delivery was fine",
    ] {
        let d = coach.detect(text);
        assert!(!d.plausible.contains(ms), "{text}: {d:?}");
    }
}
