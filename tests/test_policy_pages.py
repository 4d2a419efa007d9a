"""Policy pages in pages of PAGE_SIZE citing briefs: policies/<id>/ is page 1, further
pages are policies/<id>/page/2/ ...; an edit to one brief redraws only the page listing it."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import briefkit.build
from briefkit.assemble import PAGE_SIZE, _page_numbers
from briefkit.build import Builder
from briefkit.cache import cache_dir_for
from site_check import ROOT, clean_build, copy_content, snapshot
from test_incremental import stats

from bench.corpus import write_corpus

BASE = "https://example.org/news/"
BRIEFS = 90  # generated briefs: the most cited of their policies is cited by more than 2 × PAGE_SIZE
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"


def make_project(folder: Path, briefs: int) -> Path:
    """The default content plus generated briefs, drawn with the default theme."""
    content = copy_content(folder)
    write_corpus(briefs, content / "briefs")
    return folder


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("policy-pages"), BRIEFS)
    out = project / "site"
    result = Builder(project / "content", out, base_url=BASE).build()
    assert result.built, result.diagnostics
    return out


def page_count(out: Path, policy: str) -> int:
    return 1 + len(list((out / "policies" / policy / "page").glob("*/index.html")))


def most_paged(out: Path) -> str:
    """The policy with the most pages (three at least)."""
    policy = max((p.name for p in (out / "policies").iterdir() if p.is_dir()), key=lambda p: page_count(out, p))
    assert page_count(out, policy) >= 3, "no policy cited by more than 2 × PAGE_SIZE briefs"
    return policy


def page_path(out: Path, policy: str, number: int) -> Path:
    folder = out / "policies" / policy
    return (folder if number == 1 else folder / "page" / str(number)) / "index.html"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def brief_links(html: str) -> list[str]:
    """The briefs a policy page lists, in order (their headings' links)."""
    return re.findall(r'<h3 id="cited-\d+"><a href="(?:\.\./)+briefs/([^/"]+)/">', html)


def nav(html: str) -> str:
    found = re.findall(r'<nav class="page-toc pagination" aria-label="Pages of citations">.*?</nav>', html, re.S)
    assert len(found) == 1, "expected one pagination bar"
    return found[0]


def jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


# ---------------------------------------------------------------- structure


def test_page_numbers_show_the_ends_and_the_neighbours():
    assert _page_numbers(1, 2) == (1, 2)
    assert _page_numbers(1, 9) == (1, 2, 3, None, 9)
    assert _page_numbers(5, 9) == (1, 2, 3, 4, 5, 6, 7, 8, 9)  # a gap of one page shows that page
    assert _page_numbers(6, 12) == (1, None, 4, 5, 6, 7, 8, None, 12)
    assert _page_numbers(9, 37) == (1, None, 7, 8, 9, 10, 11, None, 37)
    assert _page_numbers(37, 37) == (1, None, 35, 36, 37)


def test_a_long_policy_is_split_into_pages_of_page_size_briefs(big_site):
    policy = most_paged(big_site)
    count = page_count(big_site, policy)
    listed = [brief_links(read(page_path(big_site, policy, n))) for n in range(1, count + 1)]
    assert all(len(briefs) == PAGE_SIZE for briefs in listed[:-1]) and 0 < len(listed[-1]) <= PAGE_SIZE
    everyone = [slug for briefs in listed for slug in briefs]
    assert len(everyone) == len(set(everyone))  # each brief on one page only
    total = len(everyone)
    # The site's order of briefs (newest first, then by slug), as the home pages list them.
    homes = [big_site / "index.html"] + sorted((big_site / "page").glob("*/index.html"),
                                                key=lambda path: int(path.parent.name))
    order = list(dict.fromkeys(slug for home in homes
                               for slug in re.findall(r'href="(?:\.\./\.\./)?briefs/([^/"]+)/"', read(home))))
    assert everyone == [slug for slug in order if slug in set(everyone)]
    for number in range(1, count + 1):
        html = read(page_path(big_site, policy, number))
        first, last = (number - 1) * PAGE_SIZE + 1, min(number * PAGE_SIZE, total)
        assert f"Briefs {first}–{last} of {total}, newest first." in html
        assert f'<h3 id="cited-{first}">' in html  # numbered through all the pages


def test_each_page_has_its_title_canonical_and_prev_next_links(big_site):
    policy = most_paged(big_site)
    count = page_count(big_site, policy)
    home = f"{BASE}policies/{policy}/"
    first = read(page_path(big_site, policy, 1))
    name = re.search(r"<h1>(.*?)</h1>", first).group(1)
    assert f'<link rel="canonical" href="{home}">' in first
    assert '<link rel="next" href="page/2/">' in first and 'rel="prev"' not in first
    assert '<dl class="facts">' in first
    second = read(page_path(big_site, policy, 2))
    assert f"<title>{name} (page 2 of {count})" in second
    assert f'<meta property="og:title" content="{name} (page 2 of {count})">' in second
    assert f'<link rel="canonical" href="{home}page/2/">' in second
    assert '<link rel="prev" href="../../">' in second and '<link rel="next" href="../3/">' in second
    assert '<dl class="facts">' not in second and 'continued from <a href="../../">page 1</a>' in second
    last = read(page_path(big_site, policy, count))
    assert f'<link rel="prev" href="../{count - 1}/">' in last and 'rel="next"' not in last


def test_the_pagination_bar_links_every_page_and_marks_the_current_one(big_site):
    policy = most_paged(big_site)
    count = page_count(big_site, policy)
    for number in range(1, count + 1):
        bar = nav(read(page_path(big_site, policy, number)))
        current = re.findall(r'<a href="([^"]*)" aria-current="page">.*?(\d+)</strong></a>', bar)
        assert current == [("./", str(number))]
        assert ("rel=\"prev\"" in bar) == (number > 1) and ("rel=\"next\"" in bar) == (number < count)
        links = re.findall(r'<a href="([^"]*)"[^>]*>(?:<strong>)?<span class="visually-hidden">Page </span>(\d+)', bar)
        here = page_path(big_site, policy, number).parent
        for href, shown in links:  # every numbered link leads to the page it names
            assert (here / href / "index.html").resolve() == page_path(big_site, policy, int(shown)).resolve()
        assert {int(shown) for _, shown in links} >= {1, count, number}


def test_the_sitemap_lists_every_page_and_later_pages_are_part_of_page_one(big_site):
    policy = most_paged(big_site)
    count = page_count(big_site, policy)
    home = f"{BASE}policies/{policy}/"
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ET.parse(big_site / "sitemap.xml").getroot().findall("s:url/s:loc", names)}
    assert {home} | {f"{home}page/{n}/" for n in range(2, count + 1)} <= listed
    # (later pages are the policies' and the home page's own, nothing else's)
    assert not any("/page/" in url and not url.startswith((f"{BASE}policies/", f"{BASE}page/")) for url in listed)
    first = jsonld(read(page_path(big_site, policy, 1)))["@graph"]
    assert len(first) == 1 and first[0]["url"] == home and first[0]["@type"] != "WebPage"
    later = jsonld(read(page_path(big_site, policy, 2)))["@graph"]
    assert later[0]["@type"] == "WebPage" and later[0]["url"] == f"{home}page/2/"
    assert later[0]["isPartOf"] == {"@type": "WebPage", "name": first[0]["name"], "url": home}
    assert later[0]["about"]["url"] == home


