"""Case-name rules: 'Matter of A-B-', 'Brown v. Board of Education', and rulings named
by a party ('the Dobbs decision'), linked to the one case of that party."""
from __future__ import annotations

import re
from typing import Iterator

from .candidates import _RANK_CASE, _RANK_LOWER, _Candidate
from .chunks import _ABBREVIATION_RE, _COMPANY_ENDINGS, _TOKEN_RE, _chunk_before, _is_org
from .select import _Keys
from .text import _key, _starts_word
from .words import _CONNECTORS, _LEADING_STOP, _ORG, _PERSON_TITLES

_CASE_NAME_WORD = r"[A-Z][\w'-]*"
_MATTER_RE = re.compile(
    rf"(?:Matter[ \t]+of|In[ \t]+re)[ \t]+({_CASE_NAME_WORD}(?:[ \t]+{_CASE_NAME_WORD}){{0,2}})")
_NOT_A_PARTY = frozenset("Fact Course Time Principle Law Life Death Record Urgency Concern "
                         "Days Months Years Weeks Hours Minutes Seconds Debate Opinion Taste "
                         "Conscience Trust Faith Degree Policy Public".split())
_VERSUS_RE = re.compile(r" (?:v\.?|vs\.) (?=[A-Z])")
_PARTY_WORD = r"(?:[A-Z][\w'&.-]*|(?:[A-Z]\.){2,})"
_RIGHT_PARTY_RE = re.compile(
    rf"{_PARTY_WORD}(?:[ \t]+(?:(?:of|the|and|for|&|de|la|del|ex[ \t]+rel\.)[ \t]+){{0,3}}"
    rf"{_PARTY_WORD}){{0,7}}(?:,[ \t]+(?:Inc|Co|Corp|Ltd|LLC)\.)?")
_INITIALS_RE = re.compile(r"(?:[A-Z]-)+[A-Z]?-?")


def _rule_case_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Matter of A-B-', 'In re Gault', 'Brown v. Board of Education'."""
    for m in _MATTER_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        words = m.group(1).split()
        while words and (words[-1] in _NOT_A_PARTY or words[-1] in _LEADING_STOP):
            words.pop()
        if not words:
            continue
        end = list(re.finditer(r"\S+", m.group(1)))[len(words) - 1].end() + m.start(1)
        name = " ".join(nt[m.start():end].split())
        party = words[-1] if len(words) == 1 else " ".join(words)
        aliases = (name, party) if _INITIALS_RE.fullmatch(party) else (name,)
        yield _Candidate(m.start(), end, _key(name), name, "ruling",
                         f"pattern: case name '{name}'", _RANK_CASE, family="ruling",
                         aliases=aliases, title_safe=False)
    for m in _VERSUS_RE.finditer(nt, lo, hi):
        left = _chunk_before(nt, m.start(), lo, max_tokens=8)
        right = _RIGHT_PARTY_RE.match(nt, m.end(), hi)
        if left is None or right is None:
            continue
        tokens: list[re.Match[str]] = []
        for token in _TOKEN_RE.finditer(right.group()):
            tokens.append(token)
            word = token.group()
            if word.endswith(".") and not _ABBREVIATION_RE.fullmatch(word) and word not in _COMPANY_ENDINGS:
                break  # 'Trump v. Hawaii. The Court ...': the sentence ends
        while tokens and tokens[-1].group().rstrip(",.;:") in _CONNECTORS | _LEADING_STOP:
            tokens.pop()
        if not tokens:
            continue
        last = tokens[-1].group()
        if last in _COMPANY_ENDINGS or _ABBREVIATION_RE.fullmatch(last):
            last = last.rstrip(",;:")
        else:
            last = last.rstrip(",.;:")
        last = last[:-2] if last.endswith("'s") else last
        end = m.end() + tokens[-1].start() + len(last)
        name = " ".join(nt[left.start:end].split())
        yield _Candidate(left.start, end, _key(name), name, "ruling",
                         f"pattern: case name '{name}'", _RANK_CASE, family="ruling",
                         aliases=(name,), title_safe=False)


_CASE_WORD_RE = re.compile(r"(decision|ruling|opinion|holding)\b")
_PARTY_BEFORE_RE = re.compile(r"[Tt]he[ \t]+([A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)[ \t]+$")
_NOT_AFTER_RULING_RE = re.compile(r"[ \t]+(?:to|that)\b")


def _rule_case_by_party(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Dobbs decision', 'the A-B- ruling': a ruling named by a party; it is the
    case of that party when exactly one such case is cited (see ``_link_parties``)."""
    for m in _CASE_WORD_RE.finditer(nt, lo, hi):
        before = _PARTY_BEFORE_RE.search(nt, max(lo, m.start() - 40), m.start())
        if before is None or not _starts_word(nt, before.start()):
            continue
        party = before.group(1)
        words = party.split()
        if (words[0] in _LEADING_STOP or words[0].rstrip(".") in _PERSON_TITLES or _is_org(words)
                or words[-1] in _ORG or _NOT_AFTER_RULING_RE.match(nt, m.end(), hi)):
            continue
        name = f"{party} {m.group(1)}"
        yield _Candidate(before.start(1), m.end(), _key(name), name, "ruling",
                         f"pattern: ruling named by a party '{name}'", _RANK_LOWER,
                         family="ruling", link=f"party:{words[0]}", title_safe=False)


def _first_party(case_name: str) -> str:
    for opening in ("Matter of ", "In re "):
        if case_name.startswith(opening):
            return case_name[len(opening):].split()[0]
    return case_name.split()[0]


def _link_parties(chosen: list[_Candidate], keys: "_Keys") -> None:
    """'the Lopez decision' is Lopez v. Ramirez when that is the only case of a Lopez."""
    cases: dict[str, set[str]] = {}
    for c in chosen:
        if c.rank == _RANK_CASE:
            cases.setdefault(_first_party(c.name), set()).add(keys.find(c.key))
    for party, case_keys in cases.items():
        if len(case_keys) == 1:
            keys.union(next(iter(case_keys)), f"party:{party}")
