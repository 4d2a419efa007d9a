"""The hostile corpus (tests/hostile/content) in real Chromium: nothing from content runs.

Every page and every embed card of the built corpus is loaded in one browser context
whose every frame first gets a trap: ``window.__pwned`` (which each payload calls) and
alert/confirm/prompt/print/open, all reporting to the test; dialogs are recorded too.
The context ignores the pages' Content-Security-Policy (``bypass_csp``), so what is
tested is the escaping and sanitising itself: CSP is a second wall, not the first.
Requests that leave 127.0.0.1 are blocked and recorded (a tracking pixel from content
would be one). The search page is run on queries that hit the payloads, and a host
page embeds every section with the oEmbed snippet, as another site would.
"""
from __future__ import annotations

import functools
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from hostile.support import TRAP, build_hostile

TRAP_SCRIPT = """
(() => {
  const report = (what) => { try { window.__hostileReport(String(what), String(location.href)); } catch (e) {} };
  Object.defineProperty(window, "%(trap)s", {value: (tag) => report("%(trap)s(" + tag + ")"), configurable: false});
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = (...args) => { report(name + "(" + args.join(", ") + ")"); return null; };
  }
  document.addEventListener("securitypolicyviolation",
    (event) => report("csp:" + event.violatedDirective + " " + event.blockedURI), true);
})();
""" % {"trap": TRAP}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a page left mid-load is no failure
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = build_hostile(tmp_path_factory.mktemp("hostile-browser"))
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_no_page_or_embed_of_the_hostile_corpus_runs_anything(browser, hostile_site):
    site, base = hostile_site
    executed: list[str] = []
    dialogs: list[str] = []
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(base_url=base, bypass_csp=True, service_workers="block")
    context.expose_binding("__hostileReport", lambda source, what, where: executed.append(f"{what} on {where}"))
    context.add_init_script(TRAP_SCRIPT)

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname
        if urlsplit(request_route.request.url).scheme in ("data", "blob", "about") or host == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    # The trap must catch what it is meant to catch: a payload that does run, in a page and in a frame.
    control = ("<!DOCTYPE html><title>control</title><img src=x onerror=\"window.%s('control')\">"
               "<iframe srcdoc=\"<script>window.%s('control-frame')</script>\"></iframe>"
               "<script>alert('control-alert')</script>" % (TRAP, TRAP))
    context.route(f"{base}/__control/", lambda r: r.fulfill(status=200, content_type="text/html", body=control))
    page.goto("/__control/", wait_until="load")
    page.wait_for_timeout(300)
    assert sorted(what.split(" on ")[0] for what in executed) == [
        f"{TRAP}(control)", f"{TRAP}(control-frame)", "alert(control-alert)"], executed
    executed.clear()

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    embeds = [p for p in pages if p.startswith("embed/")]
    loaded = 0
    for name in pages:
        url = "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, name
        loaded += 1
    page.wait_for_timeout(200)  # deferred scripts and embed previews settle

    # Search: queries that hit the payloads, results drawn by search.js.
    searched, results = 0, 0
    for query in ("script", "pwned", "onerror", "javascript", "style"):
        page.goto(f"/search/?q={query}", wait_until="load")
        page.wait_for_function("document.querySelector('[role=status]') && "
                               "document.querySelector('[role=status]').textContent.length > 0", timeout=10_000)
        searched += 1
        results += page.locator("ol li").count()
    assert results > 0, "the searches found nothing: the snippets were not drawn"

    # A host page on "another site": every section's oEmbed snippet, turned into frames by embed.js.
    snippets = [json.loads(p.read_text(encoding="utf-8"))["html"] for p in sorted(site.glob("embed/**/oembed.json"))]
    host_html = "<!DOCTYPE html><html><head><title>Host</title></head><body>" + "\n".join(snippets) + "</body></html>"
    context.route(f"{base}/__host/", lambda r: r.fulfill(status=200, content_type="text/html", body=host_html))
    page.goto("/__host/", wait_until="load")
    page.wait_for_function(f"document.querySelectorAll('iframe').length >= {len(snippets)}", timeout=15_000)
    frames = page.locator("iframe").count()
    page.wait_for_timeout(500)
    context.close()

    print(f"\nhostile corpus: {loaded} pages loaded ({len(embeds)} embed cards), {searched} searches ({results} results), "
          f"host page with {frames} embedded frames; executed={len(executed)} dialogs={len(dialogs)} "
          f"outside requests={len(outside)} page errors={len(errors)}")
    assert not executed, "content ran in the browser:\n  " + "\n  ".join(dict.fromkeys(executed))
    assert not dialogs, dialogs
    assert not outside, f"requests left the site: {outside}"
    assert not errors, errors
    assert loaded == len(pages) >= 70 and len(embeds) >= 30
    assert frames == len(snippets) >= 30
