"""The search index kept warm between builds: after an edit, the same files as a cold
build, byte for byte, and only the chunks holding the edited brief's words rewritten."""
from __future__ import annotations

import re
import shutil

import pytest

from briefkit import index

from search_support import ROOT, site_of

CHUNK = re.compile(r"search/\w+/\d+\.json\Z")


@pytest.fixture()
def content(tmp_path):
    from bench.corpus import write_corpus
    folder = tmp_path / "content"
    write_corpus(120, folder / "briefs")
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    return folder


def edit_sentence(path, addition=" and the committee reviewed it"):
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    middle = len(paragraphs) // 2
    sentence = paragraphs[middle].split(". ")[0]
    paragraphs[middle] = paragraphs[middle].replace(sentence, sentence + addition, 1)
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")


def as_dict(files):
    found = {f.path: f.data for f in files}
    assert len(found) == len(files)
    return found


def test_an_edit_rewrites_few_chunks_and_equals_a_clean_build(content):
    site, registry = site_of(content)
    indexer = index.SearchIndexer()
    before = as_dict(indexer.files(site, registry))
    assert before == as_dict(index.index_files(site, registry))
    brief = sorted((content / "briefs").iterdir())[60]
    edit_sentence(brief)
    site, registry = site_of(content)
    warm = indexer.files(site, registry)
    cold = index.index_files(site, registry)
    assert [(f.path, f.data) for f in warm] == [(f.path, f.data) for f in cold]
    after = as_dict(cold)
    chunks = [path for path in after if CHUNK.match(path)]
    changed = [path for path in chunks if before.get(path) != after[path]]
    # The edited section's words are few, and content-defined boundaries stay put.
    assert 0 < len(changed) <= max(6, len(chunks) // 8), (len(changed), len(chunks))
    assert set(chunks) == {path for path in before if CHUNK.match(path)}
    docs = [path for path in after if path.startswith("search/docs/") and before.get(path) != after[path]]
    assert 1 <= len(docs) <= 3


def test_edits_removals_and_additions_equal_a_clean_build(content, monkeypatch):
    monkeypatch.setattr(index, "HEAD_DOCS", 20)      # tiers too
    monkeypatch.setattr(index, "TIER_DOCS", 50)
    monkeypatch.setattr(index, "_MEMO_FROM", 1)     # a warm indexer's remembered postings texts too
    indexer = index.SearchIndexer(chunk_bytes=4_000)
    briefs = sorted((content / "briefs").iterdir())
    kept = briefs[5].read_text(encoding="utf-8")
    steps = [lambda: edit_sentence(briefs[3], " said nobody"),
             lambda: edit_sentence(briefs[90], " — and a wholly new word: zyxwvut"),
             lambda: briefs[5].unlink(),
             lambda: briefs[5].write_text(kept, encoding="utf-8"),
             lambda: None]
    for step in steps:
        step()
        site, registry = site_of(content)
        warm = indexer.files(site, registry)
        assert as_dict(warm) == as_dict(index.index_files(site, registry, chunk_bytes=4_000))


def test_chunk_boundaries_are_local():
    terms = [f"term{n:04d}" for n in range(2_000)]
    sizes = [50 + (n * 37) % 400 for n in range(2_000)]
    starts = index.chunk_cuts(terms, sizes, 4_000)
    sizes[100] += 900                               # one term's postings grow
    moved = set(index.chunk_cuts(terms, sizes, 4_000)) ^ set(starts)
    assert len(starts) > 40 and len(moved) <= 4
    for first, end in zip(starts, starts[1:]):
        assert sum(sizes[first:end]) <= 4_000 + 900
