"""The proposed mention every rule yields, and the ranks that settle overlaps."""
from __future__ import annotations

from typing import NamedTuple

from .words import _HEAD_FAMILY


class _Candidate(NamedTuple):
    """One proposed mention. ``key`` says which policy it names; ``link`` names another
    key that is the same policy (a case name and the citation right after it). A named
    tuple: a text has hundreds, and a tuple is made several times faster than a frozen
    dataclass of thirteen fields."""

    start: int
    end: int
    key: str
    name: str
    kind: str
    why: str
    rank: int
    family: str = ""  # what a short reference may call it: "act", "order", "ban", or its kind
    registry_id: str | None = None
    citation: str | None = None
    aliases: tuple[str, ...] = ()  # names to look for again in pass 2
    link: str | None = None
    title_safe: bool = True  # may fire inside a title-case headline


# Ranks: who wins an overlap, and whose name a merged policy takes.
_RANK_REGISTRY = 100
_RANK_CITATION = 90
_RANK_CASE = 80
_RANK_NUMBERED = 70
_RANK_EXTENDED = 61
_RANK_NAME = 60
_RANK_COMMON = 50
_RANK_POSSESSIVE = 45
_RANK_OBJECT = 40
_RANK_LOWER = 35
_RANK_KNOWN = 30
_RANK_SHORT = 10


def _family_of(name: str, kind: str) -> str:
    words = name.split()
    return _HEAD_FAMILY.get(words[-1], kind) if words else kind
