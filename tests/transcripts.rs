//! Whole conversations: conversation-level checks in every language, escalation over time, the
//! streaming monitor's equivalence with reviewing the whole transcript, and readers.

use once_cell::sync::Lazy;
use proptest::prelude::*;
use tactful::transcript::read::{read_plain, Item};
use tactful::{Coach, EscalationLevel, Lang, Message, Role, Transcript, TranscriptOptions};

static COACH: Lazy<Coach> = Lazy::new(Coach::default);

fn conv(pairs: &[(Role, &str)]) -> Transcript {
    Transcript::from_pairs(pairs.iter().copied())
}

fn checks(t: &Transcript) -> Vec<String> {
    COACH
        .review_transcript(t)
        .conversation
        .iter()
        .map(|c| c.rule.to_string())
        .collect()
}

use Role::{Agent as A, Customer as C};

/// Per language: (greeting, thanks, apology, neutral agent reply, upset customer, happy customer).
fn phrases(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => [
            "Hi Anna, thanks for reaching out!",
            "Thank you for contacting us, have a great day!",
            "I'm so sorry about that, I understand how frustrating it is.",
            "Your order ships on Monday.",
            "This is ridiculous, I'm furious!",
            "Perfect, that helps.",
        ],
        Lang::Vi => [
            "Chào anh, em có thể giúp gì cho anh ạ?",
            "Cảm ơn anh đã liên hệ, chúc anh một ngày tốt lành!",
            "Em xin lỗi anh vì sự bất tiện này, em hiểu anh đang rất bực mình.",
            "Đơn hàng sẽ được giao vào thứ Hai.",
            "Thật là quá đáng, tôi rất bực mình!",
            "Ok cảm ơn em, vậy là ổn rồi.",
        ],
        Lang::Th => [
            "สวัสดีค่ะ ยินดีให้บริการค่ะ",
            "ขอบคุณที่ติดต่อเรานะคะ",
            "ต้องขออภัยเป็นอย่างสูงค่ะ ดิฉันเข้าใจความรู้สึกของคุณลูกค้าค่ะ",
            "พัสดุจะจัดส่งในวันจันทร์ค่ะ",
            "แย่มาก โมโหมากเลย รอมาสองอาทิตย์แล้ว!",
            "โอเคครับ เรียบร้อยดีครับ",
        ],
        Lang::Ru => [
            "Здравствуйте, Анна! Чем могу помочь?",
            "Спасибо за обращение, хорошего дня!",
            "Приносим извинения, я понимаю, как это неприятно.",
            "Заказ будет отправлен в понедельник.",
            "Это возмутительно, я в бешенстве!",
            "Отлично, спасибо, всё решилось.",
        ],
        Lang::Ms => [
            "Selamat pagi encik, ada apa yang boleh saya bantu?",
            "Terima kasih kerana menghubungi kami!",
            "Saya mohon maaf atas kesulitan ini, saya faham encik kecewa.",
            "Pesanan akan dihantar pada hari Isnin.",
            "Teruk betul servis ni, saya sangat marah!",
            "Ok bagus, dah selesai, terima kasih.",
        ],
        _ => unreachable!(),
    }
}

