//! The rule book: every rule a coach knows, each defined once. Built-in definitions come from
//! `rules.toml`; user packs may add rules of their own. Pack loading and compilation both read
//! the same book.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use super::marker::Marker;
use super::rule::{Rule, RuleParts, Trigger};
use crate::error::{closest, Error, Origin};
use crate::finding::{Applicability, Category, Check, Severity};
use crate::role::Role;
use crate::signal::SignalKind;

/// The language-independent definitions of the built-in rules.
const BUILTIN_RULES: &str = include_str!("../packs/rules.toml");

/// The index of a rule in its book.
pub(crate) type RuleIdx = u16;

/// Every rule a coach knows, in definition order.
#[derive(Debug, Clone, Default, serde::Serialize, Deserialize)]
pub(crate) struct RuleBook {
    rules: Vec<Rule>,
    /// Where each rule was defined (`rules.toml` or the pack's name).
    defined_in: Vec<String>,
    index: HashMap<String, RuleIdx>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    rules: BTreeMap<String, RawDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDef {
    category: Option<Category>,
    signal: Option<SignalKind>,
    check: Option<Check>,
    role: Role,
    severity: Option<Severity>,
    fix: Option<Applicability>,
    why: String,
    action: Option<String>,
    #[serde(default)]
    obfuscation: bool,
    #[serde(default)]
    negatable: bool,
    #[serde(default)]
    cross_language: bool,
    #[serde(default)]
    trigger: Trigger,
    excused_by: Option<Marker>,
    #[serde(default)]
    unrendered_templates: bool,
    #[serde(default)]
    unless_quoted: bool,
    #[serde(default)]
    unless_reported: bool,
}

impl RuleBook {
    /// The built-in rules.
    pub(crate) fn builtin() -> Result<RuleBook, Error> {
        let raw: RawBook = toml::from_str(BUILTIN_RULES).map_err(|e| {
            let lc = e
                .span()
                .map(|s| crate::span::line_col(BUILTIN_RULES, s.start));
            Error::Pack {
                pack: "rules.toml".into(),
                line: lc.map_or(1, |l| l.line),
                column: lc.map_or(1, |l| l.column),
                message: e.message().trim().to_string(),
            }
        })?;
        let mut book = RuleBook::default();
        for (id, d) in raw.rules {
            let parts = RuleParts {
                category: d.category,
                signal: d.signal,
                check: d.check,
                role: Some(d.role),
                severity: d.severity,
                fix: d.fix,
                why: Some(d.why),
                action: d.action,
                obfuscation: d.obfuscation,
                negatable: d.negatable,
                cross_language: d.cross_language,
                trigger: d.trigger,
                excused_by: d.excused_by,
                unrendered_templates: d.unrendered_templates,
                unless_quoted: d.unless_quoted,
                unless_reported: d.unless_reported,
            };
            let rule = Rule::from_parts(&id, parts).map_err(|m| Error::Pack {
                pack: "rules.toml".into(),
                line: 1,
                column: 1,
                message: format!("rule `{id}`: {m}"),
            })?;
            book.add(rule, "rules.toml")?;
        }
        Ok(book)
    }

    /// Adds a rule defined by `source`; the same definition twice is fine, a different one is
    /// an error.
    pub(crate) fn add(&mut self, rule: Rule, source: &str) -> Result<RuleIdx, Error> {
        if let Some(&i) = self.index.get(rule.id.as_str()) {
            if self.rules[usize::from(i)] != rule {
                return Err(Error::RuleRedefined {
                    rule: rule.id.to_string(),
                    first: self.defined_in[usize::from(i)].clone(),
                    second: source.to_string(),
                });
            }
            return Ok(i);
        }
        let i = RuleIdx::try_from(self.rules.len()).map_err(|_| Error::TooLarge {
            what: "rule book".into(),
            reason: "more than 65,535 rules".into(),
        })?;
        self.index.insert(rule.id.to_string(), i);
        self.rules.push(rule);
        self.defined_in.push(source.to_string());
        Ok(i)
    }

    /// Changes the severity of a rule (configuration).
    pub(crate) fn set_severity(&mut self, i: RuleIdx, severity: crate::finding::Severity) {
        if let Some(r) = self.rules.get_mut(usize::from(i)) {
            r.severity = severity;
        }
    }

    /// The rule with this id.
    pub(crate) fn find(&self, id: &str) -> Option<RuleIdx> {
        self.index.get(id).copied()
    }

    /// The rule at `i`.
    pub(crate) fn get(&self, i: RuleIdx) -> &Rule {
        &self.rules[usize::from(i)]
    }

    /// Every rule with its index.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (RuleIdx, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .map(|(i, r)| (i as RuleIdx, r))
    }

    /// How many rules the book holds.
    /// The first rule `wanted` that `disabled` leaves on (one rule per role reads capitals,
    /// one reads unrendered templates).
    pub(crate) fn first_enabled(
        &self,
        disabled: &[bool],
        wanted: impl Fn(&Rule) -> bool,
    ) -> Option<RuleIdx> {
        self.iter()
            .find(|(i, r)| wanted(r) && !disabled.get(usize::from(*i)).copied().unwrap_or(true))
            .map(|(i, _)| i)
    }

    pub(crate) fn len(&self) -> usize {
        self.rules.len()
    }

    /// The rule with this id, or an error that says where the unknown id was written and
    /// which known id it is probably a typo of.
    pub(crate) fn resolve(
        &self,
        id: &str,
        origin: impl FnOnce() -> Origin,
    ) -> Result<RuleIdx, Error> {
        self.find(id).ok_or_else(|| Error::UnknownRule {
            id: id.to_string(),
            origin: origin(),
            did_you_mean: closest(id, self.rules.iter().map(|r| r.id.as_str())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule::RuleKind;

    #[test]
    fn builtin_rules_load_once_with_their_kinds() {
        let book = RuleBook::builtin().expect("rules.toml");
        let shouting = book.get(book.find("shouting").expect("shouting"));
        assert_eq!(shouting.trigger, Trigger::Capitals);
        let hold = book.get(book.find("hold-without-permission").expect("hold"));
        assert_eq!(hold.excused_by, Some(Marker::Permission));
        let greet = book.get(book.find("missing-greeting").expect("greeting"));
        assert_eq!(greet.kind, RuleKind::Check(Check::MissingGreeting));
        let e = book
            .resolve("dont-knw", || Origin::Builder {
                call: "disable_rule".into(),
            })
            .expect_err("typo");
        assert!(e.to_string().contains("did you mean `dont-know`"), "{e}");
    }
}
