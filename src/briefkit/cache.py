"""cache: parsed briefs kept as plain JSON, so an unchanged brief is not parsed again.

The key is a hash of everything ``parse`` reads: the source (path, text, metadata,
overrides), the policy registry, ``PARSER_VERSION`` and the entry's ``FORMAT``. A changed
input is a new key, never a stale hit; an unreadable, damaged or older entry is parsed
again. Never pickle.

An entry is a JSON array: ``FORMAT`` then the brief's parts, each value a list of its
fields in the order of ``model.py`` (``FIELDS`` below), not a dict: nothing is named
twice a sentence. A text that is the source's own slice ``[start:end]`` (all of them,
in practice) is kept as ``null`` and sliced again on reading: the source is not stored,
its key already stands for it.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

from .model import (Brief, CitedPolicy, Diagnostic, FrontPart, Mention, Registry, Section,
                    Sentence, Source)
from .parse import PARALLEL_MIN_BYTES, PARSER_VERSION, _parse_detached, parse_many

FOLDER = ".briefkit-cache"
FORMAT = 2  # 1: dataclasses.asdict, source included; 2: arrays, texts sliced from the source

# The order of the values in an entry, which is each class's field order (a test checks).
FIELDS = {
    FrontPart: ("kind", "start", "end", "text", "why"),
    Sentence: ("start", "end", "text", "paragraph", "role", "why"),
    Section: ("id", "kind", "start", "end", "text", "sentences", "responds_to", "policies", "why"),
    Mention: ("start", "end", "text", "why"),
    CitedPolicy: ("id", "name", "kind", "citation", "mentions", "in_registry", "why"),
    Diagnostic: ("path", "line", "column", "code", "message", "severity"),
    Brief: ("source", "front", "sections", "policies", "diagnostics"),
}


def cache_dir_for(out_dir: Path) -> Path:
    """The cache beside the output folder (``site/`` -> ``.briefkit-cache/``)."""
    return Path(out_dir).absolute().parent / FOLDER


def brief_to_json(brief: Brief) -> list:
    """The brief as an entry: plain lists, strings, numbers and nulls (no source)."""
    text = brief.source.text

    def own(part) -> str | None:  # None when the source holds the very same text
        value = part.text
        if len(value) == part.end - part.start and text.startswith(value, part.start):
            return None
        return value

    return [
        FORMAT,
        [[f.kind, f.start, f.end, own(f), f.why] for f in brief.front],
        [[s.id, s.kind, s.start, s.end, own(s),
          [[t.start, t.end, own(t), t.paragraph, t.role, t.why] for t in s.sentences],
          list(s.responds_to), list(s.policies), s.why] for s in brief.sections],
        [[p.id, p.name, p.kind, p.citation, [[m.start, m.end, own(m), m.why] for m in p.mentions],
          p.in_registry, p.why] for p in brief.policies],
        [[d.path, d.line, d.column, d.code, d.message, d.severity] for d in brief.diagnostics],
    ]


def brief_from_json(data: list, source: Source) -> Brief:
    """The brief of an entry made by ``brief_to_json`` from a brief of ``source``.

    Raises ValueError, TypeError or IndexError on anything else (an older format too)."""
    if type(data) is not list or data[0] != FORMAT or len(data) != 5:
        raise ValueError("not an entry of this format")
    _, front, sections, policies, diagnostics = data
    text = source.text
    return Brief(
        source,
        tuple([FrontPart(kind, start, end, text[start:end] if own is None else own, why)
               for kind, start, end, own, why in front]),
        tuple([Section(id_, kind, start, end, text[start:end] if own is None else own,
                       tuple([Sentence(start, end, text[start:end] if own is None else own,
                                       paragraph, role, why)
                              for start, end, own, paragraph, role, why in sentences]),
                       tuple(responds_to), tuple(cited), why)
               for id_, kind, start, end, own, sentences, responds_to, cited, why in sections]),
        tuple([CitedPolicy(id_, name, kind, citation,
                           tuple([Mention(start, end, text[start:end] if own is None else own, why)
                                  for start, end, own, why in mentions]),
                           in_registry, why)
               for id_, name, kind, citation, mentions, in_registry, why in policies]),
        tuple([Diagnostic(*diagnostic) for diagnostic in diagnostics]),
    )


# Keys already worked out in this process (a server's builds load the same sources again
# and again: equal, not the same objects), dropped wholesale when they pile up.
_KEYS: dict[tuple, str] = {}
_MOST_KEYS = 50_000


def _remembered(memo_key: tuple, make) -> str:
    try:
        found = _KEYS.get(memo_key)
    except TypeError:  # not hashable: work it out every time
        return make()
    if found is None:
        if len(_KEYS) >= _MOST_KEYS:
            _KEYS.clear()
        found = _KEYS[memo_key] = make()
    return found


def registry_key(registry: Registry) -> str:
    return _remembered(("registry", registry), lambda: hashlib.sha256(
        json.dumps(asdict(registry), sort_keys=True).encode()).hexdigest())


def parse_key(source: Source, registry_hash: str) -> str:
    def make() -> str:
        described = json.dumps([PARSER_VERSION, FORMAT, registry_hash, asdict(source)], sort_keys=True)
        return hashlib.sha256(described.encode("utf-8")).hexdigest()
    return _remembered((source, registry_hash), make)


def _read(path: Path, source: Source) -> Brief | None:
    try:
        return brief_from_json(json.loads(path.read_bytes()), source)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # missing, damaged or of another format: parse again


def _store(path: Path, brief: Brief) -> None:
    """Write the entry of ``brief`` (with its source) at ``path``, in whichever process
    parsed it: ``parse_many`` calls it in its pool's workers."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            # dumps, not dump: dump streams through the pure-Python encoder, five times slower
            file.write(json.dumps(brief_to_json(brief), ensure_ascii=False, separators=(",", ":")))
        os.replace(temporary, path)  # readers never see half an entry
    except OSError:
        pass  # a cache that cannot be written only costs time


