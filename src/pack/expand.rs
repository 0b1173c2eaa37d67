//! Phrase templates: `(a|b|)` alternation, expanded at load time into plain phrases.

/// The most strings one phrase may expand to.
pub(crate) const MAX_EXPANSIONS: usize = 1024;

#[derive(Debug)]
enum Node {
    Text(String),
    Alt(Vec<Vec<Node>>),
}

/// Expands `template` into every phrase it stands for, with whitespace collapsed and trimmed.
pub(crate) fn expand(template: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = template.chars().collect();
    let mut pos = 0;
    let seq = parse_seq(&chars, &mut pos, 0)?;
    if pos != chars.len() {
        return Err("unbalanced `)`".into());
    }
    let mut out = vec![String::new()];
    expand_seq(&seq, &mut out)?;
    let mut result: Vec<String> = Vec::with_capacity(out.len());
    // Most templates expand to a handful of strings: compare those directly, hash the rest
    // (hundreds of thousands of expansions are made at every start-up).
    let mut seen: Option<rustc_hash::FxHashSet<String>> = None;
    for s in out {
        let t = collapse_whitespace(s);
        if t.is_empty() {
            continue;
        }
        let fresh = match &mut seen {
            Some(set) => set.insert(t.clone()),
            None => {
                let fresh = !result.contains(&t);
                if result.len() >= 16 {
                    seen = Some(result.iter().cloned().collect());
                    if let Some(set) = &mut seen {
                        set.insert(t.clone());
                    }
                }
                fresh
            }
        };
        if fresh {
            result.push(t);
        }
    }
    Ok(result)
}

/// `s` with runs of whitespace made one space and the ends trimmed; without a copy when it
/// already is.
fn collapse_whitespace(s: String) -> String {
    let tidy = !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains("  ")
        && !s.chars().any(|c| c.is_whitespace() && c != ' ');
    if tidy {
        return s;
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_seq(chars: &[char], pos: &mut usize, depth: usize) -> Result<Vec<Node>, String> {
    if depth > 8 {
        return Err("groups nested more than 8 deep".into());
    }
    let mut seq = Vec::new();
    let mut text = String::new();
    while *pos < chars.len() {
        match chars[*pos] {
            '(' => {
                if !text.is_empty() {
                    seq.push(Node::Text(std::mem::take(&mut text)));
                }
                *pos += 1;
                let mut alts = vec![parse_seq(chars, pos, depth + 1)?];
                loop {
                    match chars.get(*pos) {
                        Some('|') => {
                            *pos += 1;
                            alts.push(parse_seq(chars, pos, depth + 1)?);
                        }
                        Some(')') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unclosed `(`".into()),
                    }
                }
                seq.push(Node::Alt(alts));
            }
            '|' | ')' => {
                if depth == 0 {
                    return Err(format!("`{}` outside a group", chars[*pos]));
                }
                break;
            }
            c => {
                text.push(c);
                *pos += 1;
            }
        }
    }
    if !text.is_empty() {
        seq.push(Node::Text(text));
    }
    Ok(seq)
}

fn expand_seq(seq: &[Node], out: &mut Vec<String>) -> Result<(), String> {
    for node in seq {
        match node {
            Node::Text(t) => out.iter_mut().for_each(|s| s.push_str(t)),
            Node::Alt(alts) => {
                let mut next = Vec::new();
                for alt in alts {
                    let mut branch = out.clone();
                    expand_seq(alt, &mut branch)?;
                    next.extend(branch);
                    if next.len() > MAX_EXPANSIONS {
                        return Err(format!("expands to more than {MAX_EXPANSIONS} phrases; shorten it, split it, or move its leading words into a head (`HEAD + BODY`)"));
                    }
                }
                *out = next;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternation_and_optional_parts() {
        assert_eq!(
            expand("i (don't|do not) (really |)know").unwrap_or_default(),
            vec![
                "i don't really know",
                "i do not really know",
                "i don't know",
                "i do not know"
            ]
        );
        assert_eq!(
            expand("a (b (c|d)|e)").unwrap_or_default(),
            vec!["a b c", "a b d", "a e"]
        );
    }

    #[test]
    fn errors() {
        assert!(expand("a (b|c").is_err());
        assert!(expand("a b)").is_err());
        assert!(expand("a|b").is_err());
        let big = "(a|b|c|d|e|f|g|h)".repeat(4);
        assert!(expand(&big).is_err());
    }
}
