"""Hypothesis over the stages that meet content first: load, parse (Markdown sources and
overrides; plain text is in test_parse_properties.py) and the built site.

- load: any bytes, text or YAML in a content folder give diagnostics or a result,
  never an exception; every diagnostic is registered and points at a real line.
- parse: a Markdown brief with front matter and random overrides never raises, and its
  spans stay inside the text after the front matter.
- the site: briefs of random text and metadata, full of would-be tags and attribute
  break-outs, build into pages that are well-formed (every element closed in order),
  where no tag of the input became an element or an attribute, and whose JSON-LD,
  feed and sitemap parse.
The atheris target (fuzz/fuzz_parse.py) runs the same kind of input for longer.
"""
from __future__ import annotations

import contextlib
import io
import json
import string
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.cli import main as cli_main
from briefkit.diagnostics import CODES
from briefkit.load import load_brief, load_content
from briefkit.model import Registry
from briefkit.parse import parse

FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))

# ---------------------------------------------------------------- strategies

YAML_PIECES = st.sampled_from([
    "title: ", "author: ", "date: ", "2020-01-02", "lang: ", "en", "summary: ", "source_url: ", "https://x.org/",
    "tags: ", "overrides:", "\n  - ", "sentence: ", "role: ", "claim", "split: ", "add_policy: ", "at: ",
    "policies:", "id: ", "name: ", "kind: ", "ruling", "aliases: ", "[", "]", "{", "}", ",", ": ", "- ", "\n",
    "  ", "\t", "'", '"', "&a ", "*a", "!!python/object ", "!!str ", "---", "...", "#", "|", ">", "%YAML 1.1",
    "? ", "<<: *a", "\x00", "\x07", "\ufeff", "é", "null", "~", "true", "1e3",
])
YAML_TEXT = st.one_of(st.lists(YAML_PIECES, max_size=40).map("".join), st.text(max_size=200))
FILE_BYTES = st.one_of(st.binary(max_size=300), YAML_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                       st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
BRIEF_NAMES = st.sampled_from(["a.txt", "a.md", "b.txt", "B c.txt", "a.yaml", "b.yaml", "x.docx", "c.yml",
                               ".hidden.txt", "ü.md", "a-b.md"])
CONTENT = st.fixed_dictionaries(
    {"site.yaml": st.one_of(st.just(b"title: T\nbase_url: /\n"), FILE_BYTES),
     "policies.yaml": st.one_of(st.just(b"policies: []\n"), FILE_BYTES)},
    optional={"ids.tsv": FILE_BYTES},
).flatmap(lambda top: st.dictionaries(BRIEF_NAMES.map(lambda n: "briefs/" + n), FILE_BYTES, max_size=4)
          .map(lambda briefs: {**top, **briefs}))

# Text that looks like markup: would-be elements are named x-fz so none can be the theme's.
MARKUP = st.sampled_from([
    "<x-fz>", "<x-fz onload=1>", "</x-fz>", "<x-fz", '" onfz="1', "' onfz='1", "<script>x</script>", "</script>",
    "<!--", "-->", "<![CDATA[", "]]>", "&", "&amp;", "&#60;x-fz&#62;", "<", ">", "javascript:x", "\u202e",
    "\u200b", "\x0b", "\x1b", "{{ site }}", "{% if %}", "[a](javascript:x)", "*", "_", "`", "**b**", "> ",
    "- ", "1. ", "#", "\n", "\n\n", "He argues that", "That is false:", "According to", "DACA", "Matter of A-B-",
])
WORDS = st.sampled_from(["the", "court", "claims", "was", "wrong", "because", "42", "percent", "."])
BRIEF_TEXT = st.lists(st.one_of(MARKUP, WORDS), min_size=3, max_size=60).map(" ".join)
META_TEXT = st.lists(st.one_of(MARKUP, WORDS), min_size=1, max_size=8).map(" ".join)


# ---------------------------------------------------------------- load


def _write(root: Path, files: dict[str, bytes]) -> Path:
    content = root / "content"
    (content / "briefs").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (content / name).write_bytes(data)
    return content


@FAST
@given(CONTENT)
def test_load_never_raises_and_every_diagnostic_points_somewhere(files):
    with tempfile.TemporaryDirectory() as tmp:
        content = _write(Path(tmp), files)
        loaded = load_content(content)
        for d in loaded.diagnostics:
            assert d.code in CODES, d
            assert d.line >= 1 and d.column >= 1, d
            assert d.message, d
        for source in loaded.sources:
            assert 0 <= source.body_start <= len(source.text)


# ---------------------------------------------------------------- parse: Markdown and overrides


@FAST
@given(META_TEXT, BRIEF_TEXT, st.lists(st.tuples(st.sampled_from(["sentence", "section", "split", "join",
                                                                   "rebuttal", "drop_policy"]),
                                                  st.integers(0, 10_000), st.integers(1, 30)), max_size=4))
def test_markdown_briefs_with_overrides_parse_without_raising(title, body, overrides):
    lines = [f"title: {json.dumps(title)}", "overrides:"] if overrides else [f"title: {json.dumps(title)}"]
    for action, at, length in overrides:
        start = at % max(len(body), 1)
        match = json.dumps(body[start:start + length].strip() or "x")
        companion = {"sentence": "role: claim", "section": "role: evidence", "join": f"through: {match}",
                     "rebuttal": f"responds_to: {match}", "split": "", "drop_policy": ""}[action]
        lines.append(f"  - {action}: {match}" + (f"\n    {companion}" if companion else ""))
    text = "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.md"
        path.write_text(text, encoding="utf-8")
        source, found = load_brief(path, Path(tmp))
        assert all(d.code in CODES for d in found)
        if source is None:
            return
        brief = parse(source, Registry())
    assert all(d.code in CODES for d in brief.diagnostics)
    for part in (*brief.front, *brief.sections):
        assert source.body_start <= part.start < part.end <= len(source.text)
        assert part.text == source.text[part.start:part.end]


# ---------------------------------------------------------------- the built site


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class WellFormed(HTMLParser):
    """Every element closed, in order (void elements excepted); the tags and attributes seen."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(html)
        self.close()
        if self.stack:
            self.problems.append(f"never closed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag not in VOID and tag not in ("path", "circle", "rect"):
            self.problems.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag of void <{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _build(content: Path, out: Path) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = cli_main(["build", "--content", str(content), "--out", str(out), "--no-cache"])
    return status, stderr.getvalue()


BRIEFS = st.lists(st.tuples(META_TEXT, META_TEXT, BRIEF_TEXT, st.booleans()), min_size=1, max_size=3)


@SLOW
@given(META_TEXT, BRIEFS)
def test_random_briefs_build_into_well_formed_escaped_pages(site_title, briefs):
    with tempfile.TemporaryDirectory() as tmp:
        files = {"site.yaml": f"title: {json.dumps(site_title)}\nbase_url: /\n".encode(),
                 "policies.yaml": b"policies: []\n"}
        for number, (title, author, body, markdown) in enumerate(briefs):
            meta = f"title: {json.dumps(title)}\nauthor: {json.dumps(author)}\nsummary: {json.dumps(title)}\n"
            if markdown:
                files[f"briefs/b{number}.md"] = f"---\n{meta}---\n\n{body}\n".encode()
            else:
                files[f"briefs/b{number}.txt"] = f"{body}\n".encode()
                files[f"briefs/b{number}.yaml"] = meta.encode()
        content = _write(Path(tmp), files)
        out = Path(tmp) / "site"
        status, stderr = _build(content, out)
        assert "Traceback" not in stderr, stderr
        if status != 0:  # content errors (an empty brief, say) are reported, never raised
            assert status == 1 and "BK" in stderr, stderr
            return
        pages = sorted(out.rglob("*.html"))
        assert pages
        for path in pages:
            html = path.read_text(encoding="utf-8")
            page = WellFormed(html)
            name = path.relative_to(out)
            assert not page.problems, (name, page.problems)
            assert not any(tag.startswith("x-fz") for tag in page.tags), name
            assert not any(a.startswith(("onfz", "onload")) for a in page.attributes), name
            for block in html.split('<script type="application/ld+json">')[1:]:
                json.loads(block.split("</script>", 1)[0])
        ET.parse(out / "feed.xml")
        ET.parse(out / "sitemap.xml")
        for path in out.rglob("oembed.json"):
            json.loads(path.read_text(encoding="utf-8"))


@FAST
@given(st.text(alphabet=string.printable + "\u202e\u200b<>\"'&", max_size=80))
def test_safe_url_keeps_only_http_mailto_or_nothing(url):
    from briefkit.sanitize import safe_url
    kept = safe_url(url)
    assert kept is None or kept.split(":", 1)[0].lower() in ("http", "https", "mailto")


# ---------------------------------------------------------------- what the atheris target found

# fuzz/fuzz_parse.py, first 10-minute run (3,287 executions in): a "related" front part
# ("Read more") is found inside the text of a counterclaim section, so the two overlap.
# Fixed in parse/sections.py: a section no longer joins paragraphs across a front part.
FRONT_PART_INSIDE_SECTION = 'he claim.\n\nRead more\n\nHere’s what argues that, becance and gang abuse are commIt and abuse falls\x01---\ntitle: !!python/object/apply:os.system "touch /tmp/brph><style><img src=x onerror=wind!!python/name:os.system "Jane Doe"\np'


def test_fuzz_regression_front_parts_and_sections_never_overlap():
    from conftest import make_source
    brief = parse(make_source(FRONT_PART_INSIDE_SECTION))
    spans = sorted((p.start, p.end) for p in (*brief.front, *brief.sections))
    assert all(first[1] <= second[0] for first, second in zip(spans, spans[1:])), spans
