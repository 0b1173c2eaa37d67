//! Benchmarks: `cargo bench --bench review`.
//!
//! * `throughput`: `review` over real turns (the English corpus in `../shared/corpora/` when
//!   present, else every fixture line of the five languages), all five languages enabled.
//! * `throughput_by_language`: the same coach over each language's fixture lines and everyday
//!   sentences (`tests/data/ordinary/`).
//! * `draft`: a 200-byte agent draft, clean and with findings.
//! * `transcript`: `review_transcript` on a 40-turn conversation.
//! * `build`: `Coach::default()`'s work, one language alone, and a coach with a 10,000-phrase
//!   user pack.
//! * `peers`: the same English customer turns through tactful, rustrict, a naive baseline (one
//!   `regex` per phrase) and the floor (one `aho-corasick` pass over the raw bytes with the same
//!   phrases). Before measuring, it prints what each one flags on the same profanity samples.

use std::hint::black_box;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rustrict::CensorStr;
use tactful::{Coach, Lang, Message, Role, Transcript};

#[path = "../tests/common/mod.rs"]
mod fixtures;

fn corpus() -> Vec<(Role, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/en-support/transcripts.jsonl");
    if let Ok(src) = std::fs::read_to_string(&path) {
        let mut out = Vec::new();
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus JSON");
            for m in v["messages"].as_array().into_iter().flatten() {
                let role = if m["role"] == "agent" {
                    Role::Agent
                } else {
                    Role::Customer
                };
                out.push((role, m["text"].as_str().unwrap_or("").to_string()));
            }
        }
        eprintln!("corpus: {} turns from {}", out.len(), path.display());
        return out;
    }
    let out: Vec<(Role, String)> = LANGS.iter().flat_map(|l| fixture_lines(l)).collect();
    eprintln!(
        "corpus: {} fixture lines in five languages (shared corpus absent)",
        out.len()
    );
    out
}

const LANGS: [&str; 5] = ["en", "vi", "th", "ru", "ms"];

/// Every fixture line of a language, in the role of its file (matches and hard negatives).
fn fixture_lines(lang: &str) -> Vec<(Role, String)> {
    fixtures::language(lang)
        .into_iter()
        .flat_map(|(role, cases)| cases.into_iter().map(move |c| (role, c.text)))
        .collect()
}

/// A language's fixture lines and its everyday sentences (`tests/data/ordinary/`, read as
/// customer messages): text of that language, mostly clean, some of it rude.
fn language_text(lang: &str) -> Vec<(Role, String)> {
    let mut out = fixture_lines(lang);
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ordinary")
        .join(format!("{lang}.txt"));
    for line in std::fs::read_to_string(p).unwrap_or_default().lines() {
        if !line.trim().is_empty() && !line.starts_with('#') {
            out.push((Role::Customer, line.to_string()));
        }
    }
    out
}

fn bytes(turns: &[(Role, String)]) -> u64 {
    turns.iter().map(|(_, t)| t.len() as u64).sum()
}

fn throughput(c: &mut Criterion) {
    let coach = Coach::default();
    let turns = corpus();
    let mut g = c.benchmark_group("throughput");
    g.throughput(Throughput::Bytes(bytes(&turns)));
    g.sample_size(20);
    g.bench_function("review_all_turns", |b| {
        b.iter(|| {
            for (role, text) in &turns {
                black_box(coach.review(*role, text));
            }
        })
    });
    g.throughput(Throughput::Elements(turns.len() as u64));
    g.bench_function("review_all_turns_msgs", |b| {
        b.iter(|| {
            for (role, text) in &turns {
                black_box(coach.review(*role, text));
            }
        })
    });
    g.finish();
    // Each language's own text, all five languages enabled.
    let mut g = c.benchmark_group("throughput_by_language");
    g.sample_size(10);
    for lang in LANGS {
        let text = language_text(lang);
        g.throughput(Throughput::Bytes(bytes(&text)));
        g.bench_function(lang, |b| {
            b.iter(|| {
                for (role, t) in &text {
                    black_box(coach.review(*role, t));
                }
            })
        });
    }
    g.finish();
}

