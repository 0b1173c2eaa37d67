//! The options both examples take, parsed with `clap`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;
use tactful::Severity;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with carets under the words (the default on a terminal).
    Human,
    /// One JSON object per line (the default in a pipe).
    Jsonl,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=…`).
    Github,
}

/// A failure threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Threshold {
    /// Any finding fails.
    Info,
    /// Warnings and errors fail.
    Warning,
    /// Only errors fail.
    Error,
}

impl From<Threshold> for Severity {
    fn from(t: Threshold) -> Severity {
        match t {
            Threshold::Info => Severity::Info,
            Threshold::Warning => Severity::Warning,
            Threshold::Error => Severity::Error,
        }
    }
}

/// Options shared by `lint_transcripts` and `lint_macros`.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Configuration file (default: `tactful.toml` in the working directory, if there is one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format (default: human on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The lowest severity that makes the exit code 1 (default: the configuration's `fail_on`,
    /// else warning).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Threshold>,
}

impl Common {
    /// The output format, defaulting by where the output goes.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Human
        } else {
            Format::Jsonl
        })
    }

    /// The failure threshold: the command line, else the configuration, else warning.
    pub fn fail_on(&self, config: &tactful::Config) -> Severity {
        self.fail_on
            .map(Severity::from)
            .or(config.fail_on)
            .unwrap_or(Severity::Warning)
    }
}
