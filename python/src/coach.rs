//! `tactful.Coach`: the library's `Coach`, built from languages and `tactful.toml`, with one
//! method per way of reviewing (a message, a conversation, a batch) and the readers.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyList;
use tactful::transcript::read::{self, Format};
use tactful::{Config, Lang, TranscriptOptions};

use crate::batch;
use crate::error::{io_error, tactful_error};
use crate::results::{Review, TranscriptReview};
use crate::transcript;
use crate::vocab;

/// Texts at least this long are reviewed with the GIL released. Shorter ones take a few
/// microseconds, about what releasing and taking back the GIL costs.
const DETACH_BYTES: usize = 16 * 1024;

/// Reviews support messages: agent wording (findings) and customer escalation signals.
///
/// `Coach()` has every built-in language (en, vi, th, ru, ms); `languages=["en"]` only some.
/// `config` is the path of a `tactful.toml` (rules disabled, severities, extra phrases and pack
/// files, the reply limit of transcripts); `languages`, when also given, replaces its
/// `languages`. Building compiles the rule packs (about half a second for all five); the default
/// coach is built once per process and shared. A coach is immutable and thread-safe.
#[pyclass(name = "Coach", module = "tactful", frozen)]
pub struct PyCoach {
    coach: tactful::Coach,
    /// `[transcripts]` of the configuration.
    options: TranscriptOptions,
}

/// The library's coach for these settings.
fn build(
    languages: Option<Vec<Lang>>,
    config: Option<Config>,
) -> Result<tactful::Coach, tactful::Error> {
    match (languages, config) {
        (None, None) => tactful::Coach::try_default(),
        (Some(l), None) => tactful::Coach::builder().languages(l).build(),
        (l, Some(mut c)) => {
            if l.is_some() {
                c.languages = l;
            }
            tactful::Coach::from_config_with(&c, |p| std::fs::read_to_string(p))
        }
    }
}

/// `tactful.toml` at `path`, parsed.
fn read_config(path: &Path) -> PyResult<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    Config::parse(&path.to_string_lossy(), &text).map_err(|e| tactful_error(&e))
}

impl PyCoach {
    /// The language a caller named for this coach; `None` (not named) means "detect".
    fn lang(&self, lang: Option<&str>) -> PyResult<Option<Lang>> {
        match lang {
            None => Ok(None),
            Some(l) => Ok(vocab::lang(&self.coach, l).map_err(|e| e.at("lang"))?),
        }
    }
}

#[pymethods]
impl PyCoach {
    #[new]
    #[pyo3(signature = (languages=None, config=None))]
    fn new(
        py: Python<'_>,
        languages: Option<Vec<String>>,
        config: Option<PathBuf>,
    ) -> PyResult<Self> {
        let languages = languages
            .map(|ls| {
                ls.iter()
                    .map(|l| Lang::from_str(l).map_err(|e| PyValueError::new_err(e.to_string())))
                    .collect::<PyResult<Vec<Lang>>>()
            })
            .transpose()?;
        let config = config.as_deref().map(read_config).transpose()?;
        let options = config
            .as_ref()
            .map(Config::transcript_options)
            .unwrap_or_default();
        let coach = py
            .detach(|| build(languages, config))
            .map_err(|e| tactful_error(&e))?;
        Ok(PyCoach { coach, options })
    }

