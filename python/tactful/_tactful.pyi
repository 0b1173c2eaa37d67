"""Type stubs of the extension module ``tactful._tactful`` (re-exported by ``tactful``)."""

from os import PathLike
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow

__version__: str

#: The columns of ``Coach.review_arrow``'s table, in order.
ARROW_COLUMNS: Tuple[str, ...]

class TactfulError(ValueError):
    """A coach could not be built: a rule pack or ``tactful.toml`` is invalid, names an unknown
    rule or language, or a pack file it lists cannot be read. The message is the library's and
    names the file, line and column."""

class Finding:
    """A finding on agent wording. ``start``/``end`` are UTF-8 byte offsets into the reviewed
    text: ``text.encode()[start:end].decode() == matched``."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    matched: str
    message: str
    why: str
    suggestion: Optional[str]
    #: ``"safe"`` (applied by ``Coach.apply_fixes``), ``"unsafe"``, or ``None`` without suggestion.
    fix: Optional[str]
    lang: Optional[str]
    #: The message's index in a transcript; ``None`` for a single message.
    turn: Optional[int]
    def to_dict(self) -> Dict[str, Any]: ...

class Signal:
    """An escalation signal on customer text; offsets as for ``Finding``."""

    rule: str
    kind: str
    start: int
    end: int
    matched: str
    #: What the agent should do.
    action: str
    lang: Optional[str]
    turn: Optional[int]
    def to_dict(self) -> Dict[str, Any]: ...

class Review:
    """The review of one message."""

    findings: List[Finding]
    signals: List[Signal]
    #: ``"none"``, ``"monitor"``, ``"escalate"`` or ``"urgent"``.
    level: str
    @property
    def is_clean(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]: ...

class ConversationFinding:
    """A finding about a conversation as a whole (``missing-greeting``, ``missing-thanks``…)."""

    rule: str
    category: str
    severity: str
    about_turn: Optional[int]
    message: str
    why: str
    suggestion: Optional[str]
    def to_dict(self) -> Dict[str, Any]: ...

class TranscriptReview:
    """The review of a whole conversation."""

    lang: Optional[str]
    findings: List[Finding]
    conversation: List[ConversationFinding]
    signals: List[Signal]
    #: Every rise of the escalation level as ``(turn, level)``.
    levels: List[Tuple[int, str]]
    level: str
    def to_dict(self) -> Dict[str, Any]: ...

#: A message: a ``{"role", "text", "ts"?}`` dict or a ``(role, text)`` / ``(role, text, ts)`` tuple.
Message = Union[Mapping[str, Any], Tuple[Optional[str], str], Tuple[Optional[str], str, Union[float, str, None]]]

#: Anything ``review_arrow`` reads as a column of strings.
StringColumn = Union[pyarrow.Array, pyarrow.ChunkedArray, Sequence[Optional[str]], Any]

class Coach:
    """Reviews support messages: agent wording (findings) and customer escalation signals.

    ``languages`` limits the built-in languages (default: en, vi, th, ru, ms); ``config`` is the
    path of a ``tactful.toml``. Raises ``TactfulError`` for an invalid configuration or pack,
    ``OSError`` for a file that cannot be read, ``ValueError`` for a malformed language code.
    """

    def __init__(
        self,
        languages: Optional[Sequence[str]] = None,
        config: Optional[Union[str, PathLike[str]]] = None,
    ) -> None: ...
    @property
    def languages(self) -> List[str]: ...
    def review(self, text: str, role: str = "agent", lang: Optional[str] = None) -> Review:
        """Reviews one message written by ``role`` (``"agent"`` or ``"customer"``; ``"system"``
        and ``"bot"`` give an empty review). ``lang`` forces a language; it is detected by default.
        Raises ``ValueError`` for an unknown role or language."""
    def review_transcript(
        self,
        messages: Union[Sequence[Message], Mapping[str, Any]],
        lang: Optional[str] = None,
    ) -> TranscriptReview:
        """Reviews a conversation: messages, or a ``{"messages": [...], "lang"?}`` dict."""
    def apply_fixes(self, text: str, lang: Optional[str] = None) -> str:
        """An agent's draft with every safe suggestion applied."""
    def review_arrow(
        self,
        texts: StringColumn,
        roles: Union[StringColumn, str],
        langs: Union[StringColumn, str, None] = None,
    ) -> pyarrow.Table:
        """Reviews many messages on every core, the GIL released; one output row per finding or
        signal with columns ``ARROW_COLUMNS``. Null texts or roles give no row; an unknown role
        or language is a ``ValueError`` naming the row; a column of non-strings a ``TypeError``."""
    def read_transcripts(self, text: str, format: str) -> List[Dict[str, Any]]:
        """Transcripts (and unreadable lines) from ``text`` in ``jsonl``, ``json``, ``csv`` or
        ``text`` format, with the library's readers."""
    def detect(self, text: str) -> Optional[str]:
        """The language detected in ``text``, or ``None`` when unsure."""
