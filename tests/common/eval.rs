//! Scoring customer-signal rules against a labelled evaluation set (`tests/eval/<lang>.tsv`:
//! `expected<TAB>note<TAB>text`, expected a comma-separated set of signal kinds or `none`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tactful::{Coach, Role};

/// One labelled message.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub line: usize,
    pub expected: BTreeSet<String>,
    pub note: String,
    pub text: String,
}

/// Reads an evaluation file.
pub fn read(path: &Path) -> Vec<Labelled> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let mut f = l.splitn(3, '\t');
            let (expected, note, text) = (
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
            );
            Labelled {
                line: i + 1,
                expected: expected
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty() && *k != "none")
                    .map(str::to_string)
                    .collect(),
                note: note.to_string(),
                text: text.to_string(),
            }
        })
        .collect()
}

/// True and false positives and false negatives of one kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A line the coach got wrong.
#[derive(Debug, Clone)]
pub struct Miss {
    pub line: usize,
    pub expected: BTreeSet<String>,
    pub raised: BTreeSet<String>,
    pub note: String,
    pub text: String,
}

/// The score of one evaluation set.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub per_kind: BTreeMap<String, Counts>,
    pub negatives: usize,
    pub negatives_fired: usize,
    pub misses: Vec<Miss>,
}

impl Score {
    pub fn overall(&self) -> Counts {
        self.per_kind
            .values()
            .fold(Counts::default(), |a, c| Counts {
                tp: a.tp + c.tp,
                fp: a.fp + c.fp,
                fn_: a.fn_ + c.fn_,
            })
    }

    /// One line per kind and an overall line, as a Markdown table.
    pub fn table(&self, lang: &str) -> String {
        let mut out = String::new();
        for (k, c) in &self.per_kind {
            out.push_str(&format!(
                "| {lang} | {k} | {:.2} | {:.2} | {} | {} | {} |\n",
                c.precision(),
                c.recall(),
                c.tp,
                c.fp,
                c.fn_
            ));
        }
        let o = self.overall();
        out.push_str(&format!(
            "| {lang} | **all** (F1 {:.2}; hard negatives firing {}/{}) | {:.2} | {:.2} | {} | {} | {} |\n",
            o.f1(),
            self.negatives_fired,
            self.negatives,
            o.precision(),
            o.recall(),
            o.tp,
            o.fp,
            o.fn_
        ));
        out
    }
}

/// Reviews every labelled line as a customer message.
pub fn score(coach: &Coach, lines: &[Labelled]) -> Score {
    let mut s = Score::default();
    for l in lines {
        let raised: BTreeSet<String> = coach
            .review(Role::Customer, &l.text)
            .signals
            .iter()
            .map(|x| x.kind.to_string())
            .collect();
        for k in l.expected.union(&raised) {
            let c = s.per_kind.entry(k.clone()).or_default();
            match (l.expected.contains(k), raised.contains(k)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fn_ += 1,
                (false, true) => c.fp += 1,
                (false, false) => {}
            }
        }
        if l.expected.is_empty() {
            s.negatives += 1;
            if !raised.is_empty() {
                s.negatives_fired += 1;
            }
        }
        if raised != l.expected {
            s.misses.push(Miss {
                line: l.line,
                expected: l.expected.clone(),
                raised,
                note: l.note.clone(),
                text: l.text.clone(),
            });
        }
    }
    s
}

/// Each of `lines` read as a customer message that raises a signal, as `rule «text»: line`
/// (false alarms on ordinary and innocent text).
pub fn raising(coach: &Coach, lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let r = coach.review(Role::Customer, l);
            r.signals
                .first()
                .map(|s| format!("{} «{}»: {l}", s.rule, s.text))
        })
        .collect()
}
