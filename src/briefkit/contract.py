"""The brief JSON contract (``briefkit/brief@1``) and the editors' text view."""
from __future__ import annotations

import json
import textwrap
from json.encoder import encode_basestring  # the C one when there is one, as json.dumps uses

from .model import Brief

SCHEMA = "briefkit/brief@1"


class Written(str):
    """A value already written as JSON (at the outermost level: ``encode`` indents it
    where it goes)."""


_LITERALS = {None: "null", True: "true", False: "false"}


def encode(value, step: str, newline: str = "\n") -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=len(step))`` writes it,
    nested where ``newline`` (a line break and the indent of the enclosing line) says.

    json.dumps leaves its C encoder for a slow generator in Python whenever it indents;
    this recursion gives the same text in less than half the time (every brief's JSON
    and AIF graph, and the JSON-LD of every page, are written indented)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + step
        return ("{" + inner + ("," + inner).join([encode_basestring(key) + ": " + encode(item, step, inner)
                                                   for key, item in value.items()]) + newline + "}")
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + step
        return "[" + inner + ("," + inner).join([encode(item, step, inner) for item in value]) + newline + "]"
    if kind is int:
        return int.__repr__(value)
    if value is None or kind is bool:
        return _LITERALS[value]
    if kind is Written:
        return value.replace("\n", newline)
    # Subclasses, written as json.dumps writes them (none are made here today).
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        return encode(dict(value), step, newline)
    if isinstance(value, (list, tuple)):
        return encode(list(value), step, newline)
    return json.dumps(value)  # floats (keys here are always strings)


def to_contract(brief: Brief) -> dict:
    """The brief as the versioned JSON contract; key order is part of the contract."""
    return {
        "schema": SCHEMA,
        "source": brief.source.path,
        "title": brief.title,
        "front": [{"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "why": f.why}
                  for f in brief.front],
        "sections": [{"id": s.id, "kind": s.kind, "start": s.start, "end": s.end, "text": s.text,
                      "responds_to": list(s.responds_to), "policies": list(s.policies), "why": s.why}
                     for s in brief.sections],
        "policies": [{"id": p.id, "name": p.name, "kind": p.kind, "citation": p.citation,
                      "in_registry": p.in_registry, "why": p.why,
                      "mentions": [{"start": m.start, "end": m.end, "text": m.text, "why": m.why}
                                   for m in p.mentions]}
                     for p in brief.policies],
    }


def to_json(brief: Brief) -> str:
    return encode(to_contract(brief), "  ") + "\n"


LABELS = {"claim": "CLAIM", "counterclaim": "THEY SAY", "rebuttal": "REBUTTAL",
          "evidence": "EVIDENCE", "background": "BACKGROUND"}


def to_text(brief: Brief, width: int = 88) -> str:
    """A readable annotated view for editors: one block per section with its reasons."""
    lines = [brief.title, "=" * min(width, len(brief.title)), f"source: {brief.source.path}", ""]
    for part in brief.front:
        lines.append(f"[front: {part.kind}] {part.text[:width - 20]}")
    if brief.front:
        lines.append("")
    for section in brief.sections:
        head = f"[{LABELS[section.kind]}] #{section.id}"
        lines.append(head)
        lines.extend(textwrap.wrap(" ".join(section.text.split()), width, initial_indent="  ",
                                   subsequent_indent="  "))
        lines.append(f"  why: {section.why}")
        if section.responds_to:
            lines.append(f"  answers: {', '.join('#' + r for r in section.responds_to)}")
        if section.policies:
            lines.append(f"  cites: {', '.join(section.policies)}")
        lines.append("")
    if brief.policies:
        lines.append("Cited policies")
        for policy in brief.policies:
            where = "registry" if policy.in_registry else "NOT IN REGISTRY"
            cite = f", {policy.citation}" if policy.citation else ""
            lines.append(f"  {policy.id} ({policy.kind}{cite}; {where}): {len(policy.mentions)} mention(s)"
                         f" — {policy.why}")
    return "\n".join(lines) + "\n"
