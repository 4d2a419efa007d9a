"""Common-name rules: quoted and so-called names, possessive names ('Trump's executive
order'), instruments aimed at a country or at goods ('tariffs on Swiss imports'), and
'the X policy'."""
from __future__ import annotations

import re
from typing import Iterator

from ..prefilter import prefiltered
from .candidates import _RANK_COMMON, _RANK_LOWER, _RANK_OBJECT, _RANK_POSSESSIVE, _Candidate
from .chunks import _CHUNK
from .text import _key, _starts_word
from .words import _LEADING_STOP, _NOT_A_POLICY, _PERSON_TITLES, _TAIL_STOP, _vague

_WORD_KIND = {"tariff": "agency-action", "tariffs": "agency-action", "ban": "agency-action",
              "policy": "practice", "rule": "regulation", "program": "program",
              "law": "statute", "bill": "statute", "doctrine": "practice",
              "order": "agency-action", "exception": "practice"}
_QUOTED_HEAD_RE = re.compile(
    r"(?:\"(\w[\w' -]{0,38}\w)\"|'(\w[\w -]{0,38}\w)')"
    r"[ \t]+(tariffs?|ban|policy|rule|program|law|bill|doctrine|order|exception)\b")
_QUOTED_ENDING_RE = re.compile(
    r"\"((?:\w[\w'-]*[ \t]+){1,3}(ban|rule|policy|program|doctrine|tariffs))\"")
_SO_CALLED_RE = prefiltered(
    r"so-called[ \t]+(?:\"([A-Z][^\"\n]{1,60}?)[.,]?\"|((?:[a-z][\w-]*[ \t]+){1,3}"
    r"(tariffs?|ban|policy|rule|program|law|doctrine|order)\b))")
_WAR_ON_RE = prefiltered(r"War[ \t]+on[ \t]+(?:the[ \t]+)?[A-Z][a-z]+"
                         r"|war[ \t]+on[ \t]+(?:drugs|terror|terrorism|poverty|crime)\b")


def _family_of_word(word: str) -> str:
    return word if word in ("ban", "order") else _WORD_KIND[word]


