"""cache: parsed briefs kept as plain JSON, so an unchanged brief is not parsed again.

The key is a hash of everything ``parse`` reads: the source (path, text, metadata,
overrides), the policy registry and ``PARSER_VERSION``. A changed input is a new key,
never a stale hit; an unreadable or damaged entry is parsed again. Never pickle.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from .model import (Brief, BriefMeta, CitedPolicy, Diagnostic, FrontPart, Mention, Override,
                    Registry, Section, Sentence, Source)
from .parse import PARSER_VERSION, parse_many

FOLDER = ".briefkit-cache"


def cache_dir_for(out_dir: Path) -> Path:
    """The cache beside the output folder (``site/`` -> ``.briefkit-cache/``)."""
    return Path(out_dir).absolute().parent / FOLDER


def brief_to_json(brief: Brief) -> dict:
    return asdict(brief)


def _source(data: dict) -> Source:
    meta = BriefMeta(**{**data["meta"], "tags": tuple(data["meta"]["tags"])})
    overrides = tuple(Override(**{**o, "targets": tuple(o["targets"])}) for o in data["overrides"])
    return Source(**{**data, "meta": meta, "overrides": overrides})


def _section(data: dict) -> Section:
    return Section(**{**data, "sentences": tuple(Sentence(**s) for s in data["sentences"]),
                      "responds_to": tuple(data["responds_to"]), "policies": tuple(data["policies"])})


def brief_from_json(data: dict) -> Brief:
    return Brief(
        source=_source(data["source"]) if data["source"] is not None else None,
        front=tuple(FrontPart(**part) for part in data["front"]),
        sections=tuple(_section(section) for section in data["sections"]),
        policies=tuple(CitedPolicy(**{**p, "mentions": tuple(Mention(**m) for m in p["mentions"])})
                       for p in data["policies"]),
        diagnostics=tuple(Diagnostic(**d) for d in data["diagnostics"]),
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
        described = json.dumps([PARSER_VERSION, registry_hash, asdict(source)], sort_keys=True)
        return hashlib.sha256(described.encode("utf-8")).hexdigest()
    return _remembered((source, registry_hash), make)


def _read(path: Path, source: Source) -> Brief | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        brief = brief_from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: parse again
    return Brief(source, brief.front, brief.sections, brief.policies, brief.diagnostics)


def _store(path: Path, brief: Brief) -> None:
    data = brief_to_json(brief)
    data["source"] = None  # the key already stands for the source; no need to keep the text twice
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            # dumps, not dump: dump streams through the pure-Python encoder, five times slower
            file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(temporary, path)  # readers never see half an entry
    except OSError:
        pass  # a cache that cannot be written only costs time


def parse_cached(sources: Sequence[Source], registry: Registry, cache_dir: Path | None,
                 memo: dict[str, Brief] | None = None) -> list[Brief]:
    """``parse_many(sources, registry)``, reading unchanged briefs from ``cache_dir``.

    ``memo`` (parse key -> brief) keeps parsed briefs in memory between the builds of
    one process (``serve``): an unchanged brief is then the very same object, which
    lets later stages keep what they made from it. It is trimmed to the briefs seen."""
    if cache_dir is None and memo is None:
        return parse_many(sources, registry)
    folder = Path(cache_dir) / "parse" if cache_dir is not None else None
    registry_hash = registry_key(registry)
    keys = [parse_key(source, registry_hash) for source in sources]
    found: list[Brief | None] = [None] * len(sources)
    for i, (key, source) in enumerate(zip(keys, sources)):
        if memo is not None and key in memo:
            found[i] = memo[key]
        elif folder is not None:
            found[i] = _read(folder / f"{key}.json", source)
    missing = [i for i, brief in enumerate(found) if brief is None]
    for i, brief in zip(missing, parse_many([sources[i] for i in missing], registry)):
        if folder is not None:
            _store(folder / f"{keys[i]}.json", brief)
        found[i] = brief
    if memo is not None:
        memo.clear()
        memo.update(zip(keys, found))
    return found
