//! The example language pack `examples/packs/id.toml` (Indonesian), read from its file the way a
//! user adds a language without forking the crate (issue 11, "a language is a pack file"): with
//! `CoachBuilder::add_pack`, through the `packs` of a `tactful.toml`, and left out, with a
//! warning, when the coach's `languages` do not include it. The same checks run on the coach
//! built each way.

use std::path::{Path, PathBuf};

use tactful::transcript::read::{read_plain, Item};
use tactful::{Check, Coach, Config, Lang, Role, SignalKind, Transcript, Warning};

fn pack_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/packs/id.toml")
}

fn pack_text() -> String {
    let path = pack_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn id() -> Lang {
    Lang::new("id").expect("`id` is a language code")
}

/// The rule ids a message raises (findings for agents, signals for customers).
fn raised(coach: &Coach, role: Role, text: &str) -> Vec<String> {
    let r = coach.review(role, text);
    r.findings
        .iter()
        .map(|f| f.rule.to_string())
        .chain(r.signals.iter().map(|s| s.rule.to_string()))
        .collect()
}

/// Indonesian lines and the same request as a Malaysian would write it: each must be detected as
/// its own language by a coach that has both.
const PAIRS: &[(&str, &str)] = &[
    (
        "Halo kak, pesanan saya kok belum sampai ya?",
        "Salam cik, kenapa pesanan saya belum sampai lagi?",
    ),
    (
        "Kak, paket saya udah 5 hari nggak ada update resinya",
        "Parcel saya dah 5 hari takde update tracking",
    ),
    (
        "Barangnya rusak pas sampai, bisa retur nggak?",
        "Barang rosak masa sampai, boleh pulangkan tak?",
    ),
    (
        "Kapan refund saya masuk ke rekening?",
        "Bila bayaran balik saya akan masuk ke akaun bank?",
    ),
    (
        "Aplikasinya error terus, gak bisa login dari kemarin",
        "Aplikasi asyik error, tak boleh login sejak semalam",
    ),
    (
        "Mohon ditunggu sebentar ya kak, saya cek dulu ke bagian terkait.",
        "Sila tunggu sekejap ya cik, saya semak dengan bahagian berkaitan.",
    ),
    (
        "Bisa tolong ganti nomor HP yang terdaftar di akun saya?",
        "Boleh tolong tukar nombor telefon yang didaftarkan dalam akaun saya?",
    ),
    (
        "Kok saldo e-wallet saya berkurang padahal nggak ada transaksi?",
        "Kenapa baki e-wallet saya berkurang padahal takde transaksi?",
    ),
    (
        "Kurir datang pas saya nggak di rumah, terus paketnya dibawa balik.",
        "Kurier datang masa saya takde kat rumah, lepas tu bungkusan dibawa balik.",
    ),
    (
        "Ongkirnya mahal banget, ada promo gratis ongkir nggak?",
        "Caj penghantaran mahal sangat, ada promosi penghantaran percuma tak?",
    ),
    (
        "Pembayaran lewat virtual account gagal terus dari tadi pagi.",
        "Bayaran melalui FPX asyik gagal sejak pagi tadi.",
    ),
    (
        "Terima kasih atas kesabarannya, Bu. Kendalanya sudah kami selesaikan.",
        "Terima kasih atas kesabaran puan, masalah tersebut telah kami selesaikan.",
    ),
    (
        "Wah cepat banget, makasih ya Kak, sangat membantu!",
        "Wah cepatnya, terima kasih banyak, sangat membantu!",
    ),
];

/// A conversation as a plain-text export writes it, with Indonesian role labels: the agent never
/// greets, answers late, quotes policy instead of apologising, and lets an unhappy customer go
/// without a thank-you.
const UNHAPPY: &str = "\
[10:00] Pelanggan: Halo, paket saya udah seminggu belum sampai, kecewa banget.
[10:05] Agen: Pesanan kakak masih di gudang.
[10:06] Sistem: Percakapan dialihkan.
[10:06] Pelanggan: Parah, kok bisa gitu? Nggak becus banget.
[10:06] CS: Sesuai kebijakan kami, pengiriman 7 hari kerja.
[10:07] Pelanggan: Ya udah, saya tidak puas.
[10:07] Agen: Oke.
";

/// The same conversation done well: greeting, apology, help, thanks.
const HAPPY: &str = "\
[10:00] Pelanggan: Halo, paket saya udah seminggu belum sampai, kecewa banget.
[10:00] Agen: Halo kak, selamat siang! Mohon maaf atas ketidaknyamanannya, saya bantu cek dulu ya.
[10:01] Agen: Paketnya sudah di kurir dan sampai besok siang. Terima kasih sudah menunggu, Kak!
[10:01] Pelanggan: Oke sip, makasih banyak kak
";

fn transcript(src: &str, coach: &Coach) -> Transcript {
    match read_plain(src, coach.role_labels()).as_slice() {
        [Item::Transcript { transcript, .. }] => transcript.clone(),
        other => panic!("expected one transcript, read {other:?}"),
    }
}

/// The pack's own Indonesian text of a conversation check, read from the file.
fn pack_conversation_message(check: &str) -> String {
    let pack: toml::Table = toml::from_str(&pack_text()).expect("the pack is TOML");
    pack.get("conversation")
        .and_then(|c| c.get(check))
        .and_then(|c| c.get("message"))
        .and_then(|m| m.as_str())
        .unwrap_or_else(|| panic!("the pack has no `[conversation.{check}] message`"))
        .to_string()
}

/// Everything the Indonesian pack promises, on a coach that has it (`how` names the coach).
fn check_indonesian(coach: &Coach, how: &str) {
    let id = id();
    assert!(coach.warnings().is_empty(), "{how}: {:?}", coach.warnings());
    assert!(
        coach.languages().contains(&id),
        "{how}: {:?}",
        coach.languages()
    );
    for name in ["id", "ID", "ind", "indonesian", " Indonesian "] {
        assert_eq!(coach.language(name), Some(id), "{how}: language({name:?})");
    }
    assert_eq!(coach.language("ms"), Some(Lang::Ms), "{how}");
    let summary = coach
        .pack_summaries()
        .iter()
        .find(|s| s.name == "id")
        .unwrap_or_else(|| panic!("{how}: no pack named `id`"));
    assert!(
        summary.defines_language && summary.lang == Some(id),
        "{how}"
    );
    assert!(
        summary.stopwords >= 60,
        "{how}: {} stop words",
        summary.stopwords
    );

    // dont-know. "Maaf, saya tidak tahu." is word for word Malay too, so detection may give it to
    // Malay (the built-in pack wins ties); the rule fires either way, and in the Indonesian pack's
    // words when the caller says the message is Indonesian.
    let text = "Maaf, saya tidak tahu.";
    assert!(
        raised(coach, Role::Agent, text).contains(&"dont-know".to_string()),
        "{how}: {text}"
    );
    let r = coach.review_in(Role::Agent, text, id);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "dont-know")
        .unwrap_or_else(|| panic!("{how}: review_in(id) {text}: {r:?}"));
    assert_eq!(
        (f.lang, f.text.as_str()),
        (Some(id), "saya tidak tahu"),
        "{how}"
    );
    assert!(
        f.message.starts_with("“Saya tidak tahu”"),
        "{how}: {}",
        f.message
    );
    // Casual Indonesian is detected as Indonesian, and its findings speak Indonesian.
    for (text, matched) in [
        ("Maaf kak, saya nggak tahu.", "saya nggak tahu"),
        ("Wah, gak tau kak.", "gak tau"),
        ("Nggak tahu ya kak, coba tanya kurirnya.", "Nggak tahu"),
        ("Aku juga gak tau deh.", "Aku juga gak tau"),
    ] {
        let r = coach.review(Role::Agent, text);
        assert!(
            r.findings
                .iter()
                .any(|f| f.rule == "dont-know" && f.lang == Some(id) && f.text == matched),
            "{how}: {text}: {r:?}"
        );
    }

    // policy-talk.
    let r = coach.review_draft("Sesuai kebijakan kami, refund 30 hari.");
    assert!(
        r.findings.iter().any(|f| f.rule == "policy-talk"
            && f.lang == Some(id)
            && f.text == "Sesuai kebijakan kami"),
        "{how}: {r:?}"
    );
    for text in [
        "Mohon maaf, menurut peraturan perusahaan barang yang sudah dibuka tidak bisa dikembalikan.",
        "Sesuai ketentuan yang berlaku, ongkir tidak dapat dikembalikan.",
        "Aturannya memang begitu, Kak.",
    ] {
        assert!(
            raised(coach, Role::Agent, text).contains(&"policy-talk".to_string()),
            "{how}: {text}"
        );
    }

    // Customer profanity, including "anjing" where it is a swear word.
    for text in [
        "dasar bangsat kalian",
        "lama banget, anjing!",
        "Anjing! Udah seminggu belum sampai",
        "kalian emang anjing",
        "b4ngsat lo semua",
    ] {
        let r = coach.review(Role::Customer, text);
        assert!(
            r.signals
                .iter()
                .any(|s| s.kind == SignalKind::Profanity && s.lang == Some(id)),
            "{how}: {text}: {r:?}"
        );
    }
    // Other signals.
    for (text, rule) in [
        ("Saya akan menuntut kalian!", "legal-threat"),
        (
            "Kalau nggak direfund, saya bawa ke jalur hukum.",
            "legal-threat",
        ),
        ("Kalian gak punya otak ya?", "insult"),
    ] {
        assert!(
            raised(coach, Role::Customer, text).contains(&rule.to_string()),
            "{how}: {text}"
        );
    }

    // Hard negatives: exceptions, customers as the subject, the literal dog, negated threats.
    for (role, text) in [
        (
            Role::Agent,
            "Saya tidak tahu harus mulai dari mana, tapi saya cek dulu ya",
        ),
        (
            Role::Agent,
            "Saya tidak tahu, akan saya tanyakan ke tim gudang.",
        ),
        (
            Role::Agent,
            "Kalau kakak nggak tahu nomor resinya, bisa dilihat di email.",
        ),
        (
            Role::Agent,
            "Entah kenapa paketnya tertahan di gudang, saya cek dulu ya.",
        ),
        (
            Role::Agent,
            "Kebijakan pengembalian bisa kakak baca di halaman ini ya.",
        ),
        (Role::Customer, "makanan anjing saya belum sampai"),
        (Role::Customer, "Anjing saya alergi sama produk ini"),
        (Role::Customer, "Makanan anjing lo udah dikirim belum?"),
        (Role::Customer, "Pasir buat tai kucing masih ada stok?"),
        (Role::Customer, "Mau santai aja di pantai, tiketnya gimana?"),
        (
            Role::Customer,
            "Saya tidak akan menuntut kalian, saya cuma mau barangnya.",
        ),
        (
            Role::Customer,
            "HP saya dicuri, saya sudah lapor ke polisi.",
        ),
    ] {
        let r = coach.review(role, text);
        assert!(r.is_clean(), "{how}: {text}: {r:?}");
    }

    // Detection: Indonesian lines are Indonesian, their Malay counterparts stay Malay.
    for (ind, msa) in PAIRS {
        assert_eq!(coach.detect(ind).primary, Some(id), "{how}: {ind}");
        assert_eq!(coach.detect(msa).primary, Some(Lang::Ms), "{how}: {msa}");
    }

    // Plain-text transcripts with Indonesian role labels.
    let t = transcript(UNHAPPY, coach);
    let roles: Vec<Option<Role>> = t.messages.iter().map(|m| m.role).collect();
    use Role::{Agent as A, Customer as C};
    assert_eq!(
        roles,
        [Some(C), Some(A), None, Some(C), Some(A), Some(C), Some(A)],
        "{how}"
    );
    assert_eq!(
        t.messages[1].text, "Pesanan kakak masih di gudang.",
        "{how}"
    );
    assert_eq!(
        t.messages[1].timestamp,
        Some(10.0 * 3600.0 + 300.0),
        "{how}"
    );

    // A whole conversation: every conversation-level check, in Indonesian.
    let review = coach.review_transcript(&t);
    assert_eq!(review.lang, Some(id), "{how}");
    // (missing-empathy is reported for each unanswered complaint: twice here)
    let mut checks: Vec<Check> = review.conversation.iter().map(|c| c.category).collect();
    checks.sort_by_key(|c| c.as_str());
    checks.dedup();
    let mut want = vec![
        Check::EndedUnhappy,
        Check::MissingEmpathy,
        Check::MissingGreeting,
        Check::MissingThanks,
        Check::SlowReply,
    ];
    want.sort_by_key(|c| c.as_str());
    assert_eq!(checks, want, "{how}: {:#?}", review.conversation);
    for c in &review.conversation {
        assert_eq!(
            &*c.message,
            pack_conversation_message(c.category.as_str()),
            "{how}"
        );
        assert!(c.suggestion.is_some(), "{how}: {c:?}");
    }
    assert!(
        review
            .findings
            .iter()
            .any(|f| f.turn == 4 && f.finding.rule == "policy-talk"),
        "{how}: {:?}",
        review.findings
    );
    let good = coach.review_transcript(&transcript(HAPPY, coach));
    assert_eq!(good.lang, Some(id), "{how}");
    assert!(
        good.conversation.is_empty() && good.findings.is_empty(),
        "{how}: {good:#?}"
    );
}

