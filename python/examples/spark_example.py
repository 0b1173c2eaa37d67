"""tactful on Spark: review transcripts and write one Parquet row per finding or signal.

    python python/examples/spark_example.py [--master local[2]] [--out findings.parquet] FILE.jsonl ...

FILE is JSON Lines as in shared/CONTRACT.md (one conversation per line); by default the shipped
samples' JSON Lines files. Every message becomes a row (conversation id, turn, role, text,
language), `tactful.spark.review` adds the finding and signal columns, and the result is written
as Parquet with the conversation and turn of each row, ready for a dashboard.
"""

import argparse
import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import tactful.spark

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "samples"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", default=[str(SAMPLES / "en.jsonl"), str(SAMPLES / "vi-chat.jsonl")])
    p.add_argument("--master", default="local[2]")
    p.add_argument("--out", default="tactful-findings.parquet")
    args = p.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master(args.master).appName("tactful").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    # One row per message: explode the messages array, keeping the conversation id and turn.
    conversations = spark.read.json(args.inputs)
    if "lang" not in conversations.columns:
        conversations = conversations.withColumn("lang", F.lit(None).cast("string"))
    messages = conversations.select(
        F.col("id").alias("conversation"),
        "lang",
        F.posexplode("messages").alias("turn", "message"),
    ).select("conversation", "turn", "lang", F.col("message.role").alias("role"), F.col("message.text").alias("text"))

    found = tactful.spark.review(messages, text="text", role="role", lang="lang").drop("text")
    found.write.mode("overwrite").parquet(args.out)

    written = spark.read.parquet(args.out)
    print(f"{written.count()} findings and signals written to {args.out}")
    written.groupBy("kind", "rule").count().orderBy(F.desc("count")).show(30, truncate=False)
    written.filter(F.col("level").isin("escalate", "urgent")).select("conversation", "turn", "rule", "matched").show(truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
