"""Paragraphs and sentences, with offsets into the source text.

A hand-written splitter rather than a library: sentence splitters on PyPI (pysbd,
nltk's punkt) either lose character offsets, run at tens of kB/s, or split legal
abbreviations ("8 U.S.C. § 1158", "27 I&N Dec. 316", "Id. at 320", "Roe v. Wade").
The rule is small: a sentence ends at . ! ? or … (plus closing quotes and brackets)
followed by white space and something that can open a sentence, unless the word
before the stop is a known abbreviation or an initial.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# Words that end with a period without ending a sentence. Lower-cased, no final dot.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm rev hon pres supt det
    st jr sr inc corp co ltd llc llp bros dept univ assn approx
    jan feb mar apr jun jul aug sep sept oct nov dec
    v vs cf e.g i.e al supp app cir ct dist bankr ann stat reg regs
    u.s u.n u.k e.u d.c a.g n.y l.a s.f u.s.c c.f.r f.r i&n b.i.a s.ct l.ed f.supp
    """.split()
)
# Abbreviations only when a number follows: "No. 17-1234", "Vol. 3", "Sec. 5".
NUMBER_ABBREVIATIONS = frozenset("no nos vol vols ch pp para paras art arts sec secs cl fig figs p".split())
# Words that, after an abbreviation such as "U.S." or "Inc.", still open a new sentence.
SENTENCE_OPENERS = frozenset(
    """
    the this that these those a an and but or so yet he she it they we i you there
    in on at as if when while after before since because although though however
    for with without by from to of our their his her its my your
    """.split()
)

_PARA_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_HEADING_LINE = re.compile(r"^#{1,6}[ \t].*$", re.M)
# A candidate stop: terminal punctuation, optional closers, then white space.
# ("[.!?]+|…|\.\.\.", written to open with one character class: the engine then
# skips to the next candidate at once instead of trying each branch everywhere)
_STOP = re.compile(r"[.!?…](?:(?<=[.!?])[.!?]*)?[\"'”’)\]»]*(?=\s)")
_NEXT_OPENER = re.compile(r"\s+([\"'“‘(\[«¿¡]*)(\S)")
_WORD_AT = re.compile(r"[\w’']+")
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")


class Block(NamedTuple):
    """A paragraph or a sentence: ``text[start:end]``, stripped of surrounding white
    space. A named tuple: a text has one per sentence, and a tuple is made several
    times faster than a frozen dataclass."""

    start: int
    end: int


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Split ``text[start:end]`` at blank lines (and around Markdown headings)."""
    end = len(text) if end is None else end
    blocks: list[Block] = []
    pos = start
    for match in _PARA_BREAK.finditer(text, start, end):
        _add_stripped(text, pos, match.start(), blocks)
        pos = match.end()
    _add_stripped(text, pos, end, blocks)
    # A Markdown heading is a paragraph of its own even without blank lines around it.
    out: list[Block] = []
    for block in blocks:
        if text.find("#", block.start, block.end) < 0:
            out.append(block)  # no heading line in it (and it is stripped already)
            continue
        pos = block.start
        for heading in _HEADING_LINE.finditer(text, block.start, block.end):
            _add_stripped(text, pos, heading.start(), out)
            _add_stripped(text, heading.start(), heading.end(), out)
            pos = heading.end()
        _add_stripped(text, pos, block.end, out)
    return out


def _add_stripped(text: str, start: int, end: int, out: list[Block]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Block(start, end))


def sentences(text: str, block: Block) -> list[Block]:
    """Split one paragraph into sentences that together cover all of it."""
    out: list[Block] = []
    pos = block.start
    for stop in _STOP.finditer(text, block.start, block.end):
        if _is_boundary(text, stop, block.end):
            _add_stripped(text, pos, stop.end(), out)
            pos = stop.end()
    _add_stripped(text, pos, block.end, out)
    return out


def _is_boundary(text: str, stop: re.Match, limit: int) -> bool:
    opener = _NEXT_OPENER.match(text, stop.end(), limit)
    if opener is None:
        return False
    first = opener.group(2)
    punct = stop.group(0).rstrip("\"'”’)]»")
    if not (first.isupper() or first.isdigit() or opener.group(1) or first in "§"):
        return False  # "... who? he asked", "U.S. asylum", "e.g. this"
    if punct not in (".", "..."):
        return True  # ! ? … end a sentence when something capitalised follows
    if punct == "...":
        return True
    before = _word_before(text, max(0, stop.start() - 40), stop.start())
    if before is None:
        return True
    word = before.lower().strip("'’")
    if word in NUMBER_ABBREVIATIONS:
        return not first.isdigit()
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        # "the U.S. The next day" ends a sentence; "U.S. Supreme Court" does not.
        return "." in word and _next_lower(text, opener.start(2)) in SENTENCE_OPENERS
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "John F. Kennedy"
    if _INITIALISM.fullmatch(word):
        return _next_lower(text, opener.start(2)) in SENTENCE_OPENERS  # other dotted initialisms
    return True


def _next_lower(text: str, at: int) -> str:
    """The word that opens the next sentence, lower-cased (read only when needed)."""
    next_word = _WORD_AT.match(text, at, at + 30)
    return next_word.group(0).lower() if next_word else ""


def _word_before(text: str, lo: int, end: int) -> str | None:
    r"""The run of word characters (and ``&.§'’-``) that ends at ``end`` (or just before
    a newline there), not reaching before ``lo``: what ``([\w&.§'’-]+)$`` finds in
    ``text[lo:end]``, by walking back instead of trying every start."""
    if lo < end and text[end - 1] == "\n":
        end -= 1  # where "$" also matches
    start = end
    while start > lo and (text[start - 1].isalnum() or text[start - 1] in "_&.§'’-"):
        start -= 1
    return text[start:end] if start < end else None