def test_the_search_index_points_at_page_one_only(big_site):
    refs = [doc["ref"] for path in (big_site / "search" / "docs").rglob("*.json") for doc in json.loads(read(path)).values()]
    assert not any("/page/" in ref for ref in refs)


def test_paginated_pages_are_valid_html(big_site):
    if not HTML_VALIDATE.exists() or shutil.which("npx") is None:
        pytest.fail("html-validate is not installed: run scripts/setup (npm ci)", pytrace=False)
    policy = most_paged(big_site)
    pages = [str(page_path(big_site, policy, n)) for n in range(1, page_count(big_site, policy) + 1)]
    done = subprocess.run(["npx", "--no-install", "html-validate", "--config", str(ROOT / ".htmlvalidate.json"),
                           "--formatter", "stylish", *pages], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_policy_cited_by_few_briefs_has_one_page_and_no_bar(big_site):
    for folder in (big_site / "policies").iterdir():
        if folder.is_dir() and not (folder / "page").exists():
            html = read(folder / "index.html")
            assert "Pages of citations" not in html and 'rel="next"' not in html and "Briefs 1–" not in html
            assert len(brief_links(html)) <= PAGE_SIZE
            break
    else:
        pytest.fail("every policy has several pages")


# ---------------------------------------------------------------- incremental builds


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, BRIEFS)


