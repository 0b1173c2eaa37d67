//! What a coach read from the built-in tables leaves out: languages not chosen and rules turned
//! off. The tables hold every pack and rule; a review drops what the left-out ones raise, which
//! gives the results of an engine compiled without them (`tests/precompiled.rs`).

use super::entry::Entry;
use super::tables::{Engine, PackRt};
use crate::lang::Lang;
use crate::role::{Role, RoleLabels};
use crate::rules::{Rule, Trigger};

/// The rule of `role` that reads messages mostly in capitals.
pub(crate) fn capitals_of(r: &Rule, role: Role) -> bool {
    r.trigger == Trigger::Capitals && r.role == role
}

/// The rule of `role` raised by template variables sent unrendered.
pub(crate) fn unrendered_of(r: &Rule, role: Role) -> bool {
    r.unrendered_templates && r.role == role
}

impl Engine<'_> {
    /// Turns rules off in a compiled engine: a review then drops what they raise, which gives
    /// the results of an engine compiled without them.
    pub(crate) fn turn_off(&mut self, disabled: Vec<bool>) {
        self.turned_off = disabled.iter().any(|d| *d);
        self.disabled = disabled;
        for role in [Role::Agent, Role::Customer] {
            let capitals = self
                .book
                .first_enabled(&self.disabled, |r| capitals_of(r, role));
            let unrendered = self
                .book
                .first_enabled(&self.disabled, |r| unrendered_of(r, role));
            let rm = match role {
                Role::Agent => &mut self.agent,
                Role::Customer => &mut self.customer,
            };
            rm.capitals = capitals;
            rm.unrendered = unrendered;
        }
    }

    /// Whether pack `pi`'s language was left out (see [`Engine::left_out`]).
    pub(crate) fn is_left_out(&self, pi: u16) -> bool {
        self.left_out.get(usize::from(pi)).copied().unwrap_or(false)
    }

    /// The packs whose language was not left out, with their index.
    pub(crate) fn kept_packs(&self) -> impl Iterator<Item = (u16, &PackRt)> + '_ {
        (0u16..)
            .zip(&self.packs)
            .filter(|(i, _)| !self.is_left_out(*i))
    }

    /// Entry `eid`, unless its pack's language was left out (or the entry is damaged: see
    /// [`Engine::entry_ok`]).
    #[inline]
    pub(crate) fn entry(&self, eid: u32) -> Option<Entry> {
        self.entries
            .get(eid as usize)
            .filter(|e| !self.is_left_out(e.pack) && self.entry_ok(e))
    }

    /// Leaves every language but `keep` out of a compiled engine: a review then drops what the
    /// other packs raise, and detection, labels, aliases and summaries are those of an engine
    /// compiled from `keep`'s packs alone.
    pub(crate) fn keep_languages(&mut self, keep: &[Lang]) {
        let detector = self.detector.restrict(keep);
        self.left_out = self
            .packs
            .iter()
            .map(|p| p.lang.is_some_and(|l| !keep.contains(&l)))
            .collect();
        for p in &mut self.packs {
            p.slot = p.lang.and_then(|l| detector.slot(l));
        }
        self.detector = detector;
        self.fallback_pack = self.fallback_pack.filter(|f| !self.is_left_out(*f));
        self.aliases.retain(|(_, l)| keep.contains(l));
        let mut labels = RoleLabels::new();
        for (_, p) in self.kept_packs() {
            for (label, role) in p.labels.iter() {
                labels.insert(label, role);
            }
        }
        self.labels = labels;
        let summaries = std::mem::take(&mut self.summaries);
        self.summaries = (0u16..)
            .zip(summaries)
            .filter(|(i, _)| !self.is_left_out(*i))
            .map(|(_, s)| s)
            .collect();
    }
}
