"""Coaching for customer-support conversations, in English, Vietnamese, Thai, Russian and Malay.

tactful reads an agent's draft or a customer's message and returns findings on agent wording the
guidance discourages ("I don't know", "according to our policy", "calm down", jargon, leftover
template placeholders, swearing), each with an exact UTF-8 byte span, a reason and a suggested
rewrite, plus escalation signals on customer behaviour (profanity, insults, threats, supervisor
requests, churn threats) aggregated into an escalation level.

This package is the Rust library, compiled: every result is the library's own.

>>> import tactful
>>> coach = tactful.Coach()
>>> [f.rule for f in coach.review("I don't know. According to our policy, refunds take 30 days.").findings]
['dont-know', 'policy-talk']
>>> coach.review("Fix this or I will sue you.", role="customer").level
'escalate'

For many messages at once use ``Coach.review_arrow`` (pyarrow in, a ``pyarrow.Table`` out, on
every core); for Spark, ``tactful.spark.review``.
"""

from ._tactful import (
    ARROW_COLUMNS,
    Coach,
    ConversationFinding,
    Finding,
    Review,
    Signal,
    TactfulError,
    TranscriptReview,
    __version__,
)

__all__ = [
    "ARROW_COLUMNS",
    "Coach",
    "ConversationFinding",
    "Finding",
    "Review",
    "Signal",
    "TactfulError",
    "TranscriptReview",
    "__version__",
]