def _rule_common_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'"reciprocal" tariffs', 'the "Muslim ban"', 'so-called "War on Terror"', 'the
    so-called public charge rule', 'the war on drugs'."""
    for m in _QUOTED_HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue  # "Sessions' policy": an apostrophe, not a quote
        quoted, word = m.group(1) or m.group(2), m.group(3)
        name = f"{quoted} {word}"
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: quoted name '{quoted}' before '{word}'", _RANK_COMMON,
                         family=_family_of_word(word), aliases=(name,))
    for m in _QUOTED_ENDING_RE.finditer(nt, lo, hi):
        name, word = m.group(1), m.group(2)
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: quoted name '{name}'", _RANK_COMMON,
                         family=_family_of_word(word), aliases=(name,))
    for m in _SO_CALLED_RE.scan(nt, lo, hi):
        if m.group(1):
            name = m.group(1)
            start, end, kind = m.start(1), m.start(1) + len(name), "practice"
        else:
            name = " ".join(m.group(2).split())
            start, end, kind = m.start(), m.end(2), _WORD_KIND[m.group(3)]
        if _key(name) in _NOT_A_POLICY or not _starts_word(nt, m.start()):
            continue
        yield _Candidate(start, end, _key(name), name, kind, f"pattern: so-called '{name}'",
                         _RANK_COMMON, family=kind, aliases=(name,))
    for m in _WAR_ON_RE.scan(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        name = " ".join(m.group().split())
        yield _Candidate(m.start(), m.end(), _key(name), name, "practice",
                         f"pattern: common name '{name}'", _RANK_COMMON, family="practice",
                         aliases=(name,))


_POSSESSIVE_RE = re.compile(
    r"'s?[ \t]+((?:[a-z][\w-]*[ \t]+){1,2})"
    r"(executive[ \t]+order|order|war|ban|policy|program|plan|law|tariffs|crackdown)\b")
_OWNER_RE = re.compile(
    r"(?:(?:[A-Z][\w-]*[ \t]+){0,2}[A-Z][\w-]*"
    r"|(?:[Tt]he[ \t]+)(?:[A-Z][\w-]*[ \t]+)?(?:administration|government|department|agency"
    r"|ministry|president|court|board|state|city|county|governor))$")
_POSSESSIVE_KIND = {"order": "agency-action", "war": "practice", "ban": "agency-action",
                    "policy": "practice", "program": "program", "plan": "program",
                    "law": "statute", "tariffs": "agency-action", "crackdown": "practice"}
_NATIONS = frozenset({"America", "U.S.", "US", "United States", "Nation", "Country", "Washington"})


def _rule_possessive_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Trump's executive order', 'Trump's trade war', 'Obama's health care law'."""
    for m in _POSSESSIVE_RE.finditer(nt, lo, hi):
        owner_match = _OWNER_RE.search(nt, max(lo, m.start() - 50), m.start())
        if owner_match is None or not _starts_word(nt, owner_match.start()):
            continue
        owner = owner_match.group().split()
        while owner and (owner[0] in _LEADING_STOP or owner[0] in _PERSON_TITLES or owner[0] == "the"):
            owner.pop(0)
        if not owner or " ".join(owner) in _NATIONS:
            continue
        head = m.group(2).split()[-1]
        modifiers = m.group(1).split()
        if m.group(2).startswith("executive"):
            modifiers.append("executive")
        if any(w in _TAIL_STOP for w in modifiers):
            continue
        if head == "war" and modifiers[-1] != "trade":
            continue
        if head != "war" and modifiers != ["executive"] and all(_vague(w, head) for w in modifiers):
            continue
        start = owner_match.start() + owner_match.group().find(owner[0])
        name = " ".join(nt[start:m.end()].split())
        kind = _POSSESSIVE_KIND[head]
        yield _Candidate(start, m.end(), _key(name), name, kind,
                         f"pattern: possessive name '{name}'", _RANK_POSSESSIVE,
                         family=head if head in ("order", "ban") else kind)


_AT_COUNTRY_RE = prefiltered(
    rf"(tariffs?|sanctions|embargo)[ \t]+(?:on|against)[ \t]+(?:all[ \t]+)?"
    rf"(?:(imports|goods|products)[ \t]+from[ \t]+)?({_CHUNK})"
    rf"(?:[ \t]+(imports|goods|products|exports|steel|aluminum|cars))?")
_WITH_COUNTRY_RE = prefiltered(rf"(deals?|agreements?|accords?|pacts?)[ \t]+with[ \t]+({_CHUNK})")
_DEAL_QUALIFIER_RE = re.compile(
    r"(?:trade|nuclear|peace|free-trade|bilateral|security|migration|new|landmark|historic)"
    r"[ \t]+$")
_QUANTITY_RE = re.compile(r"\d+(?:\.\d+)?[ \t]*(?:percent|per[ \t]+cent|%)[ \t]+$")


def _rule_instrument_objects(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'tariffs on Swiss imports', 'a 39 percent tariff on all imports from Switzerland',
    'sanctions against Russia', 'a nuclear deal with Iran'."""
    for m in _AT_COUNTRY_RE.scan(nt, lo, hi):
        target = m.group(3).split()
        if not _starts_word(nt, m.start()) or target[0] in _LEADING_STOP:
            continue
        what = "tariffs" if m.group(1) == "tariff" else m.group(1)
        goods = m.group(4) or ""
        if m.group(2):
            name = f"{what} on {goods or 'imports'} from {m.group(3)}"
        else:
            name = f"{what} on {m.group(3)}{' ' + goods if goods else ''}"
        name = " ".join(name.split())
        quantity = _QUANTITY_RE.search(nt, max(lo, m.start() - 20), m.start())
        start = quantity.start() if quantity else m.start()
        yield _Candidate(start, m.end(), _key(name), name, "agency-action",
                         f"pattern: {what} aimed at '{m.group(3)}'", _RANK_OBJECT,
                         family="tariffs", aliases=(name,), title_safe=False)
    for m in _WITH_COUNTRY_RE.scan(nt, lo, hi):
        qualifier = _DEAL_QUALIFIER_RE.search(nt, max(lo, m.start() - 12), m.start())
        target = m.group(2).split()
        if (qualifier is None or not _starts_word(nt, qualifier.start())
                or target[0] in _LEADING_STOP or target[0] in _PERSON_TITLES):
            continue
        keep_qualifier = qualifier.group().split()[0] not in ("new", "landmark", "historic")
        start = qualifier.start() if keep_qualifier else m.start()
        name = " ".join(nt[start:m.end()].split())
        yield _Candidate(start, m.end(), _key(name), name, "treaty",
                         f"pattern: {m.group(1)} with '{m.group(2)}'", _RANK_OBJECT,
                         family="treaty", aliases=(name,), title_safe=False)


_ON_GOODS_RE = prefiltered(
    r"(tariffs?|duties|quotas)[ \t]+(?:on|targeting|against)[ \t]+"
    r"((?:imported[ \t]+)?[a-z][a-z-]*(?:[ \t]+[a-z][a-z-]*){0,4})")
_GENERIC_GOODS = frozenset("imports goods products exports trade countries partners allies "
                           "everything things items consumers americans".split())


def _rule_tariffs_on_goods(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'tariffs on steel and aluminum', 'tariffs targeting high-end computer chips'."""
    for m in _ON_GOODS_RE.scan(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        words = m.group(2).split()
        kept: list[str] = []
        for i, word in enumerate(words):
            if word in _TAIL_STOP and not (word == "and" and kept and i + 1 < len(words)):
                break
            if kept and word.endswith(("ed", "ing")):
                break
            kept.append(word)
        while kept and kept[-1] == "and":
            kept.pop()
        if not kept or set(kept) - {"imported"} <= _GENERIC_GOODS:
            continue
        end = m.start(2)
        for word in kept:  # the end of the last kept word, whatever the spacing
            end = nt.index(word, end) + len(word)
        what = "tariffs" if m.group(1) == "tariff" else m.group(1)
        target = " ".join(kept)
        name = f"{what} on {target}"
        quantity = _QUANTITY_RE.search(nt, max(lo, m.start() - 20), m.start())
        yield _Candidate(quantity.start() if quantity else m.start(), end, _key(name), name,
                         "agency-action", f"pattern: {what} aimed at '{target}'",
                         _RANK_OBJECT - 1, family="tariffs", aliases=(name,))


_THE_LOWER_RE = re.compile(
    r"[Tt]he[ \t]+((?:[a-z][a-z]+(?:-[a-z]+)*[ \t]+){1,2})(policy|program|rule|ban|tariffs)\b(?![ \t]+of\b)")


def _rule_the_lowercase_name(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the zero-tolerance policy', 'the travel ban', 'the public charge rule', 'the
    steel tariffs'."""
    for m in _THE_LOWER_RE.finditer(nt, lo, hi):
        modifiers = m.group(1).split()
        word = m.group(2)
        if not _starts_word(nt, m.start()) or any(_vague(w, word) or w in _TAIL_STOP for w in modifiers):
            continue
        name = " ".join(nt[m.start(1):m.end()].split())
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: the named {word} '{name}'", _RANK_LOWER,
                         family=_family_of_word(word), aliases=(name,))
