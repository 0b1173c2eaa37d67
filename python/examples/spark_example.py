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
from typing import List

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import tactful.spark

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "samples"


def messages_of(spark: SparkSession, inputs: List[str]) -> DataFrame:
    """One row per message of the JSON Lines transcripts: conversation, turn, lang, role, text."""
    conversations = spark.read.json(inputs)
    if "lang" not in conversations.columns:
        conversations = conversations.withColumn("lang", F.lit(None).cast("string"))
    return conversations.select(
        F.col("id").alias("conversation"),
        "lang",
        F.posexplode("messages").alias("turn", "message"),
    ).select("conversation", "turn", "lang", F.col("message.role").alias("role"), F.col("message.text").alias("text"))


def write_findings(spark: SparkSession, inputs: List[str], out: str) -> DataFrame:
    """Reviews every message and writes one Parquet row per finding or signal (without the
    message text); returns the written table."""
    found = tactful.spark.review(messages_of(spark, inputs), text="text", role="role", lang="lang")
    found.drop("text").write.mode("overwrite").parquet(out)
    return spark.read.parquet(out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", default=[str(SAMPLES / "en.jsonl"), str(SAMPLES / "vi-chat.jsonl")])
    p.add_argument("--master", default="local[2]")
    p.add_argument("--out", default="tactful-findings.parquet")
    args = p.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master(args.master).appName("tactful").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    written = write_findings(spark, args.inputs, args.out)
    print(f"{written.count()} findings and signals written to {args.out}")
    written.groupBy("kind", "rule").count().orderBy(F.desc("count")).show(30, truncate=False)
    written.filter(F.col("level").isin("escalate", "urgent")).select("conversation", "turn", "rule", "matched").show(truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
