"""Shared fixtures: one coach per test session, the repository's samples, the Rust
`lint_transcripts` example as the reference, the en-support corpus, and a local Spark session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict, List

import pytest

import tactful

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "examples" / "samples"
CORPUS = Path(os.environ.get("TACTFUL_CORPUS", REPO.parent / "shared" / "corpora" / "en-support" / "transcripts.jsonl"))

#: Rules whose finding on a turn the transcript review drops when an earlier agent turn asked
#: permission (a hold or transfer the customer agreed to): the only difference allowed between
#: reviewing turns one by one and reviewing the whole conversation.
EXCUSABLE = {"hold-without-permission", "transfer-without-permission"}

#: Input format of each sample file, by extension (as lint_transcripts chooses it).
FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".txt": "text"}


@pytest.fixture(scope="session")
def coach() -> tactful.Coach:
    return tactful.Coach()


@pytest.fixture(scope="session")
def sample_files() -> List[Path]:
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in FORMATS)
    assert files, f"no samples in {SAMPLES}"
    return files


@pytest.fixture(scope="session")
def lint_transcripts() -> Callable[[Path], List[Dict]]:
    """Runs the Rust example `lint_transcripts --format jsonl` on one file and returns its output
    lines. Built by cargo on first use (`cargo test --release` in CI has built it already)."""
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not on PATH: cannot run the lint_transcripts example for comparison")
    cache: Dict[Path, List[Dict]] = {}

    def run(path: Path) -> List[Dict]:
        if path not in cache:
            out = subprocess.run(
                [cargo, "run", "--release", "--quiet", "--example", "lint_transcripts", "--", "--format", "jsonl", str(path)],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            # 0: nothing at or above the threshold, 1: findings; 2 is a usage or input error.
            assert out.returncode in (0, 1), out.stderr
            cache[path] = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        return cache[path]

    return run


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_file():
        pytest.skip(f"the en-support corpus is not at {CORPUS} (set TACTFUL_CORPUS to its transcripts.jsonl)")
    return CORPUS


@pytest.fixture(scope="session")
def spark():
    """A Spark session in local mode on two cores, its Python workers on this interpreter."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (python/ci.sh installs it)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime (PySpark needs Java 17: apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tactful-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
