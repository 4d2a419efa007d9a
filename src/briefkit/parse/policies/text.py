"""Text normalisation for matching: look-alike characters folded one for one (offsets
unchanged), the key two names share when they are one policy, slugs, word boundaries."""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

_LOOK_ALIKES = (
    ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"), ("\u2032", "'"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u201f", '"'), ("\u2033", '"'),
    ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u2010", "-"), ("\u2011", "-"), ("\u00ad", "-"),
    ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\u2009", " "),
)


def _plain(text: str) -> str:
    """The text with look-alike characters replaced one for one (offsets unchanged)."""
    for fancy, plain in _LOOK_ALIKES:
        if fancy in text:  # str.replace is fast; str.translate with a dict is not
            text = text.replace(fancy, plain)
    return text


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(text: str) -> str:
    """Lowercase with offsets unchanged (``str.lower`` may lengthen a few letters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


_NOT_KEY_CHAR = re.compile(r"[^\w'&§ .]")


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """What two names must share to be one policy: case, quotes, hyphens and a leading
    'the' do not count."""
    name = _plain(name).casefold().replace('"', "").replace("-", " ")
    name = _NOT_KEY_CHAR.sub(" ", name)
    name = " ".join(name.split()).strip(" .")
    return name[4:] if name.startswith("the ") else name


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "policy"


def _starts_word(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-")


def _ends_word(text: str, pos: int) -> bool:
    return pos >= len(text) or not (text[pos].isalnum() or text[pos] == "_")
