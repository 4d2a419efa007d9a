"""One-shot builds (``python build.py``) bring the search index up to date from the last
one's (``search_state``) instead of making it again: the files are still those of a
clean build, byte for byte, and a state that does not describe the site is not used."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from bench.corpus import write_corpus
from briefkit import index, search_state
from briefkit.build import Builder
from briefkit.cache import cache_dir_for
from briefkit.load import load_content
from briefkit.search_state import SearchState, decode_postings
from briefkit.write import write

from search_support import generated_content, site_of
from site_check import clean_build, edit, snapshot, themed_project


@pytest.fixture
def small_tiers(monkeypatch):
    """Terms with tiers besides their head, in a site of a few dozen briefs."""
    monkeypatch.setattr(index, "HEAD_DOCS", 20)
    monkeypatch.setattr(index, "TIER_DOCS", 40)


@pytest.fixture
def updates(tmp_path, monkeypatch):
    """What builds updated the kept index since last asked: True for each (in any process)."""
    log = tmp_path / "updates.log"
    update = SearchState._update

    def spy(self, *args):
        made = update(self, *args)  # (an update that fails, for a build from scratch, is not one)
        with open(log, "a", encoding="utf-8") as file:
            file.write("update\n")
        return made

    monkeypatch.setattr(SearchState, "_update", spy)

    def taken() -> list[bool]:
        found = [True] * len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else []
        log.unlink(missing_ok=True)
        return found
    return taken


def test_decoded_postings_are_the_indexers_own(tmp_path, small_tiers):
    """Every term's head and tiers, as written, decode to the postings (spec and key) the
    indexer holds for it: nothing lost, nothing added, across brief, section and policy keys."""
    content = generated_content(tmp_path, 40)
    site, registry = site_of(content)
    indexer = index.SearchIndexer()
    files = {file.path: file.data for file in indexer.files(site, registry)}
    language = indexer.languages["en"]
    checked = tiers = 0
    for path, data in files.items():
        if not path.startswith("search/en/") or "/t/" in path:
            continue
        for term, order, with_term, head, tail in json.loads(data)["terms"]:
            texts = [head] + [json.loads(files[f"search/en/t/{name}.json"])["p"] for name in (tail[0] if tail else [])]
            tiers += len(texts) - 1
            decoded = [pair for text in texts for pair in decode_postings(text)]
            expected = {key: posting[3] for key, posting in language.postings[term].items()}
            assert len(decoded) == len(expected), term
            assert {key: spec for spec, key in decoded} == expected, term
            assert with_term == sum(len(spec) for spec in expected.values())
            checked += 1
    assert checked == len(language.postings) and tiers > 0
    assert any(key.startswith("P") for key in language.postings["asylum"])  # a policy's record too


def test_decoding_refuses_what_encoding_does_not_make():
    assert decode_postings("t23=r2s.7,c.9,e1.3 n2x9b9=B4") == [
        (((2, 1, 23),), "r2s.7"), (((2, 1, 23),), "c2s.9"), (((2, 1, 23),), "e2t.3"),
        (((0, 2, 9), (4, 1, 9)), "B4")]
    for bad in ("t23", "q5=B1", "t23=", "=B1"):
        with pytest.raises(ValueError):
            decode_postings(bad)


def add_words(path, words: str) -> None:
    """Add words after the first sentence of the brief's middle paragraph (a section's text)."""
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    middle = len(paragraphs) // 2
    sentence = paragraphs[middle].split(". ")[0]
    paragraphs[middle] = paragraphs[middle].replace(sentence, f"{sentence}. {words}", 1)
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")


def search_files(out) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(out).items() if path.startswith("search/")}


def one_shot(project, jobs=1):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=jobs, keep=False)
    if jobs != 1:
        builder.parallel_pages = 10  # the search index made on a worker, as at 1,000 briefs
    result = builder.build()
    assert result.built, result.diagnostics
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_shot_builds_after_edits_give_what_a_clean_build_gives(tmp_path, small_tiers, updates, jobs):
    project = themed_project(tmp_path, 30)
    content, briefs = project / "content", project / "content" / "briefs"
    kept = (briefs / "brief-0007.txt").read_text(encoding="utf-8")
    steps = [
        ("first build", lambda: None, []),
        ("nothing changed", lambda: None, [True]),
        ("a sentence edited", lambda: add_words(briefs / "brief-0002.txt", "Nobody disputes this"), [True]),
        ("a new word", lambda: add_words(briefs / "brief-0003.txt", "A zyxwvut appeared"), [True]),
        ("the new word gone", lambda: edit(briefs / "brief-0003.txt", ". A zyxwvut appeared", ""), [True]),
        ("a brief deleted", lambda: (briefs / "brief-0007.txt").unlink(), [True]),
        ("it came back", lambda: (briefs / "brief-0007.txt").write_text(kept, encoding="utf-8"), [True]),
        ("a brief added", lambda: shutil.copy(briefs / "brief-0004.txt", briefs / "brief-0099.txt"), [True]),
        ("a brief renamed", lambda: (briefs / "brief-0005.txt").rename(briefs / "brief-0055.txt"), [True]),
        ("a template edited", lambda: edit(project / "templates" / "section.html", "</article>",
                                           "</article><p>Edited.</p>"), [True]),
        ("a policy's aliases edited", lambda: edit(content / "policies.yaml", "aliases: [A-B-]",
                                                   "aliases: [A-B-, the asylum ruling]"), None),
        ("the first brief's words edited", lambda: add_words(briefs / "brief-0001.txt", "Firstly, asylum"), [True]),
    ]
    before: dict = {}
    for what, change, expected in steps:
        change()
        out = one_shot(project, jobs)
        made = updates()
        assert snapshot(out) == clean_build(project), what
        if expected is not None:
            assert made == expected, what
        after = search_files(out)
        if what not in ("first build", "nothing changed", "a template edited"):
            # (the index did change: chunks, and the edited brief's documents)
            changed = {path for path in after.keys() | before.keys() if before.get(path) != after.get(path)}
            assert any(path.startswith("search/en/") for path in changed), what
        before = after


def test_a_state_that_does_not_describe_the_site_is_not_used(tmp_path, small_tiers, updates):
    project = themed_project(tmp_path, 12)
    content, out = project / "content", project / "site"
    state = out.parent / ".briefkit-cache" / "site-site" / search_state.FILE
    one_shot(project)
    assert state.is_file() and updates() == []
    # a server's build in between changes the site; the state then lists files it lacks
    add_words(content / "briefs" / "brief-0002.txt", "Nobody disputes this")
    assert Builder(content, out, cache_dir=cache_dir_for(out)).build().built
    add_words(content / "briefs" / "brief-0003.txt", "Nobody disputes that")
    one_shot(project)
    assert updates() == [] and snapshot(out) == clean_build(project)
    add_words(content / "briefs" / "brief-0004.txt", "Nobody disputes it")
    one_shot(project)
    assert updates() == [True] and snapshot(out) == clean_build(project)
    # a damaged state: indexed from scratch, and kept anew
    state.write_bytes(b"not a database" * 100)
    add_words(content / "briefs" / "brief-0005.txt", "Nobody disputes them")
    one_shot(project)
    assert updates() == [] and snapshot(out) == clean_build(project)
    with sqlite3.connect(state) as connection:  # every brief's group, and the policies'
        assert connection.execute("SELECT count(*) FROM groups").fetchone()[0] == \
            len(load_content(content).sources) + 1
    add_words(content / "briefs" / "brief-0006.txt", "Nobody disputes those")
    one_shot(project)
    assert updates() == [True] and snapshot(out) == clean_build(project)


def test_a_site_file_unlike_its_manifest_entry_is_not_decoded(tmp_path, small_tiers):
    content = generated_content(tmp_path, 12)
    out = tmp_path / "site"
    briefs = sorted((content / "briefs").iterdir())

    def written(files) -> dict:
        """Write the files; what a build's manifest would list of them (path -> [hash, key, inode])."""
        write(files, out)
        return {file.path: [search_state.digest(file.data), file.key, 0] for file in files}

    site, registry = site_of(content)
    first = SearchState(tmp_path / "state.sqlite", out, None)
    current = written(list(first.files(site, registry)))
    assert not first.incremental
    add_words(briefs[3], "Nobody disputes this")
    site, registry = site_of(content)
    again = SearchState(tmp_path / "state.sqlite", out, current)
    made = list(again.files(site, registry))
    cold = index.index_files(site, registry)
    assert again.incremental
    assert {file if isinstance(file, str) else file.path: None if isinstance(file, str) else file.data
            for file in made} == {file.path: None if file.path in made else file.data for file in cold}
    current = written(cold)
    # a chunk changed by hand since: the index is made from scratch, not from it
    chunk = out / "search" / "en" / "0.json"
    chunk.write_bytes(chunk.read_bytes().replace(b'"terms":[', b'"terms":[["aaa",0,1,"t1=B0",0],', 1))
    add_words(briefs[4], "Nobody disputes that")
    site, registry = site_of(content)
    third = SearchState(tmp_path / "state.sqlite", out, current)
    assert [(file.path, file.data) for file in third.files(site, registry)] == \
        [(file.path, file.data) for file in index.index_files(site, registry)]
    assert not third.incremental


