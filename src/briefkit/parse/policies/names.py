"""Naming rules: registry names and aliases, numbered instruments, capitalised names
ending in a policy word, acronyms before their expansion, capitalised names before a
lowercase policy word."""
from __future__ import annotations

import re
from typing import Callable, Iterator

from ...model import Registry
from .candidates import (_RANK_EXTENDED, _RANK_NAME, _RANK_NUMBERED, _RANK_REGISTRY, _Candidate,
                         _family_of)
from .chunks import _CHUNK, _Chunk, _chunk_before, _classify, _expands, _is_org, _name_aliases
from .labels import _registry_labels
from .text import _key, _starts_word
from .words import (_EXTENDING_HEADS, _HEAD_FAMILY, _HEAD_KIND, _LOWER_HEAD_KIND,
                    _NOT_A_POLICY, _TAIL_STOP, _vague)


# ---------------------------------------------------------------- rule: registry


def _rule_registry(nt: str, lt: str, lo: int, hi: int, registry: Registry) -> Iterator[_Candidate]:
    for start, end, value, _ in _registry_labels(registry).finditer(nt, lt, lo, hi):
        policy, label = value  # type: ignore[misc]
        what = "name" if label == policy.name else "alias"
        yield _Candidate(start, end, f"reg:{policy.id}", policy.name, policy.kind,
                         f"registry {what} '{label}'", _RANK_REGISTRY,
                         family=_family_of(policy.name, policy.kind),
                         registry_id=policy.id, citation=policy.citation)


# ---------------------------------------------------------------- rule: numbered instruments

_NUMBER = r"(?:No\.[ \t]*)?(\d{1,3}(?:,\d{3})+|\d{3,6})\b"
_NUMBERED: list[tuple[re.Pattern[str], str, str, str, Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"(?:Executive|Presidential)[ \t]+Order[ \t]+{_NUMBER}"),
     "agency-action", "order", "executive order number",
     lambda m: f"Executive Order {m.group(1).replace(',', '')}"),
    (re.compile(rf"Proclamation[ \t]+{_NUMBER}"),
     "agency-action", "order", "proclamation number",
     lambda m: f"Proclamation {m.group(1).replace(',', '')}"),
    (re.compile(r"Title[ \t]+([IVXL]+|\d{1,3})\b(?![-'])"),
     "statute", "statute", "statute title number", lambda m: f"Title {m.group(1)}"),
    (re.compile(r"Section[ \t]+(\d{1,4}[A-Za-z]?(?:\([A-Za-z0-9]{1,4}\))*)"),
     "statute", "statute", "statute section number", lambda m: f"Section {m.group(1)}"),
    (re.compile(r"Article[ \t]+([IVX]+|\d{1,3})\b(?![-'])"),
     "statute", "statute", "article number", lambda m: f"Article {m.group(1)}"),
    (re.compile(r"(?:Proposition|Prop\.?)[ \t]+(\d{1,3})\b"),
     "statute", "statute", "ballot proposition", lambda m: f"Proposition {m.group(1)}"),
    (re.compile(r"(?:SB|HB|AB|SF|HF)[ \t]?(\d{1,4})\b"),
     "statute", "statute", "state bill number", lambda m: m.group().replace("\t", " ")),
    (re.compile(r"H\.[ \t]?R\.[ \t]?(\d{1,5})\b"),
     "statute", "statute", "House bill number", lambda m: f"H.R. {m.group(1)}"),
    (re.compile(r"Operation[ \t]+((?:[A-Z][a-z]+[ \t]+){0,2}[A-Z][a-z]+)\b"),
     "program", "program", "named operation", lambda m: " ".join(m.group().split())),
    (re.compile(r"§§?[ \t]*(\d[\w.-]*(?:\([A-Za-z0-9]{1,4}\))*)"),
     "statute", "statute", "section sign", lambda m: f"§ {m.group(1).rstrip('.')}"),
]
_ACRONYM_BEFORE_RE = re.compile(r"([A-Z]{2,6})[ \t]+$")


