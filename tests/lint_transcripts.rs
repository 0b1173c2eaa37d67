//! End-to-end: the `lint_transcripts` example on the shipped samples and on hostile input.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn binary() -> PathBuf {
    common::example_binary("lint_transcripts")
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lint_transcripts");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn samples_follow_the_contract() {
    let out = run(&["--format", "jsonl", "examples/samples/en.jsonl"], b"");
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings at warning or above: exit 1"
    );
    let input = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/samples/en.jsonl"
    ))
    .expect("samples");
    let inputs: Vec<serde_json::Value> = input
        .lines()
        .map(|l| serde_json::from_str(l).expect("sample JSON"))
        .collect();
    let outputs = lines(&out);
    assert_eq!(outputs.len(), inputs.len());
    for (i, o) in inputs.iter().zip(&outputs) {
        assert_eq!(i["id"], o["id"]);
        assert!(o["lang"].is_string());
        for f in o["findings"].as_array().expect("findings") {
            let Some(turn) = f["turn"].as_u64().map(|t| t as usize) else {
                assert!(
                    f["span"].is_null(),
                    "conversation-level findings have no span: {f}"
                );
                continue;
            };
            let text = i["messages"][turn]["text"].as_str().expect("text");
            let (s, e) = (
                f["span"]["start"].as_u64().expect("start") as usize,
                f["span"]["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(
                &text[s..e],
                f["text"].as_str().expect("text"),
                "span bytes are the finding's text"
            );
            for key in ["rule", "category", "severity", "message"] {
                assert!(f[key].is_string(), "{key} in {f}");
            }
        }
        let level = o["escalation"]["level"].as_str().expect("level");
        assert!(["none", "monitor", "escalate", "urgent"].contains(&level));
    }
    let first = &outputs[0];
    assert!(first["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "dont-know" && f["turn"] == 1));
    assert_eq!(first["escalation"]["level"], "escalate");
    assert_eq!(
        outputs[1]["findings"].as_array().map(Vec::len),
        Some(0),
        "the model conversation is clean"
    );
    assert_eq!(
        outputs[3]["escalation"]["level"], "none",
        "a negated threat does not escalate"
    );
}

#[test]
fn every_bad_line_gets_an_error_and_the_rest_is_reviewed() {
    let mut input = Vec::new();
    input.extend_from_slice(
        b"{\"id\": \"ok-1\", \"messages\": [{\"role\": \"agent\", \"text\": \"I don't know.\"}]}\n",
    );
    input.extend_from_slice(
        b"{\"id\": \"bad-utf8\", \"messages\": [{\"role\": \"agent\", \"text\": \"\xff\xfe\"}]}\n",
    );
    input.extend_from_slice(b"this is not json\n");
    input.extend_from_slice(b"{\"id\": \"no-messages\"}\n");
    input.extend_from_slice(&vec![b'['; 100_000]);
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\": 7, \"messages\": [{\"role\": \"bot\", \"text\": \"hi\"}, {\"role\": \"customer\", \"text\": \"I will sue you\"}], \"extra\": true}\n");
    let out = run(&["--format", "jsonl", "-"], &input);
    assert_eq!(out.status.code(), Some(2), "input errors: exit 2");
    let o = lines(&out);
    assert_eq!(o.len(), 6, "one answer per line, in order");
    assert_eq!(o[0]["id"], "ok-1");
    assert_eq!(o[1]["line"], 2);
    assert!(o[1]["error"].as_str().expect("error").contains("UTF-8"));
    assert_eq!(o[2]["line"], 3);
    assert_eq!(o[3]["id"], "no-messages");
    assert!(o[3]["error"].as_str().expect("error").contains("messages"));
    assert_eq!(o[4]["line"], 5);
    assert_eq!(o[5]["id"], "7", "ids are echoed as strings");
    assert_eq!(o[5]["escalation"]["level"], "escalate");
    assert_eq!(
        o[5]["escalation"]["signals"][0]["turn"], 1,
        "turn indexes count every message, bots included"
    );
}

#[test]
fn fail_on_threshold_and_usage_errors() {
    let info_only = b"{\"id\": \"a\", \"messages\": [{\"role\": \"agent\", \"text\": \"As I said, it ships Monday.\"}]}\n";
    assert_eq!(
        run(&["--format", "jsonl", "--fail-on", "error", "-"], info_only)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["--format", "jsonl", "--fail-on", "info", "-"], info_only)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(run(&["--format", "yaml", "-"], b"").status.code(), Some(2));
    assert_eq!(run(&[], b"").status.code(), Some(2));
    let missing = run(&["--format", "jsonl", "no/such/file.jsonl"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/file.jsonl"));
}

#[test]
fn human_format_points_at_the_words() {
    let out = run(&["--format", "human", "examples/samples/en.jsonl"], b"");
    let s = String::from_utf8_lossy(&out.stdout);
    // The arrow points at the words' line and column inside the JSON Lines file.
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/samples/en.jsonl"
    ))
    .expect("sample");
    let line1 = raw.lines().next().expect("line 1");
    let col = line1[..line1.find("I don't know").expect("words")]
        .chars()
        .count()
        + 1;
    assert!(
        s.contains(&format!(
            "--> examples/samples/en.jsonl:1:{col} (transcript en-001, turn 1)"
        )),
        "{s}"
    );
    assert!(s.contains("^^^^^^^^^^^^"), "carets under the span: {s}");
    assert!(
        s.contains("try: \"let me find out for you\"")
            || s.contains("try: \"Let me find out for you\""),
        "{s}"
    );
    assert!(s.contains("escalation: escalate"), "{s}");
}

#[test]
fn every_sample_in_every_format_is_reviewed() {
    let out = run(&["--format", "jsonl", "examples/samples"], b"");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let o = lines(&out);
    assert!(
        o.iter().all(|x| x.get("error").is_none()),
        "no input errors: {o:?}"
    );
    let mut langs: Vec<String> = o
        .iter()
        .filter_map(|x| x["lang"].as_str().map(str::to_string))
        .collect();
    langs.sort();
    langs.dedup();
    assert_eq!(langs, ["en", "ms", "ru", "th", "vi"]);
    for x in &o {
        let lang = x["lang"].as_str().unwrap_or("");
        let escalated = x["escalation"]["level"] == "escalate";
        let rules: Vec<&str> = x["findings"]
            .as_array()
            .map(|f| f.iter().filter_map(|f| f["rule"].as_str()).collect())
            .unwrap_or_default();
        if escalated {
            assert!(
                rules.contains(&"policy-talk") || rules.contains(&"unfilled-placeholder"),
                "{lang}: {rules:?}"
            );
            assert!(rules.contains(&"missing-empathy"), "{lang}: {rules:?}");
            let conv = x["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .find(|f| f["rule"] == "missing-empathy")
                .expect("conversation finding");
            assert!(
                conv["turn"].is_null() && conv["span"].is_null(),
                "conversation-level findings have no turn or span: {conv}"
            );
        }
    }
    let clean = o
        .iter()
        .filter(|x| {
            x["escalation"]["level"] == "none"
                && x["findings"].as_array().is_some_and(Vec::is_empty)
        })
        .count();
    assert!(clean >= 4, "the well-handled conversations stay clean");
}

#[test]
fn ci_formats() {
    let gh = run(&["--format", "github", "examples/samples/en.jsonl"], b"");
    let s = String::from_utf8_lossy(&gh.stdout);
    assert!(s.lines().all(|l| l.starts_with("::")), "{s}");
    // Every annotation covers exactly the matched words in the file: inside the JSON string of
    // a JSON Lines line, escapes included.
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/samples/en.jsonl"
    ))
    .expect("sample");
    let file_lines: Vec<&str> = raw.lines().collect();
    let mut checked = 0;
    for l in s.lines().filter(|l| l.contains("tactful dont-know")) {
        let field = |k: &str| -> usize {
            let at = l.find(&format!("{k}=")).expect(k) + k.len() + 1;
            l[at..]
                .split([',', ':'])
                .next()
                .expect("value")
                .parse()
                .expect("number")
        };
        let (line, col, end) = (field("line"), field("col"), field("endColumn"));
        let chars: Vec<char> = file_lines[line - 1].chars().collect();
        let words: String = chars[col - 1..end - 1].iter().collect();
        assert!(
            words.eq_ignore_ascii_case("i don't know"),
            "{words:?} in {l}"
        );
        checked += 1;
    }
    assert!(checked >= 1, "{s}");
    let json = run(&["--format", "json", "examples/samples/en.jsonl"], b"");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!(doc["transcripts"].as_array().map(Vec::len), Some(4));
    let sarif = run(&["--format", "sarif", "examples/samples/en.jsonl"], b"");
    let doc: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF");
    assert_eq!(doc["version"], "2.1.0");
    let rules: Vec<&str> = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for r in doc["runs"][0]["results"].as_array().expect("results") {
        assert_eq!(
            rules[r["ruleIndex"].as_u64().expect("index") as usize],
            r["ruleId"].as_str().expect("id")
        );
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .expect("line")
                >= 1
        );
    }
    // A configuration file shapes the coach: here it disables a rule and raises the threshold.
    let dir = std::env::temp_dir().join(format!("tactful-lt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cfg = dir.join("tactful.toml");
    std::fs::write(&cfg, "fail_on = \"error\"\ndisable = [\"dont-know\"]\n").expect("write");
    let out = run(
        &[
            "--config",
            cfg.to_str().expect("utf8"),
            "--format",
            "jsonl",
            "examples/samples/en.jsonl",
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("\"dont-know\""), "{text}");
}

#[test]
fn annotations_cover_the_words_in_csv_cells_and_text_lines() {
    // One finding or signal per annotation: the file's characters at its line and columns are
    // exactly the reported text (CSV and plain text copy message bytes verbatim).
    for sample in [
        "examples/samples/th-chat.csv",
        "examples/samples/ms-chat.txt",
    ] {
        let jsonl = run(&["--format", "jsonl", sample], b"");
        let texts: Vec<String> = lines(&jsonl)
            .iter()
            .flat_map(|t| {
                let f = t["findings"].as_array().cloned().unwrap_or_default();
                let s = t["escalation"]["signals"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                f.into_iter().chain(s)
            })
            .filter_map(|x| x["text"].as_str().map(str::to_string))
            .collect();
        let gh = run(&["--format", "github", sample], b"");
        let raw = std::fs::read_to_string(format!("{}/{sample}", env!("CARGO_MANIFEST_DIR")))
            .expect("sample");
        let file_lines: Vec<&str> = raw.lines().collect();
        let mut located = Vec::new();
        for l in String::from_utf8_lossy(&gh.stdout).lines() {
            let field = |k: &str| -> usize {
                let at = l.find(&format!(",{k}=")).map(|i| i + k.len() + 2).expect(k);
                l[at..]
                    .split([',', ':'])
                    .next()
                    .expect("value")
                    .parse()
                    .expect("number")
            };
            let (line, col, end_line, end) = (
                field("line"),
                field("col"),
                field("endLine"),
                field("endColumn"),
            );
            if line != end_line || end <= col + 1 {
                continue; // conversation-level findings mark the transcript's line
            }
            let chars: Vec<char> = file_lines[line - 1].chars().collect();
            located.push(chars[col - 1..end - 1].iter().collect::<String>());
        }
        assert!(!located.is_empty(), "{sample}: nothing located");
        for w in &located {
            assert!(
                texts.contains(w),
                "{sample}: located {w:?}, reported {texts:?}"
            );
        }
    }
}

#[test]
fn max_results_caps_what_one_message_reports_and_counts_the_rest() {
    let swearing = "fuck you, you stupid bastard, shit! ".repeat(40);
    let line = serde_json::json!({
        "id": "swear",
        "messages": [{"role": "customer", "text": swearing}]
    })
    .to_string();
    let all = run(
        &["--format", "jsonl", "--max-results", "0", "-"],
        line.as_bytes(),
    );
    let all = &lines(&all)[0];
    let total = all["escalation"]["signals"]
        .as_array()
        .expect("signals")
        .len();
    assert!(total > 100, "{total} signals");
    assert!(all.get("omitted").is_none(), "no limit, nothing omitted");
    let capped = run(
        &["--format", "jsonl", "--max-results", "25", "-"],
        line.as_bytes(),
    );
    let capped = &lines(&capped)[0];
    let signals = capped["escalation"]["signals"].as_array().expect("signals");
    assert_eq!(signals.len(), 25);
    assert_eq!(capped["omitted"], total - 25);
    assert_eq!(capped["escalation"]["level"], all["escalation"]["level"]);
    // The first signals by position are the ones kept.
    assert_eq!(signals[0], all["escalation"]["signals"][0]);
}