fn draft(c: &mut Criterion) {
    let coach = Coach::default();
    let clean = "Hi Maria, thanks for reaching out! I've checked your order and the replacement ships tomorrow morning. You'll get the tracking link by email. Is there anything else I can help with today?";
    let findings = "Hi [CUSTOMER NAME], I don't know where your order is. According to our policy we can't refund it, calm down please. Per my last email, the ETA is Friday. There's nothing more I can do.";
    assert!(
        (180..=220).contains(&clean.len()) && (180..=220).contains(&findings.len()),
        "{} {}",
        clean.len(),
        findings.len()
    );
    assert!(coach.review_draft(clean).is_clean());
    assert!(coach.review_draft(findings).findings.len() >= 5);
    let mut g = c.benchmark_group("draft_200B");
    g.bench_function("clean", |b| {
        b.iter(|| black_box(coach.review_draft(black_box(clean))))
    });
    g.bench_function("with_findings", |b| {
        b.iter(|| black_box(coach.review_draft(black_box(findings))))
    });
    g.finish();
}

fn transcript(c: &mut Criterion) {
    let coach = Coach::default();
    let agent = [
        "Hi, thanks for reaching out!",
        "I'm sorry about that, let me check.",
        "I don't know yet, but let me find out for you.",
        "Your refund is on its way.",
        "Thank you for contacting us!",
    ];
    let customer = [
        "My order hasn't arrived.",
        "It's been two weeks!!!",
        "ok",
        "This is ridiculous, get me your manager.",
        "Thanks.",
    ];
    let messages: Vec<Message> = (0..40)
        .map(|i| {
            let (role, text) = if i % 2 == 0 {
                (Role::Customer, customer[i / 2 % 5])
            } else {
                (Role::Agent, agent[i / 2 % 5])
            };
            Message {
                role: Some(role),
                text: text.to_string(),
                timestamp: Some(i as f64 * 20.0),
                author: None,
            }
        })
        .collect();
    let t = Transcript {
        id: None,
        lang: None,
        messages,
    };
    c.bench_function("transcript_40_turns", |b| {
        b.iter(|| black_box(coach.review_transcript(black_box(&t))))
    });
}

fn user_pack(n: usize) -> String {
    let mut s =
        String::from("[pack]\nlang = \"en\"\nname = \"bench\"\n[rules.jargon]\nphrases = [\n");
    for i in 0..n {
        s.push_str(&format!("  \"prodcode{i} widget\",\n"));
    }
    s.push_str("]\n");
    s
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    // Read from the tables `build.rs` compiled the built-in packs into.
    g.bench_function("default_all_packs", |b| {
        b.iter(|| black_box(Coach::builder().build().expect("builds")))
    });
    // The same coach compiled from the packs' text, as any configuration that adds a pack,
    // chooses languages or turns a rule off still is.
    g.bench_function("default_all_packs_compiled", |b| {
        b.iter(|| black_box(Coach::builder().precompiled(false).build().expect("builds")))
    });
    // One language (issue 14's second start-up target): read from the tables, decoding only
    // that language's own automata.
    for lang in [Lang::En, Lang::Th] {
        g.bench_function(format!("one_language_{lang}"), |b| {
            b.iter(|| black_box(Coach::builder().languages([lang]).build().expect("builds")))
        });
    }
    let pack = user_pack(10_000);
    g.bench_function("default_plus_10k_user_phrases", |b| {
        b.iter(|| {
            black_box(
                Coach::builder()
                    .add_pack("bench", pack.as_str())
                    .build()
                    .expect("builds"),
            )
        })
    });
    g.finish();
    let coach = Coach::default();
    let big = Coach::builder()
        .add_pack("bench", pack.as_str())
        .build()
        .expect("builds");
    eprintln!(
        "memory held by the default coach: {:.1} MB; with 10,000 user phrases: {:.1} MB",
        coach.memory_usage() as f64 / 1e6,
        big.memory_usage() as f64 / 1e6
    );
}

