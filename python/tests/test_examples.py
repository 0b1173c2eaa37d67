"""The examples run and say what the library says."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pyarrow as pa

from conftest import SAMPLES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_pandas_example_runs_on_the_english_sample(tmp_path):
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "pandas_example.py")], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert "messages in" in out.stdout and "dont-know" in out.stdout
    assert "+ " in out.stdout  # at least one safe rewrite shown


def test_spark_example_writes_one_parquet_row_per_finding(spark, coach, tmp_path):
    spec = importlib.util.spec_from_file_location("spark_example", EXAMPLES / "spark_example.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    inputs = [SAMPLES / "en.jsonl", SAMPLES / "vi-chat.jsonl"]
    written = example.write_findings(spark, [str(p) for p in inputs], str(tmp_path / "found.parquet"))
    got = {(r["conversation"], r["turn"], r["rule"], r["start"], r["end"]) for r in written.collect()}
    assert "text" not in written.columns and {"conversation", "turn", "role", "lang"} <= set(written.columns)

    expected = set()
    for path in inputs:
        for t in coach.read_transcripts(path.read_text(encoding="utf-8"), "jsonl"):
            msgs = t["messages"]
            table = coach.review_arrow(pa.array([m["text"] for m in msgs]), pa.array([m["role"] for m in msgs]), t["lang"])
            expected |= {(t["id"], r["row"], r["rule"], r["start"], r["end"]) for r in table.to_pylist()}
    assert got == expected and len(got) > 10
