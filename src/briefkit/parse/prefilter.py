"""Regexes behind a cheap test: the words any match must begin.

A rule's regex (a long word list, ``\\b`` and ``re.I``) is tried at every position of a
sentence and usually fails: Python's ``re`` cannot skip ahead to a possible match.
``prefiltered`` reads the regex once and finds the word beginnings every match needs
("no basis" needs a word starting "no" and one starting "basis"; a word list needs one
of its words' leading letters). A sentence's words are looked up once, each word's
answer for every regex is remembered, and a regex runs only on a sentence that has
the words it needs. Same results as the plain regex, by construction: a sentence
without a needed word beginning cannot match.

Only beginnings of words count (a literal right after ``\\b``, ``^``, whitespace or
punctuation), compared in lower case: a word is a run of ``\\w`` characters, as for
``\\b``.
"""
from __future__ import annotations

import re
from functools import reduce
from operator import or_
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's node kinds
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Iterator

# Letters that ``re.I`` matches to an ASCII letter although their ``lower()`` is not
# it (dotted and dotless i, long s): on a text holding one, every regex runs.
_IGNORECASE_ODDITIES = frozenset("\u0130\u0131\u017f")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_WORD_START_ANCHORS = (sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
_NON_WORD_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD)
_MAX_FACTORS = 2  # the most selective ones are enough
Factor = frozenset  # word beginnings, one of which some word of the text must have


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\w`` and ``\b`` mean in ``re``


def _word_starts(run: str, at_word_start: bool) -> list[Factor]:
    """The words a literal run begins: at its start when the pattern puts a word start
    there, and after each non-word character inside it."""
    found = []
    for i, char in enumerate(run):
        if _is_word(char) and (at_word_start if i == 0 else not _is_word(run[i - 1])):
            end = i
            while end < len(run) and _is_word(run[end]):
                end += 1
            found.append(Factor([run[i:end].lower()]))
    return found


def _non_word_class(items) -> bool:
    """A character class that matches only non-word characters (``\\s``, ``[,;:]``)."""
    for op, av in items:
        if op is sre.LITERAL and not _is_word(chr(av)):
            continue
        if op is sre.CATEGORY and av in _NON_WORD_CATEGORIES:
            continue
        return False
    return bool(items)


def _scan(items, word_start: bool, substrings: bool = False) -> tuple[list[Factor], bool]:
    """The factors a match of the node sequence ``items`` needs (all of them), and
    whether the position after it is a word start when a word character follows.
    ``word_start``: the same for the position before it. When unsure, claim nothing."""
    factors: list[Factor] = []
    run: list[str] = []
    run_start = word_start

    def flush() -> None:
        if run:
            factors.extend([Factor(["".join(run)])] if substrings
                           else _word_starts("".join(run), run_start))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            if not run:
                run_start = word_start
            run.append(chr(av))
            word_start = not _is_word(chr(av))
            continue
        flush()
        if op is sre.AT:
            if av in _WORD_START_ANCHORS:
                word_start = True
            elif av is sre.AT_NON_BOUNDARY:
                word_start = False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            pass  # look-arounds consume nothing
        elif op is sre.SUBPATTERN and not (av[1] or av[2]):  # no inline flags
            found, word_start = _scan(av[3].data, word_start, substrings)
            factors.extend(found)
        elif op is sre.ATOMIC_GROUP:
            found, word_start = _scan(av.data, word_start, substrings)
            factors.extend(found)
        elif op in _REPEATS:
            low, high, body = av
            found, _ = _scan(body.data, word_start, substrings)
            if low >= 1:
                factors.extend(found)
            _, after = _scan(body.data, False, substrings)  # after any iteration, whatever came before
            if high != 0:
                word_start = after if low >= 1 else (word_start and after)
        elif op is sre.BRANCH:
            scanned = [_scan(branch.data, word_start, substrings) for branch in av[1]]
            options = [_best(found) for found, _ in scanned]
            if all(options):
                factors.append(Factor().union(*options))
            word_start = all(after for _, after in scanned)
        elif op is sre.IN:
            word_start = _non_word_class(av)
        else:  # any character, back-references, inline flags: claim nothing
            word_start = False
    flush()
    return factors, word_start


def _strength(factor: Factor) -> tuple[int, int]:
    return min(len(s) for s in factor), -len(factor)


def _best(factors: list[Factor]) -> Factor | None:
    return max(factors, key=_strength) if factors else None


def required_words(pattern: str, flags: int = 0, substrings: bool = False) -> tuple[Factor, ...]:
    """The factors of ``pattern`` worth checking, most selective first; empty when a
    match needs no particular word. ``substrings``: instead of lowercased word
    beginnings, the literal runs a match contains, as written."""
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & (re.ASCII | re.LOCALE) and not substrings:
        return ()  # there "\b" is not the Unicode word boundary the words are split at
    if parsed.state.flags & re.I and substrings:
        return ()  # literals "as written" bind only a case-sensitive match (also "(?i)")
    factors, _ = _scan(parsed.data, False, substrings)
    return tuple(sorted(set(factors), key=_strength, reverse=True)[:_MAX_FACTORS])


