"""The load stage: real files in tmp_path, each bad input with its exact diagnostic."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit import load as load_module
from briefkit.diagnostics import CODES, WARNINGS, did_you_mean, has_errors, line_col
from briefkit.load import load_brief, load_content, load_registry, load_site, read_text
from briefkit.model import Override

ROOT = Path(__file__).resolve().parents[1]

SITE = "title: Demo\nbase_url: /\n"
POLICIES = """\
policies:
  - id: daca
    name: Deferred Action for Childhood Arrivals
    kind: program
    aliases: [DACA]
"""
BODY = "A headline\n\nThe first paragraph. It has two sentences.\n"


def make_content(root: Path, files: dict[str, str | bytes]) -> Path:
    """A content/ folder with a valid site and registry, plus `files` (which may replace them)."""
    content = root / "content"
    (content / "briefs").mkdir(parents=True)
    for name, data in {"site.yaml": SITE, "policies.yaml": POLICIES, **files}.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)  # bytes as given: no newline translation
    return content


# (id, files, expected code, path, line, column, text the message must contain)
CASES = [
    ("not-utf8", {"briefs/x.txt": b"Title\n\nabc \xe9 def\n"},
     "BK102", "content/briefs/x.txt", 3, 5, "not valid UTF-8 at byte 11 (line 3): save the file as UTF-8"),
    ("not-utf8-after-crlf", {"briefs/x.txt": b"T\r\n\r\nab\xff\r\n"},
     "BK102", "content/briefs/x.txt", 3, 3, "at byte 7 (line 3)"),
    ("nul-bytes", {"briefs/x.txt": b"Title\n\x00\x01\x02"},
     "BK103", "content/briefs/x.txt", 2, 1, "looks like a binary file"),
    ("utf16", {"briefs/x.txt": "Title\n\nBody.\n".encode("utf-16")},
     "BK103", "content/briefs/x.txt", 1, 4, "NUL byte at byte 3"),
    ("bom", {"briefs/x.txt": "\ufeff" + BODY, "briefs/x.yaml": "title: T\n"},
     "BK104", "content/briefs/x.txt", 1, 1, "byte-order mark"),
    ("empty", {"briefs/x.txt": ""},
     "BK105", "content/briefs/x.txt", 1, 1, "empty brief: write the text, paragraphs separated by blank lines"),
    ("whitespace-only", {"briefs/x.txt": "  \n\n\t\n"},
     "BK105", "content/briefs/x.txt", 1, 1, "empty brief"),
    ("md-empty-body", {"briefs/x.md": "---\ntitle: T\n---\n\n"},
     "BK105", "content/briefs/x.md", 4, 1, "empty brief"),
    ("bad-slug", {"briefs/My Brief.txt": BODY},
     "BK106", "content/briefs/My Brief.txt", 1, 1, "rename it to 'my-brief.txt'"),
    ("two-briefs-one-slug", {"briefs/x.txt": BODY, "briefs/x.md": "---\ntitle: T\n---\n" + BODY},
     "BK107", "content/briefs/x.txt", 1, 1, "slug 'x' is already used by content/briefs/x.md"),
    ("stray-docx", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\n", "briefs/notes.docx": b"PK\x03\x04"},
     "BK108", "content/briefs/notes.docx", 1, 1, "ignored: not .txt or .md"),
    ("yml-sidecar", {"briefs/x.md": "---\ntitle: T\n---\n" + BODY, "briefs/x.yml": "title: T\n"},
     "BK108", "content/briefs/x.yml", 1, 1, "a sidecar must be named x.yaml"),
    ("orphan-sidecar", {"briefs/x.md": "---\ntitle: T\n---\n" + BODY, "briefs/y.yaml": "title: T\n"},
     "BK109", "content/briefs/y.yaml", 1, 1, "sidecar with no brief"),
    ("malformed-sidecar", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nauthor: [A, B\ndate: 2018-06-13\n"},
     "BK110", "content/briefs/x.yaml", 3, 5, "malformed YAML"),
    ("malformed-front-matter", {"briefs/x.md": "---\ntitle: T\nauthor: a: b\n---\n" + BODY},
     "BK110", "content/briefs/x.md", 3, 10, "malformed YAML: mapping values are not allowed here"),
    ("sidecar-is-a-list", {"briefs/x.txt": BODY, "briefs/x.yaml": "- title: T\n"},
     "BK111", "content/briefs/x.yaml", 1, 1, "brief metadata must be a mapping"),
    ("title-wrong-type", {"briefs/x.txt": BODY, "briefs/x.yaml": "author: A\ntitle: [1, 2]\n"},
     "BK111", "content/briefs/x.yaml", 2, 8, "'title' must be text, not a list"),
    ("tags-not-a-list", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\ntags: asylum\n"},
     "BK111", "content/briefs/x.yaml", 2, 7, "'tags' must be a list"),
    ("unknown-meta-key", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nauthr: A\n"},
     "BK112", "content/briefs/x.yaml", 2, 1, "unknown key 'authr' in brief metadata (did you mean 'author'?)"),
    ("unknown-key-in-front-matter", {"briefs/x.md": "---\ntitle: T\n\npublsher: P\n---\n" + BODY},
     "BK112", "content/briefs/x.md", 4, 1, "(did you mean 'publisher'?)"),
    ("unknown-site-key", {"site.yaml": SITE + "organization: O\n"},
     "BK112", "content/site.yaml", 3, 1, "(did you mean 'organisation'?)"),
    ("site-missing-base-url", {"site.yaml": "title: Demo\n"},
     "BK113", "content/site.yaml", 1, 1, "site.yaml needs 'base_url'"),
    ("override-empty-policy", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - drop_policy:\n"},
     "BK123", "content/briefs/x.yaml", 3, 17, "'drop_policy' is empty"),
    ("bad-date", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\ndate: 2018-13-45\n"},
     "BK114", "content/briefs/x.yaml", 2, 7, "write it as YYYY-MM-DD"),
    ("date-with-time", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\ndate: 2018-06-13 10:00:00\n"},
     "BK114", "content/briefs/x.yaml", 2, 7, "YYYY-MM-DD"),
    ("ftp-source-url", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nsource_url: ftp://example.org/x\n"},
     "BK115", "content/briefs/x.yaml", 2, 13, "must be an http:// or https:// URL"),
    ("site-base-url-relative", {"site.yaml": "title: Demo\nbase_url: site/\n"},
     "BK115", "content/site.yaml", 2, 11, "'base_url' must be an http:// or https:// URL"),
    ("bad-lang", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nlang: English language\n"},
     "BK116", "content/briefs/x.yaml", 2, 7, "language tag"),
    ("no-title", {"briefs/x.txt": BODY},
     "BK117", "content/briefs/x.txt", 1, 1, "no title: add 'title: ...' to x.yaml beside it"),
    ("md-unterminated", {"briefs/x.md": "---\ntitle: T\n\n" + BODY},
     "BK118", "content/briefs/x.md", 1, 1, "never closed"),
    ("front-matter-wins", {"briefs/x.md": "---\ntitle: Front\n---\n" + BODY, "briefs/x.yaml": "lang: en\ntitle: Side\n"},
     "BK119", "content/briefs/x.yaml", 2, 1, "'title' is also set in the front matter of content/briefs/x.md (line 2)"),
    ("duplicate-key", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nauthor: A\ntitle: U\n"},
     "BK120", "content/briefs/x.yaml", 3, 1, "'title' is set twice (first on line 1)"),
    ("unknown-override-action", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - sentense: The first\n    role: claim\n"},
     "BK121", "content/briefs/x.yaml", 3, 5, "unknown override 'sentense' (did you mean 'sentence'?)"),
    ("two-actions-in-one-override", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - split: The first\n    join: It has\n"},
     "BK121", "content/briefs/x.yaml", 4, 5, "'split' and 'join' in one override"),
    ("bad-role", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - sentence: The first\n    role: claims\n"},
     "BK122", "content/briefs/x.yaml", 4, 11, "unknown role 'claims' (did you mean 'claim'?)"),
    ("override-missing-role", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - section: The first\n"},
     "BK113", "content/briefs/x.yaml", 3, 5, "the 'section' override needs 'role'"),
    ("override-stray-key", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - split: The first\n    role: claim\n"},
     "BK112", "content/briefs/x.yaml", 4, 5, "'role' does not belong in a 'split' override"),
    ("override-empty-text", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - rebuttal: The first\n    responds_to: ['']\n"},
     "BK123", "content/briefs/x.yaml", 4, 19, "'responds_to' is empty"),
    ("override-unknown-policy", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\noverrides:\n  - add_policy: dacca\n    at: The first\n"},
     "BK124", "content/briefs/x.yaml", 3, 5, "policy 'dacca' is not in policies.yaml (did you mean 'daca'?)"),
    ("override-unknown-policy-in-front-matter", {"briefs/x.md": "---\ntitle: T\noverrides:\n  - drop_policy: tps\n---\n" + BODY},
     "BK124", "content/briefs/x.md", 4, 5, "policy 'tps' is not in policies.yaml"),
    ("policy-id-not-a-slug", {"policies.yaml": "policies:\n  - id: Matter of X\n    name: Matter of X\n    kind: ruling\n"},
     "BK130", "content/policies.yaml", 2, 9, "e.g. 'matter-of-x'"),
    ("policy-kind-invalid", {"policies.yaml": "policies:\n  - id: x\n    name: X\n    kind: rulling\n"},
     "BK131", "content/policies.yaml", 4, 11, "unknown policy kind 'rulling' (did you mean 'ruling'?)"),
    ("policy-missing-kind", {"policies.yaml": "policies:\n  - id: x\n    name: X\n"},
     "BK113", "content/policies.yaml", 2, 5, "a policy needs 'kind'"),
    ("duplicate-policy-ids", {"policies.yaml": POLICIES + "  - id: daca\n    name: DACA again\n    kind: program\n"},
     "BK132", "content/policies.yaml", 6, 5, "policy id 'daca' is used twice, on lines 2 and 6"),
    ("duplicate-alias", {"policies.yaml": POLICIES + "  - id: other\n    name: Other\n    kind: program\n    aliases: [daca]\n"},
     "BK133", "content/policies.yaml", 9, 5, "'daca' names both 'daca' (line 2) and 'other'"),
    ("no-briefs-folder", {},
     "BK101", "content/briefs", 1, 1, "no briefs/ folder"),
    ("binary-file-in-briefs", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\n", "briefs/scan.pdf": b"%PDF-1.7\n\x00\x01"},
     "BK100", "content/briefs/scan.pdf", 1, 1, "binary file in briefs/ ('scan.pdf' is not text)"),
    ("yaml-nested-too-deeply", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\ntags: " + "[" * 2000 + "]" * 2000},
     "BK110", "content/briefs/x.yaml", 2, 107, "lists or mappings nested too deeply"),
    ("url-unparsable", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nsource_url: http://[x/\n"},
     "BK115", "content/briefs/x.yaml", 2, 13, "must be an http:// or https:// URL"),
    ("url-with-a-space", {"briefs/x.txt": BODY, "briefs/x.yaml": "title: T\nsource_url: https://example.org/a b\n"},
     "BK115", "content/briefs/x.yaml", 2, 13, "must be an http:// or https:// URL"),
]


@pytest.mark.parametrize(
    "files, code, path, line, column, text",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input_reports_its_diagnostic(tmp_path, monkeypatch, files, code, path, line, column, text):
    monkeypatch.chdir(tmp_path)
    content = make_content(tmp_path, files)
    if not files:
        (content / "briefs").rmdir()
    diagnostics = load_content(Path("content")).diagnostics
    found = [d for d in diagnostics if d.code == code]
    assert [(d.path, d.line, d.column) for d in found] == [(path, line, column)], diagnostics
    assert text in found[0].message
    assert found[0].severity == ("warning" if code in WARNINGS else "error")
    # Nothing else goes wrong: one problem, one error.
    assert [d for d in diagnostics if d.severity == "error" and d.code != code] == []


# ---------------------------------------------------------------- text as the contract reads it


@pytest.mark.parametrize(
    "data",
    [b"A\r\n\r\nB \xe2\x80\x94 C\r\n", b"A\rB\r\rC", b"\xef\xbb\xbfA\n\nB\n", b"A\r\n\rB\n\r\n"],
    ids=["crlf", "cr", "bom", "mixed"],
)
def test_read_text_matches_open_read(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    text, _ = read_text(path, "x.txt")
    assert text == open(path, encoding="utf-8").read()


def test_bom_stays_in_text_and_body_start_skips_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\n\nBody.\n")
    source, diagnostics = load_brief(path, tmp_path)
    assert source.text == open(path, encoding="utf-8").read() == "\ufeffHeadline\n\nBody.\n"
    assert source.body_start == 1
    assert source.text.index("Body.") == 11  # offsets count the BOM, as the contract says
    assert [d.code for d in diagnostics] == ["BK104", "BK117"]
    assert not has_errors(diagnostics)


@pytest.mark.parametrize(
    "data, body",
    [
        (b"---\ntitle: T\n---\nBody.\n", "Body.\n"),
        (b"---\r\ntitle: T\r\n---\r\n\r\nBody.\r\n", "\nBody.\n"),
        (b"\xef\xbb\xbf---\ntitle: T\n---\nBody.\n", "Body.\n"),
        (b"---  \n---\nBody.\n", "Body.\n"),
        (b"No front matter.\n---\ntitle: T\n---\n", "No front matter.\n---\ntitle: T\n---\n"),
    ],
    ids=["plain", "crlf", "bom", "empty-front-matter", "fence-not-at-top"],
)
def test_markdown_body_start(tmp_path, data, body):
    path = tmp_path / "x.md"
    path.write_bytes(data)
    source, _ = load_brief(path, tmp_path)
    assert source.format == "md"
    assert source.text == open(path, encoding="utf-8").read()
    assert source.text[source.body_start:] == body


def test_front_matter_meta_and_sidecar_merge(tmp_path):
    (tmp_path / "x.md").write_text("---\ntitle: Front\ndate: 2018-06-13\ntags: [a, b]\n---\nBody.\n")
    (tmp_path / "x.yaml").write_text("title: Front\nauthor: Side\nlang: es\n")
    source, diagnostics = load_brief(tmp_path / "x.md", tmp_path)
    assert diagnostics == []  # the same title twice is no conflict
    meta = source.meta
    assert (meta.slug, meta.title, meta.author, meta.date, meta.lang, meta.tags) == (
        "x", "Front", "Side", "2018-06-13", "es", ("a", "b"))


# ---------------------------------------------------------------- overrides


def override(action, match, line, **fields):
    return Override(action, match, path="x.yaml", line=line, column=5, **fields)


OVERRIDES = [
    ("- sentence: He argues that\n  role: counterclaim\n",
     override("role", "He argues that", 2, role="counterclaim", scope="sentence")),
    ("- section: Despite this\n  role: rebuttal\n",
     override("role", "Despite this", 2, role="rebuttal", scope="section")),
    ("- rebuttal: Despite this\n  responds_to: He argues that\n",
     override("responds_to", "Despite this", 2, targets=("He argues that",))),
    ("- rebuttal: Despite this\n  responds_to: [He argues, Sessions also states]\n",
     override("responds_to", "Despite this", 2, targets=("He argues", "Sessions also states"))),
    ("- join: This point\n  through: And perpetrators\n",
     override("join", "This point", 2, targets=("And perpetrators",))),
    ("- split: According to\n", override("split", "According to", 2)),
    ("- add_policy: daca\n  at: Deferred Action\n", override("add_policy", "Deferred Action", 2, policy="daca")),
    ("- drop_policy: daca\n", override("drop_policy", "", 2, policy="daca")),
    ("- drop_policy: daca\n  at: DACA\n", override("drop_policy", "DACA", 2, policy="daca")),
    ("- {role: claim, sentence: Make no mistake}\n",
     override("role", "Make no mistake", 2, role="claim", scope="sentence")),
]


@pytest.mark.parametrize("yaml_items, expected", OVERRIDES, ids=[o[1].action + str(i) for i, o in enumerate(OVERRIDES)])
def test_override_shapes(tmp_path, monkeypatch, yaml_items, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text(BODY)
    items = "".join("  " + line + "\n" for line in yaml_items.splitlines())
    (tmp_path / "x.yaml").write_text("overrides:\n" + items + "title: T\n")
    source, diagnostics = load_brief(tmp_path / "x.txt", tmp_path)
    assert diagnostics == []
    assert source.overrides == (expected,)


def test_bad_override_is_dropped_and_good_ones_kept(tmp_path):
    (tmp_path / "x.txt").write_text(BODY)
    (tmp_path / "x.yaml").write_text(
        "title: T\noverrides:\n  - split: The first\n  - sentence: It has\n    role: clam\n  - split: It has\n")
    source, diagnostics = load_brief(tmp_path / "x.txt", tmp_path)
    assert [d.code for d in diagnostics] == ["BK122"]
    assert [(o.action, o.line) for o in source.overrides] == [("split", 3), ("split", 6)]


# ---------------------------------------------------------------- registry, site, the default content


def test_registry_and_site_values(tmp_path):
    (tmp_path / "policies.yaml").write_text(
        POLICIES + "    citation: 8 U.S.C. 1\n    url: https://example.org/daca\n    summary: >-\n      One\n      line.\n")
    registry, diagnostics = load_registry(tmp_path / "policies.yaml")
    assert diagnostics == []
    daca = registry.get("daca")
    assert (daca.kind, daca.aliases, daca.citation, daca.summary, daca.line) == (
        "program", ("DACA",), "8 U.S.C. 1", "One line.", 2)
    (tmp_path / "site.yaml").write_text("title: Demo\nbase_url: https://example.org/\n")
    site, diagnostics = load_site(tmp_path / "site.yaml")
    assert diagnostics == [] and (site.base_url, site.lang) == ("https://example.org/", "en")


def test_empty_site_yaml_names_both_required_keys(tmp_path):
    (tmp_path / "site.yaml").write_text("# nothing yet\n")
    site, diagnostics = load_site(tmp_path / "site.yaml")
    assert site is None
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("BK113", 1, 1), ("BK113", 1, 1)]
    assert "'title'" in diagnostics[0].message and "'base_url'" in diagnostics[1].message


def test_all_problems_are_reported_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_content(tmp_path, {
        "site.yaml": "title: [x]\nbase_url: /\n",
        "policies.yaml": "policies:\n  - id: x\n    name: X\n    kind: law\n",
        "briefs/a.txt": b"\xff",
        "briefs/b.txt": BODY,
        "briefs/b.yaml": "title: T\ndate: 2018-02-30\nfoo: 1\n",
    })
    codes = sorted(d.code for d in load_content(Path("content")).diagnostics)
    assert codes == ["BK102", "BK111", "BK112", "BK114", "BK131"]


def test_default_content_loads_cleanly(monkeypatch):
    monkeypatch.chdir(ROOT)
    content = load_content(Path("content"))
    assert content.diagnostics == ()
    assert [s.path for s in content.sources] == ["content/briefs/sessions-asylum-ruling.txt"]
    meta = content.sources[0].meta
    assert (meta.author, meta.date, meta.lang) == ("Michelle Brané", "2018-06-13", "en")
    assert [p.id for p in content.registry.policies] == [
        "matter-of-a-b", "temporary-protected-status", "daca", "family-separation"]
    assert content.site.title == "briefkit"


# ---------------------------------------------------------------- diagnostics helpers


def test_every_code_used_is_registered():
    used = set(re.findall(r'"(BK\d{3})"', Path(load_module.__file__).read_text()))
    assert used <= set(CODES)
    assert WARNINGS <= set(CODES)


@pytest.mark.parametrize(
    "word, choices, expected",
    [("authr", ["author", "title"], " (did you mean 'author'?)"),
     ("Claim", ["claim", "rebuttal"], " (did you mean 'claim'?)"),
     ("zzz", ["author"], "")],
)
def test_did_you_mean(word, choices, expected):
    assert did_you_mean(word, choices) == expected


@pytest.mark.parametrize(
    "text, offset, expected",
    [("abc", 0, (1, 1)), ("abc", 2, (1, 3)), ("a\nbc", 2, (2, 1)), ("a\nbc", 3, (2, 2)), ("a\n\n", 3, (3, 1))],
)
def test_line_col(text, offset, expected):
    assert line_col(text, offset) == expected


# ---------------------------------------------------------------- never raises


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(brief=st.binary(max_size=200), sidecar=st.text(max_size=200), suffix=st.sampled_from([".txt", ".md"]))
def test_loading_never_raises(tmp_path, brief, sidecar, suffix):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(brief)
    (tmp_path / "x.yaml").write_text(sidecar, encoding="utf-8")
    source, diagnostics = load_brief(path, tmp_path)
    assert source is not None or has_errors(diagnostics)
    if source is not None:
        assert source.text == open(path, encoding="utf-8").read()
        assert 0 <= source.body_start <= len(source.text)


def test_unreadable_yaml_reports_only_that(tmp_path):
    """A YAML file that cannot be read is one error: its keys are not also 'missing'."""
    content = make_content(tmp_path, {"site.yaml": "title: Demo\nbase_url: /\n\tlang: en\n",
                                      "briefs/x.txt": BODY, "briefs/x.yaml": "title: [T\n"})
    found = sorted((Path(d.path).relative_to(content).as_posix(), d.code) for d in load_content(content).diagnostics)
    assert found == [("briefs/x.yaml", "BK110"), ("site.yaml", "BK110")]


@given(st.text(alphabet=st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1))
def test_names_split_as_pathlib_splits_them(name):
    """The brief listing splits file names without making paths (``_suffix``, ``_stem``):
    the same parts as pathlib's."""
    from pathlib import PurePosixPath

    from briefkit.load import _stem, _suffix

    if name in (".", ".."):
        return
    assert (_suffix(name), _stem(name)) == (PurePosixPath(name).suffix, PurePosixPath(name).stem)
