"""Embed cards, oEmbed JSON, the "Embed this" box and _headers in the built default site
(the browser side is tests/browser/test_embed.py)."""
from __future__ import annotations

import json
import re
import threading
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from site_check import BRIEF, Page, build, read_page

from briefkit.serve import SiteHandler, headers_for, read_headers_file


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("embed") / "site", "--base-url", "https://example.org/b/")


def sections(site):
    return sorted(p.parent.name for p in (site / BRIEF).glob("*/index.html"))


def test_every_section_has_an_embed_card_and_oembed_json(site):
    names = sections(site)
    assert len(names) > 10
    for name in names:
        card = site / "embed" / BRIEF[len("briefs/"):] / name
        page = Page((card / "index.html").read_text(encoding="utf-8"))
        assert page.find("link", rel="stylesheet", href="../../../static/embed.css")
        assert [a["src"] for a, _ in page.scripts if "src" in a] == ["../../../static/embed-frame.js"]
        assert not any("style" in attrs for _, attrs in page.tags) and not page.find("style")
        assert page.find("link", rel="canonical", href=f"https://example.org/b/{BRIEF}{name}/")
        assert page.find("meta", name="robots", content="noindex")
        csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        links = [a for a in page.find("a") if a.get("href") == f"../../../{BRIEF}{name}/"]
        assert links and links[0]["target"] == "_blank"
        data = json.loads((card / "oembed.json").read_text(encoding="utf-8"))
        assert data["type"] == "rich" and data["version"] == "1.0"
        assert data["provider_name"] == "briefkit" and data["provider_url"] == "https://example.org/b/"
        assert data["author_name"] == "Michelle Brané" and data["cache_age"] > 0
        assert data["width"] > 0 and data["height"] > 0 and data["title"]
        assert f'<a href="https://example.org/b/{BRIEF}{name}/">' in data["html"]
        assert data["html"].endswith('<script async src="https://example.org/b/static/embed.js"></script>')
        permalink = read_page(site, f"{BRIEF}{name}/")
        (link,) = permalink.find("link", rel="alternate", type="application/json+oembed")
        assert link["href"] == f"https://example.org/b/embed/{BRIEF[len('briefs/'):]}{name}/oembed.json"


def test_a_rebuttal_card_shows_the_claim_it_answers_above_it(site):
    name = next(n for n in sections(site) if n.startswith("rebuttal-"))
    text = Page((site / "embed" / BRIEF[len("briefs/"):] / name / "index.html").read_text(encoding="utf-8")).text
    assert "The claim" in text and "The response" in text
    assert text.index("The claim") < text.index("The response")


def test_permalink_and_brief_pages_offer_embed_this(site):
    for url in (BRIEF, f"{BRIEF}{sections(site)[0]}/"):
        page = read_page(site, url)
        (area,) = page.find("textarea", id="embed-code")
        assert "readonly" in area
        assert page.find("button", class_="embed-copy")
        assert page.find("iframe", class_="embed-preview")
        frame = page.find("iframe", class_="embed-preview")[0]
        assert frame["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox" and frame["title"]
        raw = (site / url / "index.html").read_text(encoding="utf-8")
        assert "&lt;blockquote class=&#34;briefkit-embed&#34;" in raw
    assert len(read_page(site, BRIEF).find("option")) == len(sections(site))


def test_headers_let_only_embed_pages_be_framed(site):
    rules = read_headers_file(site / "_headers")
    embed = dict(headers_for(rules, f"/b/embed/{BRIEF[len('briefs/'):]}x/"))
    assert embed == {"Content-Security-Policy": "frame-ancestors *"}
    for path in ("/b/", "/b/index.html", f"/b/{BRIEF}", "/b/policies/daca/", "/b/about/", "/b/404.html"):
        assert dict(headers_for(rules, path)) == {"X-Frame-Options": "DENY",
                                                  "Content-Security-Policy": "frame-ancestors 'none'"}, path


def test_the_dev_server_sends_the_headers(tmp_path):
    site = build(tmp_path / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        name = sections(site)[0]
        with urllib.request.urlopen(f"{base}/embed/{BRIEF[len('briefs/'):]}{name}/") as response:
            assert response.headers["Content-Security-Policy"] == "frame-ancestors *"
            assert "X-Frame-Options" not in response.headers
        with urllib.request.urlopen(f"{base}/{BRIEF}{name}/") as response:
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    finally:
        server.shutdown()
        server.server_close()


def test_static_scripts_have_no_outside_address_and_no_inline_html():
    from site_check import ROOT
    for name in ("embed.js", "embed-frame.js", "embed-ui.js"):
        text = (ROOT / "templates" / "static" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
        assert "innerHTML" not in text and "eval(" not in text, name
