"""The batch call: the same results as one message at a time, in every input shape, and clear
errors (never a crash) for nulls, empty strings and values that are not strings."""

from __future__ import annotations

import threading

import pyarrow as pa
import pytest

import tactful

TEXTS = [
    "I don't know. According to our policy, refunds take 30 days.",
    "This is f*cking useless, I will sue you.",
    "Thanks for waiting!",
    "Dạ, tôi không biết ạ.",
    "Успокойтесь, это не моя работа.",
    "Hello [CUSTOMER NAME], your ETA is Friday.",
    "ขอคุยกับหัวหน้าหน่อย ไม่งั้นจะฟ้อง",
]
ROLES = ["agent", "customer", "agent", "agent", "agent", "agent", "customer"]


def rows_from_reviews(coach, texts, roles, langs=None):
    """What review_arrow must return, built from the per-message API."""
    out = []
    for i, (text, role) in enumerate(zip(texts, roles)):
        lang = langs[i] if langs is not None else None
        if text is None or role is None:
            continue
        r = coach.review(text, role=role, lang=lang)
        for f in r.findings:
            out.append(
                {"row": i, "kind": "finding", "rule": f.rule, "category": f.category, "severity": f.severity,
                 "start": f.start, "end": f.end, "matched": f.matched, "message": f.message,
                 "suggestion": f.suggestion, "level": r.level}
            )
        for s in r.signals:
            out.append(
                {"row": i, "kind": "signal", "rule": s.rule, "category": s.kind, "severity": None,
                 "start": s.start, "end": s.end, "matched": s.matched, "message": s.action,
                 "suggestion": None, "level": r.level}
            )
    return out


def test_batch_agrees_with_one_message_at_a_time(coach):
    table = coach.review_arrow(pa.array(TEXTS), pa.array(ROLES))
    assert table.column_names == list(tactful.ARROW_COLUMNS)
    assert table.to_pylist() == rows_from_reviews(coach, TEXTS, ROLES)
    assert {r["rule"] for r in table.to_pylist()} >= {"dont-know", "policy-talk", "legal-threat", "calm-down"}


def test_schema_types(coach):
    schema = coach.review_arrow(pa.array(TEXTS), pa.array(ROLES)).schema
    assert schema.field("row").type == pa.int64() and not schema.field("row").nullable
    assert schema.field("start").type == pa.int64() and schema.field("end").type == pa.int64()
    assert schema.field("rule").type == pa.string()
    assert schema.field("severity").nullable and schema.field("suggestion").nullable


def test_spans_are_utf8_byte_offsets(coach):
    for row in coach.review_arrow(TEXTS, ROLES).to_pylist():
        assert TEXTS[row["row"]].encode()[row["start"]:row["end"]].decode() == row["matched"]


@pytest.mark.parametrize(
    "make",
    [
        lambda xs: pa.array(xs, type=pa.large_string()),
        lambda xs: pa.array(xs, type=pa.string_view()),
        lambda xs: pa.chunked_array([pa.array(xs[:2]), pa.array([], pa.string()), pa.array(xs[2:])]),
        lambda xs: pa.array(xs).dictionary_encode(),
        lambda xs: list(xs),
        lambda xs: tuple(xs),
    ],
    ids=["large_string", "string_view", "chunked", "dictionary", "list", "tuple"],
)
def test_every_string_layout_gives_the_same_table(coach, make):
    expected = coach.review_arrow(pa.array(TEXTS), pa.array(ROLES))
    assert coach.review_arrow(make(TEXTS), make(ROLES)).equals(expected)


def test_chunk_boundaries_of_the_columns_need_not_match(coach):
    texts = pa.chunked_array([pa.array(TEXTS[:3]), pa.array(TEXTS[3:])])
    roles = pa.chunked_array([pa.array(ROLES[:1]), pa.array(ROLES[1:5]), pa.array(ROLES[5:])])
    assert coach.review_arrow(texts, roles).equals(coach.review_arrow(TEXTS, ROLES))


def test_pandas_series_and_table_columns(coach):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": TEXTS, "role": ROLES})
    expected = coach.review_arrow(TEXTS, ROLES)
    assert coach.review_arrow(df["text"], df["role"]).equals(expected)
    assert coach.review_arrow(df["text"], df["role"].astype("category")).equals(expected)
    table = pa.Table.from_pandas(df)
    assert coach.review_arrow(table["text"], table["role"]).equals(expected)


def test_constant_role_and_language(coach):
    agents = [t for t, r in zip(TEXTS, ROLES) if r == "agent"]
    t = coach.review_arrow(agents, "agent", "en")
    assert t.to_pylist() == rows_from_reviews(coach, agents, ["agent"] * len(agents), ["en"] * len(agents))


