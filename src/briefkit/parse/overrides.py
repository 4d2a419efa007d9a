"""Apply an editor's overrides, keyed by text so they survive edits elsewhere.

An override's text matches a sentence (or section) that contains it, compared with
white space folded and straight and curly quotes alike, case-insensitively. An
override that matches nothing is a diagnostic naming its file and line; one that
matches several places applies to all of them and says so in a warning.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import replace

from ..model import CitedPolicy, Diagnostic, Mention, Override, Registry, Section, Sentence, Source
from . import sections as sectioning

_QUOTES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': "[\"“”]", "“": "[\"“”]", "”": "[\"“”]",
           "-": "[-‐‑–—]", "–": "[-‐‑–—]", "—": "[-‐‑–—]"}


def text_pattern(needle: str) -> re.Pattern:
    """A regex for ``needle`` that ignores quote style, dash style and runs of white space."""
    parts = []
    for char in needle.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(_QUOTES.get(char, re.escape(char)))
    return re.compile("".join(parts), re.I)


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    if not needle.strip():
        return []
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in text_pattern(needle).finditer(text, start, end)]


def _missing(source: Source, override: Override, what: str, candidates: list[str],
             needle: str | None = None) -> Diagnostic:
    needle = override.match if needle is None else needle
    close = difflib.get_close_matches(needle, candidates, n=1, cutoff=0.5)
    hint = f" (closest: '{close[0][:60]}')" if close else ""
    return Diagnostic(override.path, override.line, override.column, "BK201",
                      f"override '{override.action}' text '{needle[:60]}' matches no {what}{hint}; "
                      "update or remove the override")


def _containing(items, needle: str, text: str) -> list[int]:
    hits = _find(text, needle)
    return [i for i, item in enumerate(items) if any(item.start <= s < item.end for s, _ in hits)]


def apply_sentence_overrides(source: Source, sentences: list[Sentence],
                             diagnostics: list[Diagnostic]) -> tuple[list[Sentence], set[int]]:
    splits: set[int] = set()
    out = list(sentences)
    for override in source.overrides:
        if override.action not in ("split",) and not (override.action == "role" and override.scope == "sentence"):
            continue
        hits = _containing(out, override.match, source.text)
        if not hits:
            diagnostics.append(_missing(source, override, "sentence", [s.text for s in out]))
            continue
        where = f"editor override ({override.path}:{override.line})"
        for i in hits:
            if override.action == "split":
                splits.add(i)
            else:
                out[i] = replace(out[i], role=override.role, why=where)
    return out, splits


def apply_section_overrides(source: Source, sections: list[Section],
                            diagnostics: list[Diagnostic]) -> list[Section]:
    text = source.text
    changed = False
    for override in source.overrides:
        if override.action == "role" and override.scope == "section":
            hits = _containing(sections, override.match, text)
            if not hits:
                diagnostics.append(_missing(source, override, "section", [s.text for s in sections]))
            for i in hits:
                where = f"editor override ({override.path}:{override.line})"
                sections[i] = replace(sections[i], kind=override.role, why=where,
                                      sentences=tuple(replace(s, role=override.role, why=where)
                                                      for s in sections[i].sentences))
                changed = True
        elif override.action == "join":
            first = _containing(sections, override.match, text)
            last = _containing(sections, override.targets[0], text) if override.targets else []
            if not first or not last:
                needle = override.match if not first else override.targets[0]
                diagnostics.append(_missing(source, override, "section", [s.text for s in sections], needle))
                continue
            a, b = min(first[0], last[-1]), max(first[0], last[-1])
            merged = sections[a:b + 1]
            joined = replace(merged[0], sentences=tuple(s for m in merged for s in m.sentences),
                             why=f"editor joined {len(merged)} sections ({override.path}:{override.line})")
            sections = sections[:a] + [joined] + sections[b + 1:]
            changed = True
    if changed:
        sections = sectioning.link(sectioning.regroup(text, sections))
    keep: dict[int, tuple[str, ...]] = {}
    for override in source.overrides:
        if override.action != "responds_to":
            continue
        hits = _containing(sections, override.match, text)
        if not hits:
            diagnostics.append(_missing(source, override, "section", [s.text for s in sections]))
            continue
        targets: list[str] = []
        for needle in override.targets:
            found = _containing(sections, needle, text)
            if not found:
                diagnostics.append(_missing(source, override, "section", [s.text for s in sections], needle))
            targets.extend(sections[i].id for i in found if sections[i].id not in targets)
        for i in hits:
            keep[i] = tuple(targets)
    if keep:
        sections = sectioning.link(sections, keep)
    return sections


def apply_policy_overrides(source: Source, policies: tuple[CitedPolicy, ...], registry: Registry,
                           diagnostics: list[Diagnostic]) -> list[CitedPolicy]:
    out = list(policies)
    text = source.text
    for override in source.overrides:
        if override.action not in ("add_policy", "drop_policy"):
            continue
        where = f"editor override ({override.path}:{override.line})"
        if override.action == "add_policy":
            hits = _find(text, override.match, source.body_start)
            if not hits:
                diagnostics.append(_missing(source, override, "text", []))
                continue
            mentions = tuple(Mention(s, e, text[s:e], where) for s, e in hits)
            index = next((i for i, p in enumerate(out) if p.id == override.policy), None)
            if index is None:
                entry = registry.get(override.policy or "")
                if entry is None:
                    diagnostics.append(Diagnostic(override.path, override.line, override.column, "BK124",
                                                  f"policy id '{override.policy}' is not in policies.yaml; add it there"))
                    continue
                out.append(CitedPolicy(entry.id, entry.name, entry.kind, entry.citation, mentions, True, where))
            else:
                merged = sorted(set(out[index].mentions) | set(mentions), key=lambda m: (m.start, m.end))
                out[index] = replace(out[index], mentions=tuple(merged))
        else:
            index = next((i for i, p in enumerate(out) if p.id == override.policy), None)
            if index is None:
                diagnostics.append(Diagnostic(override.path, override.line, override.column, "BK201",
                                              f"override 'drop_policy' names '{override.policy}', which this brief "
                                              "does not cite; remove the override"))
                continue
            if not override.match:
                out.pop(index)
                continue
            hits = _find(text, override.match, source.body_start)
            kept = tuple(m for m in out[index].mentions
                         if not any(s < m.end and m.start < e for s, e in hits))
            if len(kept) == len(out[index].mentions):
                diagnostics.append(_missing(source, override, f"mention of '{override.policy}'",
                                            [m.text for m in out[index].mentions]))
                continue
            if kept:
                out[index] = replace(out[index], mentions=kept)
            else:
                out.pop(index)
    out.sort(key=lambda p: min((m.start for m in p.mentions), default=0))
    return out
