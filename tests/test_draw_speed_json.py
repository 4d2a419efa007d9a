"""brief.json, the AIF graph, oEmbed files and JSON-LD are written by ``contract.encode``
instead of json.dumps's indenting encoder: the same text for any JSON value."""
from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

import briefkit.build as build
from briefkit.contract import encode
from briefkit.depends import Fingerprints
from site_check import themed_project

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([" ", "  ", "    "]))
def test_encode_writes_what_json_dumps_writes(value, step):
    assert encode(value, step) == json.dumps(value, ensure_ascii=False, indent=len(step))


def test_encode_writes_odd_strings_as_json_does():
    value = {"a\u2028": ["<\"\\\n\x01é\ud800", None, True, 1.5, float("inf"), 10 ** 40, [], {}, ((),)]}
    assert encode(value, "  ") == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_briefs_fingerprint_changes_with_any_of_its_sections(tmp_path, monkeypatch):
    """A brief's view is hashed from its fields' hashes (``depends.COMPOSED``), its
    sections each hashed once: a change deep in one section still changes the brief's."""
    project = themed_project(tmp_path, 1)
    seen = {}
    keyed = build.PageKeys.page

    def page(self, page):
        seen.setdefault("site", self.site)
        return keyed(self, page)

    monkeypatch.setattr(build.PageKeys, "page", page)
    assert build.Builder(project / "content", project / "site", jobs=1).build().built
    view = seen["site"].briefs[0]
    section = view.sections[-1]
    paragraph = section.paragraphs[0]
    segment = replace(paragraph.segments[0], text=paragraph.segments[0].text + "!")
    changed = replace(view, sections=view.sections[:-1] + (
        replace(section, paragraphs=(replace(paragraph, segments=(segment, *paragraph.segments[1:])),)
                + section.paragraphs[1:]),))
    prints = Fingerprints()
    assert prints.of(view) != prints.of(changed)
    assert prints.of(view) == Fingerprints().of(replace(view))  # equal views, other objects
    assert prints.of(replace(view, author=None)) != prints.of(replace(view, author="None"))
