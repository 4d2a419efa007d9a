"""Embedded sections in real Chromium: a host page on another origin (a second localhost
port) embeds a rebuttal with embed.js; the card fits its iframe at two widths; without
script the quotation stays readable; an oEmbed consumer finds and renders the card; only
embed pages may be framed (the dev server sends the site's _headers)."""
from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler

import pytest

from briefkit.serve import SiteHandler

from .conftest import _QuietServer
from .site_support import ARTIFACTS, ROOT

SLUG = "sessions-asylum-ruling"
REBUTTAL = "rebuttal-he-provides-no-basis"
REBUTTAL_TEXT = "He provides no basis for this assumption."
COUNTERCLAIM_TEXT = "Sessions also makes vague and unsubstantiated assertions"


class _QuietSiteHandler(SiteHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class _QuietHostHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _serve(handler) -> tuple[_QuietServer, str]:
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def embed_site(tmp_path_factory):
    """The default content built with a full base URL, served by briefkit's own server
    (which sends the site's _headers) on the port that URL names."""
    out = tmp_path_factory.mktemp("embed") / "site"
    server, url = _serve(functools.partial(_QuietSiteHandler, directory=str(out)))
    done = subprocess.run([sys.executable, "build.py", "build", "--out", str(out), "--base-url", url + "/"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"build failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """Another origin: a plain static server for pages written by the tests."""
    folder = tmp_path_factory.mktemp("host")
    server, url = _serve(functools.partial(_QuietHostHandler, directory=str(folder)))
    yield folder, url
    server.shutdown()
    server.server_close()


def _oembed(embed_site: str, section: str = REBUTTAL) -> dict:
    with urllib.request.urlopen(f"{embed_site}/embed/{SLUG}/{section}/oembed.json", timeout=10) as response:
        return json.load(response)


def _host_page(host, name: str, body: str) -> str:
    folder, url = host
    (folder / name).write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>A campaign page</title>\n"
        "<style>.column { width: 700px; margin: 0 auto; }</style></head>\n"
        f"<body><h1>Our campaign</h1><div class=\"column\" id=\"column\">{body}</div></body></html>\n",
        encoding="utf-8")
    return f"{url}/{name}"


def _frame_fits(page, frame_element) -> tuple[float, float]:
    """(iframe height, height of the card inside it), once they agree or after 10 s."""
    frame = frame_element.content_frame()
    deadline = time.monotonic() + 10
    while True:
        outer = frame_element.evaluate("f => f.getBoundingClientRect().height")
        inner = frame.evaluate("() => document.body.getBoundingClientRect().height")
        if abs(outer - inner) <= 2 or time.monotonic() > deadline:
            return outer, inner
        page.wait_for_timeout(100)


def test_a_host_on_another_origin_embeds_a_rebuttal_that_fits(new_page, embed_site, host):
    snippet = _oembed(embed_site)["html"]
    assert f'src="{embed_site}/static/embed.js"' in snippet
    url = _host_page(host, "embed.html", snippet)
    page = new_page()
    page.goto(url)
    frame_element = page.wait_for_selector("iframe.briefkit-embed-frame")
    assert frame_element.get_attribute("sandbox") == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert frame_element.get_attribute("title")
    assert frame_element.get_attribute("src") == f"{embed_site}/embed/{SLUG}/{REBUTTAL}/"
    frame = frame_element.content_frame()
    frame.wait_for_selector(".embed-card")
    text = frame.inner_text("body")
    assert REBUTTAL_TEXT in text and COUNTERCLAIM_TEXT in text
    lower = text.lower()  # the labels are set in capitals by the stylesheet
    assert lower.index("the claim") < lower.index(COUNTERCLAIM_TEXT.lower()) < lower.index("the response") \
        < lower.index(REBUTTAL_TEXT.lower())
    assert page.locator("blockquote.briefkit-embed").is_hidden()
    heights = {}
    for width in (700, 300):
        page.evaluate("w => { document.getElementById('column').style.width = w + 'px'; }", width)
        outer, inner = _frame_fits(page, frame_element)
        assert abs(outer - inner) <= 2, f"at {width} px the iframe is {outer} px high, its card {inner} px"
        assert frame_element.evaluate("f => f.getBoundingClientRect().width") == width
        heights[width] = inner
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.locator("#column").screenshot(path=str(shots / f"embed-rebuttal-{width}px.png"))
    assert heights[300] > heights[700]  # the narrow card wrapped, and the frame followed it
    assert page.context.cookies() == []  # the card sets none (sandboxed, it could not)


def test_without_script_the_host_shows_a_readable_quotation(new_page, embed_site, host):
    url = _host_page(host, "no-script.html", _oembed(embed_site)["html"])
    page = new_page(java_script_enabled=False)
    page.goto(url)
    quote = page.locator("blockquote.briefkit-embed")
    assert quote.is_visible()
    assert REBUTTAL_TEXT in quote.inner_text() and "The claim" in quote.inner_text()
    assert quote.locator("a").get_attribute("href") == f"{embed_site}/briefs/{SLUG}/{REBUTTAL}/"
    assert page.locator("iframe").count() == 0


class _Discovery(HTMLParser):
    def __init__(self):
        super().__init__()
        self.oembed: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type") == "application/json+oembed":
            self.oembed.append(attrs)


def test_an_oembed_consumer_discovers_the_json_and_renders_the_card(new_page, embed_site, host):
    permalink = f"{embed_site}/briefs/{SLUG}/{REBUTTAL}/"
    with urllib.request.urlopen(permalink, timeout=10) as response:
        finder = _Discovery()
        finder.feed(response.read().decode("utf-8"))
    assert len(finder.oembed) == 1 and finder.oembed[0]["title"]
    with urllib.request.urlopen(urllib.parse.urljoin(permalink, finder.oembed[0]["href"]), timeout=10) as response:
        data = json.load(response)
    assert data["type"] == "rich" and data["version"] == "1.0"
    for key in ("html", "width", "height", "title", "author_name", "provider_name", "provider_url", "cache_age"):
        assert data[key], key
    assert data["provider_url"] == embed_site + "/"
    page = new_page()
    page.goto(_host_page(host, "consumer.html", data["html"]))
    frame = page.wait_for_selector("iframe.briefkit-embed-frame").content_frame()
    frame.wait_for_selector(".embed-card")
    assert REBUTTAL_TEXT in frame.inner_text("body")


def test_only_embed_pages_may_be_framed_by_other_sites(browser, embed_site, host):
    embed = f"{embed_site}/embed/{SLUG}/{REBUTTAL}/"
    permalink = f"{embed_site}/briefs/{SLUG}/{REBUTTAL}/"
    with urllib.request.urlopen(embed, timeout=10) as response:
        assert response.headers["Content-Security-Policy"] == "frame-ancestors *"
        assert response.headers["X-Frame-Options"] is None
    with urllib.request.urlopen(permalink, timeout=10) as response:
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    url = _host_page(host, "frames.html", f'<iframe id="card" src="{embed}" title="card"></iframe>'
                                          f'<iframe id="page" src="{permalink}" title="page"></iframe>')
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        card = page.wait_for_selector("#card").content_frame()
        card.wait_for_selector(".embed-card")
        blocked = page.wait_for_selector("#page").content_frame()
        assert blocked.query_selector(".site-header") is None  # the browser refused to show it
    finally:
        context.close()


def test_the_theme_follows_the_query_and_the_system(new_page, embed_site):
    embed = f"{embed_site}/embed/{SLUG}/{REBUTTAL}/"
    background = "() => getComputedStyle(document.body).backgroundColor"
    light, dark = "rgb(255, 255, 255)", "rgb(18, 20, 23)"
    page = new_page(color_scheme="light")
    page.goto(embed + "?theme=dark")
    assert page.evaluate(background) == dark
    page = new_page(color_scheme="dark")
    page.goto(embed)
    assert page.evaluate(background) == dark
    page.goto(embed + "?theme=light")
    assert page.evaluate(background) == light


def test_embed_this_offers_the_snippet_a_copy_button_and_a_live_preview(new_page, embed_site):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=embed_site)
    page.goto(f"{embed_site}/briefs/{SLUG}/{REBUTTAL}/")
    code = page.locator("#embed-code")
    assert code.get_attribute("readonly") is not None
    value = code.input_value()
    assert value.startswith('<blockquote class="briefkit-embed"') and f"{embed_site}/static/embed.js" in value
    page.click(".embed-copy")
    page.wait_for_function("() => document.querySelector('.embed-copy-status').textContent !== ''")
    status = page.inner_text(".embed-copy-status")
    assert status == "Copied." or status.startswith("Selected"), status
    if status == "Copied.":
        assert page.evaluate("() => navigator.clipboard.readText()") == value
    preview = page.wait_for_selector("iframe.embed-preview")
    preview.scroll_into_view_if_needed()
    preview.content_frame().wait_for_selector(".embed-card")
    outer, inner = _frame_fits(page, preview)
    assert abs(outer - inner) <= 2


def test_the_brief_page_lets_the_reader_choose_the_section_to_embed(new_page, embed_site):
    page = new_page()
    page.goto(f"{embed_site}/briefs/{SLUG}/")
    first = page.locator("#embed-code").input_value()
    options = page.locator("#embed-choice option")
    assert options.count() > 5
    page.select_option("#embed-choice", index=options.count() - 1)
    second = page.locator("#embed-code").input_value()
    assert second != first and second.startswith('<blockquote class="briefkit-embed"')
    src = page.get_attribute("iframe.embed-preview", "src")
    assert re.search(r"embed/sessions-asylum-ruling/[a-z0-9-]+/$", src)
