//! Normalization with an exact map back to the original text.
//!
//! Every view reads the original text once, character by character, and emits normalized
//! characters tagged with the byte range of the original character they came from, so a match in
//! the normalized stream maps back to a span of the original without any offset table.
//!
//! * [`stream::MATCH`]: the loosest view, where all phrases are matched in one automaton pass.
//! * [`stream::STRICT`]: the exact reading used to verify ordinary phrases.
//! * [`stream::SKELETON`]: the obfuscation-tolerant reading used to verify profanity.

pub(crate) mod chars;
pub(crate) mod stream;
pub(crate) mod units;
