"""Old URLs in a real browser: after a brief is renamed and a section deleted, the
first build's permalinks and embed cards lead to the same section under its new address
(meta refresh, no script) or to the removal page, never to a 404."""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import threading

import pytest

from briefkit.serve import SiteHandler

from .conftest import _QuietServer
from .site_support import ROOT

SLUG = "sessions-asylum-ruling"


class _Quiet(SiteHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _build(content, out):
    done = subprocess.run([sys.executable, "build.py", "build", "--content", str(content), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"build failed:\n{done.stdout}\n{done.stderr}", pytrace=False)


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("renamed")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    _build(content, tmp / "first")
    text = (content / f"briefs/{SLUG}.txt").read_text(encoding="utf-8")
    text = re.sub(r"But the United States is\sincreasingly[^\n]*\n\n", "", text)
    (content / f"briefs/{SLUG}.txt").write_text(text, encoding="utf-8")
    for suffix in (".txt", ".yaml"):
        shutil.move(content / f"briefs/{SLUG}{suffix}", content / f"briefs/asylum-ruling{suffix}")
    _build(content, tmp / "second")
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp / "second")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_old_permalinks_and_embeds_follow_the_renamed_brief(new_page, renamed_site):
    page = new_page()
    for old, new in ((f"/briefs/{SLUG}/rebuttal-he-provides-no-basis/", "/briefs/asylum-ruling/rebuttal-he-provides-no-basis/"),
                     (f"/embed/{SLUG}/rebuttal-he-provides-no-basis/", "/embed/asylum-ruling/rebuttal-he-provides-no-basis/"),
                     (f"/briefs/{SLUG}/", "/briefs/asylum-ruling/")):
        page.goto(renamed_site + old)
        page.wait_for_url(renamed_site + new)
        assert "He provides no basis for this assumption." in page.inner_text("body")


def test_a_deleted_section_says_it_was_removed(new_page, renamed_site):
    page = new_page()
    response = page.goto(f"{renamed_site}/briefs/{SLUG}/claim-but-the-united-states/")
    assert response.status == 200
    assert "This part of the brief was removed" in page.inner_text("h1")
    page.click("text=Read the current brief")
    page.wait_for_url(f"{renamed_site}/briefs/asylum-ruling/")
    response = page.goto(f"{renamed_site}/embed/{SLUG}/claim-but-the-united-states/")
    assert response.status == 200 and "was removed" in page.inner_text("body")
