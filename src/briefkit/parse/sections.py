"""Sections (runs of sentences with one role) and the links between them."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..model import CitedPolicy, Section, Sentence

# A paragraph that opens with one of these continues the move of the one before it.
_CONTINUES = re.compile(
    r"^(?:And|Also|Moreover|Furthermore|In\s+addition|Additionally|Likewise|Similarly|"
    r"What's\s+more|What’s\s+more|Plus|He\s+also|She\s+also|They\s+also|It\s+also)\b"
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")


def build(text: str, sentences: list[Sentence], splits: set[int] | None = None) -> list[Section]:
    """Group sentences into sections and link each rebuttal to what it answers."""
    splits = splits or set()
    groups: list[list[Sentence]] = []
    whys: list[str] = []
    for i, sentence in enumerate(sentences):
        previous = groups[-1][-1] if groups else None
        same_move = previous is not None and previous.role == sentence.role and i not in splits
        if same_move and previous.paragraph != sentence.paragraph:
            # Across a paragraph break only when the text visibly continues the move, and
            # never across anything that is not body text (a caption, a "Read more" list).
            same_move = (sentence.role == "counterclaim" or bool(_CONTINUES.match(sentence.text))) \
                and not text[previous.end:sentence.start].strip()
            reason = "continues the previous paragraph's move"
        else:
            reason = ""
        if same_move:
            groups[-1].append(sentence)
            if reason and reason not in whys[-1]:
                whys[-1] += f"; {reason}"
        else:
            groups.append([sentence])
            whys.append("")
    used: dict[str, int] = {}
    ids = [section_id(group[0].role, group[0].text, used) for group in groups]
    # linked as ``link`` links them, before the sections are made: one ``Section`` each
    links = _responses([(group[0].role, id_) for group, id_ in zip(groups, ids)])
    return [_section(text, group, id_, extra, responds_to)
            for group, id_, extra, responds_to in zip(groups, ids, whys, links)]


def _section(text: str, group: list[Sentence], id_: str, extra: str = "",
             responds_to: tuple[str, ...] = ()) -> Section:
    first, last = group[0], group[-1]
    why = first.why
    if len(group) > 1:
        why = f"{len(group)} sentences with one role; first: {first.why}"
    why += extra
    return Section(
        id=id_,
        kind=first.role,
        start=first.start,
        end=last.end,
        text=text[first.start:last.end],
        sentences=tuple(group),
        responds_to=responds_to,
        why=why,
    )


def section_id(role: str, text: str, used: dict[str, int]) -> str:
    """A short readable id from the role and the first words: 'rebuttal-he-provides-no-basis'.

    ``used`` counts the ids handed out so far; a repeat gets '-2', '-3', ...
    """
    words = _SLUG_WORD.findall(text[:80].lower().replace("’", "").replace("'", ""))[:4] or ["section"]
    base = f"{role}-{'-'.join(words)}"
    candidate = base
    while candidate in used:
        used[base] = used.get(base, 1) + 1
        candidate = f"{base}-{used[base]}"
    used[candidate] = 1
    return candidate


def regroup(text: str, sections: list[Section]) -> list[Section]:
    """Rebuild ids, bounds and text after an editor joined or re-roled sections."""
    used: dict[str, int] = {}
    out = []
    for s in sections:
        first, last = s.sentences[0], s.sentences[-1]
        out.append(replace(s, id=section_id(s.kind, first.text, used), start=first.start,
                           end=last.end, text=text[first.start:last.end]))
    return out


def link(sections: list[Section], keep: dict[int, tuple[str, ...]] | None = None) -> list[Section]:
    """``responds_to`` for each rebuttal: the counterclaims it most plausibly answers.

    The nearest counterclaim section before it, together with the counterclaim
    sections of the same exchange (only background between them). ``keep``: the
    links of some sections (by index), kept as they are.
    """
    links = _responses([(section.kind, section.id) for section in sections], keep)
    # a copy only when the links change (``replace`` costs more than the linking)
    return [section if section.responds_to == responds_to else replace(section, responds_to=responds_to)
            for section, responds_to in zip(sections, links)]


def _responses(sections: list[tuple[str, str]],
               keep: dict[int, tuple[str, ...]] | None = None) -> list[tuple[str, ...]]:
    """``link``'s ``responds_to`` for sections given as (kind, id)."""
    keep = keep or {}
    out: list[tuple[str, ...]] = []
    exchange: list[str] = []  # the counterclaims of the latest exchange
    previous_kind = None
    for i, (kind, id_) in enumerate(sections):
        if kind == "counterclaim":
            if previous_kind is not None and previous_kind not in ("counterclaim", "background"):
                exchange = []
            exchange.append(id_)
        if i in keep:
            out.append(keep[i])
        elif kind == "rebuttal":
            out.append(tuple(exchange))
        else:
            out.append(())
        previous_kind = kind
    return out


def attach_policies(sections: list[Section], policies: list[CitedPolicy] | tuple[CitedPolicy, ...]) -> list[Section]:
    """Each section lists the policies mentioned inside it, in order of first mention."""
    starts = [s.start for s in sections]
    cited: list[list[str]] = [[] for _ in sections]
    for policy in policies:
        for mention in policy.mentions:
            i = bisect.bisect_right(starts, mention.start) - 1
            if i >= 0 and mention.start < sections[i].end and policy.id not in cited[i]:
                cited[i].append(policy.id)
    order = {p.id: n for n, p in enumerate(policies)}
    return [replace(s, policies=tuple(sorted(c, key=order.__getitem__))) if c else s
            for s, c in zip(sections, cited)]