def _rule_numbered(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Executive Order 13769', 'Proclamation 9645', 'Title VII', 'Section 230',
    'Article III', 'INA § 208'."""
    for pattern, kind, family, what, name_of in _NUMBERED:
        for m in pattern.finditer(nt, lo, hi):
            start, name = m.start(), name_of(m)
            if name.startswith("§"):
                code = _ACRONYM_BEFORE_RE.search(nt, max(lo, start - 8), start)
                if code is not None and _starts_word(nt, code.start()):
                    start, name = code.start(), f"{code.group(1)} {name}"
            elif not _starts_word(nt, start):
                continue
            end = m.end()
            while end > start and nt[end - 1] == ".":
                end -= 1
            yield _Candidate(start, end, _key(name), name, kind,
                             f"pattern: {what} '{name}'", _RANK_NUMBERED, family=family,
                             aliases=(name,))


# ---------------------------------------------------------------- rule: capitalised names

_HEAD_RE = re.compile("(?:" + "|".join(sorted(_HEAD_KIND, key=len, reverse=True)) + r")\b(?!-)")
_EXTENSION_RE = re.compile(
    rf"[ \t]+(?:of|on|against|for|[Rr]elating[ \t]+to|to)[ \t]+(?:the[ \t]+)?{_CHUNK}")
_YEAR_EXTENSION_RE = re.compile(r",?[ \t]+of[ \t]+\d{4}\b")
_ACRONYM_AFTER_RE = re.compile(r"[ \t]*\(([A-Z][A-Za-z&.-]*[A-Z]s?)\)")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Z][\w'-]*)")


def _name_at_head(nt: str, head: re.Match[str], lo: int, hi: int) -> tuple[_Chunk, int, str, str] | None:
    """The capitalised name ending in the policy word ``head``: (chunk, end, kind, reason)."""
    word = head.group()
    end = head.end()
    # what follows first: it is cheaper to read than the capitalised words before
    ext = _EXTENSION_RE.match(nt, end, hi) if word in _EXTENDING_HEADS else None
    if ext is None and _NEXT_WORD_RE.match(nt, head.end(), hi):
        return None  # 'Migration Policy Institute', 'Bill Clinton': the name goes on
    chunk = _chunk_before(nt, head.end(), lo)
    chunk = chunk.name_part(nt, lo) if chunk is not None else None
    if chunk is None or chunk.words[-1] != word:
        return None
    if ext is not None:
        joined = re.search(r"[ \t]+and[ \t]+the[ \t]", ext.group())  # the next name begins
        end = ext.start() + joined.start() if joined else ext.end()
    found = _classify(chunk.words, word)
    if found is None and ext is not None and len(chunk.words) == 1 and word != "Action":
        # 'the Convention against Torture', 'the Treaty of Versailles'
        found = _HEAD_KIND[word], f"capitalised name '{word} {ext.group().split()[0]} ...'"
    if found is None:
        return None
    kind, why = found
    if word in ("Act", "Acts") and (year := _YEAR_EXTENSION_RE.match(nt, end, hi)) is not None:
        end = year.end()
    return chunk, end, kind, why


def _rule_capitalised_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Affordable Care Act', 'the Refugee Convention', 'Temporary Protected Status',
    'the Equal Protection Clause', 'the Fourteenth Amendment', 'the Paris Agreement'."""
    for head in _HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, head.start()):
            continue
        found = _name_at_head(nt, head, lo, hi)
        if found is None:
            continue
        chunk, end, kind, why = found
        name = " ".join(nt[chunk.start:end].split())
        if any(_key(name).startswith(known) for known in _NOT_A_POLICY):
            continue
        aliases = _name_aliases(name)
        acronym = _ACRONYM_AFTER_RE.match(nt, end, hi)
        if acronym is not None and _expands(acronym.group(1), name):
            aliases += (acronym.group(1),)
            why += f", acronym {acronym.group(1)} defined by its expansion"
        yield _Candidate(chunk.start, end, _key(name), name, kind, f"pattern: {why}",
                         _RANK_NAME, family=_HEAD_FAMILY.get(head.group(), kind),
                         aliases=aliases, title_safe=False)