/// Adding Indonesian must not take Malay away: the Malay detection fixture stays Malay (the same
/// bar as `tests/detect.rs`: 98% of the messages of 20 characters or more, and Malay plausible
/// for every message).
fn check_malay_kept(coach: &Coach) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ms/detect.txt");
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut long, mut right) = (0usize, 0usize);
    let mut misses = Vec::new();
    for text in src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let d = coach.detect(text);
        assert!(
            d.plausible.contains(Lang::Ms),
            "Malay not plausible: {text}"
        );
        if text.chars().count() >= 20 {
            long += 1;
            if d.primary == Some(Lang::Ms) {
                right += 1;
            } else {
                misses.push(format!("{:?}: {text}", d.primary));
            }
        }
    }
    assert!(long >= 40, "only {long} long Malay lines");
    assert!(
        right * 100 >= long * 98,
        "{right}/{long} Malay lines detected as Malay:\n{}",
        misses.join("\n")
    );
}

#[test]
fn a_language_added_with_add_pack() {
    let coach = Coach::builder()
        .add_pack("id", pack_text())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    check_indonesian(&coach, "add_pack");
    check_malay_kept(&coach);
}

#[test]
fn a_language_named_by_tactful_toml() {
    let dir = std::env::temp_dir().join(format!("tactful-language-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::copy(pack_path(), dir.join("id.toml")).expect("copy the pack");
    let config_path = dir.join("tactful.toml");
    std::fs::write(&config_path, "packs = [\"id.toml\"]\n").expect("write tactful.toml");
    let text = std::fs::read_to_string(&config_path).expect("read tactful.toml");
    let config =
        Config::parse(&config_path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
    let coach = Coach::from_config_with(&config, |p| std::fs::read_to_string(p));
    std::fs::remove_dir_all(&dir).ok();
    let coach = coach.unwrap_or_else(|e| panic!("{e}"));
    check_indonesian(&coach, "tactful.toml");
}

#[test]
fn a_language_left_out_is_ignored_with_a_warning() {
    let coach = Coach::builder()
        .languages([Lang::En])
        .add_pack("id", pack_text())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        coach.warnings(),
        [Warning::PackIgnored {
            pack: "id".into(),
            lang: "id".into(),
        }]
    );
    assert_eq!(coach.languages(), [Lang::En]);
    assert_eq!(coach.language("indonesian"), None);
    assert_ne!(
        coach
            .detect("Kak, paket saya udah 5 hari nggak ada update resinya")
            .primary,
        Some(id())
    );
    assert!(raised(&coach, Role::Agent, "Wah, gak tau kak.").is_empty());
    assert!(raised(&coach, Role::Customer, "dasar bangsat kalian").is_empty());
}
