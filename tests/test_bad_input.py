"""Broken input, end to end: one table row per way content goes wrong.

Each row starts from a site built from good content, breaks the content folder, builds
again with the real command (``python build.py --content content --out site``) and
checks the exact diagnostic (code, file, line, column, words of the message), the exit
status, that no traceback is printed, and that a failed build left the previous site
byte for byte. The rows that must build (a 10 MB brief, a 1 MB line, deeply nested
Markdown) check the time it takes and the output instead.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from site_check import ROOT, snapshot

SITE = "title: Demo\nbase_url: /\n"
POLICIES = """\
policies:
  - id: daca
    name: Deferred Action for Childhood Arrivals
    kind: program
    aliases: [DACA]
"""
BODY = ("A good headline\n\nHe argues that DACA should end.\n\n"
        "That is false: DACA has protected 800,000 people since 2012.\n")
SIDECAR = "title: Good\ndate: 2020-01-02\n"
GOOD = {"content/site.yaml": SITE, "content/policies.yaml": POLICIES,
        "content/briefs/good.txt": BODY, "content/briefs/good.yaml": SIDECAR}
DIAGNOSTIC = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<code>BK\d{3}) (?P<message>.*)$", re.M)


@dataclass(frozen=True)
class Row:
    """One broken content folder and what the build must say about it.

    ``files`` maps paths (relative to the folder the build runs in) to new contents;
    None deletes the file. ``code`` None means a theme error: ``path:line: message``."""
    id: str
    files: dict[str, str | bytes | None]
    code: str | None
    path: str | None = None
    line: int | None = None
    column: int | None = None
    message: str = ""
    status: int = 1
    seconds: float = 20.0  # the broken build must finish within this
    also: tuple[str, ...] = field(default=())  # more codes that may be reported


def _nested_list(depth: int) -> str:
    return "".join("  " * level + "- item\n" for level in range(depth))


ROWS = [
    Row("non-utf8", {"content/briefs/good.txt": b"A good headline\n\nCaf\xe9 society is over.\n"},
        "BK102", "content/briefs/good.txt", 3, 4, "not valid UTF-8 at byte 20 (line 3): save the file as UTF-8"),
    Row("nul-bytes", {"content/briefs/good.txt": b"A good headline\n\nHe argues\x00 that.\n"},
        "BK103", "content/briefs/good.txt", 3, 10, "looks like a binary file (NUL byte at byte 26)"),
    Row("binary-file-in-briefs", {"content/briefs/photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        "BK100", "content/briefs/photo.png", 1, 1, "binary file in briefs/"),
    Row("empty-brief", {"content/briefs/good.txt": b""},
        "BK105", "content/briefs/good.txt", 1, 1, "empty brief: write the text"),
    Row("malformed-yaml", {"content/briefs/good.yaml": "title: Good\ndate: 2020-01-02\nauthor: \"unclosed\n"},
        "BK110", "content/briefs/good.yaml", 4, 1, "malformed YAML"),
    Row("malformed-policies-yaml", {"content/policies.yaml": "policies:\n  - id: daca\n    name: [Deferred\n"},
        "BK110", "content/policies.yaml", 4, 1, "malformed YAML"),
    Row("malformed-site-yaml", {"content/site.yaml": "title: Demo\nbase_url: /\n\tlang: en\n"},
        "BK110", "content/site.yaml", 3, 1, "malformed YAML"),
    Row("deeply-nested-yaml", {"content/briefs/good.yaml": "title: Good\ntags: " + "[" * 3000 + "]" * 3000 + "\n"},
        "BK110", "content/briefs/good.yaml", 2, 107, "nested too deeply"),
    Row("unknown-key", {"content/briefs/good.yaml": SIDECAR + "sumary: A summary\n"},
        "BK112", "content/briefs/good.yaml", 3, 1, "unknown key 'sumary' in brief metadata (did you mean 'summary'?)"),
    Row("unknown-policy-key", {"content/policies.yaml": POLICIES + "    citaton: 8 U.S.C. 1\n"},
        "BK112", "content/policies.yaml", 6, 5, "unknown key 'citaton' in a policy (did you mean 'citation'?)"),
    Row("wrong-type", {"content/briefs/good.yaml": "title: [Good, Bad]\ndate: 2020-01-02\n"},
        "BK111", "content/briefs/good.yaml", 1, 8, "'title' must be text, not a list"),
    Row("wrong-type-date", {"content/briefs/good.yaml": "title: Good\ndate: 2 January 2020\n"},
        "BK114", "content/briefs/good.yaml", 2, 7, "write it as YYYY-MM-DD"),
    Row("same-slug", {"content/briefs/good.md": "---\ntitle: Also good\n---\n\n" + BODY},
        "BK107", "content/briefs/good.txt", 1, 1, "slug 'good' is already used by content/briefs/good.md"),
    Row("override-matches-nothing",
        {"content/briefs/good.yaml": SIDECAR + "overrides:\n  - sentence: words that are not in the brief\n    role: claim\n"},
        "BK201", "content/briefs/good.yaml", 4, 5, "words that are not in the brief"),
    Row("unknown-policy-id",
        {"content/briefs/good.yaml": SIDECAR + "overrides:\n  - add_policy: dacca\n    at: He argues\n"},
        "BK124", "content/briefs/good.yaml", 4, 5, "policy 'dacca' is not in policies.yaml (did you mean 'daca'?)"),
    Row("path-in-ledger-id", {"content/ids.tsv": "good\t../../../escape\tclaim\tlive\tHe argues\n"},
        "BK401", "content/ids.tsv", 1, 6, "'../../../escape' is not a usable section id"),
    Row("missing-template", {"templates/brief.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                    "{% include 'partials/no-such-part.html' %}\n{% endblock %}\n"},
        None, "templates/brief.html", 3, None, "partials/no-such-part.html"),
    Row("template-syntax-error", {"templates/home.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                         "<p>{{ site.config.title }</p>\n{% endblock %}\n"},
        None, "templates/home.html", 3, None, "unexpected '}'"),
]

BUILDS = [
    # (id, files, what the built site must show, seconds)
    ("ten-megabyte-brief", {"content/briefs/good.txt": "A very long record\n\n" + "\n\n".join(
        [" ".join(f"The committee met on day {i} in the city hall and heard {i} witnesses." for i in range(100))]
        * 1500) + "\n"}, "briefs/good/index.html", 120),
    ("one-megabyte-line", {"content/briefs/good.txt": "A long line\n\n" + "word " * 200_000 + "\n"},
     "briefs/good/index.html", 30),
    ("deeply-nested-quotes", {"content/briefs/good.md": "---\ntitle: Nested\n---\n\n" + "> " * 10_000 + "deep\n",
                              "content/briefs/good.txt": None, "content/briefs/good.yaml": None},
     "briefs/good/index.html", 20),
    ("deeply-nested-lists", {"content/briefs/good.md": "---\ntitle: Nested\n---\n\n" + _nested_list(1000)
                             + "\n\n" + "- " * 3000 + "x\n",
                             "content/briefs/good.txt": None, "content/briefs/good.yaml": None},
     "briefs/good/index.html", 20),
]


def _write(root: Path, files: dict[str, str | bytes | None]) -> None:
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _build(root: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", "site",
                           "--no-cache"], cwd=root, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """Good content and the site built from it, copied by each row."""
    root = tmp_path_factory.mktemp("good")
    _write(root, GOOD)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def workspace(good_build, tmp_path) -> Path:
    root = tmp_path / "work"
    shutil.copytree(good_build, root, symlinks=True)
    return root


@pytest.mark.parametrize("row", ROWS, ids=[getattr(row, "id", None) for row in ROWS])
def test_bad_input_is_reported_exactly_and_keeps_the_last_site(workspace, row):
    before = snapshot(workspace / "site")
    _write(workspace, row.files)
    started = time.perf_counter()
    done = _build(workspace)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == row.status, f"exit {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert elapsed < row.seconds
    if row.code is None:  # a theme error: file:line: message
        first = done.stderr.splitlines()[0]
        assert first.startswith(f"{row.path}:{row.line}:"), done.stderr
        assert row.message in first, done.stderr
    else:
        found = [m.groupdict() for m in DIAGNOSTIC.finditer(done.stderr)]
        expected = {"path": row.path, "line": str(row.line), "column": str(row.column), "code": row.code}
        matching = [d for d in found if {k: d[k] for k in expected} == expected]
        assert matching, f"no {expected} in:\n{done.stderr}"
        assert row.message in matching[0]["message"], done.stderr
        errors = {d["code"] for d in found if not d["message"].startswith("warning:")}
        assert errors <= {row.code, *row.also}, done.stderr
    assert "is unchanged" in done.stderr
    assert snapshot(workspace / "site") == before, "a failed build changed the site"


@pytest.mark.parametrize("name, files, page, seconds", BUILDS, ids=[b[0] for b in BUILDS])
def test_big_and_deep_input_builds_in_bounded_time(workspace, name, files, page, seconds):
    _write(workspace, files)
    started = time.perf_counter()
    done = _build(workspace, timeout=seconds * 2)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stderr[-3000:]}"
    assert elapsed < seconds, f"{name} took {elapsed:.1f}s"
    html = (workspace / "site" / page).read_text(encoding="utf-8")
    assert "<script>" not in html.split("</head>", 1)[1]


def test_an_unparsable_base_url_is_a_usage_error(workspace):
    # found by fuzz/fuzz_parse.py: urlsplit raises ValueError on an unclosed IPv6 host
    before = snapshot(workspace / "site")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", "site",
                           "--base-url", "http://[x/"], cwd=workspace, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "--base-url 'http://[x/'" in done.stderr
    assert snapshot(workspace / "site") == before


def test_an_unparsable_policy_url_is_reported(workspace):
    _write(workspace, {"content/policies.yaml": POLICIES + "    url: http://[x/\n"})
    done = _build(workspace)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "content/policies.yaml:6:10: BK115 'url' must be an http:// or https:// URL" in done.stderr


def test_a_brief_with_more_sections_than_search_can_number_is_a_clear_error(tmp_path):
    """4,200 paragraphs that alternate two roles: 8,400 sections, over the 4,095 the
    search index numbers in one brief. A clear error, not a traceback from the index."""
    import shutil
    import subprocess
    import sys
    shutil.copytree(ROOT / "content", tmp_path / "content")
    text = "A headline\n\n" + "\n\n".join(f"He argues that claim {i} holds. That is false: the record shows "
                                          "otherwise." for i in range(4200)) + "\n"
    (tmp_path / "content" / "briefs" / "huge.txt").write_text(text, encoding="utf-8")
    for command in ([], ["check"]):
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), *command, "--content",
                               str(tmp_path / "content"), *([] if command else ["--out", str(tmp_path / "site")])],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 1, done.stderr[-2000:]
        assert "huge.txt:1:1: BK302 8400 sections" in done.stderr and "Traceback" not in done.stderr
