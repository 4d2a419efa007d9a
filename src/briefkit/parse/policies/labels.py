"""Names looked for as they are: the registry's names and aliases, and the names found
earlier in a text (pass 2), compiled into regexes that match whole words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from ...model import Registry, RegistryPolicy
from .text import _ends_word, _key, _plain, _starts_word


def _is_case_sensitive(label: str) -> bool:
    """Acronyms and initials ('TPS', 'A-B-') match only in capitals; words in any case."""
    return " " not in label and not any(c.islower() for c in label)


def _label_regex(label: str, sensitive: bool) -> str:
    """Spaces match any whitespace or a hyphen, a hyphen any whitespace or a hyphen
    (but a final hyphen, as in 'A-B-', only itself), quotes are optional."""
    return "".join(_label_units(label, sensitive))


def _label_units(label: str, sensitive: bool) -> list[str]:
    """``_label_regex`` as a list of units: one per character of the label (a quote
    with its "?"), one per run of white space or hyphens."""
    if not sensitive:
        label = label.lower()
    parts = re.split(r"([\s-]+)", label)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.extend(re.escape(c) + "?" if c in "'\"" else re.escape(c) for c in part)
        elif i == len(parts) - 2 and parts[-1] == "" and part == "-":
            out.append("-")
        else:
            out.append(r"[\s-]+")
    return out


def _alternation(labels: list[list[str]]) -> str:
    """``"|".join`` of the labels' regexes, with the characters that open several
    labels written once ("ab|ac" -> "a(?:b|c)"): with hundreds of names (a long
    text) the engine then tries the names that open with the character it is at,
    not every name. The same matches: alternatives that open with different
    characters never match at the same place, and labels sharing an opening keep
    their order. Only single characters (no "?", no "[\\s-]+") are shared, so no
    choice made in a shared part can be taken back."""
    if len(labels) < 2 or not all(units and _is_literal(units[0]) for units in labels):
        return "|".join("".join(units) for units in labels)
    groups: dict[str, list[list[str]]] = {}
    for units in labels:
        groups.setdefault(units[0], []).append(units[1:])
    return "|".join(first + ("".join(rests[0]) if len(rests) == 1 else "(?:" + _alternation(rests) + ")")
                    for first, rests in groups.items())


def _is_literal(unit: str) -> bool:
    return not unit.endswith("?") and unit != r"[\s-]+"


@dataclass(frozen=True)
class _Labels:
    """Names and aliases in one regex per case mode; ``key`` of what matched -> value."""

    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    values: dict[str, object]

    @staticmethod
    def build(pairs: Iterable[tuple[str, object]]) -> "_Labels":
        values: dict[str, object] = {}
        sensitive: dict[str, list[str]] = {}
        insensitive: dict[str, list[str]] = {}
        for label, value in pairs:
            label = " ".join(_plain(label).split())
            if not label:
                continue
            if _is_case_sensitive(label):
                values.setdefault(label, value)
                sensitive.setdefault(label, _label_units(label, True))
            else:
                values.setdefault(_key(label), value)
                insensitive.setdefault(label.lower(), _label_units(label, False))

        def compile_(bodies: dict[str, list[str]]) -> re.Pattern[str] | None:
            if not bodies:
                return None
            ordered = sorted(bodies, key=len, reverse=True)  # longest name first
            return re.compile(_alternation([bodies[label] for label in ordered]))

        return _Labels(compile_(sensitive), compile_(insensitive), values)

    def finditer(self, nt: str, lt: str, lo: int, hi: int) -> Iterator[tuple[int, int, object, str]]:
        """(start, end, value, matched label) for each whole-word match in [lo, hi)."""
        for pattern, sensitive in ((self.sensitive, True), (self.insensitive, False)):
            if pattern is not None:
                yield from self._scan(pattern, sensitive, nt, lt, lo, hi)

    def _scan(self, pattern: re.Pattern[str], sensitive: bool, nt: str, lt: str,
              lo: int, hi: int) -> Iterator[tuple[int, int, object, str]]:
        haystack = nt if sensitive else lt
        pos = lo
        while (m := pattern.search(haystack, pos, hi)) is not None:
            start, end = m.span()
            if not (_starts_word(nt, start) and _ends_word(nt, end)):
                pos = start + 1
                continue
            matched = nt[start:end]
            value = self.values.get(matched if sensitive else _key(matched))
            if value is not None:
                yield start, end, value, matched
            pos = end


_REGISTRY_LABELS: dict[int, tuple[Registry, _Labels]] = {}


def _registry_labels(registry: Registry) -> _Labels:
    """Every registry name and alias -> (policy, label), compiled once per registry.

    Remembered by the registry's identity: it is asked for once per candidate, and
    hashing a registry (as ``lru_cache`` would) hashes every policy in it."""
    known = _REGISTRY_LABELS.get(id(registry))
    if known is None or known[0] is not registry:
        # an equal registry (one unpickled in a worker, say) shares the labels
        labels = next((labels for other, labels in _REGISTRY_LABELS.values() if other == registry), None)
        if labels is None:
            labels = _Labels.build((label, (policy, label)) for policy in registry.policies
                                   for label in (policy.name, *policy.aliases) if label)
        if len(_REGISTRY_LABELS) >= 16:
            _REGISTRY_LABELS.clear()
        known = _REGISTRY_LABELS[id(registry)] = (registry, labels)
    return known[1]


def _registry_label_for(registry: Registry, name: str) -> tuple[RegistryPolicy, str] | None:
    """The registry policy and label ``name`` is, if any: asked for every candidate's
    name and aliases, so the answers are remembered per registry's labels."""
    labels = _registry_labels(registry)
    known = _LABEL_FOR.get(id(labels))
    if known is None or known[0] is not labels:
        if len(_LABEL_FOR) >= 16:
            _LABEL_FOR.clear()
        known = _LABEL_FOR[id(labels)] = (labels, {})
    answers = known[1]
    if name in answers:
        return answers[name]
    plain = " ".join(_plain(name).split())
    found = labels.values.get(plain if _is_case_sensitive(plain) else _key(plain))
    if len(answers) >= 100_000:
        answers.clear()
    answers[name] = found  # type: ignore[assignment]
    return found  # type: ignore[return-value]


