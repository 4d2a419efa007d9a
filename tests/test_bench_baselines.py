"""The baselines bench/bench_build.py times beside briefkit: the same texts, built by
another tool. No timing here; these check that what is timed is the same corpus, built
whole, so that a ratio against it means something."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # ``bench`` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.bench_build import hugo_pagefind_build, hugo_project, make_content, pagefind_command  # noqa: E402


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return make_content(tmp_path_factory.mktemp("bench"), 3)


def test_the_hugo_project_has_each_brief_as_one_markdown_page(content, tmp_path):
    project = hugo_project(content, tmp_path / "hugo")
    pages = sorted((project / "content" / "briefs").glob("*.md"))
    briefs = sorted((content / "briefs").glob("*.txt"))
    assert [page.stem for page in pages] == [brief.stem for brief in briefs]
    for page, brief in zip(pages, briefs):
        front, body = page.read_text(encoding="utf-8").split("\n---\n\n", 1)
        assert front == f'---\ntitle: "{brief.stem}"'
        assert body == brief.read_text(encoding="utf-8")
    assert "data-pagefind-body" in (project / "layouts" / "_default" / "single.html").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("hugo") is None or pagefind_command() is None,
                    reason="Hugo and Pagefind are optional (bench/README.md says how to install them)")
def test_hugo_and_pagefind_build_and_index_every_brief(content, tmp_path):
    assert hugo_pagefind_build(content, tmp_path) > 0
    public = tmp_path / "hugo" / "public"
    for brief in (content / "briefs").glob("*.txt"):
        page = (public / "briefs" / brief.stem / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{brief.stem}</h1>" in page
        assert brief.read_text(encoding="utf-8").split()[0] in page
    entry = json.loads((public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 3
