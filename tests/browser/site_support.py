"""The site under test: how to build it, where its pages are, and where Chromium is.

Plain functions and constants shared by the browser tests and the HTML validation test.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# One page of every kind the site has, by name; the paths are found in the build.
PAGE_KINDS = ("home", "brief", "section", "policy", "policies", "about", "404")


def build_site(out: Path) -> Path:
    """Build the default site into ``out`` with the documented command; fail loudly."""
    done = subprocess.run(
        [sys.executable, "build.py", "build", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`python build.py build --out {out}` exited {done.returncode}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}",
            pytrace=False,
        )
    if not (out / "index.html").is_file():
        pytest.fail(f"the build wrote no index.html into {out}", pytrace=False)
    return out


def _first(site: Path, pattern: str) -> Path:
    found = sorted(site.glob(pattern))
    if not found:
        pytest.fail(f"the built site has no page matching {pattern!r}", pytrace=False)
    return found[0]


def find_pages(site: Path) -> dict[str, str]:
    """URL path (relative to the site root) of one page of every kind."""
    brief = _first(site, "briefs/*/index.html").parent
    # A rebuttal shows the most (its text, the counterclaim it answers), if there is one.
    sections = sorted(sorted(brief.glob("*/index.html")), key=lambda page: not page.parent.name.startswith("rebuttal"))
    section = (sections[0] if sections else _first(brief, "*/index.html")).parent
    policy = _first(site, "policies/*/index.html").parent
    pages = {
        "home": "/",
        "brief": f"/{brief.relative_to(site).as_posix()}/",
        "section": f"/{section.relative_to(site).as_posix()}/",
        "policy": f"/{policy.relative_to(site).as_posix()}/",
        "policies": "/policies/",
        "about": "/about/",
        "404": "/404.html",
    }
    for kind, path in pages.items():
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            pytest.fail(f"the built site has no {kind} page ({file.relative_to(site)})", pytrace=False)
    return pages