/// The English profanity and insult phrases, expanded: the same words for every peer.
fn english_phrases() -> Vec<String> {
    let en = Coach::builder().languages([Lang::En]).build().expect("en");
    let mut v: Vec<String> = ["profanity", "insult"]
        .iter()
        .flat_map(|r| en.phrases(r, Lang::En))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn peers(c: &mut Criterion) {
    let en_only = Coach::builder().languages([Lang::En]).build().expect("en");
    let all = Coach::default();
    let turns: Vec<String> = corpus()
        .into_iter()
        .filter(|(r, _)| *r == Role::Customer)
        .map(|(_, t)| t)
        .collect();
    let total = turns.iter().map(|t| t.len() as u64).sum();
    let phrases = english_phrases();
    let regexes: Vec<regex::Regex> = phrases
        .iter()
        .map(|p| {
            regex::Regex::new(&format!("(?i)(?-u:\\b){}(?-u:\\b)", regex::escape(p)))
                .expect("regex")
        })
        .collect();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&phrases)
        .expect("ac");

    // What each one flags on the same samples.
    let samples = [
        "fuck this",
        "f*ck this",
        "f**k you",
        "sh1t service",
        "$hit",
        "f u c k",
        "fuuuuck",
        "a$$hole",
        "what the hell",
        "you idiots",
        "bullshit",
        "FUCKING useless",
        "piece of shit",
        "go to hell",
        "b*tch",
        "motherf*cker",
        "wtf",
        "Scunthorpe",
        "class assistant",
        "cocktail",
        "hello",
        "Dick's Sporting Goods",
        "assess the damage",
        "shiitake",
    ];
    eprintln!(
        "{:<24} {:>8} {:>9} {:>6} {:>6}",
        "sample", "tactful", "rustrict", "regex", "ac"
    );
    let (mut t_hits, mut r_hits, mut x_hits, mut a_hits) = (0, 0, 0, 0);
    for s in samples {
        let t = !all.review(Role::Customer, s).signals.is_empty();
        let r = s.is_inappropriate();
        let x = regexes.iter().any(|re| re.is_match(s));
        let a = ac.is_match(s);
        t_hits += usize::from(t);
        r_hits += usize::from(r);
        x_hits += usize::from(x);
        a_hits += usize::from(a);
        eprintln!("{s:<24} {t:>8} {r:>9} {x:>6} {a:>6}");
    }
    eprintln!("flagged (17 profane, 7 innocent): tactful {t_hits}, rustrict {r_hits}, regex {x_hits}, ac {a_hits}");
    let flagged = |f: &dyn Fn(&str) -> bool| turns.iter().filter(|t| f(t)).count();
    eprintln!(
        "customer turns flagged: tactful(all packs) {}, tactful(en) {}, rustrict {}, regex {}, ac {}",
        flagged(&|t| !all.review(Role::Customer, t).signals.is_empty()),
        flagged(&|t| !en_only.review(Role::Customer, t).signals.is_empty()),
        flagged(&|t| t.is_inappropriate()),
        flagged(&|t| regexes.iter().any(|re| re.is_match(t))),
        flagged(&|t| ac.is_match(t)),
    );

    let mut g = c.benchmark_group("peers_en_customer");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(10);
    g.bench_function("tactful_all_languages", |b| {
        b.iter(|| {
            turns
                .iter()
                .filter(|t| !all.review(Role::Customer, t).signals.is_empty())
                .count()
        })
    });
    // The same coach without the learned scorer: what the scorer costs, in the same run.
    let listed = Coach::builder()
        .scoring(false)
        .build()
        .expect("the built-in packs load");
    g.bench_function("tactful_all_languages_without_scorer", |b| {
        b.iter(|| {
            turns
                .iter()
                .filter(|t| !listed.review(Role::Customer, t).signals.is_empty())
                .count()
        })
    });
    g.bench_function("tactful_en_only", |b| {
        b.iter(|| {
            turns
                .iter()
                .filter(|t| !en_only.review(Role::Customer, t).signals.is_empty())
                .count()
        })
    });
    g.bench_function("rustrict", |b| {
        b.iter(|| {
            turns
                .iter()
                .filter(|t| t.as_str().is_inappropriate())
                .count()
        })
    });
    g.bench_function("naive_regex_per_phrase", |b| {
        b.iter(|| {
            turns
                .iter()
                .filter(|t| regexes.iter().any(|re| re.is_match(t)))
                .count()
        })
    });
    g.bench_function("floor_aho_corasick", |b| {
        b.iter(|| {
            turns
                .iter()
                .map(|t| ac.find_overlapping_iter(t.as_str()).count())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, throughput, draft, transcript, build, peers);
criterion_main!(benches);
