"""Helpers for the site tests: build with the real command, read pages, crawl links.

Not a test module: imported by tests/test_site_*.py.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BRIEF = "briefs/sessions-asylum-ruling/"


def run(*args, cwd: Path = ROOT, timeout: int = 120) -> subprocess.CompletedProcess:
    """``python build.py ARGS`` as a user runs it."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def build(out: Path, *args, cwd: Path = ROOT) -> Path:
    done = run("--out", out, *args, cwd=cwd)
    assert done.returncode == 0, f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return out


def copy_content(tmp: Path) -> Path:
    """A copy of the default content in ``tmp/content`` (no templates/ beside it)."""
    shutil.copytree(CONTENT, tmp / "content")
    return tmp / "content"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def themed_project(tmp: Path, briefs: int) -> Path:
    """``tmp`` with the default content plus ``briefs`` generated briefs, and a copy of
    the theme beside it to edit (``templates/``)."""
    from bench.corpus import write_corpus
    content = copy_content(tmp)
    write_corpus(briefs, content / "briefs")
    shutil.copytree(ROOT / "templates", tmp / "templates")
    return tmp


def clean_build(project: Path, name: str = "clean", jobs: int | None = None) -> dict[str, bytes]:
    """The files of a build of ``project``'s content from nothing: no cache, a new builder."""
    from briefkit.build import Builder
    out = project / name
    shutil.rmtree(out, ignore_errors=True)
    result = Builder(project / "content", out, jobs=jobs).build()
    assert result.built, result.diagnostics
    return snapshot(out)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (which must hold it) with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # ("a" for a link, "load" for a resource, url)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._script_text: list[str] = []
        self.text_parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.duplicate_ids.append(attrs["id"])
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img", "iframe", "source"):
                loads = tag != "a" and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate"))
                self.links.append(("load" if loads else "a", attrs[name]))
        if tag == "script":
            self._script, self._script_text = attrs, []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def read_page(site: Path, url: str) -> Page:
    path = site / (url + "index.html" if url == "" or url.endswith("/") else url)
    return Page(path.read_text(encoding="utf-8"))


def crawl(site: Path, base_path: str = "/") -> tuple[list[str], int]:
    """Every internal link and #fragment of every page, checked; (problems, links checked)."""
    pages = {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    problems, checked = [], 0
    for name, page in sorted(pages.items()):
        problems += [f"{name}: duplicate id '{i}'" for i in page.duplicate_ids]
        for tag, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if tag == "load":
                    problems.append(f"{name}: loads {url} from outside the site")
                continue
            if url.startswith("/"):
                if not url.startswith(base_path):
                    problems.append(f"{name}: {url} is outside the base path {base_path}")
                    continue
                target = unquote(urlsplit(url[len(base_path):]).path)
            else:
                target = unquote(urlsplit(urljoin("http://site/" + name, url)).path)[1:]
            fragment = unquote(parts.fragment)
            file = target + "index.html" if target == "" or target.endswith("/") else target
            checked += 1
            if not (site / file).is_file():
                problems.append(f"{name}: {url} -> {file} does not exist")
            elif fragment and file.endswith(".html") and fragment not in pages[file].ids:
                problems.append(f"{name}: {url} -> no id '{fragment}' in {file}")
    return problems, checked
