"""tactful over a pandas DataFrame, notebook style: one batch call, then ordinary pandas.

    python python/examples/pandas_example.py [transcripts.jsonl]

Without an argument it reads the shipped English sample (examples/samples/en.jsonl). Each cell
below is what you would type in a notebook.
"""

# %% Load conversations into one row per message.
import json
import sys
from pathlib import Path

import pandas as pd

import tactful

path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "examples" / "samples" / "en.jsonl"
rows = []
with open(path, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)
        for turn, m in enumerate(t["messages"]):
            rows.append({"conversation": t["id"], "turn": turn, "role": m["role"], "text": m["text"], "lang": t.get("lang")})
messages = pd.DataFrame(rows)
print(f"{len(messages)} messages in {messages['conversation'].nunique()} conversations")

# %% Review every message in one call (all cores, the GIL released), straight from the columns.
coach = tactful.Coach()
found = coach.review_arrow(messages["text"], messages["role"], messages["lang"]).to_pandas()

# `row` indexes `messages`: join to get the conversation, turn and text of each finding.
found = found.join(messages[["conversation", "turn"]], on="row")
print(found[["conversation", "turn", "kind", "rule", "severity", "matched", "suggestion"]].head(12).to_string())

# %% What agents should work on: findings per rule and severity.
agent = found[found["kind"] == "finding"]
print(agent.groupby(["rule", "severity"]).size().sort_values(ascending=False).to_string())

# %% Which conversations need a supervisor: the highest escalation level per conversation.
order = {"none": 0, "monitor": 1, "escalate": 2, "urgent": 3}
signals = found[found["kind"] == "signal"]
worst = signals.assign(rank=signals["level"].map(order)).groupby("conversation")["rank"].max()
print(worst.map({v: k for k, v in order.items()}).sort_values().to_string())

# %% Safe rewrites of agent drafts, one message at a time.
for text in messages.loc[messages["role"] == "agent", "text"].head(3):
    fixed = coach.apply_fixes(text)
    if fixed != text:
        print(f"- {text}\n+ {fixed}")
