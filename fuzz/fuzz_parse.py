"""atheris fuzz target: the parser, the brief@1 contract, YAML metadata and Markdown.

Not part of the test suite; see fuzz/README.md for the command. Each input is split by
its first byte into one of four targets; every target must return normally, and the
invariants below must hold. Any exception is a crash: atheris saves the input as
``crash-<sha1>`` and stops.

- parse: plain text or Markdown (with front matter) -> Brief; spans inside the text,
  in order, not overlapping, and ``text`` equal to the slice they name; the contract
  JSON and the editors' text view are produced, and the JSON reads back.
- metadata: a sidecar or front matter as YAML, checked against the brief schema, and
  as policies.yaml; only registered diagnostic codes, with real lines.
- markdown: briefkit.sanitize.render_markdown leaves only allowlisted tags.
"""
from __future__ import annotations

import json
import os
import sys
from html.parser import HTMLParser

import atheris

with atheris.instrument_imports(include=["briefkit"]):
    from briefkit.contract import to_json, to_text
    from briefkit.diagnostics import CODES
    from briefkit.load import _front_matter
    from briefkit.model import BriefMeta, Registry, RegistryPolicy, Source
    from briefkit.parse import parse
    from briefkit.sanitize import TAGS, render_markdown
    from briefkit.schema import META_SCHEMA, POLICY_SCHEMA, SITE_SCHEMA, YamlChecker

REGISTRY = Registry((RegistryPolicy("daca", "Deferred Action for Childhood Arrivals", "program", ("DACA",)),
                     RegistryPolicy("matter-of-a-b", "Matter of A-B-", "ruling", ("A-B-",))))


# Bugs already reported, by a short name: with FUZZ_SKIP_KNOWN=1 an input that only shows
# one of them is counted (printed once) instead of stopping the run, so a fixed-time run
# can look for new ones. Each has a regression test in tests/test_fuzz_properties.py.
KNOWN: dict[str, str] = {}  # none open: run 1's front part inside a section is fixed
SKIP_KNOWN = os.environ.get("FUZZ_SKIP_KNOWN") == "1"
seen_known: set[str] = set()


class KnownBug(AssertionError):
    def __init__(self, name: str):
        super().__init__(f"{name}: {KNOWN[name]}")
        self.name = name


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def check_parse(text: str, markdown: bool) -> None:
    body_start, overrides = 0, ()
    if markdown:
        meta, body_start, _ = _front_matter(text, "fuzz.md")
        if meta is not None:
            overrides = meta.values.get("overrides") or ()
    source = Source("fuzz.md" if markdown else "fuzz.txt", text, BriefMeta(slug="fuzz"),
                    "md" if markdown else "txt", body_start, tuple(overrides))
    brief = parse(source, REGISTRY)
    position, last_is_front = body_start, False
    front = {(p.start, p.end) for p in brief.front}
    for part in sorted((*brief.front, *brief.sections), key=lambda p: p.start):
        assert body_start <= part.start < part.end <= len(text), (part.start, part.end)
        is_front = (part.start, part.end) in front
        # (A front part inside a section was run 1's find, fixed in parse/sections.py:
        # the plain assertion below now stops the run if it comes back.)
        assert position <= part.start, (part.start, part.end)
        assert part.text == text[part.start:part.end]
        position, last_is_front = part.end, is_front
    for policy in brief.policies:
        for mention in policy.mentions:
            assert text[mention.start:mention.end] == mention.text
    for d in brief.diagnostics:
        assert d.code in CODES, d
    data = json.loads(to_json(brief))
    assert data["schema"] == "briefkit/brief@1"
    to_text(brief)


def check_yaml(text: str) -> None:
    for schema, what in ((META_SCHEMA, "brief metadata"), (POLICY_SCHEMA, "a policy"), (SITE_SCHEMA, "site.yaml")):
        checker = YamlChecker("fuzz.yaml")
        checker.fields(checker.compose(text), schema, what, required=("title",) if schema is SITE_SCHEMA else ())
        for d in checker.diagnostics:
            assert d.code in CODES and d.line >= 1 and d.column >= 1, d
    checker = YamlChecker("policies.yaml")
    top, _ = checker.fields(checker.compose(text), {"policies": YamlChecker.nodes}, "policies.yaml")
    for entry in top.get("policies", ()):
        checker.fields(entry, POLICY_SCHEMA, "a policy", required=("id", "name", "kind"))


def check_markdown(text: str) -> None:
    html = render_markdown(text)
    assert Tags(html).tags <= set(TAGS), html


def test_one_input(data: bytes) -> None:
    try:
        run_one(data)
    except KnownBug as bug:
        if not SKIP_KNOWN:
            raise
        if bug.name not in seen_known:
            seen_known.add(bug.name)
            print(f"known bug seen (not stopping): {bug}", file=sys.stderr)


def run_one(data: bytes) -> None:
    if not data:
        return
    target, rest = data[0] % 4, data[1:]
    text = rest.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if target == 0:
        check_parse(text, markdown=False)
    elif target == 1:
        check_parse(text, markdown=True)
    elif target == 2:
        check_yaml(text)
    else:
        check_markdown(text)


def main() -> None:
    sys.setrecursionlimit(3000)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
