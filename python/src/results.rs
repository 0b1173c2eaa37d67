//! What Python gets back from one message or one transcript: frozen classes with plain fields
//! (strings and byte offsets), copied out of the library's results once, so reading them costs no
//! call into Rust. Each has `to_dict()` for pandas and JSON.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A finding on agent wording.
///
/// `start` and `end` are UTF-8 byte offsets into the reviewed text (`text.encode()[start:end]`
/// is `matched`); `turn` is the message's index in a transcript, `None` for a single message.
#[pyclass(module = "tactful", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable kebab-case rule id (`dont-know`).
    pub rule: String,
    /// `discouraged-phrase`, `profanity`, `jargon`, `unfilled-placeholder`, `tone`.
    pub category: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// First byte of the match (UTF-8 offset).
    pub start: usize,
    /// One past the last byte of the match.
    pub end: usize,
    /// Exactly the text between `start` and `end`.
    pub matched: String,
    /// One sentence for the agent, in the language of the pack that matched.
    pub message: String,
    /// Why the guidance discourages it, with its source.
    pub why: String,
    /// A better wording, if the rule has one.
    pub suggestion: Option<String>,
    /// `safe` (applied by `apply_fixes`) or `unsafe`; `None` without a suggestion.
    pub fix: Option<String>,
    /// The language of the pack that matched, `None` for language-independent packs.
    pub lang: Option<String>,
    /// The message's index in a transcript; `None` for a single message.
    pub turn: Option<usize>,
}

impl Finding {
    /// The library's finding, on turn `turn` if it came from a transcript.
    pub fn of(f: &tactful::Finding, turn: Option<usize>) -> Self {
        Finding {
            rule: f.rule.to_string(),
            category: f.category.to_string(),
            severity: f.severity.to_string(),
            start: f.span.start,
            end: f.span.end,
            matched: f.text.clone(),
            message: f.message.to_string(),
            why: f.why.to_string(),
            suggestion: f.suggestion.as_ref().map(|s| s.replacement.clone()),
            fix: f.suggestion.as_ref().map(|s| s.applicability.to_string()),
            lang: f.lang.map(|l| l.to_string()),
            turn,
        }
    }
}

#[pymethods]
impl Finding {
    /// The fields as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("category", &self.category)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("matched", &self.matched)?;
        d.set_item("message", &self.message)?;
        d.set_item("why", &self.why)?;
        d.set_item("suggestion", &self.suggestion)?;
        d.set_item("fix", &self.fix)?;
        d.set_item("lang", &self.lang)?;
        d.set_item("turn", self.turn)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, severity={:?}, start={}, end={}, matched={:?}, suggestion={}, turn={})",
            self.rule,
            self.severity,
            self.start,
            self.end,
            self.matched,
            repr(&self.suggestion),
            repr(&self.turn)
        )
    }
}

/// An escalation signal on customer text.
///
/// `start` and `end` are UTF-8 byte offsets as for [`Finding`]; `action` says what the agent
/// should do.
#[pyclass(module = "tactful", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// The rule that raised it (`legal-threat`).
    pub rule: String,
    /// `profanity`, `insult`, `legal-threat`, `physical-threat`, `supervisor-request`,
    /// `churn-threat`.
    pub kind: String,
    /// First byte of the match (UTF-8 offset).
    pub start: usize,
    /// One past the last byte of the match.
    pub end: usize,
    /// Exactly the text between `start` and `end`.
    pub matched: String,
    /// What the agent should do, in the language of the pack that matched.
    pub action: String,
    /// The language of the pack that matched.
    pub lang: Option<String>,
    /// The message's index in a transcript; `None` for a single message.
    pub turn: Option<usize>,
}

impl Signal {
    /// The library's signal, on turn `turn` if it came from a transcript.
    pub fn of(s: &tactful::Signal, turn: Option<usize>) -> Self {
        Signal {
            rule: s.rule.to_string(),
            kind: s.kind.to_string(),
            start: s.span.start,
            end: s.span.end,
            matched: s.text.clone(),
            action: s.action.to_string(),
            lang: s.lang.map(|l| l.to_string()),
            turn,
        }
    }
}

#[pymethods]
impl Signal {
    /// The fields as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("kind", &self.kind)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("matched", &self.matched)?;
        d.set_item("action", &self.action)?;
        d.set_item("lang", &self.lang)?;
        d.set_item("turn", self.turn)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Signal(rule={:?}, kind={:?}, start={}, end={}, matched={:?}, turn={})",
            self.rule,
            self.kind,
            self.start,
            self.end,
            self.matched,
            repr(&self.turn)
        )
    }
}

/// The review of one message.
#[pyclass(module = "tactful", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Findings on agent wording, in text order.
    pub findings: Vec<Finding>,
    /// Signals in customer text, in text order.
    pub signals: Vec<Signal>,
    /// The escalation level the signals call for: `none`, `monitor`, `escalate`, `urgent`.
    pub level: String,
}

