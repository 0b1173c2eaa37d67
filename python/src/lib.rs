//! `tactful._tactful`: the extension module behind the Python package `tactful`.
//!
//! It exposes the library, it does not re-implement it: every review is the Rust `Coach`'s, and
//! this crate only converts arguments and results. One module per job:
//!
//! * `coach`: the `Coach` class and its methods;
//! * `results`: the classes a review returns (`Finding`, `Signal`, `Review`, …);
//! * `transcript`: conversations to and from Python data;
//! * `batch`: `Coach.review_arrow`, Arrow arrays in, a `pyarrow.Table` out, on every core;
//! * `vocab`: roles and language codes, read the same way everywhere;
//! * `error`: Rust errors as Python exceptions.
//!
//! The pure-Python parts (`tactful.spark`, the stubs) are in `python/tactful/`.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

mod batch;
mod coach;
mod error;
mod results;
mod transcript;
mod vocab;

#[pymodule]
fn _tactful(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<coach::PyCoach>()?;
    m.add_class::<results::Finding>()?;
    m.add_class::<results::Signal>()?;
    m.add_class::<results::Review>()?;
    m.add_class::<results::ConversationFinding>()?;
    m.add_class::<results::TranscriptReview>()?;
    m.add("TactfulError", py.get_type::<error::TactfulError>())?;
    m.add(
        "ARROW_COLUMNS",
        PyTuple::new(py, batch::COLUMNS.iter().map(|(name, _, _)| *name))?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
