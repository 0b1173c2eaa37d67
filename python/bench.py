"""Throughput of the Python binding against the Rust library, on the same data in the same run.

    python python/bench.py [--corpus transcripts.jsonl] [--repeat 5] [--rust] [--spark]

Over every turn of the en-support corpus (29,537 messages, all five languages enabled, each
message's language detected, as the Rust benchmark does) it times:

* ``Coach.review_arrow`` on every core, and on one core (a child process with
  ``RAYON_NUM_THREADS=1``), from pyarrow arrays;
* ``Coach.review`` called once per message from a Python loop (one core);
* with ``--rust``, the Rust library in process: ``cargo bench --bench review -- throughput``
  (criterion, one core, the same turns), run right before and right after the Python timings, so
  that a change of load on the machine shows as a range;
* with ``--spark``, the corpus file end to end (read JSON Lines, review, discard the output):
  Spark ``local[2]`` through ``tactful.spark.review`` against the single-process
  ``lint_transcripts`` example (all cores, whole transcripts).

Prints a Markdown table of medians. Figures on a shared virtual machine vary by tens of percent
between runs: compare the ratios within one run, and build the Rust benchmark and the wheel from
the same source.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple

# This script sits beside the package's sources: unless `maturin develop` put the compiled
# extension there, import the installed package rather than python/tactful/.
_HERE = Path(__file__).resolve().parent
if not [*(_HERE / "tactful").glob("_tactful*.so"), *(_HERE / "tactful").glob("_tactful*.pyd")]:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "en-support" / "transcripts.jsonl"
MIB = 1024 * 1024


def load_turns(path: Path) -> Tuple[List[str], List[str]]:
    texts, roles = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            for m in json.loads(line)["messages"]:
                texts.append(m["text"])
                roles.append(m["role"])
    return texts, roles


def median_of(repeat: int, run: Callable[[], object]) -> float:
    """The median of `repeat` wall-clock timings, in seconds (criterion reports a central
    estimate too, so the two are compared like with like)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def arrow_seconds(corpus: Path, repeat: int) -> float:
    import pyarrow as pa

    import tactful

    texts, roles = load_turns(corpus)
    texts_a, roles_a = pa.array(texts), pa.array(roles)
    coach = tactful.Coach()
    coach.review_arrow(texts_a, roles_a)  # warm up: page in the automata, start the threads
    return median_of(repeat, lambda: coach.review_arrow(texts_a, roles_a))


def rust_criterion() -> Dict[str, str]:
    """criterion's `throughput` group of the library's own benchmark: the middle estimates."""
    out = subprocess.run(
        ["cargo", "bench", "--bench", "review", "--", "throughput/"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout
    found = {}
    for name, unit in re.findall(r"throughput/(review_all_turns(?:_msgs)?)\s+time:.*?\n\s+thrpt:\s+\[\S+ \S+ (\S+ \S+)", out):
        found[name] = unit
    return found


def lint_transcripts_seconds(corpus: Path, repeat: int) -> float:
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "lint_transcripts"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "release" / "examples" / "lint_transcripts"

    def run():
        subprocess.run([str(binary), "--format", "jsonl", str(corpus)], stdout=subprocess.DEVNULL, check=False)

    return median_of(repeat, run)


def spark_seconds(corpus: Path, repeat: int) -> Tuple[float, float, float]:
    """(session start, first job with the workers' coach builds, median later job) in seconds."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import tactful.spark

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    t = time.perf_counter()
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t

    def job():
        conversations = spark.read.json(str(corpus))
        messages = conversations.select(
            "id", "lang", F.posexplode("messages").alias("turn", "m")
        ).select("id", "lang", "turn", F.col("m.role").alias("role"), F.col("m.text").alias("text"))
        tactful.spark.review(messages, lang="lang").write.format("noop").mode("overwrite").save()

    first = median_of(1, job)
    later = median_of(repeat, job)
    spark.stop()
    return start, first, later


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--rust", action="store_true", help="also run the Rust criterion benchmark")
    p.add_argument("--spark", action="store_true", help="also time Spark local[2] against lint_transcripts")
    p.add_argument("--arrow-only", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus} (--corpus PATH)")

    if args.arrow_only:  # the child process of the one-core measurement
        print(json.dumps({"seconds": arrow_seconds(args.corpus, args.repeat)}))
        return

    import tactful

    texts, roles = load_turns(args.corpus)
    size = sum(len(t.encode()) for t in texts)
    n = len(texts)
    t = time.perf_counter()
    coach = tactful.Coach()
    build = time.perf_counter() - t
    print(f"corpus: {n} turns, {size / MIB:.2f} MiB; Coach() built in {build:.2f} s; {os.cpu_count()} cores", file=sys.stderr)

    rows: List[Tuple[str, str, str]] = []
    if args.rust and shutil.which("cargo") is None:
        sys.exit("--rust needs cargo")
    before = rust_criterion() if args.rust else {}

    def add(what: str, seconds: float) -> None:
        rows.append((what, f"{size / MIB / seconds:.1f} MiB/s", f"{n / seconds:,.0f} msgs/s"))

    add("`review_arrow`, all cores", arrow_seconds(args.corpus, args.repeat))
    child = subprocess.run(
        [sys.executable, __file__, "--arrow-only", "--corpus", str(args.corpus), "--repeat", str(args.repeat)],
        env={**os.environ, "RAYON_NUM_THREADS": "1"}, capture_output=True, text=True, check=True,
    )
    add("`review_arrow`, one core", json.loads(child.stdout)["seconds"])
    add("`Coach.review` in a Python loop, one core", median_of(max(1, args.repeat // 2), lambda: [coach.review(x, r) for x, r in zip(texts, roles)]))

    if args.rust:
        after = rust_criterion()
        for when, crit in (("before", before), ("after", after)):
            rows.append(
                (f"Rust `Coach::review` loop, one core (criterion, {when})",
                 crit.get("review_all_turns", "?"), crit.get("review_all_turns_msgs", "?"))
            )

    print("| what | throughput | messages |")
    print("| --- | ---: | ---: |")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} |")

    if args.spark:
        corpus_mib = args.corpus.stat().st_size / MIB
        lint = lint_transcripts_seconds(args.corpus, args.repeat)
        start, first, later = spark_seconds(args.corpus, max(1, args.repeat // 2))
        print()
        print(f"Whole file ({corpus_mib:.1f} MiB of JSON Lines, {n} turns), median of runs:")
        print()
        print("| what | seconds |")
        print("| --- | ---: |")
        print(f"| `lint_transcripts --format jsonl`, one process, all cores | {lint:.2f} |")
        print(f"| Spark `local[2]`: session start | {start:.2f} |")
        print(f"| Spark `local[2]`: first job (workers start and build their coach) | {first:.2f} |")
        print(f"| Spark `local[2]`: later jobs | {later:.2f} |")


if __name__ == "__main__":
    main()
