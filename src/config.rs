//! `tactful.toml`: one configuration file shared by an application and its CI.
//!
//! ```toml
//! languages = ["en", "vi"]          # default: all five
//! fail_on = "warning"               # the examples' failure threshold
//! disable = ["jargon"]              # rules to turn off
//! allow = ["ETA Pro", "RMA Cloud"]  # product names that look like jargon: never flagged
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
//! The library reads the text (no file access); unknown keys and unknown rule ids are errors that
//! name the key and its line. Pack files listed in `packs` are paths for the caller to read and
//! hand to [`crate::CoachBuilder::add_pack`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::coach::CoachBuilder;
use crate::error::Error;
use crate::escalation::EscalationPolicy;
use crate::lang::Lang;
use crate::transcript::TranscriptOptions;
use crate::types::Severity;

/// The contents of `tactful.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Languages whose packs apply. Default: all.
    pub languages: Option<Vec<Lang>>,
    /// The failure threshold of the command-line tools. Default: `warning`.
    pub fail_on: Option<Severity>,
    /// Rule ids to turn off.
    pub disable: Vec<String>,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Extra phrases: rule id → language code → phrases (the pack phrase syntax).
    pub phrases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Phrases never flagged (product names that look like jargon or profanity).
    pub allow: Vec<String>,
    /// Extra pack files (paths, read by the caller).
    pub packs: Vec<String>,
    /// Live template-variable syntaxes as `"open close"` pairs. Default: `{{ }}`, `{% %}`.
    pub template_syntaxes: Option<Vec<String>>,
    /// Whether every macro is a whole reply (then greeting and thanks are checked). Default: false.
    pub whole_replies: bool,
    /// Options for conversations.
    pub transcripts: TranscriptSection,
    /// Escalation thresholds.
    pub escalation: Option<EscalationPolicy>,
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

impl Config {
    /// Parses `tactful.toml`; `name` (a path) appears in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, Error> {
        let config: Config =
            toml::from_str(text).map_err(|e| crate::pack::toml_error(name, text, &e))?;
        for (i, s) in config.template_syntaxes.iter().flatten().enumerate() {
            if s.split_whitespace().count() != 2 {
                return Err(Error::Pack {
                    pack: name.to_string(),
                    line: 1,
                    column: 1,
                    message: format!("template_syntaxes[{i}] `{s}` must be an opening and a closing delimiter separated by a space, like \"{{{{ }}}}\""),
                });
            }
        }
        Ok(config)
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
        }
    }

    /// The pack text that carries `phrases` and `allow` (one per language).
    fn generated_packs(&self) -> Result<Vec<(String, String)>, Error> {
        let mut by_lang: BTreeMap<String, String> = BTreeMap::new();
        for (rule, langs) in &self.phrases {
            for (lang, phrases) in langs {
                let code = if lang == "any" {
                    "any".to_string()
                } else {
                    lang.parse::<Lang>()
                        .map_err(|e| Error::UnknownRule {
                            id: rule.clone(),
                            context: format!("config [phrases.{rule}]: {e}"),
                        })?
                        .code()
                        .to_string()
                };
                let body = by_lang.entry(code).or_default();
                body.push_str(&format!("[rules.{rule}]\nphrases = ["));
                for p in phrases {
                    body.push_str(&format!("{},", toml_string(p)));
                }
                body.push_str("]\n");
            }
        }
        let mut out: Vec<(String, String)> = by_lang
            .into_iter()
            .map(|(lang, body)| {
                (
                    format!("config:phrases:{lang}"),
                    format!("[pack]\nlang = \"{lang}\"\nname = \"config-{lang}\"\n{body}"),
                )
            })
            .collect();
        if !self.allow.is_empty() {
            let list = self
                .allow
                .iter()
                .map(|a| toml_string(&a.to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(("config:allow".into(), format!("[pack]\nlang = \"any\"\nname = \"config-allow\"\n[context]\ninnocent = [{list}]\n")));
        }
        Ok(out)
    }

    /// Applies everything but `packs` (which the caller reads) to a builder.
    pub fn apply(&self, mut builder: CoachBuilder) -> Result<CoachBuilder, Error> {
        if let Some(langs) = &self.languages {
            builder = builder.languages(langs.iter().copied());
        }
        for id in &self.disable {
            builder = builder.disable_rule(id.clone());
        }
        for (id, sev) in &self.severity {
            builder = builder.severity(id.clone(), *sev);
        }
        if let Some(p) = &self.escalation {
            builder = builder.escalation_policy(p.clone());
        }
        for (name, text) in self.generated_packs()? {
            builder = builder.add_pack(name, text);
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

impl crate::coach::Coach {
    /// A coach configured by `tactful.toml` (its `packs` must be added by the caller with
    /// [`CoachBuilder::add_pack`]; use [`Config::apply`] for that).
    pub fn from_config(config: &Config) -> Result<crate::coach::Coach, Error> {
        config.apply(CoachBuilder::default())?.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_line() {
        let e = Config::parse(
            "tactful.toml",
            "languages = [\"en\"]\nfial_on = \"error\"\n",
        )
        .expect_err("typo");
        assert!(
            matches!(&e, Error::Pack { line: 2, message, .. } if message.contains("fial_on")),
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
        let coach = crate::coach::Coach::from_config(&c).expect("builds");
        let r = coach.review_draft("I don't know the SKU. ETA Pro is our app; the ETA is Monday.");
        let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["jargon", "jargon"], "{r:?}");
        assert_eq!(r.findings[0].severity, Severity::Error);
        let bad = Config::parse("t", "disable = [\"nope\"]\n").expect("parses");
        assert!(matches!(
            crate::coach::Coach::from_config(&bad),
            Err(Error::UnknownRule { .. })
        ));
    }
}
