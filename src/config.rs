//! `tactful.toml`: one configuration file shared by an application and its CI.
//!
//! ```toml
//! languages = ["en", "vi"]          # default: every language the packs define
//! fail_on = "warning"               # the examples' failure threshold
//! disable = ["jargon"]              # rules to turn off
//! allow = ["ETA Pro", "RMA Cloud"]  # product names that look like jargon: never flagged
//! packs = ["packs/acme.toml"]       # extra rule packs, relative to this file
//! template_syntaxes = ["{{ }}", "{% %}", "%{ }"]   # live template variables in macros
//! whole_replies = false             # lint_macros: check greeting/thanks in every macro
//!
//! [severity]
//! as-i-said = "warning"
//!
//! [phrases.jargon]                  # extra phrases per rule and language
//! en = ["sku", "po number"]
//!
//! [transcripts]
//! reply_limit_secs = 120
//!
//! [escalation]
//! abuse_escalate = 3
//! ```
//!
//! The library reads the text, never a file: [`Coach::from_config_with`] takes the function that
//! reads the pack files `packs` names. Every error names the configuration file and line (and
//! for a misspelt rule id, the id it probably means).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

use crate::builder::CoachBuilder;
use crate::coach::Coach;
use crate::error::{Error, Origin};
use crate::escalation::EscalationPolicy;
use crate::finding::Severity;
use crate::lang::Lang;
use crate::transcript::TranscriptOptions;

/// The contents of `tactful.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Languages whose packs apply. Default: every language the packs define.
    pub languages: Option<Vec<Lang>>,
    /// The failure threshold of the command-line tools. Default: `warning`.
    pub fail_on: Option<Severity>,
    /// Rule ids to turn off.
    pub disable: Vec<String>,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Extra phrases: rule id → language code (or `any`) → phrases (the pack phrase syntax).
    pub phrases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Phrases never flagged (product names that look like jargon or profanity).
    pub allow: Vec<String>,
    /// Extra pack files, relative to the configuration file.
    pub packs: Vec<String>,
    /// Live template-variable syntaxes as `"open close"` pairs. Default: `{{ }}`, `{% %}`.
    pub template_syntaxes: Option<Vec<String>>,
    /// Whether every macro is a whole reply (then greeting and thanks are checked). Default: false.
    pub whole_replies: bool,
    /// Options for conversations.
    pub transcripts: TranscriptSection,
    /// Escalation thresholds.
    pub escalation: Option<EscalationPolicy>,
    /// Where this configuration was read from, and the line of each setting (for errors).
    #[serde(skip)]
    source: Lines,
}

/// The path of a configuration and the lines its settings were written on.
#[derive(Debug, Clone, PartialEq, Default)]
struct Lines {
    path: String,
    /// `"languages"`, `"disable:<id>"`, `"severity:<id>"`, `"phrases:<id>:<lang>"`,
    /// `"allow"`, `"packs:<path>"` → 1-based line.
    at: BTreeMap<String, usize>,
}

/// `[transcripts]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct TranscriptSection {
    /// Longest acceptable wait for an agent reply, in seconds. Default: 60.
    pub reply_limit_secs: Option<f64>,
    /// Agent turns searched for closing thanks. Default: 2.
    pub closing_turns: Option<usize>,
}

/// The settings whose lines errors name, read a second time with their spans.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Spans {
    languages: Option<Spanned<Vec<toml::Value>>>,
    disable: Vec<Spanned<String>>,
    severity: BTreeMap<Spanned<String>, toml::Value>,
    phrases: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, toml::Value>>,
    allow: Option<Spanned<Vec<toml::Value>>>,
    packs: Vec<Spanned<String>>,
}

fn config_error(path: &str, text: &str, offset: usize, message: String) -> Error {
    let lc = crate::span::line_col(text, offset);
    Error::Config {
        path: path.to_string(),
        line: lc.line,
        column: lc.column,
        message,
    }
}

