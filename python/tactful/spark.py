"""tactful on Spark: review a DataFrame of messages on every executor.

``review(df, text="text", role="role", lang=None)`` returns a DataFrame with one row per finding or
signal, keeping every column of the message it came from, so that per-agent or per-queue
statistics are one ``groupBy`` away::

    import tactful.spark
    found = tactful.spark.review(turns, text="text", role="role", lang="lang")
    found.groupBy("agent_id", "rule").count().show()

How it works: ``DataFrame.mapInArrow`` hands each Python worker the messages as Arrow record
batches; ``Coach.review_arrow`` reviews a whole batch on the worker's cores without copying the
text and returns one row per finding or signal with the index of its input row; the input
columns are gathered for those rows with ``RecordBatch.take``. The coach is built once per Python
worker process (and per settings) and kept in this module, so every batch and every task that
worker runs afterwards reuses it (Spark reuses its Python workers unless
``spark.python.worker.reuse`` is off).

Rows whose text or role is null, whose role is ``system`` or ``bot``, or where nothing was found
produce no output row. A null language is detected. An unknown role or language fails the task
with the ``ValueError`` of ``review_arrow``, naming the row within its batch.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Dict, Iterable, Iterator, Optional, Sequence, Tuple

from . import ARROW_COLUMNS, Coach

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

__all__ = ["RESULT_COLUMNS", "review", "review_batches", "review_record_batch", "coach_for"]

#: The columns ``review`` adds to the input's: ``review_arrow``'s, without its ``row`` index.
RESULT_COLUMNS: Tuple[str, ...] = tuple(c for c in ARROW_COLUMNS if c != "row")

#: Result columns holding integers (UTF-8 byte offsets); the others are strings.
_INTEGER_COLUMNS = ("start", "end")

_Key = Tuple[Optional[Tuple[str, ...]], Optional[str]]

_lock = threading.Lock()
_coaches: Dict[_Key, Coach] = {}

#: How many coaches this process has built (one per distinct settings; read by the tests to
#: check that workers do not rebuild the coach per batch).
builds = 0


def coach_for(languages: Optional[Sequence[str]] = None, config: Optional[str] = None) -> Coach:
    """The coach for these settings, built on first use in this process and kept.

    Building compiles the rule packs (about half a second for all five languages), so a Spark
    worker must not do it per batch: this cache lives as long as the worker process.
    """
    global builds
    key: _Key = (tuple(languages) if languages is not None else None, config)
    with _lock:
        coach = _coaches.get(key)
        if coach is None:
            coach = Coach(languages=list(languages) if languages is not None else None, config=config)
            _coaches[key] = coach
            builds += 1
        return coach


def review_record_batch(
    coach: Coach,
    batch: "pyarrow.RecordBatch",
    text: str = "text",
    role: str = "role",
    lang: Optional[str] = None,
) -> "pyarrow.RecordBatch":
    """One record batch of messages in, one record batch of findings and signals out.

    The output has every column of ``batch`` (the row each result came from) followed by
    ``RESULT_COLUMNS``. This is what ``review`` runs on each Spark batch; it is usable on its own
    with any Arrow data.
    """
    import pyarrow as pa

    found = coach.review_arrow(
        batch.column(text),
        batch.column(role),
        batch.column(lang) if lang is not None else None,
    )
    kept = batch.take(found.column("row").combine_chunks())
    arrays = list(kept.columns) + [found.column(c).combine_chunks() for c in RESULT_COLUMNS]
    return pa.RecordBatch.from_arrays(arrays, names=list(kept.schema.names) + list(RESULT_COLUMNS))


def review_batches(
    batches: Iterable["pyarrow.RecordBatch"],
    text: str = "text",
    role: str = "role",
    lang: Optional[str] = None,
    languages: Optional[Sequence[str]] = None,
    config: Optional[str] = None,
) -> Iterator["pyarrow.RecordBatch"]:
    """``review_record_batch`` over an iterator of batches with the cached coach: the function
    ``review`` gives ``mapInArrow``. Batches where nothing was found yield nothing."""
    coach = coach_for(languages, config)
    for batch in batches:
        out = review_record_batch(coach, batch, text, role, lang)
        if out.num_rows:
            yield out


def review(
    df: "DataFrame",
    text: str = "text",
    role: str = "role",
    lang: Optional[str] = None,
    *,
    languages: Optional[Sequence[str]] = None,
    config: Optional[str] = None,
) -> "DataFrame":
    """Reviews every message of ``df``; one output row per finding or signal.

    ``text``, ``role`` and ``lang`` name string columns of ``df`` (``lang`` may be omitted: the
    language of each message is then detected). ``languages`` and ``config`` (the path of a
    ``tactful.toml``, which must be readable on every executor) configure the coach as for
    ``tactful.Coach``. The result has every column of ``df`` followed by ``kind``, ``rule``,
    ``category``, ``severity``, ``start``, ``end``, ``matched``, ``message``, ``suggestion`` and
    ``level`` (see ``Coach.review_arrow``); ``df`` must not already have columns of those names.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    fields = {f.name: f for f in df.schema.fields}
    for arg, name in (("text", text), ("role", role), ("lang", lang)):
        if name is None:
            continue
        if name not in fields:
            raise ValueError(f"{arg}: the DataFrame has no column `{name}` (columns: {', '.join(df.columns)})")
        if not isinstance(fields[name].dataType, StringType):
            raise TypeError(f"{arg}: column `{name}` holds {fields[name].dataType.simpleString()}, not strings")
    clashes = [c for c in RESULT_COLUMNS if c in fields]
    if clashes:
        raise ValueError(
            f"the DataFrame already has column(s) {', '.join(clashes)}, which the review adds; "
            "rename them first (DataFrame.withColumnRenamed)"
        )
    schema = StructType(
        list(df.schema.fields)
        + [
            StructField(c, LongType() if c in _INTEGER_COLUMNS else StringType(), True)
            for c in RESULT_COLUMNS
        ]
    )
    languages = list(languages) if languages is not None else None
    config = os.fspath(config) if config is not None else None

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        return review_batches(batches, text, role, lang, languages, config)

    return df.mapInArrow(run, schema)
