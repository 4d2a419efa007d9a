"""The regions of the text to search, and the title-case lines inside them."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence


def _clip_regions(text: str, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted((max(0, s), min(len(text), e)) for s, e in regions)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")
_TITLE_SMALL = frozenset("a an the and or but nor of on in to for at by with from as vs v "
                         "via per up so yet is".split())


def _title_lines(nt: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short lines written in title case, where capitals say nothing about names: nine
    in ten of their words (other than articles, short prepositions and conjunctions)
    are capitalised, and they do not end with a full stop as a sentence would."""
    found = []
    for lo, hi in regions:
        pos = lo
        while pos < hi:
            end = nt.find("\n", pos, hi)
            end = hi if end < 0 else end
            if end - pos <= 250 and not nt[pos:end].rstrip(" \t\"')").endswith("."):
                words = [w for w in _TITLE_WORD_RE.findall(nt, pos, end)
                         if w.casefold() not in _TITLE_SMALL]
                if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.9 * len(words):
                    found.append((pos, end))
            pos = end + 1
    return found


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
