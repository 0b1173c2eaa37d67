//! Any text as a user rule pack or configuration: an error or a coach, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tactful::{Coach, Config, Lang};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(coach) = Coach::builder().languages([Lang::En]).builtin_packs(false).add_pack("fuzz", text.as_ref()).build() {
        let _ = coach.review_draft("I don't know, fuck this [NAME]");
    }
    let _ = Config::parse("fuzz.toml", &text);
});