_LABEL_FOR: dict[int, tuple[_Labels, dict[str, object]]] = {}


@lru_cache(maxsize=4096)
def _label_pattern(label: str, sensitive: bool) -> "re.Pattern[str] | _Words":
    words = re.split(r"[\s-]+", label if sensitive else label.lower())
    if all(words) and "'" not in label and '"' not in label:
        return _Words(tuple(words))
    return re.compile(_label_regex(label, sensitive))


class _Span(NamedTuple):
    """Where ``_Words`` matched: what ``_Labels._scan`` reads of a regex's match."""

    start: int
    end: int

    def span(self) -> tuple[int, int]:
        return self.start, self.end


class _Words:
    """``_label_regex`` of a label of plain words (no quote, no hyphen or space at either
    end), matched without a regex: compiling one costs more than a text's searches
    for a name that text alone has. That regex is the words joined by ``[\\s-]+``;
    at a place it can match only one way (a word never opens with white space or a
    hyphen, so each run between two words is taken whole), and ``search`` tries the
    places where the first word stands, left to right: the same matches. ``str``'s
    ``isspace`` is what ``\\s`` means in ``re``."""

    __slots__ = ("words",)

    def __init__(self, words: tuple[str, ...]):
        self.words = words

    def search(self, haystack: str, pos: int, endpos: int) -> _Span | None:
        first = self.words[0]
        start = haystack.find(first, pos, endpos)
        while start >= 0:
            end = self._rest(haystack, start + len(first), endpos)
            if end >= 0:
                return _Span(start, end)
            start = haystack.find(first, start + 1, endpos)
        return None

    def _rest(self, haystack: str, at: int, endpos: int) -> int:
        """Where the words after the first end when they follow ``at``; -1 if they do not."""
        for word in self.words[1:]:
            gap = at
            while gap < endpos and (haystack[gap] == "-" or haystack[gap].isspace()):
                gap += 1
            if gap == at or not haystack.startswith(word, gap, endpos):
                return -1
            at = gap + len(word)
        return at


class _LabelList(_Labels):
    """Like ``_Labels``, but one small regex per label instead of one alternation: for
    the few names found in one text, compiling an alternation costs more than it saves,
    and each label's regex is reused (``re``'s cache) by every text that names it."""

    labels: tuple[tuple[str, bool], ...] = ()

    @staticmethod
    def build(pairs: Iterable[tuple[str, object]]) -> "_LabelList":
        values: dict[str, object] = {}
        labels: dict[str, bool] = {}
        for label, value in pairs:
            label = " ".join(_plain(label).split())
            if not label:
                continue
            sensitive = _is_case_sensitive(label)
            values.setdefault(label if sensitive else _key(label), value)
            labels.setdefault(label if sensitive else label.lower(), sensitive)
        found = _LabelList(None, None, values)
        object.__setattr__(found, "labels", tuple(labels.items()))
        return found

    def finditer(self, nt: str, lt: str, lo: int, hi: int) -> Iterator[tuple[int, int, object, str]]:
        for label, sensitive in self.labels:
            yield from self._scan(_label_pattern(label, sensitive), sensitive, nt, lt, lo, hi)