#[test]
fn conversation_checks_in_every_language() {
    let mut failures = Vec::new();
    for lang in Lang::BUILTIN {
        let [greet, thanks, sorry, neutral, upset, happy] = phrases(lang);
        let expect =
            |name: &str, t: Transcript, rule: &str, present: bool, failures: &mut Vec<String>| {
                let got = checks(&t);
                if got.iter().any(|r| r == rule) != present {
                    failures.push(format!(
                        "{lang} {name}: expected `{rule}` {}, got {got:?}",
                        if present { "present" } else { "absent" }
                    ));
                }
            };
        expect(
            "good conversation",
            conv(&[(C, neutral), (A, greet), (C, happy), (A, thanks)]),
            "missing-greeting",
            false,
            &mut failures,
        );
        expect(
            "no greeting",
            conv(&[(C, neutral), (A, neutral), (A, thanks)]),
            "missing-greeting",
            true,
            &mut failures,
        );
        expect(
            "thanks at the end",
            conv(&[(A, greet), (C, neutral), (A, thanks)]),
            "missing-thanks",
            false,
            &mut failures,
        );
        expect(
            "no thanks",
            conv(&[(A, greet), (C, neutral), (A, neutral)]),
            "missing-thanks",
            true,
            &mut failures,
        );
        expect(
            "apology after complaint",
            conv(&[(A, greet), (C, upset), (A, sorry), (C, happy), (A, thanks)]),
            "missing-empathy",
            false,
            &mut failures,
        );
        expect(
            "no apology after complaint",
            conv(&[
                (A, greet),
                (C, upset),
                (A, neutral),
                (C, happy),
                (A, thanks),
            ]),
            "missing-empathy",
            true,
            &mut failures,
        );
        expect(
            "happy ending",
            conv(&[(A, greet), (C, upset), (A, sorry), (C, happy), (A, thanks)]),
            "ended-unhappy",
            false,
            &mut failures,
        );
        expect(
            "unhappy ending",
            conv(&[
                (A, greet),
                (C, neutral),
                (A, neutral),
                (C, upset),
                (A, thanks),
            ]),
            "ended-unhappy",
            true,
            &mut failures,
        );
        let t = conv(&[(C, neutral), (A, neutral)]);
        let r = COACH.review_transcript(&t);
        if let Some(c) = r.conversation.iter().find(|c| c.rule == "missing-greeting") {
            let english = "The first agent reply does not greet the customer.";
            if r.lang == Some(lang) && lang != Lang::En && &*c.message == english {
                failures.push(format!(
                    "{lang}: the missing-greeting message is not localized: {}",
                    c.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn slow_replies_need_timestamps() {
    let mut t = conv(&[
        (C, "Hi, my order is late"),
        (A, "Hi! Let me check, thanks for waiting."),
        (C, "ok"),
        (A, "Thanks, it ships today!"),
    ]);
    assert!(
        !checks(&t).contains(&"slow-reply".to_string()),
        "no timestamps, no timing rule"
    );
    for (m, ts) in t.messages.iter_mut().zip([0.0, 30.0, 40.0, 400.0]) {
        m.timestamp = Some(ts);
    }
    let r = COACH.review_transcript(&t);
    let slow: Vec<_> = r
        .conversation
        .iter()
        .filter(|c| c.rule == "slow-reply")
        .collect();
    assert_eq!(slow.len(), 1);
    assert_eq!(slow[0].about_turn, Some(3));
    let relaxed = COACH.review_transcript_with(
        &t,
        &TranscriptOptions {
            reply_limit_secs: 600.0,
            ..TranscriptOptions::default()
        },
    );
    assert!(relaxed.conversation.iter().all(|c| c.rule != "slow-reply"));
}

#[test]
fn permission_asked_in_an_earlier_turn_counts() {
    let asked = conv(&[
        (A, "Hi! May I put you on hold for a moment?"),
        (C, "Sure."),
        (A, "Thanks, I'm putting you on hold now."),
    ]);
    assert!(COACH
        .review_transcript(&asked)
        .findings
        .iter()
        .all(|f| f.finding.rule != "hold-without-permission"));
    let not_asked = conv(&[
        (A, "Hi!"),
        (C, "My order is late."),
        (A, "I'm putting you on hold now."),
    ]);
    assert!(COACH
        .review_transcript(&not_asked)
        .findings
        .iter()
        .any(|f| f.finding.rule == "hold-without-permission"));
}

#[test]
fn escalation_only_rises_and_is_recorded_per_turn() {
    let t = conv(&[
        (C, "This is shit."),
        (A, "I'm sorry about that."),
        (C, "Fine."),
        (C, "Get me your manager, you idiots."),
        (C, "I know where you live."),
        (C, "ok thanks"),
    ]);
    let r = COACH.review_transcript(&t);
    let levels: Vec<(usize, EscalationLevel)> =
        r.levels.iter().map(|l| (l.turn, l.level)).collect();
    assert_eq!(
        levels,
        [
            (0, EscalationLevel::Monitor),
            (3, EscalationLevel::Escalate),
            (4, EscalationLevel::Urgent)
        ]
    );
    assert_eq!(r.level, EscalationLevel::Urgent);
    assert_eq!(r.summary.customer_turns, 5);
    assert!(r.signals.iter().all(|s| t.messages[s.turn].role == Some(C)));
    let churn = COACH.review_transcript(&conv(&[(C, "I'm taking my business elsewhere.")]));
    assert_eq!(churn.level, EscalationLevel::Monitor);
    let angry_churn = COACH.review_transcript(&conv(&[
        (C, "THIS IS UNACCEPTABLE!!!"),
        (C, "I'm taking my business elsewhere."),
    ]));
    assert_eq!(angry_churn.level, EscalationLevel::Escalate);
}

#[test]
fn checks_can_be_disabled() {
    let c = Coach::builder()
        .disable_rule("missing-greeting")
        .build()
        .expect("builds");
    let r = c.review_transcript(&conv(&[(C, "hello"), (A, "Your order ships Monday.")]));
    assert!(r.conversation.iter().all(|x| x.rule != "missing-greeting"));
}

const POOL: &[(Option<Role>, &str)] = &[
    (Some(A), "Hi, thanks for reaching out!"),
    (Some(A), "I don't know. According to our policy, no."),
    (Some(A), "I'm so sorry about this."),
    (Some(A), "I'm putting you on hold."),
    (Some(A), "May I put you on hold for a moment?"),
    (Some(A), "Thank you, have a great day!"),
    (Some(C), "This is ridiculous!!!"),
    (Some(C), "Get me your manager."),
    (Some(C), "f*ck this"),
    (Some(C), "I will sue you."),
    (Some(C), "Perfect, thanks."),
    (Some(C), "Tôi sẽ kiện các người."),
    (Some(C), "Позовите руководителя!"),
    (Some(A), "Chào anh, em xin lỗi ạ."),
    (None, "[bot] Transferring…"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Feeding a monitor turn by turn gives exactly the whole-transcript review, and the updates
    /// add up to it.
    #[test]
    fn streaming_equals_whole_review(picks in prop::collection::vec((0..POOL.len(), 0u32..120), 0..14)) {
        let mut t = Transcript::default();
        let mut clock = 0.0;
        for (i, gap) in picks {
            clock += f64::from(gap);
            let (role, text) = POOL[i];
            t.messages.push(Message { role, text: text.to_string(), timestamp: Some(clock), author: None });
        }
        let whole = COACH.review_transcript(&t);
        let mut m = COACH.monitor();
        let mut streamed_findings = Vec::new();
        let mut streamed_signals = Vec::new();
        let mut level = EscalationLevel::None;
        for msg in &t.messages {
            let u = m.push(msg);
            streamed_findings.extend(u.findings.into_iter().map(|f| (u.turn, f)));
            streamed_signals.extend(u.signals.into_iter().map(|s| (u.turn, s)));
            if let Some((before, after)) = u.level_change {
                prop_assert_eq!(before, level);
                prop_assert!(after > before);
                level = after;
            }
        }
        let finished = m.finish();
        prop_assert_eq!(&finished, &whole);
        prop_assert_eq!(level, whole.level);
        let wf: Vec<_> = whole.findings.iter().map(|f| (f.turn, f.finding.clone())).collect();
        prop_assert_eq!(streamed_findings, wf);
        let ws: Vec<_> = whole.signals.iter().map(|s| (s.turn, s.signal.clone())).collect();
        prop_assert_eq!(streamed_signals, ws);
    }
}

#[test]
fn plain_text_transcripts_review_end_to_end() {
    let src = "[10:00] Customer: Hi, my parcel never arrived!!!\n[10:05] Agent: I don't know where it is.\nIt might be lost.\n[10:06] Customer: this is shit, I will sue you\n";
    let items = read_plain(src, COACH.role_labels());
    let Some(Item::Transcript { transcript, .. }) = items.first() else {
        panic!("{items:?}")
    };
    let r = COACH.review_transcript(transcript);
    assert_eq!(
        transcript.messages[1].text,
        "I don't know where it is.\nIt might be lost."
    );
    let rules: Vec<&str> = r.conversation.iter().map(|c| c.rule.as_str()).collect();
    assert!(rules.contains(&"slow-reply"), "{rules:?}");
    assert!(rules.contains(&"missing-empathy"), "{rules:?}");
    assert!(rules.contains(&"missing-greeting"), "{rules:?}");
    assert_eq!(r.level, EscalationLevel::Escalate);
}

/// The batch API gives the same results as one by one, in input order, whatever the thread count.
#[test]
fn batch_results_do_not_depend_on_threads() {
    let mut transcripts = Vec::new();
    for (i, (role, text)) in POOL.iter().enumerate() {
        let mut t = Transcript {
            id: Some(i.to_string()),
            ..Transcript::default()
        };
        for (j, (r2, t2)) in POOL.iter().enumerate().skip(i).take(5) {
            t.messages.push(Message {
                role: *r2,
                text: t2.to_string(),
                timestamp: Some(j as f64 * 30.0),
                author: None,
            });
        }
        t.messages.push(Message {
            role: *role,
            text: text.to_string(),
            timestamp: None,
            author: None,
        });
        transcripts.push(t);
    }
    let one_by_one: Vec<_> = transcripts
        .iter()
        .map(|t| COACH.review_transcript(t))
        .collect();
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let batch =
            pool.install(|| COACH.review_transcripts(&transcripts, &TranscriptOptions::default()));
        assert_eq!(batch, one_by_one, "{threads} threads");
    }
}
