"""A server's search index after edits, with what makes it cheap at work: unchanged briefs'
records skipped as whole lists, a frequent term's tiers laid out from the runs it kept.
Its files must be a clean build's, byte for byte."""
from __future__ import annotations

import shutil

import pytest

from briefkit import index
from briefkit.build import Builder
from briefkit.cache import cache_dir_for
from search_support import generated_content
from site_check import snapshot



@pytest.fixture
def content(tmp_path):
    return generated_content(tmp_path, 30)


def add_sentence(path, sentence: str) -> None:
    """A sentence more at the end of the fourth paragraph (as bench_build's edit does)."""
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    paragraphs[3] += " " + sentence
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")


def search_files(out) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(out / "search").items() if path != "index.html"}


def test_a_server_s_index_after_edits_removals_and_additions_equals_a_clean_build(content, tmp_path, monkeypatch):
    monkeypatch.setattr(index, "HEAD_DOCS", 20)    # tiers, and many of them
    monkeypatch.setattr(index, "TIER_DOCS", 30)
    monkeypatch.setattr(index, "_MEMO_FROM", 1)    # every term's runs kept
    out = tmp_path / "site"
    server = Builder(content, out, cache_dir=cache_dir_for(out), jobs=1)
    briefs = sorted((content / "briefs").iterdir())
    kept = briefs[10].read_text(encoding="utf-8")
    steps = [
        # words every brief has (their terms' postings move, or come, in every tier after)
        lambda: add_sentence(briefs[3], "The policy of the government is unlawful, and the court said so."),
        lambda: add_sentence(briefs[20], "Nobody has answered this point."),
        lambda: briefs[10].unlink(),
        lambda: (content / "briefs" / "brief-0099.txt").write_text(kept, encoding="utf-8"),
        lambda: add_sentence(briefs[3], "The policy is unlawful."),
    ]
    assert server.build().built
    assert server.build().built  # (the first build wrote the ids' ledger: this one has its numbers)
    states = []  # (a copy of the content, the server's index of it)
    for number, step in enumerate(steps):
        language = server._search.languages["en"]
        runs_before = {term: dict(runs) for term, runs in language.runs.items()}
        entries_before = dict(language.entries)
        groups_before = set(language.groups)
        step()
        assert server.build().built
        # made the cheap way: most briefs' records untouched (compared as whole lists), and
        # frequent terms the edit changed laid out again from runs kept from the build before.
        # (A brief removed, the first to cite a ruling no registry entry describes, gives the
        # others citing it a new table of authorities, so new views: three briefs here.)
        assert len(groups_before & set(language.groups)) >= len(groups_before) - 6, number
        relaid = [term for term, entry in language.entries.items()
                  if term in runs_before and entry is not entries_before.get(term)]
        assert relaid and any(language.runs[term].get(impact) is run
                              for term in relaid for impact, run in runs_before[term].items()), number
        copy = tmp_path / f"content-{number}"
        shutil.copytree(content, copy)
        states.append((copy, search_files(out)))
    # (one-shot builds after the server's: records are memoised for one builder at a time)
    for number, (copy, served) in enumerate(states):
        once = tmp_path / f"once-{number}"
        assert Builder(copy, once, keep=False, jobs=1).build().built
        assert served == search_files(once), number
