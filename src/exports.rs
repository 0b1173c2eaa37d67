// The public names, re-exported at the crate root: included by `lib.rs` and by `build.rs`, which
// compiles the same modules and needs the same paths.

pub use builder::CoachBuilder;
pub use coach::{Coach, RuleInfo};
pub use config::{Config, TranscriptSection};
pub use detect::Detection;
pub use error::{Error, Origin, Warning};
pub use escalation::{EscalationPolicy, SignalCounts};
pub use finding::{Applicability, Category, Check, Finding, RuleId, Severity, Suggestion};
pub use lang::{Lang, LangSet, UnknownLang};
pub use normalize::units::Diacritics;
pub use pack::{PackSummary, RuleCoverage};
pub use review::{apply_fixes, Register, Review, ReviewOptions, Templates};
pub use role::{Role, RoleLabels};
pub use rules::Marker;
pub use signal::{EscalationLevel, Signal, SignalKind};
pub use span::{line_col, LineCol, Span};
pub use transcript::{
    ConversationFinding, LevelChange, Message, Monitor, Summary, Transcript, TranscriptOptions,
    TranscriptReview, TurnFinding, TurnSignal, Update,
};
