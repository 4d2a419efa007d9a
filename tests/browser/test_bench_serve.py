"""bench/bench_serve.py: the save-to-seen bench runs against a real serve and Chromium and
times what it says (no timing is checked here: that is the bench's job)."""
from __future__ import annotations

import sys

from .site_support import ROOT

if str(ROOT) not in sys.path:  # ``bench`` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.bench_serve import bench  # noqa: E402


def test_each_edit_is_seen_in_the_open_page_after_serve_rebuilt_it(browser, tmp_path):
    row = bench(12, 2, tmp_path, browser)
    assert row["briefs"] == 12
    # a rebuild is a fraction of a second here, and the page shows the edit after it
    assert 0 < row["rebuild"] < row["seen"] <= row["worst"] < 60
    assert not (tmp_path / "serve-12").exists()  # the corpus and site are removed
