"""The search index kept warm between builds: after an edit, the same files as a cold
build, byte for byte, and only the chunks holding the edited brief's words rewritten."""
from __future__ import annotations

import re

import pytest

from briefkit import index

from search_support import generated_content, site_of

CHUNK = re.compile(r"search/\w+/\d+\.json\Z")


@pytest.fixture()
def content(tmp_path):
    return generated_content(tmp_path, 120)


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
    # The edited brief's documents file, and no other brief's (nor any policy's).
    docs = [path for path in after if path.startswith("search/docs/") and before.get(path) != after[path]]
    assert docs == [index.doc_file("B" + index.base36(index.brief_numbers(site)[brief.stem]))]
    assert {path for path in before if path.startswith("search/docs/")} == {
        path for path in after if path.startswith("search/docs/")}


def keys_follow_bytes(before, after):
    """A file keeps its key exactly when it keeps its bytes (a builder skips a file whose
    key it finds in the current site's manifest)."""
    for path in before.keys() & after.keys():
        old, new = before[path], after[path]
        if old.key is not None or new.key is not None:
            assert (old.key == new.key) == (old.data == new.data), path


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
    last = None
    for step in steps:
        step()
        site, registry = site_of(content)
        warm = indexer.files(site, registry)
        cold = index.index_files(site, registry, chunk_bytes=4_000)
        assert [(f.path, f.data, f.key) for f in warm] == [(f.path, f.data, f.key) for f in cold]
        files = {f.path: f for f in warm}
        if last is not None:
            keys_follow_bytes(last, files)
            # a docs file whose records show nothing new is the one made before, not made again
            assert all(files[path] is last[path] for path in files.keys() & last.keys()
                       if path.startswith("search/docs/") and files[path].data == last[path].data)
        last = files


def test_documents_files_change_with_their_own_brief_only(content):
    """An edit, a removal, an addition: each rewrites (or removes, or adds) the documents
    file of that brief alone, and warm and cold builds agree on every docs file. (Brief
    numbers as a build gives them: the ledger's, fixed once given.)"""
    indexer = index.SearchIndexer()
    briefs = sorted((content / "briefs").iterdir())
    numbers = index.brief_numbers(site_of(content)[0])

    def docs():
        site, registry = site_of(content)
        warm = {f.path: f for f in indexer.files(site, registry, numbers) if f.path.startswith("search/docs/")}
        cold = {f.path: f for f in index.index_files(site, registry, numbers=numbers)
                if f.path.startswith("search/docs/")}
        assert {p: (f.data, f.key) for p, f in warm.items()} == {p: (f.data, f.key) for p, f in cold.items()}
        return warm

    def changed(before, after):
        return sorted(p for p in before.keys() | after.keys()
                      if p not in before or p not in after or before[p].data != after[p].data)

    file_of = {path.stem: index.doc_file("B" + index.base36(numbers[path.stem])) for path in briefs}
    first = docs()
    assert len(first) == len(briefs) + len([p for p in first if p.startswith("search/docs/p/")])
    edit_sentence(briefs[7], " said nobody")
    edited = docs()
    assert changed(first, edited) == [file_of[briefs[7].stem]]
    keys_follow_bytes(first, edited)
    kept = briefs[30].read_text(encoding="utf-8")
    briefs[30].unlink()
    removed = docs()
    policies = {p for p in changed(edited, removed) if p.startswith("search/docs/p/")}  # (policies only it cited)
    assert set(changed(edited, removed)) - policies == {file_of[briefs[30].stem]}
    assert file_of[briefs[30].stem] not in removed
    briefs[30].write_text(kept, encoding="utf-8")
    back = docs()
    assert {p: f.data for p, f in back.items()} == {p: f.data for p, f in edited.items()}
    keys_follow_bytes(removed, back)


def test_chunk_boundaries_are_local():
    terms = [f"term{n:04d}" for n in range(2_000)]
    sizes = [50 + (n * 37) % 400 for n in range(2_000)]
    starts = index.chunk_cuts(terms, sizes, 4_000)
    sizes[100] += 900                               # one term's postings grow
    moved = set(index.chunk_cuts(terms, sizes, 4_000)) ^ set(starts)
    assert len(starts) > 40 and len(moved) <= 4
    for first, end in zip(starts, starts[1:]):
        assert sum(sizes[first:end]) <= 4_000 + 900
