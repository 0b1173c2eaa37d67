//! The result table of a batch call: one row per finding or signal, with the columns both kinds
//! share, so that pandas and Spark can group and filter them without unnesting anything.

use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Builder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::error::ArrowError;

use super::run::Reviewed;

/// The output columns, in order: `(name, type, nullable)`. `tactful.spark` builds its Spark
/// schema from the same names (see `tactful/spark.py`).
pub const COLUMNS: [(&str, DataType, bool); 11] = [
    ("row", DataType::Int64, false),
    ("kind", DataType::Utf8, false),
    ("rule", DataType::Utf8, false),
    ("category", DataType::Utf8, false),
    ("severity", DataType::Utf8, true),
    ("start", DataType::Int64, false),
    ("end", DataType::Int64, false),
    ("matched", DataType::Utf8, false),
    ("message", DataType::Utf8, false),
    ("suggestion", DataType::Utf8, true),
    ("level", DataType::Utf8, false),
];

/// The schema of [`COLUMNS`].
pub fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(
        COLUMNS
            .iter()
            .map(|(n, t, nullable)| Field::new(*n, t.clone(), *nullable))
            .collect::<Vec<_>>(),
    ))
}

/// The builders of every column, filled row by row.
struct Builders {
    row: Int64Builder,
    kind: StringBuilder,
    rule: StringBuilder,
    category: StringBuilder,
    severity: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    matched: StringBuilder,
    message: StringBuilder,
    suggestion: StringBuilder,
    level: StringBuilder,
}

impl Builders {
    fn with_capacity(n: usize) -> Self {
        let s = || StringBuilder::with_capacity(n, n * 8);
        Builders {
            row: Int64Builder::with_capacity(n),
            kind: s(),
            rule: s(),
            category: s(),
            severity: s(),
            start: Int64Builder::with_capacity(n),
            end: Int64Builder::with_capacity(n),
            matched: s(),
            message: s(),
            suggestion: s(),
            level: s(),
        }
    }

    /// One output row. `category` is a finding's category or a signal's kind; `severity` and
    /// `suggestion` are null for signals.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        row: usize,
        kind: &str,
        rule: &str,
        category: &str,
        severity: Option<&str>,
        span: tactful::Span,
        matched: &str,
        message: &str,
        suggestion: Option<&str>,
        level: &str,
    ) {
        self.row.append_value(offset(row));
        self.kind.append_value(kind);
        self.rule.append_value(rule);
        self.category.append_value(category);
        self.severity.append_option(severity);
        self.start.append_value(offset(span.start));
        self.end.append_value(offset(span.end));
        self.matched.append_value(matched);
        self.message.append_value(message);
        self.suggestion.append_option(suggestion);
        self.level.append_value(level);
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.row.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.rule.finish()),
            Arc::new(self.category.finish()),
            Arc::new(self.severity.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.matched.finish()),
            Arc::new(self.message.finish()),
            Arc::new(self.suggestion.finish()),
            Arc::new(self.level.finish()),
        ]
    }
}

/// Offsets and row numbers as Arrow's `int64` (no input reaches 2^63 bytes or rows).
fn offset(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The table of `reviewed`, findings before signals within a row, each in text order.
pub fn record_batch(reviewed: &[Reviewed]) -> Result<RecordBatch, ArrowError> {
    let n = reviewed
        .iter()
        .map(|r| r.review.findings.len() + r.review.signals.len())
        .sum();
    let mut b = Builders::with_capacity(n);
    for Reviewed { row, review } in reviewed {
        let level = review.level.as_str();
        for f in &review.findings {
            b.push(
                *row,
                "finding",
                &f.rule,
                f.category.as_str(),
                Some(f.severity.as_str()),
                f.span,
                &f.text,
                &f.message,
                f.suggestion.as_ref().map(|s| s.replacement.as_str()),
                level,
            );
        }
        for s in &review.signals {
            b.push(
                *row,
                "signal",
                &s.rule,
                s.kind.as_str(),
                None,
                s.span,
                &s.text,
                &s.action,
                None,
                level,
            );
        }
    }
    RecordBatch::try_new(schema(), b.finish())
}
