"""Everything from content is escaped or sanitised: hostile titles, text, Markdown."""
import json

import pytest

from site_check import ROOT, Page, build, crawl, read_page

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    (content / "briefs").mkdir(parents=True)
    for name in ("site.yaml", "policies.yaml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "briefs" / "hostile.txt").write_text(
        f"He argues that {HOSTILE} is harmless.\n\nThat is false: {HOSTILE} ran in the Matter of A-B- page.\n",
        encoding="utf-8")
    (content / "briefs" / "hostile.yaml").write_text(
        f"title: {json.dumps(HOSTILE)}\nauthor: {json.dumps(HOSTILE)}\ndate: 2020-01-02\n"
        f"summary: {json.dumps(HOSTILE)}\n", encoding="utf-8")
    (content / "briefs" / "marked.md").write_text(
        "---\ntitle: A *Markdown* brief\ndate: 2019-05-06\n---\n\n"
        "The court was **plainly wrong** about [the rule](https://example.org/rule). "
        "<script>alert(2)</script> [click](javascript:alert(3)) <img src=x onerror=alert(4)>\n",
        encoding="utf-8")
    return build(tmp / "site", "--content", content, cwd=tmp)


def test_hostile_text_is_rendered_as_text(site):
    for path in sorted(site.rglob("*.html")):
        page = Page(path.read_text(encoding="utf-8"))
        name = path.relative_to(site)
        assert not page.find("img"), name
        assert all(attrs.get("type") == "application/ld+json"  # or the site's own script file, never inline
                   or (attrs.get("src", "").split("/")[-2:-1] == ["static"] and not text.strip())
                   for attrs, text in page.scripts), name
        assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs), name
        assert not any(a.get("href", "").startswith("javascript:") for a in page.find("a")), name
    page = read_page(site, "briefs/hostile/")
    assert HOSTILE in page.text  # shown, as text
    assert page.find("h1")
    raw = (site / "briefs/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_hostile_text_cannot_leave_json_ld(site):
    page = read_page(site, "briefs/hostile/")
    (data,) = [json.loads(text) for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert data["@graph"][0]["headline"] == HOSTILE
    raw = (site / "briefs/hostile/index.html").read_text(encoding="utf-8")
    assert "\\u003c/script\\u003e" in raw


def test_markdown_briefs_are_rendered_and_sanitised(site):
    raw = (site / "briefs/marked/index.html").read_text(encoding="utf-8")
    assert "<strong>plainly wrong</strong>" in raw
    assert '<a href="https://example.org/rule" rel="noopener noreferrer nofollow">the rule</a>' in raw
    assert "<script>alert" not in raw and "javascript:" not in raw and "<img" not in raw
    page = read_page(site, "briefs/marked/")
    assert "**" not in page.find("meta", name="description")[0]["content"]  # plain text, not Markdown


def test_feeds_stay_well_formed(site):
    import xml.etree.ElementTree as ET
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert HOSTILE in titles
    ET.parse(site / "sitemap.xml")
    problems, _ = crawl(site)
    assert not problems, problems
