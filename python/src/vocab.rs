//! The words a Python caller passes for roles and languages, read the same way by every entry
//! point (one message, a transcript, a batch), so that they agree on what is accepted.

use tactful::{Coach, Lang, Role};

use crate::error::InputError;

/// The role named by `name`: `Some` for `agent` and `customer`, `None` for `system` and `bot`,
/// which `shared/CONTRACT.md` accepts and leaves uncoached. Case and surrounding spaces are
/// ignored; the comparison allocates nothing, since a batch reads one role per row.
pub fn role(name: &str) -> Result<Option<Role>, InputError> {
    let n = name.trim();
    if n.eq_ignore_ascii_case("agent") {
        Ok(Some(Role::Agent))
    } else if n.eq_ignore_ascii_case("customer") {
        Ok(Some(Role::Customer))
    } else if n.eq_ignore_ascii_case("system") || n.eq_ignore_ascii_case("bot") {
        Ok(None)
    } else {
        Err(InputError::value(format!(
            "unknown role `{name}` (expected `agent` or `customer`; `system` and `bot` are accepted and not coached)"
        )))
    }
}

/// The language `name` names for this coach (a code or one of its packs' aliases, any case).
/// An empty name means "detect it", as a missing one does.
pub fn lang(coach: &Coach, name: &str) -> Result<Option<Lang>, InputError> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    coach.language(name).map(Some).ok_or_else(|| {
        let known: Vec<String> = coach.languages().iter().map(Lang::to_string).collect();
        InputError::value(format!(
            "unknown language `{name}` (this coach reviews {})",
            known.join(", ")
        ))
    })
}

/// Remembers the last language name looked up, so that a batch whose rows share a language
/// resolves it once per block of rows instead of once per row.
pub struct LangCache<'c> {
    coach: &'c Coach,
    last: Option<(String, Option<Lang>)>,
}

impl<'c> LangCache<'c> {
    /// An empty cache for `coach`.
    pub fn new(coach: &'c Coach) -> Self {
        LangCache { coach, last: None }
    }

    /// [`lang`], remembered for the next row.
    pub fn get(&mut self, name: &str) -> Result<Option<Lang>, InputError> {
        if let Some((n, l)) = &self.last {
            if n == name {
                return Ok(*l);
            }
        }
        let l = lang(self.coach, name)?;
        self.last = Some((name.to_string(), l));
        Ok(l)
    }
}

/// Reviews one message: `role` `None` (system, bot) is not coached and gives an empty review.
pub fn review(
    coach: &Coach,
    role: Option<Role>,
    text: &str,
    lang: Option<Lang>,
) -> tactful::Review {
    match (role, lang) {
        (None, _) => tactful::Review::default(),
        (Some(r), Some(l)) => coach.review_in(r, text, l),
        (Some(r), None) => coach.review(r, text),
    }
}