_PARENTHESISED_RE = re.compile(rf"\(({_CHUNK})\)")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]{1,9}s?")


def _rule_acronym_first(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'NSEERS (National Security Entry-Exit Registration System)': an expansion in
    parentheses names a policy when it ends in a policy word."""
    for m in _PARENTHESISED_RE.finditer(nt, lo, hi):
        before = nt[max(lo, m.start() - 12):m.start()].rstrip(" \t").rsplit(None, 1)
        acronym = before[-1] if before else ""
        expansion = m.group(1)
        words = expansion.split()
        if (not _ACRONYM_RE.fullmatch(acronym) or words[-1] not in _HEAD_KIND
                or not _expands(acronym, expansion)):
            continue
        found = _classify(words, words[-1])
        if found is None:
            continue
        kind, _ = found
        start = nt.rindex(acronym, 0, m.start())
        name = " ".join(words)
        yield _Candidate(start, start + len(acronym), _key(name), name, kind,
                         f"pattern: acronym {acronym} defined by its expansion", _RANK_NAME,
                         family=_HEAD_FAMILY.get(words[-1], kind),
                         aliases=(acronym, *_name_aliases(name)), title_safe=False)


_LOWER_HEAD_RE = re.compile("(" + "|".join(_LOWER_HEAD_KIND) + r")\b(?!-)")
_LOWER_TAIL_RE = re.compile(r"(?:[ \t]+[a-z][a-z-]*){0,3}[ \t]*$")


def _rule_name_with_lowercase_head(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Deferred Action for Childhood Arrivals program', 'the DACA program', 'the
    Federal Bureau of Investigation name check process', 'the Muslim ban'."""
    for head in _LOWER_HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, head.start()):
            continue
        word = head.group(1)
        tail = _LOWER_TAIL_RE.search(nt, max(lo, head.start() - 60), head.start())
        tail_words = tail.group().split() if tail else []
        if any(w in _TAIL_STOP for w in tail_words):
            continue
        chunk_end = head.start() - (len(tail.group()) if tail else 0)
        chunk = _chunk_before(nt, chunk_end, lo)
        chunk = chunk.name_part(nt, lo) if chunk is not None else None
        if chunk is None or chunk.end != chunk_end:
            continue
        words = chunk.words
        if chunk.sentence_start and len(words) == 1 and not words[0].isupper():
            continue
        last = words[-1]
        if last in _HEAD_KIND and (found := _classify(words, last)) is not None:
            # A policy name followed by a description of it: the name names, the span grows.
            kind, why = found
            proper = " ".join(nt[chunk.start:chunk.end].split())
            yield _Candidate(chunk.start, head.end(), _key(proper), proper, kind,
                             f"pattern: {why}", _RANK_EXTENDED,
                             family=_HEAD_FAMILY.get(last, kind), aliases=_name_aliases(proper),
                             title_safe=False)
            continue
        if tail_words and all(_vague(w, word) for w in tail_words):
            continue
        org = _is_org(words)
        acronym = len(words) == 1 and _ACRONYM_RE.fullmatch(words[0]) is not None
        if org and not tail_words:
            continue  # 'Justice Department policy' is whatever the department does
        if word in ("policy", "process", "rule", "regulation", "doctrine"):
            if not org and not acronym and len(words) < 2 and not tail_words:
                continue  # 'Trump policy'
        if word == "plan" and not tail_words:
            continue
        name = " ".join(nt[chunk.start:head.end()].split())
        kind = _LOWER_HEAD_KIND[word]
        yield _Candidate(chunk.start, head.end(), _key(name), name, kind,
                         f"pattern: capitalised name with '{word}'", _RANK_NAME - 1,
                         family="ban" if word == "ban" else kind, aliases=(name,),
                         title_safe=False)
