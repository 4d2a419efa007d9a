"""The hostile corpus (tests/hostile/content), built and read file by file, and hostile
inputs the build must refuse. tests/browser/test_hostile_browser.py loads the same
site in Chromium.

What may appear in a page: the theme's own elements and, from Markdown, the inline
allowlist of briefkit.sanitize; no event handler, no script but the theme's own files
and the JSON-LD block, no link that is not http(s), mailto or relative.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefkit.load import load_content
from briefkit.sanitize import TAGS, clean_html, render_markdown, safe_url, xml_text
from hostile.support import TRAP, build_hostile, corpus_payloads
from site_check import ROOT, Page, crawl
from site_check import run as run_build

# Every element the default theme itself writes, plus the Markdown allowlist.
THEME_TAGS = {tag.lower() for path in (ROOT / "templates").rglob("*.html")
              for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", path.read_text(encoding="utf-8"))} | set(TAGS)
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "data", "poster", "srcdoc", "xlink:href")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_corpus_is_big_enough_to_mean_something():
    assert corpus_payloads() >= 60


def test_no_page_holds_an_element_attribute_or_url_from_content(site):
    pages = _pages(site)
    assert len(pages) >= 70 and any(name.startswith("embed/") for name in pages)
    for name, raw in pages.items():
        page = Page(raw)
        for tag, attrs in page.tags:
            assert tag in THEME_TAGS, f"{name}: <{tag}> from content"
            assert not any(key.startswith("on") for key in attrs), f"{name}: <{tag} {attrs}>"
            assert "style" not in attrs, f"{name}: <{tag} style=...>"
            for key in LINK_ATTRIBUTES:
                value = attrs.get(key)
                if value is not None:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    assert scheme in ("", "http", "https", "mailto"), f"{name}: {key}={value!r}"
                    assert key != "srcdoc", f"{name}: srcdoc"
        for attrs, text in page.scripts:  # the JSON-LD block, or the theme's own script files
            if attrs.get("type") == "application/ld+json":
                json.loads(text)
                assert "</" not in text.lower() and "<!--" not in text, name
            else:
                assert not text.strip() and "/static/" in "/" + attrs["src"], f"{name}: {attrs}"


def test_hostile_pages_are_valid_html(site):
    # long-title is off: html-validate counts a <title>'s characters as written, so each
    # '<' of a hostile title counts 4 ('&lt;'); the title is 70 characters as read.
    validator = ROOT / "node_modules" / ".bin" / "html-validate"
    assert validator.exists(), "html-validate is not installed: run scripts/setup (npm ci)"
    done = subprocess.run([str(validator), "--config", str(ROOT / ".htmlvalidate.json"), "--rule", "long-title:off",
                           "--formatter", "stylish", *map(str, sorted(site.rglob("*.html")))],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.stdout + done.stderr).replace(f"{site}/", "site/")


def test_hostile_text_is_shown_as_text(site):
    brief = Page((site / "briefs/script-tags/index.html").read_text(encoding="utf-8"))
    assert "<script>window.__pwned('counterclaim')</script>" in brief.text
    assert "</script><script>window.__pwned('title')</script><!--" in brief.text
    raw = (site / "briefs/script-tags/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned(&#39;counterclaim&#39;)&lt;/script&gt;" in raw
    markdown = (site / "briefs/markdown-payloads/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/ok"' in markdown and 'href="mailto:editor@example.org"' in markdown
    assert all(a.get("href") for a in Page(markdown).find("a")), "a link whose URL was dropped must be text"
    assert not any(a.get("href", "").startswith("javascript:") for a in Page(markdown).find("a"))


def test_a_title_cannot_end_the_json_ld_block(site):
    page = Page((site / "briefs/script-tags/index.html").read_text(encoding="utf-8"))
    (block,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    data = json.loads(block)
    assert data["@graph"][0]["headline"].startswith("A title that ends the JSON-LD: </script>")
    assert "<" not in block and "\\u003c/script\\u003e" in block


def test_yaml_tags_are_never_constructed(site):
    # `title: !!python/object/apply:os.system "touch ..."` is the text it says, nothing more.
    assert not Path("/tmp/briefkit-pwned-title").exists()
    page = Page((site / "briefs/front-matter/index.html").read_text(encoding="utf-8"))
    assert "touch /tmp/briefkit-pwned-title" in page.text


def test_feed_and_sitemap_are_well_formed_xml(site):
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "A title that ends the JSON-LD: </script><script>window.__pwned('title')</script><!--" in titles
    # shown as written, minus the characters XML forbids
    assert "The \u202eevil\u202c headline with RTL override, zero\u200bwidth\u200d joiners, \x7f controls" in titles
    ET.parse(site / "sitemap.xml")


def test_xml_text_drops_only_what_xml_forbids():
    assert xml_text("a\x01b\x0bc\x7f\x85\ufffe\uffffd\te\n") == "ab" "c\x7f\x85" "d\te\n"
    assert xml_text("\ud800x") == "x"


def test_oembed_json_carries_only_escaped_html(site):
    files = sorted(site.glob("embed/**/oembed.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        snippet = Page(data["html"])
        assert {tag for tag, _ in snippet.tags} <= {"blockquote", "p", "strong", "a", "script"}, path
        assert all(not any(k.startswith("on") for k in attrs) for _, attrs in snippet.tags), path
        assert [a["src"].rsplit("/", 1)[-1] for t, a in snippet.tags if t == "script"] == ["embed.js"]


def test_search_documents_are_json_and_links_stay_inside(site):
    docs = [doc for path in sorted((site / "search" / "docs").rglob("*.json"))
            for doc in json.loads(path.read_text(encoding="utf-8")).values()]
    assert any(TRAP in doc.get("text", "") + doc.get("title", "") for doc in docs)  # as text, for search.js
    for doc in docs:
        assert not urlsplit(doc["url"]).scheme and ".." not in doc["url"], doc["url"]


def test_every_link_of_the_hostile_site_resolves(site):
    problems, checked = crawl(site)
    assert not problems, problems
    assert checked > 100


# ---------------------------------------------------------------- refused, not built

def _content(tmp_path: Path, briefs: dict[str, str | bytes]) -> Path:
    content = tmp_path / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "site.yaml").write_text("title: T\nbase_url: /\n", encoding="utf-8")
    for name, data in briefs.items():
        path = content / "briefs" / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return content


BODY = "A headline\n\nHe argues that it is fine.\n\nThat is false.\n"


@pytest.mark.parametrize("url", [
    "javascript:window.__pwned()", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
    "//evil.example/x", "https://example.org/\u202egnp.exe", "https:///no-host",
    "http://[::1/x",  # urlsplit raises ValueError (found by fuzz/fuzz_parse.py: it crashed the build)
])
def test_hostile_metadata_urls_are_refused_with_bk115(tmp_path, url):
    content = _content(tmp_path, {"x.txt": BODY, "x.yaml": f"title: X\nsource_url: {json.dumps(url)}\n"})
    found = load_content(content).diagnostics
    assert [(d.code, d.line) for d in found] == [("BK115", 2)], found
    assert safe_url(url) is None


@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a?b=c#d", True), ("http://example.org", True), ("mailto:a@example.org", True),
    ("javascript:alert(1)", False), ("jav&#x09;ascript:alert(1)", False), ("data:,x", False),
    ("https://exa mple.org/", False), ("mailto:", False), ("", False), (None, False), ("http://[x/", False),
])
def test_safe_url(url, kept):
    assert (safe_url(url) is not None) is kept


def test_safe_url_keeps_relative_links_only_when_asked():
    assert safe_url("../x/", relative=True) == "../x/"
    assert safe_url("../x/") is None
    assert safe_url("javascript:x", relative=True) is None
    assert safe_url("//evil.example/", relative=True) is None


@pytest.mark.parametrize("fragment", [
    "<svg><script>x</script></svg>", "<math><mi xlink:href='javascript:x'>m</mi></math>",
    "<img src=x onerror=x>", "<a href='javascript:x' onclick=x>a</a>", "<style>*{}</style>",
    "<iframe srcdoc='<script>x</script>'></iframe>", "<a href='data:text/html,x'>a</a>",
    "<div style='width:expression(x)'>d</div>", "<!--><script>x</script>-->",
])
def test_clean_html_leaves_no_active_markup(fragment):
    cleaned = clean_html(fragment)
    page = Page(cleaned)
    assert {tag for tag, _ in page.tags} <= set(TAGS), cleaned
    assert all(set(attrs) <= {"href", "title", "rel"} for _, attrs in page.tags), cleaned
    assert all("href" in attrs for tag, attrs in page.tags if tag == "a"), cleaned  # a dead link is its text
    assert "javascript:" not in cleaned and "data:" not in cleaned


@pytest.mark.parametrize("text", [
    "- " * 2000 + "x", "1. " * 2000 + "x", "> " * 5000 + "x", "".join("  " * i + "- x\n" for i in range(1000)),
    "[" * 30000 + "]" * 30000, "[a](b " * 20000, "&amp;" * 200000, "<" * 300000,
])
def test_markdown_rendering_is_bounded_on_pathological_input(text):
    started = time.perf_counter()
    out = render_markdown(text)
    assert time.perf_counter() - started < 3
    assert {tag for tag, _ in Page(out).tags} <= set(TAGS)


@pytest.mark.parametrize("name, data, code", [
    ("caf\u00e9.txt", BODY, "BK106"),
    ("UPPER.txt", BODY, "BK106"),
    ("x..y.txt", BODY, "BK106"),
    ("x" * 240 + "-\u0430.txt", BODY, "BK106"),  # long, with a Cyrillic homoglyph
])
def test_hostile_file_names_are_refused(tmp_path, name, data, code):
    content = _content(tmp_path, {name: data})
    found = [d for d in load_content(content).diagnostics if d.severity == "error"]
    assert [d.code for d in found] == [code]
    out = tmp_path / "site"
    done = run_build("--content", content, "--out", out, cwd=tmp_path)
    assert done.returncode == 1 and not out.exists()


def test_an_alias_bomb_is_not_expanded(tmp_path):
    # billion laughs: nine levels of nine aliases, 9**9 'lol's if anything expanded them
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    bomb = "\n".join(lines) + "\ntags: *a9\ntitle: Bomb\n"
    content = _content(tmp_path, {"bomb.txt": BODY, "bomb.yaml": bomb})
    started = time.perf_counter()
    found = load_content(content).diagnostics
    assert time.perf_counter() - started < 2
    codes = {d.code for d in found}
    assert codes == {"BK112", "BK111"}, found  # unknown keys a0..a9; tags items are lists, not text


def test_deeply_nested_yaml_is_a_diagnostic_not_a_crash(tmp_path):
    content = _content(tmp_path, {"deep.txt": BODY, "deep.yaml": "title: Deep\ntags: " + "[" * 5000 + "]" * 5000 + "\n"})
    found = [d for d in load_content(content).diagnostics if d.severity == "error"]
    assert [(d.code, d.path.endswith("deep.yaml"), d.line) for d in found] == [("BK110", True, 2)], found
    assert "nested too deeply" in found[0].message


@pytest.mark.parametrize("base_url", ['"/x\\n  X-Frame-Options: ALLOWALL\\n/"', "//evil.example/", '"/a b/"'])
def test_a_base_path_cannot_inject_lines_or_hosts(tmp_path, base_url):
    # base_url is written into _headers line by line: a line break would add a header.
    content = _content(tmp_path, {"x.txt": BODY})
    (content / "site.yaml").write_text(f"title: T\nbase_url: {base_url}\n", encoding="utf-8")
    found = [d for d in load_content(content).diagnostics if d.severity == "error"]
    assert [(d.code, d.line) for d in found] == [("BK115", 2)], found
