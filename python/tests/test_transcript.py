"""Whole conversations, and the library's transcript readers."""

from __future__ import annotations

import pytest


CONVERSATION = [
    ("customer", "My parcel never arrived!!!"),
    ("agent", "It should be there by now."),
    ("customer", "This is useless, get me your manager."),
]


def test_pairs_and_dicts_give_the_same_review(coach):
    from_pairs = coach.review_transcript(CONVERSATION)
    from_dicts = coach.review_transcript([{"role": r, "text": t} for r, t in CONVERSATION])
    assert from_pairs == from_dicts
    assert [c.rule for c in from_pairs.conversation] == ["missing-greeting", "missing-empathy", "missing-thanks"]
    assert from_pairs.level == "escalate"
    assert from_pairs.levels == [(2, "escalate")]
    assert [(s.turn, s.kind) for s in from_pairs.signals] == [(2, "supervisor-request")]
    assert from_pairs.lang == "en"


def test_a_contract_object_is_accepted(coach):
    obj = {"id": "x", "lang": "en", "messages": [{"role": r, "text": t} for r, t in CONVERSATION]}
    assert coach.review_transcript(obj) == coach.review_transcript(CONVERSATION, lang="en")


def test_turn_findings_name_their_turn(coach):
    review = coach.review_transcript([("customer", "Where is it?"), ("agent", "I don't know.")])
    assert [(f.rule, f.turn, f.matched) for f in review.findings] == [("dont-know", 1, "I don't know")]


def test_system_messages_are_kept_but_not_coached(coach):
    review = coach.review_transcript(
        [{"role": "system", "text": "I don't know"}, {"role": None, "text": "x"}, ("agent", "I don't know")]
    )
    assert [f.turn for f in review.findings] == [2]


def test_timestamps_drive_slow_reply(coach):
    slow = coach.review_transcript(
        [
            {"role": "customer", "text": "Hello?", "ts": "2024-06-01T10:00:00Z"},
            {"role": "agent", "text": "Hello! Thanks for waiting.", "ts": 1717236300.0},
        ]
    )
    assert "slow-reply" in [c.rule for c in slow.conversation]


@pytest.mark.parametrize(
    "messages, error, match",
    [
        ([("boss", "hi")], ValueError, r"messages\[0\]: unknown role `boss`"),
        ([("agent", 5)], TypeError, r"messages\[0\]: text must be a str, got int"),
        ([42], TypeError, r"messages\[0\]: expected a .* got int"),
        ([{"role": "agent"}], ValueError, r"messages\[0\]: no `text`"),
        ([{"role": "agent", "text": "x", "ts": "yesterday"}], ValueError, "not a timestamp"),
        ({"lang": "en"}, ValueError, "needs a `messages` list"),
        ("agent: hi", TypeError, "not a str"),
    ],
)
def test_malformed_messages_are_clear_errors(coach, messages, error, match):
    with pytest.raises(error, match=match):
        coach.review_transcript(messages)


def test_readers_return_transcripts_and_errors_in_order(coach):
    text = '{"id": "a", "lang": "en", "messages": [{"role": "agent", "text": "hi"}]}\nnot json\n{"id": "b", "messages": []}\n'
    items = coach.read_transcripts(text, "jsonl")
    assert [i.get("id") for i in items] == ["a", None, "b"]
    assert items[0]["messages"] == [{"role": "agent", "text": "hi", "ts": None}]
    assert items[1]["line"] == 2 and "error" in items[1]
    plain = coach.read_transcripts("[10:02] Customer: hi\n[10:03] Agent: hello\n", "text")
    assert [m["role"] for m in plain[0]["messages"]] == ["customer", "agent"]
    with pytest.raises(ValueError, match="unknown Format"):
        coach.read_transcripts("", "xml")