def test_two_languages_and_a_brief_changing_language(tmp_path, small_tiers, updates):
    """Each language's chunks are brought up to date on their own; a brief whose language
    changes moves its records between indexes, which is done from scratch."""
    from search_support import content_with_spanish

    project = tmp_path
    content = content_with_spanish(project)
    write_corpus(8, content / "briefs")
    spanish = content / "briefs" / "asilo-violencia-domestica.txt"
    one_shot(project)
    assert updates() == []
    add_words(spanish, "Nadie lo discute")
    before = search_files(project / "site")
    one_shot(project)
    assert updates() == [True] and snapshot(project / "site") == clean_build(project)
    changed = {path for path, data in search_files(project / "site").items() if before.get(path) != data}
    assert any(path.startswith("search/es/") for path in changed)
    assert not any(path.startswith("search/en/") for path in changed)
    meta = content / "briefs" / "brief-0003.yaml"
    meta.write_text((meta.read_text(encoding="utf-8") if meta.exists() else "") + "lang: es\n", encoding="utf-8")
    one_shot(project)
    assert updates() == [] and snapshot(project / "site") == clean_build(project)
    add_words(content / "briefs" / "brief-0004.txt", "Nobody disputes this")
    one_shot(project)
    assert updates() == [True] and snapshot(project / "site") == clean_build(project)
