//! `Coach.review_arrow`: many messages in one call, the fast path for pandas and Spark. The
//! columns come in through the Arrow C data interface without copying the text, the GIL is
//! released while every core reviews, and the result goes back as one `pyarrow.Table` with a row
//! per finding or signal.

mod input;
mod output;
mod run;

pub use output::COLUMNS;

use arrow::pyarrow::ToPyArrow;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tactful::Coach;

use crate::error::InputError;
use crate::vocab;

/// Reviews `texts[i]` written by `roles[i]` in `langs[i]` for every row `i`, and returns the
/// `pyarrow.Table` of [`COLUMNS`]. `roles` may be one `str` for every row and `langs` one `str`
/// or `None` (detect). Null texts and roles give no row; unknown roles and languages are a
/// `ValueError` naming the first bad row; a non-string column is a `TypeError`.
pub fn review_arrow<'py>(
    py: Python<'py>,
    coach: &Coach,
    texts: &Bound<'py, PyAny>,
    roles: &Bound<'py, PyAny>,
    langs: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let texts = input::column(texts, "texts", false)?;
    let roles = input::column(roles, "roles", true)?;
    let langs = input::column(langs, "langs", true)?;
    let rows = texts.len().unwrap_or(0);
    for (name, c) in [("roles", &roles), ("langs", &langs)] {
        if let Some(n) = c.len().filter(|n| *n != rows) {
            return Err(InputError::value(format!(
                "{name} has {n} rows but texts has {rows}: give one per text (or a single str for all)"
            ))
            .into());
        }
    }
    // A constant that is wrong is wrong for every row: say so once, naming the argument.
    if let input::Column::Constant(Some(r)) = &roles {
        vocab::role(r).map_err(|e| e.at("roles"))?;
    }
    if let input::Column::Constant(Some(l)) = &langs {
        vocab::lang(coach, l).map_err(|e| e.at("langs"))?;
    }
    let batch = py.detach(|| {
        let reviewed = run::review_rows(
            coach,
            &run::Rows {
                texts: &texts,
                roles: &roles,
                langs: &langs,
                rows,
            },
        )?;
        // The builders fill every column for every row, so this cannot fail; report it rather
        // than panic if it ever does.
        output::record_batch(&reviewed).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    })?;
    let batch = batch.to_pyarrow(py)?;
    py.import("pyarrow")?
        .getattr("Table")?
        .call_method1("from_batches", (vec![batch],))
}
