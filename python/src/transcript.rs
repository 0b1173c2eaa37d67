//! Conversations between Python and the library: a transcript read from Python data (lists of
//! `{"role", "text"}` dicts or `(role, text)` pairs, or a whole `{"messages": ...}` object as in
//! `shared/CONTRACT.md`), and the library's readers' output handed back as the same dicts.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use tactful::transcript::read::Item;
use tactful::{Coach, Message, Transcript};

use crate::error::InputError;
use crate::vocab;

/// A transcript from `obj`: a `{"messages": [...], "lang"?, "id"?}` dict, or the messages
/// themselves. Each message is a `{"role", "text", "ts"?}` dict or a `(role, text)` or
/// `(role, text, ts)` sequence; a role of `None` (or `system`, `bot`) keeps the message
/// uncoached, as the contract's system messages are.
pub fn from_py(coach: &Coach, obj: &Bound<'_, PyAny>) -> PyResult<Transcript> {
    let mut t = Transcript::default();
    let messages = match obj.cast::<PyDict>() {
        Ok(d) => {
            let Some(m) = d.get_item("messages")? else {
                return Err(InputError::value(
                    "a transcript dict needs a `messages` list (or pass the list of messages itself)",
                )
                .into());
            };
            if let Some(l) = d.get_item("lang")?.filter(|l| !l.is_none()) {
                t.lang = vocab::lang(coach, &string(&l, "lang")?).map_err(|e| e.at("lang"))?;
            }
            if let Some(id) = d.get_item("id")?.filter(|i| !i.is_none()) {
                t.id = Some(id.str()?.to_string());
            }
            m
        }
        Err(_) => obj.clone(),
    };
    if messages.is_instance_of::<PyString>() {
        return Err(InputError::type_error(
            "messages must be a list of {\"role\", \"text\"} dicts or (role, text) pairs, not a str",
        )
        .into());
    }
    for (i, m) in messages.try_iter()?.enumerate() {
        let m = m?;
        t.messages
            .push(message(&m).map_err(|e| e.at(&format!("messages[{i}]")))?);
    }
    Ok(t)
}

/// One message from a dict or a sequence.
fn message(m: &Bound<'_, PyAny>) -> Result<Message, InputError> {
    let py_err = |e: PyErr| InputError::type_error(e.to_string());
    let (role, text, ts) = if let Ok(d) = m.cast::<PyDict>() {
        let field = |k: &str| d.get_item(k).map_err(py_err);
        let ts = match field("ts")? {
            Some(v) => Some(v),
            None => field("timestamp")?,
        };
        (field("role")?, field("text")?, ts)
    } else if !m.is_instance_of::<PyString>() && m.len().is_ok_and(|n| n == 2 || n == 3) {
        let item = |i: usize| m.get_item(i).map(Some).map_err(py_err);
        (
            item(0)?,
            item(1)?,
            if m.len().ok() == Some(3) {
                item(2)?
            } else {
                None
            },
        )
    } else {
        return Err(InputError::type_error(format!(
            "expected a {{\"role\", \"text\"}} dict or a (role, text) pair, got {}",
            type_name(m)
        )));
    };
    let role = match role.filter(|r| !r.is_none()) {
        None => None,
        Some(r) => vocab::role(&string(&r, "role")?)?,
    };
    let text = match text {
        Some(t) => string(&t, "text")?,
        None => return Err(InputError::value("no `text`")),
    };
    let timestamp = match ts.filter(|v| !v.is_none()) {
        None => None,
        Some(v) if v.is_instance_of::<PyString>() => {
            let s = string(&v, "ts")?;
            Some(tactful::transcript::parse_timestamp(&s).ok_or_else(|| {
                InputError::value(format!(
                    "ts `{s}` is not a timestamp (seconds, RFC 3339 or HH:MM[:SS])"
                ))
            })?)
        }
        Some(v) => Some(v.extract::<f64>().map_err(|_| {
            InputError::type_error(format!(
                "ts must be a number of seconds or a str, got {}",
                type_name(&v)
            ))
        })?),
    };
    Ok(Message {
        role,
        text,
        timestamp,
        author: None,
    })
}

/// `v` as a Rust string, or a `TypeError` naming the field.
fn string(v: &Bound<'_, PyAny>, field: &str) -> Result<String, InputError> {
    v.extract::<String>()
        .map_err(|_| InputError::type_error(format!("{field} must be a str, got {}", type_name(v))))
}

/// The Python type name of `v`, for messages.
pub fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".into())
}

/// The readers' items as dicts: transcripts as `{"id", "lang", "line", "messages": [{"role",
/// "text", "ts"}]}` and unreadable lines as `{"id", "line", "error"}`, in source order.
pub fn items_to_py<'py>(py: Python<'py>, items: &[Item]) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for item in items {
        let d = PyDict::new(py);
        match item {
            Item::Transcript {
                line, transcript, ..
            } => {
                d.set_item("id", &transcript.id)?;
                d.set_item("lang", transcript.lang.map(|l| l.to_string()))?;
                d.set_item("line", line)?;
                let messages = PyList::empty(py);
                for m in &transcript.messages {
                    let md = PyDict::new(py);
                    md.set_item("role", m.role.map(|r| r.as_str()))?;
                    md.set_item("text", &m.text)?;
                    md.set_item("ts", m.timestamp)?;
                    messages.append(md)?;
                }
                d.set_item("messages", messages)?;
            }
            Item::Error(e) => {
                d.set_item("id", &e.id)?;
                d.set_item("line", e.line)?;
                d.set_item("error", &e.reason)?;
            }
        }
        out.append(d)?;
    }
    Ok(out)
}
