"""parse: ``Source`` -> ``Brief``.

The steps, in order: paragraphs, front parts, sentences, a role per sentence,
sections, rebuttal links, cited policies; the editor's overrides are applied at the
step they correct. Offsets are kept throughout. The parser never raises on text:
problems with overrides become diagnostics.
"""
from __future__ import annotations

from ..model import Brief, Diagnostic, Registry, Sentence, Source
from . import front as front_parts
from . import roles, sections, text as segment
from .overrides import apply_policy_overrides, apply_section_overrides, apply_sentence_overrides
from .policies import find_policies

PARSER_VERSION = "1"


def parse(source: Source, registry: Registry | None = None) -> Brief:
    registry = registry or Registry()
    text = source.text
    diagnostics: list[Diagnostic] = []
    blocks = segment.paragraphs(text, source.body_start)
    front, body = front_parts.find_front(text, blocks)

    sentence_spans = []
    for paragraph, block in enumerate(body):
        for position, span in enumerate(segment.sentences(text, block)):
            sentence_spans.append((span, paragraph, position == 0))
    cues = roles.classify([(text[s.start:s.end], p, first) for s, p, first in sentence_spans])
    found = [Sentence(s.start, s.end, text[s.start:s.end], p, cue.role, cue.why)
             for (s, p, _), cue in zip(sentence_spans, cues)]

    found, splits = apply_sentence_overrides(source, found, diagnostics)
    built = sections.build(text, found, splits)
    built = apply_section_overrides(source, built, diagnostics)

    regions = [(b.start, b.end) for b in body]
    regions += [(f.start, f.end) for f in front if f.kind in ("headline", "caption")]
    policies = find_policies(text, sorted(regions), registry)
    policies = apply_policy_overrides(source, policies, registry, diagnostics)
    built = sections.attach_policies(built, policies)
    return Brief(source=source, front=tuple(front), sections=tuple(built),
                 policies=tuple(policies), diagnostics=tuple(diagnostics))


__all__ = ["parse", "PARSER_VERSION"]
