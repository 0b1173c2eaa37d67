//! Any text, either role, any forced language: no panic, spans on character boundaries that
//! cover the reported text, fixes that apply.
#![no_main]

use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;
use tactful::{Coach, Lang, Role};

static COACH: Lazy<Coach> = Lazy::new(Coach::default);

fuzz_target!(|data: &[u8]| {
    let Some((&opts, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let role = if opts & 1 == 0 { Role::Agent } else { Role::Customer };
    let review = match (opts >> 1) % 6 {
        0 => COACH.review(role, &text),
        n => COACH.review_in(role, &text, Lang::BUILTIN[usize::from(n - 1)]),
    };
    for (span, t) in review.findings.iter().map(|f| (f.span, &f.text)).chain(review.signals.iter().map(|s| (s.span, &s.text))) {
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert_eq!(&text[span.range()], t.as_str());
    }
    let _ = review.apply_fixes(&text);
});
