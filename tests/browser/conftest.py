"""Browser fixtures: the default site built once, served on localhost, seen by real Chromium.

The browser is Debian's Chromium (installed by ``scripts/setup``), driven by the
``playwright`` package: test tools cannot download a browser of their own here.
Every page a test opens is watched; the test fails on a console error, an uncaught
exception, a failed or 4xx/5xx request, or any request that leaves localhost.
"""
from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .site_support import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT, build_site, find_pages

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class _StaticHostHandler(SimpleHTTPRequestHandler):
    """Serves files like a static host: quietly, and with the site's 404.html for a
    missing path (with status 404), as GitHub Pages, Netlify and most others do."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that drops a connection (page left mid-load) is no test failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The default content, built once per test session into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL of the built site, served by a static file server on 127.0.0.1."""
    handler = functools.partial(_StaticHostHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_pages(built_site) -> dict[str, str]:
    return find_pages(built_site)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Missing browser is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run scripts/setup", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run scripts/setup (npm ci)", pytrace=False)
    return AXE


class PageWatch:
    """What went wrong on the pages of one test, recorded as it happens."""

    def __init__(self):
        self.problems: list[str] = []
        self.expected_statuses: dict[str, int] = {}

    def expect_status(self, url: str, status: int) -> None:
        """Let one URL answer with an error status on purpose (a missing page, say)."""
        self.expected_statuses[url] = status

    def attach(self, context, page) -> None:
        context.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception on {page.url}: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("websocket", lambda socket: self._check_host(socket.url, "websocket"))

    def _check_host(self, url: str, what: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if parts.hostname in LOCAL_HOSTS:
            return True
        self.problems.append(f"outside {what} (the site must make none): {url}")
        return False

    def _route(self, route) -> None:
        if self._check_host(route.request.url, "request"):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _request_failed(self, request) -> None:
        # ERR_ABORTED: the page went on to the next one before this (favicon) finished.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _console(self, message) -> None:
        where = message.location or {}
        if message.type == "error" and where.get("url") not in self.expected_statuses:
            self.problems.append(
                f"console error: {message.text} (at {where.get('url', '?')}:{where.get('lineNumber', '?')})")

    def _response(self, response) -> None:
        if response.status >= 400 and self.expected_statuses.get(response.url) != response.status:
            self.problems.append(f"HTTP {response.status} for {response.request.method} {response.url}")


@pytest.fixture
def page_watch() -> PageWatch:
    """What went wrong on this test's pages; ``page_watch.expect_status`` allows an error on purpose."""
    return PageWatch()


@pytest.fixture
def new_page(browser, site_url, page_watch):
    """Factory: ``new_page(width=, height=, color_scheme=, **context_options)`` opens a
    fresh watched page whose relative URLs resolve against the served site.
    The test fails at teardown if anything on those pages went wrong."""
    watch = page_watch
    contexts = []

    def open_page(width: int = 1280, height: int = 900, color_scheme: str = "light", **context_options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme,
            base_url=site_url, service_workers="block", **context_options,
        )
        contexts.append(context)
        page = context.new_page()
        watch.attach(context, page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    if watch.problems:
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(dict.fromkeys(watch.problems)), pytrace=False)


@pytest.fixture
def page(new_page):
    """One watched page, 1280×900, light colour scheme."""
    return new_page()
