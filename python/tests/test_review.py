"""One message at a time: findings, signals, spans, fixes, configuration and errors."""

from __future__ import annotations

import pytest

import tactful


def span_text(text: str, start: int, end: int) -> str:
    """The text under a UTF-8 byte span, as the library defines spans."""
    return text.encode("utf-8")[start:end].decode("utf-8")


def test_agent_findings_carry_rule_span_message_and_suggestion(coach):
    text = "Sorry, I don't know. Your ETA is Friday."
    review = coach.review(text)
    assert [(f.rule, f.category, f.severity) for f in review.findings] == [
        ("dont-know", "discouraged-phrase", "warning"),
        ("jargon", "jargon", "info"),
    ]
    for f in review.findings:
        assert span_text(text, f.start, f.end) == f.matched
        assert f.message and f.why and f.turn is None and f.lang == "en"
    assert review.findings[1].suggestion == "expected arrival time"
    assert review.findings[1].fix == "safe"
    assert review.signals == [] and review.level == "none" and not review.is_clean


def test_apply_fixes_applies_only_safe_suggestions(coach):
    assert coach.apply_fixes("Sorry, I don't know. Your ETA is Friday.") == (
        "Sorry, I don't know. Your expected arrival time is Friday."
    )
    assert coach.apply_fixes("Thanks for waiting!") == "Thanks for waiting!"


def test_customer_signals_raise_the_escalation_level(coach):
    text = "This is f*cking useless, I will sue you."
    review = coach.review(text, role="customer")
    assert review.level == "escalate"
    assert {s.kind for s in review.signals} == {"profanity", "legal-threat"}
    for s in review.signals:
        assert span_text(text, s.start, s.end) == s.matched and s.action
    assert review.findings == []


def test_byte_offsets_in_non_ascii_text(coach):
    text = "Dạ, tôi không biết ạ."
    review = coach.review(text, lang="vi")
    assert [f.rule for f in review.findings] == ["dont-know"]
    f = review.findings[0]
    assert span_text(text, f.start, f.end) == f.matched
    assert f.end > len(text[: text.index(f.matched) + len(f.matched)])  # bytes, not characters


def test_roles_and_languages_are_checked(coach):
    assert coach.review("I don't know", role="SYSTEM").is_clean  # accepted, not coached
    with pytest.raises(ValueError, match="role: unknown role `boss`"):
        coach.review("hello", role="boss")
    with pytest.raises(ValueError, match="lang: unknown language `de`"):
        coach.review("hello", lang="de")
    with pytest.raises(TypeError):
        coach.review(42)  # type: ignore[arg-type]


def test_empty_and_huge_texts(coach):
    assert coach.review("").is_clean
    big = "Hello, I don't know. " * 20_000  # 420 kB: reviewed with the GIL released
    assert len(coach.review(big).findings) == 20_000


def test_review_results_compare_and_convert(coach):
    a = coach.review("I don't know")
    assert a == coach.review("I don't know")
    d = a.to_dict()
    assert d["level"] == "none" and d["findings"][0]["rule"] == "dont-know"
    assert "dont-know" in repr(a.findings[0])


def test_languages_limit_the_coach():
    en = tactful.Coach(languages=["en"])
    assert en.languages == ["en"]
    assert en.review("Tôi không biết", lang=None).is_clean
    with pytest.raises(ValueError, match="not a language code"):
        tactful.Coach(languages=["e1"])
    with pytest.raises(tactful.TactfulError, match="unknown language `xx`"):
        tactful.Coach(languages=["xx"])


def test_config_file_shapes_the_coach(tmp_path):
    pack = tmp_path / "acme.toml"
    pack.write_text(
        '[pack]\nlang = "en"\n[rules.acme-competitor]\ncategory = "discouraged-phrase"\nrole = "agent"\n'
        'why = "Never send customers to a competitor."\nmessage = "Don\'t recommend a competitor."\n'
        'phrases = ["try globex"]\n'
    )
    config = tmp_path / "tactful.toml"
    config.write_text('languages = ["en"]\ndisable = ["jargon"]\npacks = ["acme.toml"]\n[severity]\ndont-know = "error"\n')
    coach = tactful.Coach(config=str(config))
    review = coach.review("I don't know, try Globex. ETA Friday.")
    assert [(f.rule, f.severity) for f in review.findings] == [("dont-know", "error"), ("acme-competitor", "warning")]
    assert tactful.Coach(config=config).languages == ["en"]  # a path-like works too


def test_config_errors_carry_the_rust_message(tmp_path):
    config = tmp_path / "tactful.toml"
    config.write_text('languages = ["en"]\n\ndisable = ["jargn"]\n')
    with pytest.raises(tactful.TactfulError) as e:
        tactful.Coach(config=config)
    assert str(e.value) == f"configuration `{config}`, line 3: unknown rule id `jargn` (did you mean `jargon`?)"
    assert isinstance(e.value, ValueError)
    config.write_text('packs = ["missing.toml"]\n')
    with pytest.raises(tactful.TactfulError, match="missing.toml"):
        tactful.Coach(config=config)
    with pytest.raises(FileNotFoundError, match="nowhere.toml"):
        tactful.Coach(config=tmp_path / "nowhere.toml")


def test_detect(coach):
    assert coach.detect("Здравствуйте, мой заказ не пришёл") == "ru"
    assert coach.detect("Hello, I need help with my order") == "en"