impl Review {
    /// The library's review of one message.
    pub fn of(r: &tactful::Review) -> Self {
        Review {
            findings: r.findings.iter().map(|f| Finding::of(f, None)).collect(),
            signals: r.signals.iter().map(|s| Signal::of(s, None)).collect(),
            level: r.level.to_string(),
        }
    }
}

#[pymethods]
impl Review {
    /// Whether nothing was found.
    #[getter]
    fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.signals.is_empty()
    }

    /// `{"findings": [...], "signals": [...], "level": ...}` with dicts inside.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("findings", dicts(py, &self.findings, Finding::to_dict)?)?;
        d.set_item("signals", dicts(py, &self.signals, Signal::to_dict)?)?;
        d.set_item("level", &self.level)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Review(findings={}, signals={}, level={:?})",
            self.findings.len(),
            self.signals.len(),
            self.level
        )
    }
}

/// A finding about a conversation as a whole (`missing-greeting`, `missing-empathy` …): no span.
#[pyclass(module = "tactful", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationFinding {
    /// The check's rule id.
    pub rule: String,
    /// What the conversation lacks (the check's name, such as `missing-thanks`).
    pub category: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// The turn it is about (the reply that lacks empathy), if one.
    pub about_turn: Option<usize>,
    /// One sentence for the agent, in the transcript's language.
    pub message: String,
    /// Why, with the guidance cited.
    pub why: String,
    /// What to write instead, if the check has a suggestion.
    pub suggestion: Option<String>,
}

#[pymethods]
impl ConversationFinding {
    /// The fields as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("category", &self.category)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("about_turn", self.about_turn)?;
        d.set_item("message", &self.message)?;
        d.set_item("why", &self.why)?;
        d.set_item("suggestion", &self.suggestion)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "ConversationFinding(rule={:?}, severity={:?}, about_turn={})",
            self.rule,
            self.severity,
            repr(&self.about_turn)
        )
    }
}

/// The review of a whole conversation.
#[pyclass(module = "tactful", frozen, get_all, eq, skip_from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptReview {
    /// The conversation's language (given, or detected from all its text).
    pub lang: Option<String>,
    /// Findings on agent turns (each with its `turn`).
    pub findings: Vec<Finding>,
    /// Findings about the conversation as a whole.
    pub conversation: Vec<ConversationFinding>,
    /// Signals on customer turns (each with its `turn`).
    pub signals: Vec<Signal>,
    /// Every rise of the escalation level as `(turn, level)`, in order.
    pub levels: Vec<(usize, String)>,
    /// The final escalation level.
    pub level: String,
}

impl TranscriptReview {
    /// The library's review of a conversation.
    pub fn of(r: &tactful::TranscriptReview) -> Self {
        TranscriptReview {
            lang: r.lang.map(|l| l.to_string()),
            findings: r
                .findings
                .iter()
                .map(|f| Finding::of(&f.finding, Some(f.turn)))
                .collect(),
            conversation: r
                .conversation
                .iter()
                .map(|c| ConversationFinding {
                    rule: c.rule.to_string(),
                    category: c.category.to_string(),
                    severity: c.severity.to_string(),
                    about_turn: c.about_turn,
                    message: c.message.to_string(),
                    why: c.why.to_string(),
                    suggestion: c.suggestion.clone(),
                })
                .collect(),
            signals: r
                .signals
                .iter()
                .map(|s| Signal::of(&s.signal, Some(s.turn)))
                .collect(),
            levels: r
                .levels
                .iter()
                .map(|c| (c.turn, c.level.to_string()))
                .collect(),
            level: r.level.to_string(),
        }
    }
}

#[pymethods]
impl TranscriptReview {
    /// Every field as plain Python data (lists of dicts), for JSON or pandas.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("lang", &self.lang)?;
        d.set_item("findings", dicts(py, &self.findings, Finding::to_dict)?)?;
        d.set_item(
            "conversation",
            dicts(py, &self.conversation, ConversationFinding::to_dict)?,
        )?;
        d.set_item("signals", dicts(py, &self.signals, Signal::to_dict)?)?;
        d.set_item("levels", &self.levels)?;
        d.set_item("level", &self.level)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "TranscriptReview(lang={}, findings={}, conversation={}, signals={}, level={:?})",
            repr(&self.lang),
            self.findings.len(),
            self.conversation.len(),
            self.signals.len(),
            self.level
        )
    }
}

/// An optional value as Python shows it: `None`, or the value (strings quoted).
fn repr<T: std::fmt::Debug>(v: &Option<T>) -> String {
    match v {
        None => "None".into(),
        Some(v) => format!("{v:?}"),
    }
}

/// `items` as a list of dicts.
fn dicts<'py, T>(
    py: Python<'py>,
    items: &[T],
    to_dict: fn(&T, Python<'py>) -> PyResult<Bound<'py, PyDict>>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    items.iter().map(|i| to_dict(i, py)).collect()
}
