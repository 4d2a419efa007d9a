"""Settling candidates: which win their overlaps, which keys are one policy, and the
``CitedPolicy`` values built from the groups."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

from ...model import CitedPolicy, Mention, Registry
from .candidates import _RANK_CASE, _RANK_REGISTRY, _Candidate, _family_of
from .labels import _registry_label_for
from .text import _slug


class _Spans:
    """Non-overlapping spans, kept sorted, with a fast overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return False
        return i + 1 >= len(self.starts) or self.starts[i + 1] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class _Keys:
    """Union-find over policy keys; a registry key always represents its group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while (parent := self.parent.setdefault(root, root)) != root:
            root = parent
        while key != root:
            key, self.parent[key] = self.parent[key], root
        return root

    def union(self, a: str, b: str) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            if b.startswith("reg:") and not a.startswith("reg:"):
                a, b = b, a
            self.parent[b] = a


def _select(candidates: Iterable[_Candidate], taken: _Spans) -> list[_Candidate]:
    """The candidates that win their overlaps: higher rank, then longer, then earlier."""
    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.rank, c.start - c.end, c.start)):
        if c.end > c.start and taken.free(c.start, c.end):
            taken.add(c.start, c.end)
            chosen.append(c)
    return chosen


def _as_registry(c: _Candidate, registry: Registry) -> _Candidate:
    """A pattern match whose name, or acronym, is a registry name or alias is that
    registry policy."""
    if c.registry_id is not None or not registry.policies:
        return c
    found = next(filter(None, (_registry_label_for(registry, label)
                               for label in (c.name, *c.aliases))), None)
    if found is None:
        return c
    policy = found[0]
    return _Candidate(c.start, c.end, f"reg:{policy.id}", policy.name, policy.kind,
                      f"{c.why}, registry alias '{found[1]}'", _RANK_REGISTRY,
                      family=_family_of(policy.name, policy.kind), registry_id=policy.id,
                      citation=policy.citation, aliases=c.aliases, link=c.link)


def _policies(text: str, chosen: list[_Candidate], keys: _Keys,
              registry: Registry) -> tuple[CitedPolicy, ...]:
    groups: dict[str, list[_Candidate]] = {}
    for c in sorted(chosen, key=lambda c: c.start):
        groups.setdefault(keys.find(c.key), []).append(c)
    used_ids = {p.id for p in registry.policies}
    policies = []
    for members in groups.values():
        registry_id = next((c.registry_id for c in members if c.registry_id), None)
        policy = registry.get(registry_id) if registry_id else None
        if policy is not None:
            naming = next(c for c in members if c.registry_id)
            policy_id, name, kind = policy.id, policy.name, policy.kind
            citation = policy.citation or next((c.citation for c in members if c.citation), None)
        else:
            # A case name names its policy even when its citation outranks it.
            cases = [c for c in members if c.rank == _RANK_CASE]
            naming = cases[0] if cases else min(members, key=lambda c: (-c.rank, c.start))
            name, kind = naming.name, naming.kind
            citation = next((c.citation for c in members if c.citation), None)
            policy_id = base = _slug(name)
            n = 2
            while policy_id in used_ids:
                policy_id, n = f"{base}-{n}", n + 1
        used_ids.add(policy_id)
        mentions = tuple(Mention(c.start, c.end, text[c.start:c.end], c.why) for c in members)
        policies.append(CitedPolicy(policy_id, name, kind, citation, mentions,
                                    in_registry=policy is not None, why=naming.why))
    return tuple(policies)
