"""A warm indexer lays a frequent term's tiers out again from the runs it kept (postings of
one impact, ``index._window_texts``): the bytes must be those of the tiers encoded whole,
through any sequence of postings coming and going."""
from __future__ import annotations

import bisect
import random

import pytest

from briefkit import index

# Specs of a term's postings: (field, tf, field length), some holding two fields. The first
# and the last two share their impact (a text of 25 words, a title of 8, an author of 3:
# each its field's typical length), so their postings interleave in one run of that impact.
SPECS = [((2, 1, 25),), ((2, 2, 25),), ((2, 1, 31),), ((0, 1, 6), (2, 1, 25)), ((1, 1, 4),),
         ((4, 1, 8),), ((5, 1, 3),)]


def key_of(rng: random.Random) -> str:
    """A brief's key, a section's (briefs far apart too: steps past two base-36 digits) or a policy's."""
    brief = rng.choice([0, 1, 2, 3, 40, 41, 1300, 2000, 5000])
    kind = rng.random()
    if kind < 0.1:
        return "P" + index.base36(rng.randrange(index.POLICY_SLOTS))
    if kind < 0.25:
        return "B" + index.base36(brief)
    section = rng.randrange(1, 60)
    return "corge"[section % 5] + index.base36(brief) + "." + index.base36(section)  # (one record a place)


def posting(key: str, spec: tuple) -> tuple:
    return index.make_posting(spec, index.rank_number(key), key, index.rank_number(key) << 20)


@pytest.mark.parametrize("seed", range(6))
def test_tiers_from_kept_runs_equal_tiers_encoded_whole(seed, monkeypatch):
    monkeypatch.setattr(index, "HEAD_DOCS", 7)
    monkeypatch.setattr(index, "TIER_DOCS", 11)
    rng = random.Random(seed)
    postings: dict[str, tuple] = {}
    ranked: list[tuple] = []
    runs: dict = {}
    for step in range(160):
        # as ``_Language.update`` does: a posting comes, goes or changes its spec, and the
        # codes kept of its spec's postings in its run are dropped
        key = key_of(rng)
        old = postings.pop(key, None)
        if old is not None:
            del ranked[bisect.bisect_left(ranked, old)]
            runs.get(old[0], {}).pop(old[3], None)
        if old is None or rng.random() < 0.6:
            new = postings[key] = posting(key, rng.choice(SPECS))
            bisect.insort(ranked, new)
            runs.get(new[0], {}).pop(new[3], None)
        if not ranked:
            continue
        warm = index.term_entry("en", "word", ranked, runs, [None, None])
        cold = index.term_entry("en", "word", list(ranked))
        assert warm == cold, step
    assert len(ranked) > 7 + 2 * 11 and runs  # tiers were made, and from kept runs ...
    assert any(len(specs) > 1 for specs in runs.values())  # ... some of specs of one impact
