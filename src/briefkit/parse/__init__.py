"""parse: ``Source`` -> ``Brief``.

The steps, in order: paragraphs, front parts, sentences, a role per sentence,
sections, rebuttal links, cited policies; the editor's overrides are applied at the
step they correct. Offsets are kept throughout. The parser never raises on text:
problems with overrides become diagnostics.
"""
from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import replace
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence

from ..model import Brief, Diagnostic, Registry, Sentence, Source
from . import front as front_parts
from . import roles, sections, text as segment
from .overrides import apply_policy_overrides, apply_section_overrides, apply_sentence_overrides
from .policies import find_policies

PARSER_VERSION = "4"  # 2: no case name from a sentence-opening word before a citation;
# 3: no section across a front part; 4: eyecite reads each citation window on its own
# (nothing read across two windows: the same output on every text tried, but in
# principle a case name or a citation that ran across two windows could change)


def parse(source: Source, registry: Registry | None = None) -> Brief:
    registry = registry or Registry()
    text = source.text
    diagnostics: list[Diagnostic] = []
    blocks = segment.paragraphs(text, source.body_start)
    front, body = front_parts.find_front(text, blocks)

    spans: list[tuple[int, int]] = []
    items: list[tuple[str, int, bool]] = []  # (text, paragraph, first in paragraph)
    for paragraph, block in enumerate(body):
        first = True
        for span in segment.sentences(text, block):
            spans.append((span.start, span.end))
            items.append((text[span.start:span.end], paragraph, first))
            first = False
    cues = roles.classify(items)
    found = [Sentence(start, end, sentence, p, cue.role, cue.why)
             for (start, end), (sentence, p, _), cue in zip(spans, items, cues)]

    found, splits = apply_sentence_overrides(source, found, diagnostics)
    built = sections.build(text, found, splits)
    built = apply_section_overrides(source, built, diagnostics)

    policies = find_policies(text, _policy_regions(front, body), registry)
    policies = apply_policy_overrides(source, policies, registry, diagnostics)
    built = sections.attach_policies(built, policies)
    return Brief(source=source, front=tuple(front), sections=tuple(built),
                 policies=tuple(policies), diagnostics=tuple(diagnostics))


# Below this much text a process pool costs more (start-up, pickling) than it saves.
PARALLEL_MIN_BYTES = 400_000


def warm_pool(workers: int | None = None) -> ProcessPoolExecutor | None:
    """A pool for ``parse_many`` whose workers, forked now, import what parsing needs
    (eyecite: half a second each) while this process goes on (reading the content). The
    caller shuts it down. None on one core."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2:
        return None
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm)
    pool.submit(int)  # (the fork start method forks every worker at the first task)
    return pool


def _warm() -> None:
    try:
        from .policies.citations import warm
        warm()
    except Exception:  # noqa: BLE001 - only time is at stake: the first citation imports it again
        pass


def parse_many(sources: Sequence[Source], registry: Registry | None = None,
               workers: int | None = None, min_bytes: int = PARALLEL_MIN_BYTES,
               then: Sequence[Callable[[Brief], object] | None] | None = None,
               meanwhile: Callable[[], object] | None = None,
               pool: ProcessPoolExecutor | None = None) -> list[Brief]:
    """``parse`` for many briefs, on every core when there is enough text.

    Same results, in the same order, as ``[parse(s, registry) for s in sources]``:
    each brief is parsed on its own, so the split between processes cannot change it.

    ``then``, if given, holds one callable (or None) per source, called with its brief
    in the process that parsed it, a worker of the pool or this one: work on each brief
    (the cache storing it) is then shared by the pool instead of done here one brief
    after another. Each must pickle: a module-level function, or a ``partial`` of one.

    ``meanwhile``, if given, is called once in this process while the pool parses (or
    before parsing here): work of the caller's that does not need the briefs.

    ``pool``: a pool of the caller's (``warm_pool``) to parse on, if there is enough text;
    the caller shuts it down.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    total = sum(len(s.text) for s in sources)
    then = then if then is not None else [None] * len(sources)
    if workers < 2 or len(sources) < 2 or total < min_bytes:
        if meanwhile is not None:
            meanwhile()
        return [_parse_then(source, registry, after) for source, after in zip(sources, then)]
    # Small chunks: the pool's last chunk is the only one a core may wait on alone (8 chunks
    # of 125 briefs at 1,000: 2.84 s; 32 of 31: 2.71 s, medians of 3 on 2 cores).
    chunk = max(1, len(sources) // (workers * 16))
    with contextlib.nullcontext(pool) if pool is not None else ProcessPoolExecutor(max_workers=workers) as pool:
        detached = pool.map(_parse_detached, sources, [registry] * len(sources), then, chunksize=chunk)
        # The briefs coming back are a hundred thousand small objects and no cycles: the
        # cyclic collector would rescan them again and again (half the time of taking them
        # in, on a thread of this process from the first chunk on), so it waits. Only now:
        # forked before, the workers run with it as usual.
        enabled = gc.isenabled()
        gc.disable()
        try:
            if meanwhile is not None:  # (every chunk is submitted: the workers parse, this process is free)
                meanwhile()
            return [replace(brief, source=source) for brief, source in zip(detached, sources)]
        finally:
            if enabled:
                gc.enable()


def _parse_then(source: Source, registry: Registry | None, then) -> Brief:
    brief = parse(source, registry)
    if then is not None:
        then(brief)
    return brief


def _parse_detached(source: Source, registry: Registry | None, then=None) -> Brief:
    """A worker's result without its source: the parent has the source already, and
    sending the text back would double what crosses between processes."""
    return replace(_parse_then(source, registry, then), source=None)


def _policy_regions(front, body) -> list[tuple[int, int]]:
    """Where policies may be cited: body, headline and caption, never bylines or
    "Read more" lists. Neighbouring paragraphs are one region (the finder's patterns
    do not cross a blank line), which saves thousands of calls on a long text."""
    parts = sorted([(b.start, b.end, True) for b in body] +
                   [(f.start, f.end, f.kind in ("headline", "caption")) for f in front])
    regions: list[tuple[int, int]] = []
    joinable = False
    for start, end, cited in parts:
        if not cited:
            joinable = False
            continue
        if joinable:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
        joinable = True
    return regions


__all__ = ["parse", "parse_many", "PARSER_VERSION"]
