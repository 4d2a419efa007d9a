"""The home page lists the 50 newest briefs; the others are on page/2/, page/3/ ...
An edit changes the page that lists the brief, not the others."""
import json
import re
import xml.etree.ElementTree as ET

import pytest

from briefkit.assemble import HOME_PAGE_SIZE
from briefkit.build import Builder
from briefkit.cache import cache_dir_for
from site_check import Page, clean_build, edit, snapshot, themed_project

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return themed_project(tmp_path_factory.mktemp("home"), HOME_PAGE_SIZE + 12)  # + the default op-ed


def brief_links(html: str) -> list[str]:
    return re.findall(r'<li class="brief-item">\s*<h3><a href="([^"]+)"', html)


def read(path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    return html, Page(html)


def test_the_briefs_are_split_over_pages_newest_first(project):
    out = project / "site"
    assert Builder(project / "content", out, cache_dir=cache_dir_for(out)).build().built
    first_html, first = read(out / "index.html")
    second_html, second = read(out / "page" / "2" / "index.html")
    assert not (out / "page" / "3").exists()
    on_first, on_second = brief_links(first_html), brief_links(second_html)
    assert len(on_first) == HOME_PAGE_SIZE and len(on_second) == 13
    everything = [link.removeprefix("../../") for link in on_second]
    assert not set(on_first) & set(everything) and len(set(on_first) | set(everything)) == HOME_PAGE_SIZE + 13
    # Page 2 goes on where page 1 stops, and each links the other (in the bar and the head).
    assert second.find("ol", class_="brief-list")[0].get("start") == str(HOME_PAGE_SIZE + 1)
    assert "start" not in first.find("ol", class_="brief-list")[0]
    assert first.find("link", rel="next")[0]["href"] == "page/2/" and not first.find("link", rel="prev")
    assert second.find("link", rel="prev")[0]["href"] == "../../" and not second.find("link", rel="next")
    assert re.search(r"<h1>[^<]*<span class=\"meta\">\(page 2 of 2\)</span></h1>", second_html)
    assert re.search(r'<a href="\./" aria-current="page">', second_html)  # itself, in the bar
    assert re.search(r'<a href="\.\./\.\./" rel="prev">', second_html)
    # Page 2 describes itself as a page of the site, not as the site (JSON-LD).
    graph = json.loads([text for attrs, text in second.scripts if attrs.get("type") == "application/ld+json"][0])
    assert graph["@graph"][0]["@type"] == "WebPage" and graph["@graph"][0]["isPartOf"]["@type"] == "WebSite"
    # The most-cited policies are on the first page only; every page is in the sitemap.
    assert "cited-title" in first.ids and "cited-title" not in second.ids
    locs = {u.find(f"{SITEMAP}loc").text for u in ET.parse(out / "sitemap.xml").getroot()}
    assert {"/", "/page/2/"} <= locs


def test_an_edit_leaves_the_home_pages_not_listing_the_brief_alone(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()
    slug = brief_links((out / "page" / "2" / "index.html").read_text(encoding="utf-8"))[-1].removeprefix("../../briefs/").strip("/")  # the oldest brief
    before = snapshot(out)
    edit(content / "briefs" / f"{slug}.txt", "\n\n", " Nobody disputes this.\n\n")
    assert builder.build().built
    after = snapshot(out)
    changed = {path for path in after if before.get(path) != after[path]}
    assert "index.html" not in changed  # page 1 does not list the brief (page 2 may: its counts)
    assert any(path.startswith(f"briefs/{slug}/") for path in changed)
    assert after == clean_build(project, "clean")  # and the site is what a clean build makes


def test_a_theme_listing_site_briefs_keeps_one_home_page(tmp_path):
    """A theme whose home page lists site.briefs (as briefkit's own did before) would show
    every brief on every page: it gets one home page, listing them all."""
    project = themed_project(tmp_path, HOME_PAGE_SIZE + 12)
    edit(project / "templates" / "home.html", "{% for brief in briefs %}", "{% for brief in site.briefs %}")
    out = project / "site"
    assert Builder(project / "content", out, cache_dir=cache_dir_for(out)).build().built
    assert len(brief_links((out / "index.html").read_text(encoding="utf-8"))) == HOME_PAGE_SIZE + 13
    assert not (out / "page").exists()
