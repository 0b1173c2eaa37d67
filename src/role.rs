//! Who wrote a message.

kebab_enum! {
    /// Who wrote a message.
    pub enum Role {
        /// The support agent: reviewed for discouraged wording.
        Agent = "agent",
        /// The customer: reviewed for escalation signals.
        Customer = "customer",
    }
}

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The role labels of plain-text transcripts (`Agent:`, `Nhân viên:`, `ลูกค้า:` …), gathered
/// from the `[transcript]` sections of a coach's packs: label (lower case) → role, `None` for
/// system or bot lines. Get a coach's labels with `Coach::role_labels`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoleLabels(BTreeMap<String, Option<Role>>);

impl RoleLabels {
    /// No labels.
    pub fn new() -> Self {
        RoleLabels::default()
    }

    /// Adds a label (compared case-insensitively) for `role` (`None`: system or bot lines).
    pub fn insert(&mut self, label: &str, role: Option<Role>) {
        self.0.insert(label.trim().to_lowercase(), role);
    }

    /// The role of `label`: `Some(Some(role))`, `Some(None)` for a system label, `None` when the
    /// label is unknown.
    pub fn get(&self, label: &str) -> Option<Option<Role>> {
        self.0.get(label.trim().to_lowercase().as_str()).copied()
    }

    /// Whether no label is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every label with its role, sorted by label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<Role>)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }
}
