"""Search in real Chromium: the header box, the search page, the byte budget.

The default site (``built_site``) for ranking and interface; sites from a temporary
content folder for Spanish and for the brief filter (two English briefs); a generated
1,000-brief site for the byte budget.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import _QuietServer, _StaticHostHandler
from .site_support import AXE, ROOT

SPANISH = ROOT / "tests" / "fixtures" / "search-es" / "briefs"
SECOND_BRIEF = ROOT / "tests" / "fixtures" / "search-briefs" / "briefs"   # an English brief that matches "asylum"
FIRST_QUERY_BUDGET = 150_000   # bytes, gzip, everything the first query fetches (scripts too)
NEXT_QUERY_BUDGET = 50_000     # bytes, gzip, each further query, but for the documents of its results
# A result's document comes in its brief's documents file (all of the brief's records, about
# 2.5 kB gzip at the generated corpus's brief size), fetched once for every result of the
# brief; each query fetches only those of the briefs (and policy groups) it shows.
DOCS_FILE_BUDGET = 5_000       # bytes, gzip, one documents file

FAILING_IMPACTS = ("serious", "critical")


def results(page):
    page.wait_for_selector("#search-results li.search-result", timeout=15_000)
    return page.locator("#search-results li.search-result")


def test_private_actors_puts_the_rebuttal_first(page):
    page.goto("/search/?q=private+actors")
    first = results(page).first
    assert "role-rebuttal" in first.get_attribute("class")
    assert "private" in first.locator(".search-snippet").inner_text().lower()
    marks = first.locator(".search-snippet mark").all_inner_texts()
    assert any(m.lower().startswith("private") for m in marks)
    href = first.locator("a").get_attribute("href")
    assert re.search(r"/briefs/[^/]+/#rebuttal-", href), href


def test_daca_from_the_header_box_finds_the_policy_and_the_section_citing_it(page):
    page.goto("/")
    page.fill("#site-search-q", "DACA")
    page.wait_for_selector("#site-search-popup li.search-result", timeout=15_000)
    hrefs = page.locator("#site-search-popup li.search-result a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs[0].endswith("/policies/daca/")
    assert any(re.search(r"/briefs/sessions-asylum-ruling/#(claim|rebuttal|evidence|background|counterclaim)-", h)
               for h in hrefs), hrefs
    status = page.locator("#site-search-popup .search-status").inner_text()
    assert re.match(r"\d+ results? for “DACA”", status), status


def test_search_page_without_javascript_says_so(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/search/")
    text = page.locator("main").inner_text()
    assert "needs JavaScript" in text
    assert page.locator("main noscript, main .search-nojs").count() >= 1


def test_role_filter_keeps_only_that_role(page):
    page.goto("/search/?q=asylum")
    assert results(page).count() > 3
    page.select_option("#search-role", "rebuttal")
    page.wait_for_function("""() => { const items = [...document.querySelectorAll('#search-results li.search-result')];
        return items.length > 0 && items.every(li => li.classList.contains('role-rebuttal')); }""", timeout=15_000)
    assert "role=rebuttal" in page.url


def test_phrase_search_keeps_only_the_exact_phrase(page):
    page.goto("/search/?q=%22private+actors%22")
    items = results(page)
    texts = [t.lower() for t in items.locator(".search-snippet").all_inner_texts()]
    assert texts and all("private actors" in t for t in texts), texts
    page.goto("/search/?q=%22actors+private%22")
    page.wait_for_function("() => document.querySelector('#search-status').textContent.includes('No results')",
                           timeout=15_000)
    assert page.locator("#search-results li.search-result").count() == 0


def test_a_typo_is_retried_and_suggested(page):
    page.goto("/search/?q=asylym")
    items = results(page)
    suggestion = page.locator("#search-suggest")
    assert suggestion.is_visible()
    assert "Did you mean" in suggestion.inner_text() and "asylum" in suggestion.inner_text()
    assert items.count() > 0


def test_nothing_found_says_so(page):
    page.goto("/search/?q=qqqxxzz")
    page.wait_for_function("() => document.querySelector('#search-status').textContent.includes('No results')",
                           timeout=15_000)
    assert page.locator("#search-results li").count() == 0


def test_keyboard_slash_arrows_enter_escape(page):
    page.goto("/about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("asylum")
    page.wait_for_selector("#site-search-popup li.search-result", timeout=15_000)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.href")
    assert first != second and "search-result-link" in page.evaluate("document.activeElement.className")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.href") == first
    page.keyboard.press("Escape")
    assert page.locator("#site-search-popup").is_hidden()
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.press("ArrowDown")  # the results come back ...
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")      # ... and Enter opens the one in focus
    page.wait_for_url(lambda url: "/about/" not in url, timeout=15_000)


def test_query_in_the_url_is_linkable_and_the_back_button_works(page):
    page.goto("/search/?q=DACA")
    assert results(page).first.locator("a").get_attribute("href").endswith("/policies/daca/")
    assert page.input_value("#search-q") == "DACA"
    page.fill("#search-q", "asylum")
    page.press("#search-q", "Enter")
    page.wait_for_url("**/search/?q=asylum", timeout=15_000)
    page.go_back()
    page.wait_for_function("() => document.querySelector('#search-q').value === 'DACA'", timeout=15_000)
    page.wait_for_function("""() => { const a = document.querySelector('#search-results li.search-result a');
        return a && a.href.endsWith('/policies/daca/'); }""", timeout=15_000)


def test_role_and_brief_filters_share_a_line_on_a_desktop(page):
    page.goto("/search/?q=asylum")
    results(page)   # the brief menu now holds the brief's (long) title
    role = page.locator("#search-role").bounding_box()
    brief = page.locator("#search-brief").bounding_box()
    brief_label = page.locator("label[for=search-brief]").bounding_box()
    assert abs(role["y"] - brief["y"]) < 2 and brief_label["x"] > role["x"] + role["width"], (role, brief)
    main = page.locator("main").bounding_box()
    assert brief["x"] + brief["width"] <= main["x"] + main["width"] + 1, (brief, main)


def test_no_serious_axe_violations_with_results_shown(new_page):
    page = new_page(bypass_csp=True)
    page.goto("/search/?q=private+actors")
    results(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in found["violations"]
               if v["impact"] in FAILING_IMPACTS]
    assert not serious, serious
    popup = new_page(bypass_csp=True)
    popup.goto("/")
    popup.fill("#site-search-q", "asylum")
    popup.wait_for_selector("#site-search-popup li.search-result", timeout=15_000)
    popup.add_script_tag(path=str(AXE))
    found = popup.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in found["violations"]
               if v["impact"] in FAILING_IMPACTS]
    assert not serious, serious


# ---------------------------------------------------------------- other sites


def build(content: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, "build.py", "build", "--content", str(content), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def serve():
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_StaticHostHandler, directory=str(folder))
        server = _QuietServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


BUILT: dict[str, Path] = {}   # the URL of a site served here -> its folder


def site_with(tmp_path_factory, serve, name: str, extra: Path) -> str:
    """The default content plus the briefs in ``extra``, built and served."""
    folder = tmp_path_factory.mktemp(name)
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for path in extra.iterdir():
        shutil.copy(path, content / "briefs" / path.name)
    url = serve(build(content, folder / "site"))
    BUILT[url] = folder / "site"
    return url


@pytest.fixture(scope="module")
def spanish_site_url(tmp_path_factory, serve):
    return site_with(tmp_path_factory, serve, "search-es", SPANISH)


def test_a_spanish_query_finds_the_spanish_brief(page, spanish_site_url):
    page.goto(f"{spanish_site_url}/search/?q=violencia+dom%C3%A9stica")
    items = results(page)
    hrefs = items.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any("/briefs/asilo-violencia-domestica/" in h for h in hrefs[:3]), hrefs
    page.goto(f"{spanish_site_url}/search/?q=persecuciones+privadas")   # other forms, no accents
    hrefs = results(page).locator("a").evaluate_all("els => els.map(e => e.href)")
    assert "/briefs/asilo-violencia-domestica/" in hrefs[0], hrefs
    page.goto(f"{spanish_site_url}/search/?q=private+actors")           # English still works
    assert "role-rebuttal" in results(page).first.get_attribute("class")


@pytest.fixture(scope="module")
def two_briefs_site_url(tmp_path_factory, serve):
    """The default content and a second English brief: "asylum" matches sections of both."""
    return site_with(tmp_path_factory, serve, "search-briefs", SECOND_BRIEF)


FIRST, SECOND = "sessions-asylum-ruling", "family-detention-asylum"


def brief_options(page) -> list[str]:
    return page.locator("#search-brief option").evaluate_all("els => els.map(e => e.value)")


def wait_for_results_of(page, slug: str):
    """Until every result shown is from brief ``slug`` (and there is one)."""
    page.wait_for_function("""slug => { const links = [...document.querySelectorAll('#search-results li.search-result a')];
        return links.length > 0 && links.every(a => new URL(a.href).pathname.includes('/briefs/' + slug + '/')); }""",
                           arg=slug, timeout=15_000)


def test_the_brief_filter_still_offers_the_other_briefs(page, two_briefs_site_url):
    page.goto(f"{two_briefs_site_url}/search/?q=asylum")
    hrefs = results(page).locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any(f"/briefs/{FIRST}/" in h for h in hrefs) and any(f"/briefs/{SECOND}/" in h for h in hrefs), hrefs
    assert set(brief_options(page)) == {"", FIRST, SECOND}
    page.select_option("#search-brief", SECOND)
    wait_for_results_of(page, SECOND)
    assert f"brief={SECOND}" in page.url
    assert set(brief_options(page)) == {"", FIRST, SECOND}       # not just "All briefs" and the one chosen
    assert page.input_value("#search-brief") == SECOND
    labels = page.locator("#search-brief option").all_inner_texts()
    assert "Sessions’s asylum ruling is an assault on women and children fleeing violence" in labels, labels
    page.select_option("#search-brief", FIRST)                     # straight to the other brief
    wait_for_results_of(page, FIRST)
    assert f"brief={FIRST}" in page.url and page.input_value("#search-brief") == FIRST
    assert set(brief_options(page)) == {"", FIRST, SECOND}
    page.select_option("#search-brief", "")
    page.wait_for_function("""() => { const links = [...document.querySelectorAll('#search-results li.search-result a')];
        return links.some(a => a.href.includes('/briefs/sessions-asylum-ruling/')) &&
               links.some(a => a.href.includes('/briefs/family-detention-asylum/')); }""", timeout=15_000)


def test_a_deep_link_to_one_brief_offers_the_others_too(page, two_briefs_site_url):
    page.goto(f"{two_briefs_site_url}/search/?q=asylum&brief={SECOND}")
    results(page)
    wait_for_results_of(page, SECOND)
    assert page.input_value("#search-brief") == SECOND
    assert set(brief_options(page)) == {"", FIRST, SECOND}
    labels = page.locator("#search-brief option").all_inner_texts()
    assert "Detaining families who ask for asylum does not deter them" in labels, labels   # titles, not slugs
    assert "Sessions’s asylum ruling is an assault on women and children fleeing violence" in labels, labels
    page.select_option("#search-brief", FIRST)
    wait_for_results_of(page, FIRST)
    assert set(brief_options(page)) == {"", FIRST, SECOND}


def test_a_results_page_fetches_each_brief_s_documents_once(page, two_briefs_site_url):
    """Twenty results from two briefs (and some policies): one documents file per brief
    shown (and per policy group), each fetched once, also when the query changes."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    docs = DocsFetches(BUILT[two_briefs_site_url], two_briefs_site_url, "#search-results li.search-result a")
    page.goto(f"{two_briefs_site_url}/search/?q=asylum")
    hrefs = results(page).locator("a").evaluate_all("els => els.map(e => e.href)")
    page.wait_for_load_state("networkidle")
    docs.check(page, requests)
    fetched = [urlsplit(u).path for u in requests if is_docs(u)]
    briefs = {f"/briefs/{slug}/" for slug in (FIRST, SECOND)}
    assert {urlsplit(h).path for h in hrefs} & briefs == briefs   # results of both briefs ...
    shown = {docs.files[h[len(two_briefs_site_url) + 1:]] for h in hrefs}
    assert sorted(fetched) == sorted(shown)                        # ... one file for each brief
    assert len([p for p in fetched if not p.startswith("/search/docs/p/")]) == 2
    assert len(hrefs) >= 10 > len(fetched)
    requests.clear()
    page.fill("#search-q", "asylum seekers")
    page.press("#search-q", "Enter")
    page.wait_for_function("() => /asylum seekers/.test(document.getElementById('search-status').textContent)",
                           timeout=15_000)
    page.wait_for_load_state("networkidle")
    docs.check(page, requests)                                    # nothing fetched twice


