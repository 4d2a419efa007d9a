"""Short references with a determiner or an owner: 'the ruling', 'Sessions's ruling',
'the Act', 'this framework'."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import AbstractSet, Callable, Iterator

from .text import _starts_word

_SHORT_REF_WORD = {
    **dict.fromkeys(("ruling", "decision", "opinion", "holding", "judgment"), "ruling"),
    **dict.fromkeys(("program", "programme"), "program"),
    "Act": "act", "order": "order",
    **dict.fromkeys(("treaty", "convention", "agreement", "accord", "framework", "pact"), "treaty"),
    **dict.fromkeys(("rule", "regulation"), "regulation"),
    "ban": "ban", "policy": "policy", "amendment": "amendment",
}
_SHORT_REF_FITS: dict[str, Callable[[str, str], bool]] = {
    "ruling": lambda kind, family: kind == "ruling",
    "program": lambda kind, family: kind == "program",
    "act": lambda kind, family: family == "act",
    "order": lambda kind, family: family == "order",
    "treaty": lambda kind, family: kind == "treaty",
    "regulation": lambda kind, family: kind == "regulation",
    "ban": lambda kind, family: family == "ban",
    "policy": lambda kind, family: kind in ("practice", "program"),
    "amendment": lambda kind, family: family == "amendment",
}
_SHORT_REF_HEADS = sorted(_SHORT_REF_WORD, key=len, reverse=True)
_SHORT_REF_HEAD_RE = re.compile("(" + "|".join(_SHORT_REF_HEADS) + r")\b")


@lru_cache(maxsize=64)
def _head_regex(families: frozenset[str]) -> re.Pattern[str] | None:
    """``_SHORT_REF_HEAD_RE`` with only the head words of ``families`` (None for none):
    a text has far fewer places where one of them may start. It finds the same of
    those words: none ends another (checked below), and no word runs across the word
    boundary a match ends at, so a match of another head word, which the full regex
    takes and steps over, never hides one of these."""
    words = [word for word in _SHORT_REF_HEADS if _SHORT_REF_WORD[word] in families]
    return re.compile("(" + "|".join(words) + r")\b") if words else None


assert not any(a != b and a.endswith(b) for a in _SHORT_REF_HEADS for b in _SHORT_REF_HEADS), \
    "a short-reference head word ends another: _head_regex would find more than the full regex"

_SHORT_REF_MODIFIERS = ("latest", "new", "recent", "same", "original", "landmark",
                        "controversial", "earlier", "previous", "final", "unanimous",
                        "sweeping", "historic", "executive", "majority")
_SHORT_REF_OPENING_RE = re.compile(
    r"(?:([Tt]he|[Tt]his|[Tt]hat)|([A-Za-z][\w.-]*)(?:'s|(?<=s)'))[ \t]+"
    r"(?:(?:" + "|".join(_SHORT_REF_MODIFIERS) + r")[ \t]+)?$")
# 'the ruling party', 'the order of', 'the decision to leave': not references.
_SHORT_REF_NOT_BEFORE_RE = re.compile(
    r"[ \t]+(?:party|class|coalition|elites?|junta|family|of|in|to|that|which|makers?"
    r"|[a-z]+ing)\b")
_NOT_OWNERS = frozenset({"it", "he", "she", "they", "one", "everyone", "nobody", "let",
                         "that", "what", "there", "here", "who"})


def _two_words_back(nt: str, lo: int, pos: int) -> int:
    """Where the last two words before ``pos`` begin (``lo`` if there are fewer): an
    opening and its modifier ('the latest', "Sessions's new") are two words at most,
    so a search for one from there finds what a search from ``lo`` finds, sooner."""
    window = nt[lo:pos]
    parts = window.rsplit(None, 2)
    if len(parts) < 3:
        return lo
    return lo + window.index(parts[1], len(parts[0]))


def _short_references(nt: str, lo: int, hi: int,
                      families: AbstractSet[str] | None = None) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, family, phrase) for 'the ruling', 'This latest ruling', 'Sessions's
    ruling', 'the court's decision', 'the Act', 'the executive order', 'this framework'.
    ``families``: only references of these families (the others are not looked at)."""
    heads = _SHORT_REF_HEAD_RE if families is None else _head_regex(frozenset(families))
    if heads is None:
        return
    for m in heads.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()) or nt[m.start() - 1:m.start()] not in (" ", "\t", "\n"):
            continue  # the opening ends with "[ \t]+$" ("$" may stand before a final newline)
        opening = _SHORT_REF_OPENING_RE.search(nt, _two_words_back(nt, max(lo, m.start() - 40), m.start()),
                                               m.start())
        if opening is None or not _starts_word(nt, opening.start()):
            continue
        owner = opening.group(2)
        if owner is not None and (owner.casefold() in _NOT_OWNERS or nt[opening.end(2)] != "'"):
            continue
        if m.group(1) != "Act" and _SHORT_REF_NOT_BEFORE_RE.match(nt, m.end(), hi):
            continue
        if m.group(1) == "framework" and (opening.group(1) or "").casefold() not in ("this", "that"):
            continue  # 'the framework' is as often an idea as an agreement
        phrase = " ".join(nt[opening.start():m.end()].split())
        yield opening.start(), m.end(), _SHORT_REF_WORD[m.group(1)], phrase