    /// The language codes this coach reviews, in pack order.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.coach.languages().iter().map(Lang::to_string).collect()
    }

    /// Reviews one message. `role` is `"agent"` (findings on wording) or `"customer"`
    /// (escalation signals); `"system"` and `"bot"` are accepted and give an empty review.
    /// `lang` forces a language (a code such as `"en"`); by default it is detected.
    #[pyo3(signature = (text, role=Cow::Borrowed("agent"), lang=None))]
    fn review(
        &self,
        py: Python<'_>,
        text: PyBackedStr,
        role: Cow<'_, str>,
        lang: Option<Cow<'_, str>>,
    ) -> PyResult<Review> {
        let role = vocab::role(&role).map_err(|e| e.at("role"))?;
        let lang = self.lang(lang.as_deref())?;
        let run = || vocab::review(&self.coach, role, &text, lang);
        let review = if text.len() >= DETACH_BYTES {
            py.detach(run)
        } else {
            run()
        };
        Ok(Review::of(&review))
    }

    /// Reviews a whole conversation: a list of `{"role", "text", "ts"?}` dicts or
    /// `(role, text)` pairs, or a `{"messages": [...], "lang"?}` dict as in the JSON Lines
    /// contract. `lang` (or the dict's `lang`) forces the language of every turn.
    #[pyo3(signature = (messages, lang=None))]
    fn review_transcript(
        &self,
        py: Python<'_>,
        messages: &Bound<'_, PyAny>,
        lang: Option<Cow<'_, str>>,
    ) -> PyResult<TranscriptReview> {
        let t = transcript::from_py(&self.coach, messages)?;
        let options = TranscriptOptions {
            lang: self.lang(lang.as_deref())?.or(t.lang),
            ..self.options.clone()
        };
        let review = py.detach(|| self.coach.review_transcript_with(&t, &options));
        Ok(TranscriptReview::of(&review))
    }

    /// `text` (an agent's draft) with every safe suggestion applied.
    #[pyo3(signature = (text, lang=None))]
    fn apply_fixes(&self, text: PyBackedStr, lang: Option<Cow<'_, str>>) -> PyResult<String> {
        let lang = self.lang(lang.as_deref())?;
        let review = vocab::review(&self.coach, Some(tactful::Role::Agent), &text, lang);
        Ok(review.apply_fixes(&text))
    }

    /// Reviews many messages at once and returns a `pyarrow.Table` with one row per finding or
    /// signal: `row` (index into the input), `kind` (`finding`/`signal`), `rule`, `category`
    /// (a signal's kind), `severity` (null for signals), `start`, `end` (UTF-8 byte offsets),
    /// `matched`, `message` (a signal's action), `suggestion`, `level` (the escalation level of
    /// that input row).
    ///
    /// `texts`, `roles` and `langs` are pyarrow string arrays or chunked arrays (read without a
    /// copy), or anything `pyarrow.array` accepts (lists, pandas Series). `roles` may be one str
    /// for every row, `langs` one str or `None` (detect). Null texts and null roles give no row,
    /// and so do `system`/`bot` rows and rows where nothing was found; a null language is
    /// detected. The GIL is released while the rows are reviewed on every core.
    #[pyo3(signature = (texts, roles, langs=None))]
    fn review_arrow<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        roles: &Bound<'py, PyAny>,
        langs: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let none = py.None().into_bound(py);
        batch::review_arrow(py, &self.coach, texts, roles, langs.unwrap_or(&none))
    }

    /// Reads transcripts from `text` in `format` (`jsonl`, `json`, `csv` or `text`, the
    /// role-labelled plain text of every pack's language) with the library's readers. Returns
    /// dicts in source order: `{"id", "lang", "line", "messages": [{"role", "text", "ts"}]}` per
    /// transcript (a `system` message has role `None`) and `{"id", "line", "error"}` per line
    /// that could not be read. Each transcript dict can be passed to `review_transcript`.
    fn read_transcripts<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        format: Cow<'_, str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let format = Format::from_str(&format).map_err(PyValueError::new_err)?;
        let items = py.detach(|| read::read(&text, format, self.coach.role_labels()));
        transcript::items_to_py(py, &items)
    }

    /// The language this coach detects in `text`, or `None` when unsure.
    fn detect(&self, text: PyBackedStr) -> Option<String> {
        self.coach.detect(&text).primary.map(|l| l.to_string())
    }

    fn __repr__(&self) -> String {
        format!("Coach(languages={:?})", self.languages())
    }
}