def parse_cached(sources: Sequence[Source], registry: Registry, cache_dir: Path | None,
                 memo: dict[str, Brief] | None = None, meanwhile: Callable[[], object] | None = None,
                 pool=None, aside: bool = False) -> list[Brief]:
    """``parse_many(sources, registry)``, reading unchanged briefs from ``cache_dir``.

    ``memo`` (parse key -> brief) keeps parsed briefs in memory between the builds of
    one process (``serve``): an unchanged brief is then the very same object, which
    lets later stages keep what they made from it. It is trimmed to the briefs seen.
    ``meanwhile``: called once, while the briefs not found are parsed (``parse_many``);
    ``pool``: what to parse them on (``parse_many``). ``aside``: a few briefs not in the
    cache, in a process that has not parsed yet (``python build.py`` after an edit), are
    parsed on a process forked for them while this one reads the others from the cache
    and calls ``meanwhile``: the parser's first use imports eyecite (a quarter of a
    second), which then costs this process nothing."""
    if cache_dir is None and memo is None:
        return parse_many(sources, registry, meanwhile=meanwhile, pool=pool)
    folder = Path(cache_dir) / "parse" if cache_dir is not None else None
    registry_hash = registry_key(registry)
    keys = [parse_key(source, registry_hash) for source in sources]
    found: list[Brief | None] = [None] * len(sources)
    read = False
    if folder is not None and aside and pool is None and not memo and "eyecite" not in sys.modules \
            and "fork" in multiprocessing.get_all_start_methods():
        guess = [i for i, key in enumerate(keys) if not os.path.exists(folder / f"{key}.json")]
        if guess and sum(len(sources[i].text) for i in guess) < PARALLEL_MIN_BYTES:
            def read_then_meanwhile() -> None:
                _read_all(found, keys, sources, memo, folder, skip=set(guess))
                if meanwhile is not None:
                    meanwhile()
            for i, brief in zip(guess, _parse_aside([sources[i] for i in guess], registry,
                                                    _stores(folder, keys, guess), read_then_meanwhile)):
                found[i] = brief  # (None: not parsed there, parsed below)
            read, meanwhile = True, None
    if not read:
        _read_all(found, keys, sources, memo, folder)
    missing = [i for i, brief in enumerate(found) if brief is None]
    store = _stores(folder, keys, missing) if folder is not None and missing else None
    for i, brief in zip(missing, parse_many([sources[i] for i in missing], registry, then=store,
                                                 meanwhile=meanwhile, pool=pool)):
        found[i] = brief
    if memo is not None:
        memo.clear()
        memo.update(zip(keys, found))
    return found


def _read_all(found: list, keys: list[str], sources: Sequence[Source], memo: dict | None,
              folder: Path | None, skip: set[int] = frozenset()) -> None:
    """Fill ``found`` with the briefs of ``memo`` and of the cache (None where neither has one)."""
    # Reading makes a hundred thousand small objects and no cycles: the cyclic collector
    # would rescan them again and again (half the time of reading 1,000 entries), so it waits.
    enabled = gc.isenabled()
    gc.disable()
    try:
        for i, (key, source) in enumerate(zip(keys, sources)):
            if i in skip:
                continue
            if memo is not None and key in memo:
                found[i] = memo[key]
            elif folder is not None:
                found[i] = _read(folder / f"{key}.json", source)
    finally:
        if enabled:
            gc.enable()


def _stores(folder: Path, keys: list[str], indices: list[int]) -> list | None:
    """What stores each of these briefs in the cache, where it is parsed (None: no cache folder)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written only costs time
    return [partial(_store, folder / f"{keys[i]}.json") for i in indices]


def _parse_aside(sources: list[Source], registry: Registry, store: list | None,
                 meanwhile: Callable[[], object]) -> list[Brief | None]:
    """``sources`` parsed on one forked process while this one calls ``meanwhile`` (once,
    whatever happens). None for a brief that process did not give back (it could not be
    forked, or died): the caller parses it."""
    futures: list = []
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        futures = [pool.submit(_parse_detached, source, registry, store[n] if store else None)
                   for n, source in enumerate(sources)]
    except (OSError, RuntimeError):
        futures = []
    try:
        meanwhile()
        found: list[Brief | None] = []
        for n, source in enumerate(sources):
            try:
                found.append(replace(futures[n].result(), source=source))
            except (IndexError, OSError, RuntimeError, BrokenProcessPool):
                found.append(None)
        return found
    finally:
        if pool is not None:
            # Joined, not left to exit in its own time: ``python build.py`` ends with
            # os._exit, and a worker still waiting for work would outlive it, holding the
            # standard streams open (a build failing fast on a content error did).
            pool.shutdown(wait=True, cancel_futures=True)
