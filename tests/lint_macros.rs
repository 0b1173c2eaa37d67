//! `lint_macros` end to end: every input format, template awareness, suppressions, config
//! errors, fixes, and a golden file per output format (`UPDATE_GOLDEN=1` rewrites them).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn binary() -> PathBuf {
    common::example_binary("lint_macros")
}

fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run lint_macros")
}

const CONFIG: &str = "tests/fixtures/macros/tactful.toml";

fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn rules_of(v: &[serde_json::Value], title: &str) -> Vec<String> {
    let m = v
        .iter()
        .find(|m| m["title"] == title)
        .unwrap_or_else(|| panic!("no macro {title}"));
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_format_is_read_and_located_in_the_source() {
    let out = run(&[
        "--config",
        CONFIG,
        "--format",
        "jsonl",
        "tests/fixtures/macros",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = jsonl(&out);
    assert_eq!(v.len(), 16, "every macro of every file: {v:#?}");
    assert_eq!(
        rules_of(&v, "Order status inquiry"),
        ["as-i-said", "jargon"],
        "Gorgias export"
    );
    // Zendesk HTML: the finding points at the source bytes, entity included.
    let zd = v
        .iter()
        .find(|m| m["title"] == "Refund delayed")
        .expect("zendesk macro");
    let dk = zd["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "dont-know")
        .expect("dont-know");
    assert_eq!(dk["text"], "I don&#39;t know");
    let src = std::fs::read_to_string("tests/fixtures/macros/zendesk.json").expect("fixture");
    let line = src
        .lines()
        .nth(dk["line"].as_u64().expect("line") as usize - 1)
        .expect("line exists");
    assert!(line.contains("I don&#39;t know"));
    // Live template variables are neither findings nor missing words.
    assert!(v
        .iter()
        .flat_map(|m| m["findings"].as_array().into_iter().flatten())
        .all(|f| !f["text"].as_str().unwrap_or("").contains("{{")));
    assert_eq!(
        rules_of(&v, "Shipping ETA"),
        ["unfilled-placeholder", "jargon"]
    );
    // YAML, CSV, Markdown sections, plain files, in five languages.
    assert_eq!(rules_of(&v, "ขอโทษที่ล่าช้า"), ["dont-know", "policy-talk"]);
    assert_eq!(
        rules_of(&v, "Penghantaran lewat"),
        ["dont-know", "policy-talk"]
    );
    assert!(rules_of(&v, "Terima kasih (clean)").is_empty());
    assert!(rules_of(&v, "Возврат").is_empty());
    assert!(rules_of(&v, "Password reset").is_empty());
    assert_eq!(rules_of(&v, "Late delivery"), ["as-i-said", "jargon"]);
    assert_eq!(
        rules_of(&v, "delay"),
        ["calm-down", "canned-hold"],
        "`%{{name}}` is a live variable with this config"
    );
}

#[test]
fn suppressions_and_unused_ones() {
    let v = jsonl(&run(&[
        "--config",
        CONFIG,
        "--format",
        "jsonl",
        "tests/fixtures/macros",
    ]));
    let vi = v
        .iter()
        .find(|m| m["title"].as_str().unwrap_or("").starts_with("Phản hồi"))
        .expect("vi macro");
    let rules: Vec<&str> = vi["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        ["dont-know"],
        "policy-talk is allowed by the title marker"
    );
    assert_eq!(
        rules_of(&v, "Order status (whole reply)"),
        ["unused-suppression"]
    );
}

#[test]
fn config_errors_name_the_key_and_line() {
    let dir = std::env::temp_dir().join(format!("tactful-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("tactful.toml");
    std::fs::write(&bad, "fail_on = \"warning\"\ndisabel = [\"jargon\"]\n").expect("write");
    let out = run(&[
        "--config",
        bad.to_str().expect("utf8"),
        "tests/fixtures/macros/folder",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("disabel"), "{err}");
    std::fs::write(&bad, "disable = [\"no-such-rule\"]\n").expect("write");
    let out = run(&[
        "--config",
        bad.to_str().expect("utf8"),
        "tests/fixtures/macros/folder",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
    std::fs::remove_dir_all(&dir).expect("remove the temporary config");
}

#[test]
fn fixes_apply_to_plain_text_and_never_to_structured_formats() {
    let dir = std::env::temp_dir().join(format!("tactful-fix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    for f in ["folder/refund.txt", "zendesk.json"] {
        std::fs::copy(
            Path::new("tests/fixtures/macros").join(f),
            dir.join(Path::new(f).file_name().expect("name")),
        )
        .expect("copy");
    }
    let d = dir.to_str().expect("utf8");
    let dry = run(&["--config", CONFIG, "--fix", "--dry-run", d]);
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(
        diff.contains("-FYI, your refund") && diff.contains("+For your information, your refund"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("refund.txt")).expect("read"),
        std::fs::read_to_string("tests/fixtures/macros/folder/refund.txt").expect("read"),
        "a dry run writes nothing"
    );
    run(&["--config", CONFIG, "--fix", "--format", "jsonl", d]);
    let fixed = std::fs::read_to_string(dir.join("refund.txt")).expect("read");
    assert!(fixed.contains("For your information, your refund was approved today. To recap, the return authorisation number is in the attachment."), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(dir.join("zendesk.json")).expect("read"),
        std::fs::read_to_string("tests/fixtures/macros/zendesk.json").expect("read"),
        "JSON is never rewritten"
    );
    let again = jsonl(&run(&["--config", CONFIG, "--format", "jsonl", d]));
    assert!(
        rules_of(&again, "refund").is_empty(),
        "fixes converge: {again:?}"
    );
}

#[test]
fn sarif_follows_the_2_1_0_schema() {
    let out = run(&[
        "--config",
        CONFIG,
        "--format",
        "sarif",
        "tests/fixtures/macros",
    ]);
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(s["version"], "2.1.0");
    assert!(s["$schema"]
        .as_str()
        .expect("$schema")
        .contains("sarif-2.1.0"));
    let run0 = &s["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "tactful");
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(ids, sorted, "rule ids are unique");
    for r in rules {
        assert!(!r["shortDescription"]["text"]
            .as_str()
            .unwrap_or("")
            .is_empty());
        assert!(
            !r["help"]["text"].as_str().unwrap_or("").is_empty(),
            "rules carry help text"
        );
        assert!(["error", "warning", "note"]
            .contains(&r["defaultConfiguration"]["level"].as_str().unwrap_or("")));
    }
    let results = run0["results"].as_array().expect("results");
    assert!(results.len() >= 20);
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[idx], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
        assert!(!r["message"]["text"].as_str().unwrap_or("").is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && Path::new(uri).exists(),
            "{uri} is a relative path that exists"
        );
        let region = &loc["region"];
        let (sl, sc, el, ec) = (
            region["startLine"].as_u64().expect("startLine"),
            region["startColumn"].as_u64().expect("startColumn"),
            region["endLine"].as_u64().expect("endLine"),
            region["endColumn"].as_u64().expect("endColumn"),
        );
        assert!(
            sl >= 1 && sc >= 1 && (el > sl || (el == sl && ec > sc)),
            "{region}"
        );
    }
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
}

#[test]
fn golden_outputs() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (format, ext) in [
        ("human", "txt"),
        ("jsonl", "jsonl"),
        ("json", "json"),
        ("sarif", "sarif"),
        ("github", "txt"),
    ] {
        let out = run(&[
            "--config",
            CONFIG,
            "--format",
            format,
            "tests/fixtures/macros/folder",
            "tests/fixtures/macros/zendesk.json",
        ]);
        let got =
            String::from_utf8_lossy(&out.stdout).replace(env!("CARGO_PKG_VERSION"), "VERSION");
        let path = Path::new("tests/golden").join(format!("macros.{format}.{ext}"));
        if update {
            std::fs::create_dir_all("tests/golden").expect("mkdir");
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!("{}: output differs (UPDATE_GOLDEN=1 rewrites it)\n--- want\n{want}\n--- got\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
