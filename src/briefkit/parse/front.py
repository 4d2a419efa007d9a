"""Front parts: the paragraphs around the argument that are not argument.

Headline, photo caption or credit, byline or author bio, and "Read more" trailers.
They are found among the leading and trailing paragraphs only, by their shape, never
by their wording in one outlet.
"""
from __future__ import annotations

import re

from ..model import FrontPart
from .text import Block
from .text import sentences as split_sentences

_CREDIT = re.compile(
    r"\((?:[^()]{0,80}/)?[^()]{0,60}\b(?:Images?|Photos?|Press|Reuters|AP|AFP|EPA|Bloomberg|Getty|"
    r"Pool|Shutterstock|Alamy|Wikimedia|Staff|Photographer)\b[^()]{0,40}\)\s*$"
    r"|^(?:Photo|Image|Picture|Illustration|Credit|Photograph)(?:\s+(?:by|credit))?\s*[:|]"
    r"|\b(?:Photo|Photograph|Illustration) by [A-Z]"
    r"|\([A-Z][\w.'’ -]{1,40}/[A-Z][\w.'’ -]{1,40}\)\s*$",
    re.I | re.M,
)
_BYLINE = re.compile(r"^(?:By|From|Written by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
                     r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})*\s*\.?$")
# "Jane Doe is director of ...", "Jane Doe, a lawyer, is ...", "Jane Doe (@jdoe) is ..."
_BIO = re.compile(
    r"^(?:[—–-]\s*)?(?:[A-Z][\w.'’-]*\.?\s+){1,4}(?:\([^)]{1,40}\)\s+)?(?:,[^,]{1,80},\s+)?"
    r"(?:is|was|has been|serves as|teaches|writes|directs|leads|heads|co-founded|founded)\s"
)
_FOLLOW_OPENINGS = ("Follow", "Find", "Reach", "Contact", "Email")  # what ``_FOLLOW`` opens with
_FOLLOW = re.compile(r"^(?:Follow|Find|Reach|Contact|Email)\s+(?:him|her|them|[A-Z]\w+)\b.{0,120}$")
_BIO_NOUNS = re.compile(
    r"\b(?:director|professor|fellow|attorney|lawyer|editor|author|president|founder|"
    r"executive|chair|researcher|scholar|senior|associate|partner|counsel|columnist|"
    r"contributor|writer|journalist|correspondent|analyst|member|advocate|organizer|"
    r"student|candidate|lecturer|dean|ceo|head|manager|coordinator|officer|commissioner|"
    r"secretary|representative|senator|former|co-author|host|reporter|economist)\b",
    re.I,
)
_RELATED_HEAD = re.compile(
    r"^(?:Read more|Related|More from|Also read|Read also|See also|Further reading|"
    r"More on this|Recommended|Read next|More coverage|Related coverage|Related links)\b.{0,40}:?$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or over so the to up via vs with".split())


def find_front(text: str, blocks: list[Block]) -> tuple[list[FrontPart], list[Block]]:
    """Split paragraphs into front parts and the body, in text order."""
    kinds: dict[int, tuple[str, str]] = {}
    n = len(blocks)
    # Trailers: a "Read more:" line and every short line after it.
    for i, block in enumerate(blocks):
        if i < n // 2 or block.end - block.start >= 60:
            continue  # the cheap tests first: no copy of every paragraph of a long text
        para = text[block.start : block.end]
        if _RELATED_HEAD.match(para):
            kinds[i] = ("related", "trailer heading 'Read more'-style")
            for j in range(i + 1, n):
                title = text[blocks[j].start : blocks[j].end]
                if len(title) > 200 or title.count(". ") > 1:
                    break
                kinds[j] = ("related", "short link title after a 'Read more' heading")
            break
    # Leading parts: at most four paragraphs before the first body paragraph.
    for i in range(min(n, 4)):
        para = text[blocks[i].start : blocks[i].end]
        found = _classify_edge(para, leading=True, first=i == 0)
        if found is None:
            break
        kinds[i] = found
    # Trailing bios, before any trailer.
    last = n - 1
    while last >= 0 and last in kinds:
        last -= 1
    for i in range(last, max(last - 3, -1), -1):
        if i in kinds:
            break
        found = _classify_edge(text[blocks[i].start : blocks[i].end], leading=False, first=False)
        if found is None or found[0] == "headline":
            break
        kinds[i] = found
    if n and len(kinds) == n:  # never leave a text with no body: keep the longest as body
        longest = max(range(n), key=lambda i: blocks[i].end - blocks[i].start)
        kinds.pop(longest)
    front = [FrontPart(kinds[i][0], b.start, b.end, text[b.start : b.end], kinds[i][1])
             for i, b in enumerate(blocks) if i in kinds]
    body = [b for i, b in enumerate(blocks) if i not in kinds]
    return front, body


def _classify_edge(para: str, leading: bool, first: bool) -> tuple[str, str] | None:
    one_line = "\n" not in para
    words: list[str] | None = None  # read only when a test needs them
    if _CREDIT.search(para):
        words = _WORD.findall(para)
        if len(words) < 80:
            return "caption", "photo credit in parentheses or a 'Photo:' line"
    if one_line and _BYLINE.match(para):
        return "byline", "'By' followed by names"
    if _is_bio(para):
        return "byline", "author bio: a name followed by 'is' and a title"
    if leading and first and md_heading(para):
        return "headline", "Markdown heading at the top"
    if leading and first and one_line and len(para) <= 220:  # a longer line is no headline
        if words is None:
            words = _WORD.findall(para)
        if _looks_like_headline(para, words):
            return "headline", "short first line set like a title"
    return None


def md_heading(para: str) -> bool:
    return bool(re.match(r"#{1,6}\s", para))


def _is_bio(para: str) -> bool:
    if len(para) > 700:
        return False  # before splitting it into sentences
    if not para.startswith(_FOLLOW_OPENINGS) and not _BIO.match(para):
        return False  # its first sentence (not a "Follow …" line) is no bio
    sentences = [para[b.start:b.end] for b in split_sentences(para, Block(0, len(para)))]
    if not sentences or len(sentences) > 4:
        return False
    bios = [s for s in sentences if not _FOLLOW.match(s)]  # "Follow her on Bluesky …"
    return bool(bios) and all(_BIO.match(s) and _BIO_NOUNS.search(s) for s in bios)


def _looks_like_headline(para: str, words: list[str]) -> bool:
    if not 2 <= len(words) <= 30 or len(para) > 220:
        return False
    if para.endswith((".", ",", ";", ":")) and not para.endswith("..."):
        # A line ending in a period is a sentence, unless it is set in title case.
        return _title_case_ratio(words) >= 0.8
    return para.endswith(("?", "!", "”", '"', "’", "'")) or _title_case_ratio(words) >= 0.6 or len(words) <= 12


def _title_case_ratio(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper()) / len(content)