_WORD_RE = re.compile(r"\w+")


class _Vocabulary:
    """Every factor of every prefiltered regex as one bit; per word (remembered) and
    per text, the bits of the factors it satisfies."""

    def __init__(self) -> None:
        self._bits: dict[Factor, int] = {}
        self._by_first_letter: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._words: dict[str, int] = _Remembered(self._word)
        self._tokens: dict[str, int] = _Remembered(self._token)
        self._texts: dict[str, int | None] = {}

    def bits_of(self, factors: tuple[Factor, ...]) -> int:
        need = 0
        for factor in factors:
            if factor not in self._bits:
                bit = self._bits[factor] = 1 << len(self._bits)
                by_letter: dict[str, list[str]] = {}
                for start in factor:
                    by_letter.setdefault(start[0], []).append(start)
                for letter, starts in by_letter.items():
                    self._by_first_letter.setdefault(letter, []).append((bit, tuple(starts)))
                self._words.clear()
                self._tokens.clear()
                self._texts.clear()
            need |= self._bits[factor]
        return need

    def _word(self, word: str) -> int:
        bits = 0
        for bit, starts in self._by_first_letter.get(word[0], ()):
            if word.startswith(starts):
                bits |= bit
        if len(self._words) > 100_000:
            self._words.clear()
        self._words[word] = bits
        return bits

    def _token(self, token: str) -> int:
        """A run of non-space: the bits of the ``\\w+`` words in it."""
        bits = reduce(or_, map(self._words.__getitem__, _WORD_RE.findall(token)), 0)
        if len(self._tokens) > 100_000:
            self._tokens.clear()
        self._tokens[token] = bits
        return bits

    def bits_of_words(self, words: list[str]) -> int:
        """The bits of some words split by the caller (each word's looked up as in
        ``of_text``): for word lists split another way than ``\\w+``."""
        return reduce(or_, map(self._words.__getitem__, words), 0)

    def of_text(self, text: str) -> int | None:
        """The bits ``text`` satisfies; None when lowercasing cannot be trusted."""
        texts = self._texts
        if text in texts:
            return texts[text]
        lowered = text.lower()
        if not text.isascii() and not _IGNORECASE_ODDITIES.isdisjoint(text):
            bits = None
        else:  # each word's bits looked up (worked out once) and or-ed. A run of
            # non-space holds whole words (``\\w`` is never space): splitting at spaces
            # (three times faster than the regex) and remembering each run's words'
            # bits gives the same bits.
            bits = reduce(or_, map(self._tokens.__getitem__, lowered.split()), 0)
        if len(texts) > 256:  # a sentence meets its regexes one after the other
            texts.clear()
        texts[text] = bits
        return bits


class _Remembered(dict):
    """word -> its bits, worked out (by ``read``) on first lookup."""

    def __init__(self, read) -> None:
        super().__init__()
        self._read = read

    def __missing__(self, word: str) -> int:
        return self._read(word)


_VOCABULARY = _Vocabulary()


class Prefiltered:
    """A compiled regex that first checks the words it needs (``search``, ``match``,
    ``fullmatch``, ``finditer``, ``findall``, ``sub``, as on ``re.Pattern``)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        self.flags = self.regex.flags
        self.needs = required_words(pattern, flags)
        self._need = _VOCABULARY.bits_of(self.needs)
        # for ``scan``: as written, looked for as they are (case-sensitive regexes only)
        self._literal_needs = () if self.flags & re.I else required_words(pattern, flags, substrings=True)

    def may_match(self, text: str) -> bool:
        """False only when no match can exist anywhere in ``text``."""
        if not self._need:
            return True
        bits = _VOCABULARY.of_text(text)
        return bits is None or bits & self._need == self._need

    def scan(self, text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """``finditer`` over ``text[lo:hi]`` of a long text (a whole brief): the needed
        word beginnings are looked for as plain substrings of that stretch first."""
        if self.flags & re.I:
            return self.regex.finditer(text, lo, hi)
        for factor in self._literal_needs:
            if not any(text.find(needed, lo, hi) >= 0 for needed in factor):
                return iter(())
        return self.regex.finditer(text, lo, hi)

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.search(text, *span) if self.may_match(text) else None

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.match(text, *span) if self.may_match(text) else None

    def fullmatch(self, text: str, *span: int) -> re.Match[str] | None:
        return self.regex.fullmatch(text, *span) if self.may_match(text) else None

    def finditer(self, text: str, *span: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, *span) if self.may_match(text) else iter(())

    def findall(self, text: str, *span: int) -> list:
        return self.regex.findall(text, *span) if self.may_match(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.regex.sub(repl, text, count) if self.may_match(text) else text

    def __repr__(self) -> str:
        return f"prefiltered({self.pattern!r}, needs={[sorted(f) for f in self.needs]})"


def prefiltered(pattern: str, flags: int = 0) -> Prefiltered:
    return Prefiltered(pattern, flags)
