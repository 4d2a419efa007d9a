"""`python build.py serve` as a live preview: an edit on disk reaches the open page
without a manual reload, and a broken template or brief shows its file and line over
the last good page until it is fixed."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from .site_support import ROOT

BRIEF_PAGE = "briefs/sessions-asylum-ruling/"
BRIEF_TEXT = "content/briefs/sessions-asylum-ruling.txt"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live(tmp_path):
    """The default content (and a templates/ override folder) in tmp, served live."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "templates").mkdir()
    shutil.copy(ROOT / "templates" / "about.html", tmp_path / "templates" / "about.html")
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
         "--content", str(tmp_path / "content"), "--out", str(tmp_path / "site")],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        yield url, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def live_page(browser, page_watch, live):
    url, _ = live
    context = browser.new_context(base_url=url, service_workers="block")
    page = context.new_page()
    page_watch.attach(context, page)
    yield page
    context.close()
    if page_watch.problems:
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(dict.fromkeys(page_watch.problems)), pytrace=False)


def edit(path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def test_an_edit_on_disk_reloads_the_open_page(live, live_page):
    _, tmp = live
    live_page.goto(BRIEF_PAGE)
    main = live_page.locator("main")
    assert "Flamingo" not in main.inner_text()
    edit(tmp / BRIEF_TEXT, b"Sessions", b"Flamingo")
    expect(main).to_contain_text("Flamingo", timeout=10_000)
    # the files on disk carry no reload script: the build is the plain one
    assert b"__briefkit__" not in (tmp / "site" / BRIEF_PAGE / "index.html").read_bytes()


def overlay_text(page) -> str:
    page.wait_for_selector("#briefkit-error-overlay", timeout=10_000)
    return page.locator("#briefkit-error-overlay").inner_text()


def test_errors_show_over_the_last_good_page_until_fixed(live, live_page):
    url, tmp = live
    live_page.goto(BRIEF_PAGE)
    title = live_page.title()

    template = tmp / "templates" / "about.html"
    good_template = template.read_bytes()
    template.write_bytes(good_template + b"\n{% if %}\n")
    shown = overlay_text(live_page)
    assert "about.html:" in shown
    assert live_page.title() == title  # the last good page is still underneath
    with urllib.request.urlopen(url + BRIEF_PAGE, timeout=10) as response:
        assert response.status == 200 and title.encode() in response.read()  # and still served
    template.write_bytes(good_template)
    live_page.wait_for_selector("#briefkit-error-overlay", state="detached", timeout=10_000)

    brief = tmp / BRIEF_TEXT
    good_brief = brief.read_bytes()
    brief.write_bytes(good_brief.replace(b"\n\n", b"\n\n\xff\xfe broken\n\n", 1))
    shown = overlay_text(live_page)
    line = good_brief[:good_brief.index(b"\n\n")].count(b"\n") + 3
    assert f"sessions-asylum-ruling.txt:{line}" in shown and "UTF-8" in shown
    assert live_page.title() == title
    brief.write_bytes(good_brief)
    live_page.wait_for_selector("#briefkit-error-overlay", state="detached", timeout=10_000)
    assert live_page.title() == title