def test_languages_per_row_force_the_pack(coach):
    texts = ["Dạ, tôi không biết ạ.", "Dạ, tôi không biết ạ.", "I don't know"]
    langs = pa.array(["vi", None, "en"])
    got = coach.review_arrow(texts, "agent", langs).to_pylist()
    assert got == rows_from_reviews(coach, texts, ["agent"] * 3, ["vi", None, "en"])
    # An English coach with Vietnamese forced: the row is fine, the pack is simply absent.
    with pytest.raises(ValueError, match="row 0: unknown language `vi`"):
        tactful.Coach(languages=["en"]).review_arrow(texts, "agent", langs)


def test_nulls_empty_strings_and_system_rows_give_no_row(coach):
    texts = [None, "", "I don't know", "I don't know", "I don't know", None]
    roles = ["agent", "agent", None, "system", "agent", None]
    rows = coach.review_arrow(pa.array(texts), pa.array(roles)).column("row").to_pylist()
    assert rows == [4]
    all_null = coach.review_arrow(pa.array([None, None]), "agent")  # pyarrow's `null` type
    assert all_null.num_rows == 0 and all_null.column_names == list(tactful.ARROW_COLUMNS)


def test_empty_input_gives_an_empty_table(coach):
    t = coach.review_arrow(pa.array([], pa.string()), pa.array([], pa.string()))
    assert t.num_rows == 0 and t.schema == coach.review_arrow(TEXTS, ROLES).schema


def test_sliced_arrays_keep_their_own_row_numbers(coach):
    texts = pa.array(TEXTS).slice(1, 3)
    roles = pa.array(ROLES).slice(1, 3)
    assert coach.review_arrow(texts, roles).to_pylist() == rows_from_reviews(coach, TEXTS[1:4], ROLES[1:4])


@pytest.mark.parametrize(
    "texts, roles, langs, error, match",
    [
        (pa.array([1, 2]), "agent", None, TypeError, "texts must be strings, got an Arrow array of Int64"),
        (["a", 1], "agent", None, TypeError, "texts cannot be read as an Arrow array of strings"),
        ("just one text", "agent", None, TypeError, "texts must be an array of strings"),
        (None, "agent", None, TypeError, "texts must be an array of strings"),
        (pa.array([b"x"]), "agent", None, TypeError, "texts must be strings, got an Arrow array of Binary"),
        (["a", "b"], pa.array([1, 2]), None, TypeError, "roles must be strings"),
        (["a", "b"], ["agent", "boss"], None, ValueError, "row 1: unknown role `boss`"),
        (["a", None], ["agent", "boss"], None, ValueError, "row 1: unknown role `boss`"),
        (["a", "b"], "boss", None, ValueError, "roles: unknown role `boss`"),
        (["a", "b"], "agent", ["en", "xx"], ValueError, "row 1: unknown language `xx`"),
        (["a", "b"], "agent", "xx", ValueError, "langs: unknown language `xx`"),
        (["a", "b"], ["agent"], None, ValueError, "roles has 1 rows but texts has 2"),
        (["a", "b"], "agent", ["en"] * 3, ValueError, "langs has 3 rows but texts has 2"),
    ],
)
def test_bad_input_is_a_clear_error(coach, texts, roles, langs, error, match):
    with pytest.raises(error, match=match):
        coach.review_arrow(texts, roles, langs)


def test_the_first_bad_row_is_reported_in_a_large_batch(coach):
    n = 5000
    roles = ["agent"] * n
    roles[3210] = "boss"
    roles[4999] = "nope"
    with pytest.raises(ValueError, match="^row 3210: "):
        coach.review_arrow(["I don't know"] * n, roles)


def test_many_rows_in_parallel_keep_input_order(coach):
    texts = TEXTS * 700  # about 5,000 rows: several parallel blocks
    roles = ROLES * 700
    table = coach.review_arrow(texts, roles)
    rows = table.column("row").to_pylist()
    assert rows == sorted(rows)
    assert table.to_pylist() == rows_from_reviews(coach, texts, roles)


def test_the_gil_is_released_while_rust_works(coach):
    texts = pa.array(TEXTS * 20_000)  # 140,000 messages: a good fraction of a second
    roles = pa.array(ROLES * 20_000)
    ticks = 0
    running = threading.Event()
    done = threading.Event()

    def count():
        nonlocal ticks
        running.set()
        while not done.is_set():
            ticks += 1

    t = threading.Thread(target=count)
    t.start()
    running.wait()
    try:
        before = ticks
        coach.review_arrow(texts, roles)
        during = ticks - before
    finally:
        done.set()
        t.join()
    # With the GIL held for the whole call the counting thread could not run at all.
    assert during > 10_000
