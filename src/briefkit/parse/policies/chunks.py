"""Runs of capitalised words ("chunks") before a position, and what a capitalised name
says: its head word, whether it is an organisation, the policy kind it names, its
initials."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from .words import (_CONNECTORS, _GENERIC, _GENERIC_SENSITIVE_HEADS, _HEAD_KIND, _HEAD_NEEDS,
                    _LEADING_STOP, _ORG, _PERSON_TITLES, _PREPOSITIONS)

# Atomic and possessive: a word matches one way only, so a failed match of a long run of
# capitalised words backs off word by word, never letter by letter (no blow-up).
_WORD = (r"(?>[A-Z](?:[a-z][A-Za-z]*+|[A-Z]++s?)?(?:[-'][A-Za-z0-9]++)*+"
         r"|(?:[A-Z]\.){2,}+(?:-[A-Z][A-Za-z]++)*+|\d{4}|\d{1,2}(?:st|nd|rd|th))")
_WORD_RE = re.compile(_WORD)
_CHUNK = rf"{_WORD}(?:[ \t]+(?:(?:of|for|and|on|the|to|in|against|&|de)[ \t]+){{0,2}}{_WORD})*"
_TOKEN_RE = re.compile(r"\S+")
_ABBREVIATION_RE = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.")
_COMPANY_ENDINGS = frozenset({"Inc.", "Co.", "Corp.", "Ltd.", "Bros.", "Ass'n", "Dep't", "LLC"})
_OPENERS = "\"'(["
_CLOSERS = "\"')],;:!?"


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    words: tuple[str, ...]
    sentence_start: bool
    starts: tuple[int, ...] = ()  # where each word starts

    def after(self, i: int, nt: str, lo: int) -> "_Chunk":
        """The chunk without its first ``i`` words."""
        return _Chunk(self.starts[i], self.end, self.words[i:],
                      _sentence_start(nt, self.starts[i], lo), self.starts[i:])

    def name_part(self, nt: str, lo: int) -> "_Chunk | None":
        """The part that can be a policy's name: not what comes before 'of the' or 'and
        the' ('Title VII of the Civil Rights Act'), before the 'the' after a sentence's
        first word ('Consider the ... Rule') or before a person's title, nor what comes
        after a possessive policy word ('Fourteenth Amendment's Equal Protection Clause')."""
        cut = 0
        for i, word in enumerate(self.words[:-1]):
            # 'of the', 'and the'; 'Consider the ...' when a sentence opens with a verb
            after_connector = i > 0 and (self.words[i - 1] in _CONNECTORS
                                         or (i == 1 and self.sentence_start))
            if (word == "the" and after_connector) or word.rstrip(".") in _PERSON_TITLES or (
                    word.endswith("'s") and (word[:-2] in _HEAD_KIND or word[:-2] in _ORG)):
                cut = i + 1
        while cut < len(self.words) and self.words[cut] in _CONNECTORS:
            cut += 1
        if cut >= len(self.words):
            return None
        return self.after(cut, nt, lo) if cut else self


def _chunk_before(nt: str, pos: int, lo: int, max_tokens: int = 14) -> _Chunk | None:
    """The run of capitalised words (with connectors) that ends at ``pos``, on one line,
    not crossing punctuation; words that open a sentence or phrase are left out."""
    window_start = max(lo, pos - 240)
    if pos <= window_start or nt[pos - 1].isspace():
        return None  # no token ends at ``pos``
    words: list[tuple[int, int, str]] = []
    for start, end, token in _last_tokens(nt, window_start, pos, max_tokens):
        if words and "\n" in nt[end:words[-1][0]]:
            break
        if words and token[-1] in _CLOSERS:
            break
        stripped = token.lstrip(_OPENERS)
        if words and token.endswith(".") and not _ABBREVIATION_RE.fullmatch(stripped) \
                and stripped not in _COMPANY_ENDINGS:
            break  # a sentence ends here
        if _WORD_RE.fullmatch(stripped) or (stripped in _COMPANY_ENDINGS and not words):
            words.append((end - len(stripped), end, stripped))
        elif stripped in _CONNECTORS and words:
            words.append((start, end, stripped))
        else:
            break
        if stripped != token:
            break
    words.reverse()
    first = 0
    while first < len(words):
        word = words[first][2]
        if word in _CONNECTORS or word in _LEADING_STOP or word.rstrip(".") in _PERSON_TITLES:
            first += 1
        elif _sentence_start(nt, words[first][0], lo) and word.endswith(("ing", "ly")):
            first += 1
        else:
            break
    words = words[first:]
    if not words:
        return None
    return _Chunk(words[0][0], words[-1][1], tuple(w for _, _, w in words),
                  _sentence_start(nt, words[0][0], lo), tuple(start for start, _, _ in words))


def _last_tokens(nt: str, lo: int, pos: int, count: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) for the last ``count`` runs of non-space in ``nt[lo:pos]``,
    from the last one back: ``str.split`` is many times faster than a regex here, and
    each token ends where the white space after it begins."""
    end = pos
    for token in reversed(nt[lo:pos].split()[-count:]):
        while nt[end - 1].isspace():
            end -= 1
        yield end - len(token), end, token
        end -= len(token)


def _sentence_start(nt: str, pos: int, lo: int) -> bool:
    i = pos - 1
    while i >= lo and nt[i] in " \t\"'([":
        i -= 1
    return i < lo or nt[i] in ".!?:;\n"


def _true_head(words: Sequence[str]) -> str:
    """The word before the first preposition: 'School' in 'NYU School of Law'."""
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i:
            return words[i - 1]
    return words[-1]


def _bare(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def _is_org(words: Sequence[str]) -> bool:
    return _bare(_true_head(words)) in _ORG or any(_bare(w) in _ORG for w in words[:-1])


def _classify(words: Sequence[str], head: str) -> tuple[str, str] | None:
    """(kind, reason) when a capitalised name ending in ``head`` names a policy."""
    modifiers = [w for w in words[:-1] if w not in _CONNECTORS]
    if not modifiers or _is_org(words):
        return None
    lower = {_bare(w).casefold() for w in modifiers}
    needs = _HEAD_NEEDS.get(head)
    if needs is not None and not (lower & needs):
        return None
    if head == "Law" and not any(w.endswith("'s") for w in modifiers):
        return None  # 'Megan's Law' is a statute; 'Ada Law' is a person
    if head in _GENERIC_SENSITIVE_HEADS and lower <= _GENERIC:
        return None
    kind = _HEAD_KIND[head]
    if head == "Action" and "affirmative" in lower:
        kind = "practice"
    elif head == "Action" and "executive" in lower:
        kind = "agency-action"
    return kind, f"capitalised name ending in '{head}'"


def _initials(name: str, with_connectors: bool = False) -> str:
    letters = []
    for word in re.split(r"[\s-]+", name):
        if not word or (word in _CONNECTORS and not with_connectors):
            continue
        if word.isupper() and word.isalpha() and len(word) > 1:
            letters.append(word)
        elif word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)


def _expands(acronym: str, name: str) -> bool:
    letters = re.sub(r"[^A-Z]", "", acronym[:-1] if acronym.endswith("s") else acronym)
    return len(letters) >= 2 and letters in (_initials(name), _initials(name, True))


def _name_aliases(name: str) -> tuple[str, ...]:
    """A policy name and, when it has three or more, its initials ('TPS')."""
    initials = _initials(name)
    return (name, initials) if len(initials) >= 3 and not name.isupper() else (name,)
