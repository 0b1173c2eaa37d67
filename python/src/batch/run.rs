//! Reviewing the rows of a batch on every core. Rows are cut into blocks reviewed in parallel
//! (rayon) and put back in input order, so the result never depends on the thread count.

use rayon::prelude::*;
use tactful::{Coach, Review};

use super::input::Column;
use crate::error::InputError;
use crate::vocab::{self, LangCache};

/// Rows per parallel task: about a millisecond of work on typical chat turns, large enough that
/// scheduling costs nothing measurable, small enough to balance two to a few dozen cores.
const BLOCK: usize = 512;

/// A row that produced findings or signals.
pub struct Reviewed {
    /// Index into the input.
    pub row: usize,
    /// Its review (never clean).
    pub review: Review,
}

/// The three columns of a batch call, all `rows` long (or constant).
pub struct Rows<'a> {
    pub texts: &'a Column,
    pub roles: &'a Column,
    pub langs: &'a Column,
    pub rows: usize,
}

/// Reviews every row; rows with a null text or role, a `system`/`bot` role, or nothing found are
/// left out. The first bad role or language (in row order) is the error, naming its row.
pub fn review_rows(coach: &Coach, rows: &Rows<'_>) -> Result<Vec<Reviewed>, InputError> {
    let blocks: Vec<usize> = (0..rows.rows).step_by(BLOCK).collect();
    let results: Vec<Result<Vec<Reviewed>, InputError>> = blocks
        .into_par_iter()
        .map(|start| review_block(coach, rows, start, (start + BLOCK).min(rows.rows)))
        .collect();
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

fn review_block(
    coach: &Coach,
    rows: &Rows<'_>,
    start: usize,
    end: usize,
) -> Result<Vec<Reviewed>, InputError> {
    let mut langs = LangCache::new(coach);
    let mut out = Vec::new();
    for row in start..end {
        let at = |e: InputError| e.at(&format!("row {row}"));
        // Roles and languages are checked on every row, even one whose text is null, so that a
        // bad value is reported wherever it is.
        let role = match rows.roles.get(row) {
            Some(r) => vocab::role(r).map_err(at)?,
            None => None,
        };
        let lang = match rows.langs.get(row) {
            Some(l) => langs.get(l).map_err(at)?,
            None => None,
        };
        let Some(text) = rows.texts.get(row) else {
            continue;
        };
        let review = vocab::review(coach, role, text, lang);
        if !review.is_clean() {
            out.push(Reviewed { row, review });
        }
    }
    Ok(out)
}