impl Config {
    /// Parses `tactful.toml`; `path` is where it was read from: errors name it, and the pack
    /// files it lists are relative to it.
    pub fn parse(path: &str, text: &str) -> Result<Config, Error> {
        let toml_err = |e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start);
            config_error(path, text, offset, e.message().trim().to_string())
        };
        let mut config: Config = toml::from_str(text).map_err(toml_err)?;
        let spans: Spans = toml::from_str(text).map_err(toml_err)?;
        let line = |offset: usize| crate::span::line_col(text, offset).line;
        let mut at = BTreeMap::new();
        if let Some(l) = &spans.languages {
            at.insert("languages".to_string(), line(l.span().start));
        }
        for d in &spans.disable {
            at.insert(format!("disable:{}", d.get_ref()), line(d.span().start));
        }
        for k in spans.severity.keys() {
            at.insert(format!("severity:{}", k.get_ref()), line(k.span().start));
        }
        for (rule, langs) in &spans.phrases {
            for lang in langs.keys() {
                at.insert(
                    format!("phrases:{}:{}", rule.get_ref(), lang.get_ref()),
                    line(lang.span().start),
                );
            }
        }
        if let Some(a) = &spans.allow {
            at.insert("allow".to_string(), line(a.span().start));
        }
        for p in &spans.packs {
            at.insert(format!("packs:{}", p.get_ref()), line(p.span().start));
        }
        for (i, s) in config.template_syntaxes.iter().flatten().enumerate() {
            if s.split_whitespace().count() != 2 {
                let offset = text.find(s.as_str()).unwrap_or(0);
                return Err(config_error(path, text, offset, format!("template_syntaxes[{i}] `{s}` must be an opening and a closing delimiter separated by a space, like \"{{{{ }}}}\"")));
            }
        }
        for (rule, langs) in &config.phrases {
            for lang in langs.keys() {
                if lang != "any" && Lang::new(lang).is_err() {
                    let offset = text.find(lang.as_str()).unwrap_or(0);
                    return Err(config_error(
                        path,
                        text,
                        offset,
                        format!("[phrases.{rule}]: `{lang}` is not a language code (or `any`)"),
                    ));
                }
            }
        }
        config.source = Lines {
            path: path.to_string(),
            at,
        };
        Ok(config)
    }

    /// Where a setting was written.
    fn origin(&self, key: &str) -> Origin {
        Origin::Config {
            path: if self.source.path.is_empty() {
                "tactful.toml".into()
            } else {
                self.source.path.clone()
            },
            line: self.source.at.get(key).copied().unwrap_or(1),
        }
    }

    /// The template-variable delimiters, as `(open, close)` pairs.
    pub fn template_delimiters(&self) -> Vec<(String, String)> {
        let list: Vec<String> = self
            .template_syntaxes
            .clone()
            .unwrap_or_else(|| vec!["{{ }}".into(), "{% %}".into()]);
        list.iter()
            .filter_map(|s| {
                let mut it = s.split_whitespace();
                Some((it.next()?.to_string(), it.next()?.to_string()))
            })
            .collect()
    }

    /// Transcript options from `[transcripts]`.
    pub fn transcript_options(&self) -> TranscriptOptions {
        let d = TranscriptOptions::default();
        TranscriptOptions {
            lang: None,
            reply_limit_secs: self
                .transcripts
                .reply_limit_secs
                .unwrap_or(d.reply_limit_secs),
            closing_turns: self.transcripts.closing_turns.unwrap_or(d.closing_turns),
            ..d
        }
    }

    /// The pack files `packs` names, resolved against the configuration's folder.
    pub fn pack_paths(&self) -> Vec<PathBuf> {
        let dir = Path::new(&self.source.path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.packs.iter().map(|p| dir.join(p)).collect()
    }

    /// Applies everything but `packs` to a builder: languages, disabled rules, severities,
    /// escalation thresholds, and `phrases` and `allow` as packs of their own. Unknown rule ids
    /// are reported by [`CoachBuilder::build`], with this file's name and line.
    pub fn apply(&self, builder: CoachBuilder) -> Result<CoachBuilder, Error> {
        let mut builder = builder.configured(
            self.languages
                .clone()
                .map(|l| (l, self.origin("languages"))),
            self.disable
                .iter()
                .map(|id| (id.clone(), self.origin(&format!("disable:{id}"))))
                .collect(),
            self.severity
                .iter()
                .map(|(id, s)| (id.clone(), *s, self.origin(&format!("severity:{id}"))))
                .collect(),
        );
        if let Some(p) = &self.escalation {
            builder = builder.escalation_policy(p.clone());
        }
        if self.template_syntaxes.is_some() {
            builder = builder.template_syntaxes(self.template_delimiters());
        }
        for (rule, langs) in &self.phrases {
            for (lang, phrases) in langs {
                let list = phrases
                    .iter()
                    .map(|p| toml_string(p))
                    .collect::<Vec<_>>()
                    .join(", ");
                let text =
                    format!("[pack]\nlang = \"{lang}\"\n[rules.{rule}]\nphrases = [{list}]\n");
                let origin = self.origin(&format!("phrases:{rule}:{lang}"));
                builder =
                    builder.add_configured_pack(format!("[phrases.{rule}] {lang}"), text, origin);
            }
        }
        if !self.allow.is_empty() {
            let list = self
                .allow
                .iter()
                .map(|a| toml_string(&a.to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ");
            let text = format!("[pack]\nlang = \"any\"\n[context]\ninnocent = [{list}]\n");
            builder = builder.add_configured_pack("allow".into(), text, self.origin("allow"));
        }
        Ok(builder)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Coach {
    /// A coach configured by `tactful.toml`. A configuration that names pack files needs
    /// [`Coach::from_config_with`], which is given the function that reads them.
    pub fn from_config(config: &Config) -> Result<Coach, Error> {
        if let Some(p) = config.packs.first() {
            return Err(Error::PackFile {
                path: p.clone(),
                origin: config.origin(&format!("packs:{p}")),
                reason: "the configuration names pack files: build the coach with Coach::from_config_with, giving it the function that reads them".into(),
            });
        }
        config.apply(CoachBuilder::default())?.build()
    }

    /// A coach configured by `tactful.toml`, with the pack files it names read by `read` (paths
    /// are relative to the configuration file). The library itself does no I/O: pass
    /// `|p| std::fs::read_to_string(p)`.
    ///
    /// ```no_run
    /// use tactful::{Coach, Config};
    ///
    /// let text = std::fs::read_to_string("tactful.toml")?;
    /// let config = Config::parse("tactful.toml", &text)?;
    /// let coach = Coach::from_config_with(&config, |p| std::fs::read_to_string(p))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_config_with<F>(config: &Config, mut read: F) -> Result<Coach, Error>
    where
        F: FnMut(&Path) -> std::io::Result<String>,
    {
        let mut builder = config.apply(CoachBuilder::default())?;
        for (path, written) in config.pack_paths().into_iter().zip(&config.packs) {
            let text = read(&path).map_err(|e| Error::PackFile {
                path: path.display().to_string(),
                origin: config.origin(&format!("packs:{written}")),
                reason: e.to_string(),
            })?;
            builder = builder.add_pack(path.display().to_string(), text);
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_file_and_line() {
        let e = Config::parse(
            "tactful.toml",
            "languages = [\"en\"]\nfial_on = \"error\"\n",
        )
        .expect_err("typo");
        assert!(
            matches!(&e, Error::Config { path, line: 2, message, .. } if path == "tactful.toml" && message.contains("fial_on")),
            "{e}"
        );
    }

    #[test]
    fn config_shapes_the_coach() {
        let c = Config::parse(
            "t",
            "languages = [\"en\"]\ndisable = [\"dont-know\"]\nallow = [\"ETA Pro\"]\n[severity]\njargon = \"error\"\n[phrases.jargon]\nen = [\"sku\"]\n",
        )
        .expect("parses");
        let coach = Coach::from_config(&c).expect("builds");
        let r = coach.review_draft("I don't know the SKU. ETA Pro is our app; the ETA is Monday.");
        let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["jargon", "jargon"], "{r:?}");
        assert_eq!(r.findings[0].severity, Severity::Error);
        let bad = Config::parse("t", "disable = [\"nope\"]\n").expect("parses");
        assert!(matches!(
            Coach::from_config(&bad),
            Err(Error::UnknownRule { .. })
        ));
    }

    #[test]
    fn unknown_ids_name_the_config_line_and_the_likely_id() {
        let c = Config::parse(
            "acme/tactful.toml",
            "languages = [\"en\"]\n\ndisable = [\"jargn\"]\n",
        )
        .expect("parses");
        let e = Coach::from_config(&c).expect_err("typo");
        assert_eq!(
            e.to_string(),
            "configuration `acme/tactful.toml`, line 3: unknown rule id `jargn` (did you mean `jargon`?)"
        );
        let c = Config::parse("t.toml", "[phrases.jargn]\nen = [\"sku\"]\n").expect("parses");
        let e = Coach::from_config(&c).expect_err("typo");
        assert!(
            matches!(&e, Error::UnknownRule { origin: Origin::Config { line: 2, .. }, did_you_mean: Some(d), .. } if d == "jargon"),
            "{e}"
        );
    }

    #[test]
    fn packs_named_by_the_config_are_read_with_the_given_reader() {
        let c = Config::parse(
            "conf/tactful.toml",
            "languages = [\"en\"]\npacks = [\"acme.toml\"]\ndisable = [\"acme-rule\"]\n",
        )
        .expect("parses");
        assert!(matches!(
            Coach::from_config(&c),
            Err(Error::PackFile { .. })
        ));
        let pack = "[pack]\nlang = \"en\"\n[rules.acme-rule]\ncategory = \"jargon\"\nrole = \"agent\"\nwhy = \"x\"\nphrases = [\"widget pro\"]\n";
        let mut asked = Vec::new();
        let coach = Coach::from_config_with(&c, |p| {
            asked.push(p.to_path_buf());
            Ok(pack.to_string())
        })
        .expect("builds");
        assert_eq!(asked, [Path::new("conf").join("acme.toml")]);
        assert!(coach
            .rules()
            .iter()
            .any(|r| r.id == "acme-rule" && !r.enabled));
        let e =
            Coach::from_config_with(&c, |_| Err(std::io::Error::other("gone"))).expect_err("io");
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
