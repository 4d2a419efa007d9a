"""Every .html file of the built default site passes html-validate (recommended rules).

The rules live in .htmlvalidate.json at the repository root; html-validate itself is
pinned in package.json and installed by scripts/setup (npm ci).
"""
import shutil
import subprocess

import pytest

from browser.site_support import ROOT, build_site

HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"))


def test_every_page_is_valid_html(site):
    if not HTML_VALIDATE.exists() or shutil.which("npx") is None:
        pytest.fail("html-validate is not installed: run scripts/setup (npm ci)", pytrace=False)
    pages = sorted(str(path) for path in site.rglob("*.html"))
    assert pages, "the build wrote no .html files"
    done = subprocess.run(
        ["npx", "--no-install", "html-validate", "--config", str(ROOT / ".htmlvalidate.json"),
         "--formatter", "stylish", *pages],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    report = (done.stdout + done.stderr).replace(f"{site}/", "site/")
    assert done.returncode == 0, f"html-validate found errors in the built site ({len(pages)} pages):\n{report}"