@pytest.fixture(scope="module")
def big_site(tmp_path_factory, serve):
    folder = tmp_path_factory.mktemp("search-1000")
    content = folder / "content"
    subprocess.run([sys.executable, "-m", "bench.corpus", "--briefs", "1000", "--out", str(content / "briefs")],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    site = build(content, folder / "site")
    return site, serve(site)


def gzip_bytes(site: Path, urls: list[str]) -> int:
    total = 0
    for url in urls:
        path = urlsplit(url).path.lstrip("/")
        file = site / path / "index.html" if path.endswith("/") or not path else site / path
        total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


def is_docs(url: str) -> bool:
    return urlsplit(url).path.startswith("/search/docs/")


def docs_files(site: Path) -> dict[str, str]:
    """The URL of each result (relative to the site) -> the documents file holding it."""
    found = {}
    for path in (site / "search" / "docs").rglob("*.json"):
        for doc in json.loads(path.read_text(encoding="utf-8")).values():
            found[doc["url"]] = "/" + path.relative_to(site).as_posix()
    return found


class DocsFetches:
    """Checks that each query fetched only the documents files of the results it shows,
    none twice over the page's life (the browser keeps them), none over DOCS_FILE_BUDGET."""

    def __init__(self, site: Path, url: str, results: str):
        self.site, self.url, self.results = site, url, results
        self.files = docs_files(site)
        self.seen: list[str] = []

    def check(self, page, urls: list[str]) -> int:
        """The gzip bytes of ``urls`` but for the documents files, which are checked."""
        fetched = [urlsplit(u).path for u in urls if is_docs(u)]
        hrefs = page.locator(self.results).evaluate_all("els => els.map(e => e.href)")
        shown = {self.files[href[len(self.url) + 1:]] for href in hrefs}
        assert set(fetched) <= shown, (fetched, shown)
        self.seen += fetched
        assert len(self.seen) == len(set(self.seen)), self.seen   # each file once per page
        for path in fetched:
            size = gzip_bytes(self.site, [path])
            assert size <= DOCS_FILE_BUDGET, (path, size)
        return gzip_bytes(self.site, [u for u in urls if not is_docs(u)])


class Fetches:
    """The requests of a page, and whether any is still in flight."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.pending = 0
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request):
        self.urls.append(request.url)
        self.pending += 1

    def _ended(self, request):
        self.pending -= 1

    def settle(self, page, query: str, timeout_ms: int = 60_000):
        """Wait until the popup shows the results (or the no-results or did-you-mean
        message) for ``query`` and nothing is being fetched."""
        page.wait_for_timeout(300)           # past the 180 ms debounce
        waited = 0
        while waited < timeout_ms:
            shown = page.evaluate("""q => {
                const status = document.querySelector('#site-search-popup .search-status');
                const suggest = document.querySelector('#site-search-popup .search-suggest');
                return (status && status.textContent.includes('“' + q + '”')) ||
                       (suggest && !suggest.hidden && suggest.textContent.includes('“' + q + '”'));
            }""", query)
            if shown and not self.pending:
                page.wait_for_timeout(100)
                if not self.pending:
                    return
            page.wait_for_timeout(50)
            waited += 50
        raise AssertionError(f"no results shown for {query!r} in {timeout_ms} ms")


def test_queries_on_1000_briefs_stay_within_the_byte_budget(new_page, big_site):
    site, url = big_site
    page = new_page()
    page.goto(f"{url}/")
    page.wait_for_load_state("networkidle")
    fetches = Fetches(page)
    docs = DocsFetches(site, url, "#site-search-popup li.search-result a")
    page.focus("#site-search-q")
    page.fill("#site-search-q", "asylum detention")
    fetches.settle(page, "asylum detention")
    assert page.locator("#site-search-popup li.search-result").count() > 0
    # search.js itself came with the page: count it too.
    first = gzip_bytes(site, fetches.urls) + gzip_bytes(site, [f"{url}/static/search.js"])
    docs.check(page, fetches.urls)
    assert any(u.endswith("/static/lunr.js") for u in fetches.urls)
    assert first <= FIRST_QUERY_BUDGET, (first, fetches.urls)
    # Typical further queries, then only the corpus's most frequent words (its generated
    # briefs all cite the same few policies): their postings come in tiers.
    for query in ("immigration judges", "family separation", "gang violence", "temporary protected status",
                  "court order", "program rule", "act", "brief"):
        fetches.urls.clear()
        page.fill("#site-search-q", query)
        fetches.settle(page, query)
        more = docs.check(page, fetches.urls)
        assert more <= NEXT_QUERY_BUDGET, (query, more, fetches.urls)


def test_each_keystroke_on_1000_briefs_stays_within_the_byte_budget(new_page, big_site):
    """Results as you type: each keystroke's query (debounced, typed slower than the
    debounce so every keystroke searches) fetches at most NEXT_QUERY_BUDGET more."""
    site, url = big_site
    page = new_page()
    page.goto(f"{url}/")
    page.wait_for_load_state("networkidle")
    fetches = Fetches(page)
    docs = DocsFetches(site, url, "#site-search-popup li.search-result a")
    page.focus("#site-search-q")
    costs = []
    for text in ("asylum detention", "temporary protected status", "court order"):
        if costs:
            page.fill("#site-search-q", "")
            page.wait_for_timeout(300)
        for n in range(1, len(text) + 1):
            if costs:                          # (the first keystroke: with the scripts fetched on focus)
                fetches.urls.clear()
            page.keyboard.type(text[n - 1])
            if text[n - 1] == " ":
                page.wait_for_timeout(400)     # the same words as before: nothing new to show
                while fetches.pending:
                    page.wait_for_timeout(50)
            else:
                fetches.settle(page, text[:n])
            extra = gzip_bytes(site, [f"{url}/static/search.js"]) if not costs else 0
            costs.append((text[:n], docs.check(page, fetches.urls) + extra))
        # the best results, or (frequent words only, too many to rank while typing) a word that
        # Enter ranks them all
        status = page.locator("#site-search-popup .search-status").inner_text()
        shown = page.locator("#site-search-popup li.search-result").count()
        assert shown or "press Enter" in status, (text, status)
        if text == "asylum detention":
            assert shown
    assert costs[0][1] <= FIRST_QUERY_BUDGET, costs[0]
    over = [(query, cost) for query, cost in costs[1:] if cost > NEXT_QUERY_BUDGET]
    assert not over, (over, costs)
