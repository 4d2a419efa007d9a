"""Sections (runs of sentences with one role) and the links between them."""
from __future__ import annotations

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
            # Across a paragraph break only when the text visibly continues the move.
            same_move = sentence.role == "counterclaim" or bool(_CONTINUES.match(sentence.text))
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
    out: list[Section] = []
    used: set[str] = set()
    for group, extra in zip(groups, whys):
        out.append(_section(text, group, used, extra))
    return link(out)


def _section(text: str, group: list[Sentence], used: set[str], extra: str = "") -> Section:
    first, last = group[0], group[-1]
    why = first.why
    if len(group) > 1:
        why = f"{len(group)} sentences with one role; first: {first.why}"
    why += extra
    return Section(
        id=section_id(first.role, first.text, used),
        kind=first.role,
        start=first.start,
        end=last.end,
        text=text[first.start:last.end],
        sentences=tuple(group),
        why=why,
    )


def section_id(role: str, text: str, used: set[str]) -> str:
    """A short readable id from the role and the first words: 'rebuttal-he-provides-no-basis'."""
    words = _SLUG_WORD.findall(text.lower().replace("’", "").replace("'", ""))[:4] or ["section"]
    base = f"{role}-{'-'.join(words)}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def regroup(text: str, sections: list[Section]) -> list[Section]:
    """Rebuild ids, bounds and text after an editor joined or re-roled sections."""
    used: set[str] = set()
    out = []
    for s in sections:
        first, last = s.sentences[0], s.sentences[-1]
        out.append(replace(s, id=section_id(s.kind, first.text, used), start=first.start,
                           end=last.end, text=text[first.start:last.end]))
    return out


def link(sections: list[Section], keep: dict[int, tuple[str, ...]] | None = None) -> list[Section]:
    """``responds_to`` for each rebuttal: the counterclaims it most plausibly answers.

    The nearest counterclaim section before it, together with the counterclaim
    sections of the same exchange (only background between them).
    """
    keep = keep or {}
    out = []
    for i, section in enumerate(sections):
        if i in keep:
            out.append(replace(section, responds_to=keep[i]))
            continue
        if section.kind != "rebuttal":
            out.append(replace(section, responds_to=()))
            continue
        targets: list[str] = []
        for earlier in reversed(sections[:i]):
            if earlier.kind == "counterclaim":
                targets.append(earlier.id)
            elif targets and earlier.kind not in ("background",):
                break
        out.append(replace(section, responds_to=tuple(reversed(targets))))
    return out


def attach_policies(sections: list[Section], policies: list[CitedPolicy] | tuple[CitedPolicy, ...]) -> list[Section]:
    """Each section lists the policies mentioned inside it, in order of first mention."""
    out = []
    for section in sections:
        found = []
        for policy in policies:
            if any(section.start <= m.start < section.end for m in policy.mentions):
                found.append(policy.id)
        out.append(replace(section, policies=tuple(found)))
    return out
