//! `[register]`: the agent's voice as data. A *dimension* (how the customer is addressed, which
//! particle ends the agent's sentences, whether they soften with dạ/ạ) has variants; each
//! variant has *cues* (words that show the agent uses it) and *fills* for the slots suggestions
//! write as `{slot}`. Suggestions are templates: `"Để {i} kiểm tra giúp {you}{a}"`.

use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

use super::phrases::Source;
use super::raw::RawDimension;
use super::Phrase;
use crate::error::Error;

/// One variant of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variant {
    pub name: String,
    pub cues: Vec<Phrase>,
    pub exact_case: bool,
    pub fill: BTreeMap<String, String>,
}

/// One dimension of the agent's register.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dimension {
    pub name: String,
    pub default: BTreeMap<String, String>,
    pub safe_default: bool,
    pub variants: Vec<Variant>,
}

pub(crate) fn dimensions(
    src: &Source<'_>,
    raw: &BTreeMap<Spanned<String>, RawDimension>,
) -> Result<Vec<Dimension>, Error> {
    let mut out = Vec::new();
    let mut slots_seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, d) in raw {
        let at = name.span().start;
        let name = name.get_ref();
        let slots: BTreeSet<&String> = d.default.keys().collect();
        if slots.is_empty() {
            return Err(src.err_at(
                at,
                format!("register `{name}`: `default` fills at least one slot"),
            ));
        }
        for s in &slots {
            if !is_slot_name(s) {
                return Err(src.err_at(
                    at,
                    format!("register `{name}`: slot `{s}` is not a name (letters, digits, `_`)"),
                ));
            }
            if let Some(other) = slots_seen.insert((*s).clone(), name.clone()) {
                return Err(src.err_at(
                    at,
                    format!("slot `{s}` is filled by both `{other}` and `{name}`"),
                ));
            }
        }
        let mut variants = Vec::new();
        for v in &d.variants {
            let vat = v.span().start;
            let v = v.get_ref();
            let filled: BTreeSet<&String> = v.fill.keys().collect();
            if filled != slots {
                return Err(src.err_at(
                    vat,
                    format!(
                        "register `{name}`, variant `{}`: fill the same slots as `default` ({})",
                        v.name,
                        slots
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if v.cues.is_empty() {
                return Err(src.err_at(
                    vat,
                    format!("register `{name}`, variant `{}` has no cues", v.name),
                ));
            }
            variants.push(Variant {
                name: v.name.clone(),
                cues: src.phrases(&format!("register.{name}"), &v.cues, true)?,
                exact_case: v.exact_case,
                fill: v.fill.clone(),
            });
        }
        out.push(Dimension {
            name: name.clone(),
            default: d.default.clone(),
            safe_default: d.safe_default.unwrap_or(true),
            variants,
        });
    }
    Ok(out)
}

fn is_slot_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The `{slot}` names a template uses, in order; `Err` with the first malformed brace.
pub(crate) fn slots_of(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else {
            return Err("`{` without `}`".into());
        };
        let name = &after[..j];
        if !is_slot_name(name) {
            return Err(format!("`{{{name}}}` is not a slot (letters, digits, `_`)"));
        }
        out.push(name);
        rest = &after[j + 1..];
    }
    Ok(out)
}

/// Checks that every slot a pack's template uses is defined by one of its dimensions.
pub(crate) fn check_template(
    src: &Source<'_>,
    line: usize,
    owner: &str,
    template: &str,
    dims: &[Dimension],
) -> Result<(), Error> {
    let err = |reason: String| Error::Phrase {
        pack: src.name.to_string(),
        line,
        rule: owner.to_string(),
        phrase: template.to_string(),
        reason,
    };
    for slot in slots_of(template).map_err(err)? {
        if !dims.iter().any(|d| d.default.contains_key(slot)) {
            return Err(err(format!(
                "slot `{{{slot}}}` is not filled by any `[register.*]` of this pack"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots() {
        assert_eq!(
            slots_of("Để {i} kiểm tra giúp {you}{a}"),
            Ok(vec!["i", "you", "a"])
        );
        assert_eq!(slots_of("no slots"), Ok(vec![]));
        assert!(slots_of("a {b").is_err());
        assert!(slots_of("a {b c}").is_err());
    }
}
