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

from bench.bench_build import (hugo_pagefind_build, hugo_project, make_content, mkdocs_project,  # noqa: E402
                               pagefind_command, site_texts)
from briefkit.load import load_content  # noqa: E402
from briefkit.parse import parse  # noqa: E402


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return make_content(tmp_path_factory.mktemp("bench"), 3)


def _front(page: Path) -> tuple[dict, str]:
    """A Markdown page's front matter (JSON-quoted values) and body."""
    head, body = page.read_text(encoding="utf-8").split("\n---\n\n", 1)
    lines = head.removeprefix("---\n").splitlines()
    return {key: json.loads(value) for key, value in (line.split(": ", 1) for line in lines)}, body


def _sections(content: Path) -> dict[str, list[str]]:
    """Each brief's section texts, as briefkit's parser finds them (one brief at a time,
    not ``site_texts``' pool)."""
    loaded = load_content(content)
    return {Path(source.path).stem: [section.text for section in parse(source, loaded.registry).sections]
            for source in loaded.sources}


def test_site_texts_are_each_brief_and_its_sections(content):
    texts = site_texts(content)
    assert [stem for stem, _, _ in texts] == sorted(path.stem for path in (content / "briefs").glob("*.txt"))
    sections = _sections(content)
    for stem, text, parts in texts:
        assert text == (content / "briefs" / f"{stem}.txt").read_text(encoding="utf-8")
        assert parts == sections[stem] and len(parts) >= 5  # a generated op-ed has many sections


def test_the_hugo_project_has_the_pages_briefkit_makes_of_each_brief(content, tmp_path):
    project = hugo_project(site_texts(content), tmp_path / "hugo")
    briefs = sorted((content / "briefs").glob("*.txt"))
    assert sorted(page.stem for page in (project / "content" / "briefs").glob("*.md")) == [b.stem for b in briefs]
    sections = _sections(content)
    for brief in briefs:
        front, body = _front(project / "content" / "briefs" / f"{brief.stem}.md")
        assert front == {"title": brief.stem}
        assert body == brief.read_text(encoding="utf-8")
        texts = sections[brief.stem]
        assert len(texts) >= 5  # a generated op-ed has many sections
        for number, text in enumerate(texts, 1):
            front, body = _front(project / "content" / "sections" / f"{brief.stem}-{number}.md")
            assert front == {"title": f"{brief.stem} {number}", "url": f"/briefs/{brief.stem}/{number}/"}
            assert body == text
            front, body = _front(project / "content" / "embed" / f"{brief.stem}-{number}.md")
            assert front == {"title": f"{brief.stem} {number}", "layout": "embed"}
            assert body == text
    total = sum(map(len, sections.values()))
    assert len(list((project / "content" / "sections").glob("*.md"))) == total
    assert len(list((project / "content" / "embed").glob("*.md"))) == total
    layouts = project / "layouts" / "_default"
    assert "data-pagefind-body" in (layouts / "single.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (layouts / "embed.html").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("hugo") is None or pagefind_command() is None,
                    reason="Hugo and Pagefind are optional (bench/README.md says how to install them)")
def test_hugo_and_pagefind_build_every_page_and_index_briefs_and_sections(content, tmp_path):
    project = hugo_project(site_texts(content), tmp_path / "hugo")
    assert hugo_pagefind_build(project) > 0
    public = project / "public"
    sections = _sections(content)
    for stem, texts in sections.items():
        page = (public / "briefs" / stem / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{stem}</h1>" in page
        assert (content / "briefs" / f"{stem}.txt").read_text(encoding="utf-8").split()[0] in page
        for number, text in enumerate(texts, 1):
            first = text.split()[0]
            assert first in (public / "briefs" / stem / str(number) / "index.html").read_text(encoding="utf-8")
            assert first in (public / "embed" / f"{stem}-{number}" / "index.html").read_text(encoding="utf-8")
    entry = json.loads((public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    assert indexed == len(sections) + sum(map(len, sections.values()))  # briefs and sections, no embeds


def test_the_mkdocs_project_has_the_same_pages(content, tmp_path):
    texts = site_texts(content)
    docs = mkdocs_project(texts, tmp_path / "mkdocs") / "docs"
    for stem, text, sections in texts:
        assert (docs / "briefs" / f"{stem}.md").read_text(encoding="utf-8") == f"# {stem}\n\n{text}"
        for folder in ("sections", "embed"):
            for number, section in enumerate(sections, 1):
                assert (docs / folder / f"{stem}-{number}.md").read_text(encoding="utf-8") \
                    == f"# {stem} {number}\n\n{section}"
            assert len(list((docs / folder).glob(f"{stem}-*.md"))) == len(sections)
