//! Errors crossing into Python: the library's typed errors become `tactful.TactfulError`, bad
//! arguments become the built-in exception a Python caller expects (`ValueError`, `TypeError`,
//! `OSError`), and every message is the Rust one, unchanged.

use std::path::Path;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::PyErr;

pyo3::create_exception!(
    tactful,
    TactfulError,
    pyo3::exceptions::PyValueError,
    "A coach could not be built: a rule pack or `tactful.toml` is invalid, names an unknown rule \
     or language, or a pack file it lists cannot be read. The message names the file, line and \
     column (and the likely id for a misspelt one). A subclass of ValueError."
);

/// `tactful::Error` as `TactfulError` with the library's message.
pub fn tactful_error(e: &tactful::Error) -> PyErr {
    TactfulError::new_err(e.to_string())
}

/// A file that could not be read, as the `OSError` subclass Python would raise, naming the path.
pub fn io_error(path: &Path, e: &std::io::Error) -> PyErr {
    let message = format!("{}: {e}", path.display());
    match e.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

/// A problem with one input: which row or message, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What kind of Python exception it becomes.
    pub kind: InputErrorKind,
    /// The whole message, naming the row.
    pub message: String,
}

/// `ValueError` (a value outside the vocabulary) or `TypeError` (not a string at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputErrorKind {
    /// An unknown role or language, mismatched lengths.
    Value,
    /// A column that is not strings.
    Type,
}

impl InputError {
    /// A `ValueError`.
    pub fn value(message: impl Into<String>) -> Self {
        InputError {
            kind: InputErrorKind::Value,
            message: message.into(),
        }
    }

    /// A `TypeError`.
    pub fn type_error(message: impl Into<String>) -> Self {
        InputError {
            kind: InputErrorKind::Type,
            message: message.into(),
        }
    }

    /// The same error, its message prefixed with where it happened (`row 3`, `messages[2]`).
    pub fn at(self, place: &str) -> Self {
        InputError {
            kind: self.kind,
            message: format!("{place}: {}", self.message),
        }
    }
}

impl From<InputError> for PyErr {
    fn from(e: InputError) -> PyErr {
        match e.kind {
            InputErrorKind::Value => PyValueError::new_err(e.message),
            InputErrorKind::Type => PyTypeError::new_err(e.message),
        }
    }
}
