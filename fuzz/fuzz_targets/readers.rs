//! Every transcript reader on any bytes: no panic; what they read reviews without panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;
use tactful::transcript::read::{self, Format, Item};
use tactful::Coach;

static COACH: Lazy<Coach> = Lazy::new(Coach::default);

fuzz_target!(|data: &[u8]| {
    let _ = read::parse_jsonl_line(data, 1);
    let text = String::from_utf8_lossy(data);
    for f in [Format::Jsonl, Format::Json, Format::Csv, Format::Text] {
        for item in read::read(&text, f) {
            if let Item::Transcript { transcript, .. } = item {
                let _ = COACH.review_transcript(&transcript);
            }
        }
    }
    let _ = tactful::transcript::parse_timestamp(&text);
});
