//! The string columns of a batch call, read from Python without copying the text: pyarrow
//! arrays (and chunked arrays) are imported through the Arrow C data interface, so the Rust side
//! reads pyarrow's own buffers. Anything else pyarrow can turn into an array (a list, a pandas
//! Series, an object exporting `__arrow_c_stream__`) is converted by pyarrow first.

use arrow::array::{
    make_array, Array, ArrayRef, AsArray, LargeStringArray, StringArray, StringViewArray,
};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::pyarrow::FromPyArrow;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error::InputError;
use crate::transcript::type_name;

/// One Arrow chunk of strings, in one of the layouts pyarrow produces.
pub enum Strings {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    /// pyarrow's `null` type (`pa.array([None, None])`): every entry is null.
    Null(usize),
}

impl Strings {
    fn len(&self) -> usize {
        match self {
            Strings::Utf8(a) => a.len(),
            Strings::Large(a) => a.len(),
            Strings::View(a) => a.len(),
            Strings::Null(n) => *n,
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strings::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Null(_) => None,
        }
    }
}

/// A string argument of a batch call: Arrow chunks, or one value (or `None`) for every row.
pub enum Column {
    /// The same value for every row (`roles="agent"`, `langs=None`).
    Constant(Option<String>),
    /// Arrow chunks in order; `starts[i]` is the first row of chunk `i`.
    Chunks {
        chunks: Vec<Strings>,
        starts: Vec<usize>,
        len: usize,
    },
}

impl Column {
    /// Rows, or `None` for a constant (which fits any length).
    pub fn len(&self) -> Option<usize> {
        match self {
            Column::Constant(_) => None,
            Column::Chunks { len, .. } => Some(*len),
        }
    }

    /// The value at `row`; `None` for a null entry.
    pub fn get(&self, row: usize) -> Option<&str> {
        match self {
            Column::Constant(v) => v.as_deref(),
            Column::Chunks { chunks, starts, .. } => {
                // The last chunk starting at or before `row` (empty chunks share a start).
                let c = starts.partition_point(|&s| s <= row).checked_sub(1)?;
                chunks.get(c)?.get(row - starts[c])
            }
        }
    }
}

/// Reads argument `name`. A `str` (or `None`) is one value for every row when `constant_ok`;
/// otherwise, and for everything else, the argument must be strings pyarrow can hold.
pub fn column(obj: &Bound<'_, PyAny>, name: &str, constant_ok: bool) -> PyResult<Column> {
    if obj.is_none() || obj.is_instance_of::<PyString>() {
        if !constant_ok {
            return Err(InputError::type_error(format!(
                "{name} must be an array of strings (a pyarrow array, a list, a pandas Series …), got {}",
                type_name(obj)
            ))
            .into());
        }
        let v = if obj.is_none() {
            None
        } else {
            Some(obj.extract::<String>()?)
        };
        return Ok(Column::Constant(v));
    }
    let mut chunks = Vec::new();
    let mut starts = Vec::new();
    let mut len = 0;
    for chunk in pyarrow_chunks(obj, name)? {
        let strings = strings(&chunk, name)?;
        starts.push(len);
        len += strings.len();
        chunks.push(strings);
    }
    Ok(Column::Chunks {
        chunks,
        starts,
        len,
    })
}

/// The pyarrow arrays holding `obj`: itself, the chunks of a chunked array, or what pyarrow
/// makes of it. pyarrow's refusal (mixed types, nested objects) is a `TypeError` naming `name`.
fn pyarrow_chunks<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let py = obj.py();
    let pa = py.import("pyarrow")?;
    if obj.is_instance(&pa.getattr("Array")?)? {
        return Ok(vec![obj.clone()]);
    }
    let chunked = if obj.is_instance(&pa.getattr("ChunkedArray")?)? {
        obj.clone()
    } else {
        let converted = if obj.hasattr("__arrow_c_stream__")? {
            pa.call_method1("chunked_array", (obj,))
        } else {
            pa.call_method1("array", (obj,))
        };
        match converted {
            Ok(a) if a.is_instance(&pa.getattr("Array")?)? => return Ok(vec![a]),
            Ok(a) => a,
            Err(e) => {
                return Err(InputError::type_error(format!(
                    "{name} cannot be read as an Arrow array of strings: {}",
                    e.value(py)
                ))
                .into())
            }
        }
    };
    chunked.getattr("chunks")?.try_iter()?.collect()
}

/// One pyarrow array as strings, imported without a copy. Dictionary-encoded strings (pandas
/// categoricals) are decoded, which copies; any other type is a `TypeError`.
fn strings(chunk: &Bound<'_, PyAny>, name: &str) -> PyResult<Strings> {
    let array = make_array(arrow::array::ArrayData::from_pyarrow_bound(chunk)?);
    from_array(array).map_err(|t| {
        InputError::type_error(format!("{name} must be strings, got an Arrow array of {t}")).into()
    })
}

/// The array as strings, or its type when it holds something else.
fn from_array(array: ArrayRef) -> Result<Strings, DataType> {
    match array.data_type() {
        DataType::Utf8 => Ok(Strings::Utf8(array.as_string::<i32>().clone())),
        DataType::LargeUtf8 => Ok(Strings::Large(array.as_string::<i64>().clone())),
        DataType::Utf8View => Ok(Strings::View(array.as_string_view().clone())),
        DataType::Null => Ok(Strings::Null(array.len())),
        DataType::Dictionary(_, values)
            if matches!(
                values.as_ref(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            let decoded = cast(&array, values).map_err(|_| array.data_type().clone())?;
            from_array(decoded)
        }
        other => Err(other.clone()),
    }
}