def drawn_urls(monkeypatch) -> list[str]:
    """The URLs of the pages the builds draw from now on (in this process)."""
    drawn: list[str] = []
    render_page = briefkit.build.render_page

    def recording(env, site, page, dirs):
        drawn.append(page.url)
        return render_page(env, site, page, dirs)
    monkeypatch.setattr(briefkit.build, "render_page", recording)
    return drawn


def test_an_edit_to_one_brief_redraws_only_the_policy_page_listing_it(project, monkeypatch):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=1)  # drawn here, seen by drawn_urls
    assert builder.build().built
    builder.build()  # the spare generation is complete too
    policy = most_paged(out)
    count = page_count(out, policy)
    slug = brief_links(read(page_path(out, policy, 2)))[3]  # a brief in the middle of page 2
    # Which page of each policy lists the brief (the pages that must be drawn again).
    holding = {str(path.parent.relative_to(out).as_posix()) + "/"
               for path in (out / "policies").rglob("index.html") if slug in brief_links(read(path))}
    assert f"policies/{policy}/page/2/" in holding
    before = stats(out)
    drawn = drawn_urls(monkeypatch)
    # A new title: the brief's heading on each policy page listing it, and every card's, change.
    (content / "briefs" / f"{slug}.yaml").write_text("title: An edited title\n", encoding="utf-8")
    result = builder.build()
    assert result.built, result.diagnostics
    # (the policies index, policies/, is drawn again too: it lists every policy view)
    assert {url for url in drawn if url.startswith("policies/") and url != "policies/"} == holding
    assert result.pages_drawn == len(drawn)
    after = stats(out)
    for number in range(1, count + 1):
        path = page_path(out, policy, number).relative_to(out).as_posix()
        assert (after[path] == before[path]) == (number != 2), path  # only page 2 rewritten
    assert "An edited title" in read(page_path(out, policy, 2))
    assert snapshot(out) == clean_build(project, "clean")


def test_a_brief_added_at_the_top_shifts_every_page_and_matches_a_clean_build(project, monkeypatch):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=1)  # drawn here, seen by drawn_urls
    assert builder.build().built
    policy = most_paged(out)
    count = page_count(out, policy)
    citing = brief_links(read(page_path(out, policy, 1)))[0]
    drawn = drawn_urls(monkeypatch)
    briefs = content / "briefs"
    shutil.copy(briefs / f"{citing}.txt", briefs / "brief-9999.txt")
    (briefs / "brief-9999.yaml").write_text("title: Newest\ndate: 2099-01-01\n", encoding="utf-8")
    assert builder.build().built
    pages = {f"policies/{policy}/"} | {f"policies/{policy}/page/{n}/" for n in range(2, count + 1)}
    assert pages <= set(drawn)  # every page's slice and count moved
    assert brief_links(read(page_path(out, policy, 1)))[0] == "brief-9999"
    assert snapshot(out) == clean_build(project, "clean")


def test_a_policy_losing_citations_loses_its_later_pages(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=1)  # drawn here, seen by drawn_urls
    assert builder.build().built
    policy = most_paged(out)
    assert (out / "policies" / policy / "page" / "3" / "index.html").exists()
    listed = [slug for n in range(1, page_count(out, policy) + 1)
              for slug in brief_links(read(page_path(out, policy, n)))]
    for slug in listed[PAGE_SIZE + 3:]:  # it keeps PAGE_SIZE + 3 briefs: two pages
        for path in (content / "briefs").glob(f"{slug}.*"):
            path.unlink()
    assert builder.build().built
    assert page_count(out, policy) == 2
    assert not (out / "policies" / policy / "page" / "3").exists()
    assert snapshot(out) == clean_build(project, "clean")
