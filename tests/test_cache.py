"""The parse cache: plain JSON that round-trips a Brief exactly, and a site built
with it is byte-identical to one built without it."""
from __future__ import annotations

import multiprocessing
import re
import json
import subprocess
import sys
import time
from dataclasses import asdict, fields, replace
from functools import partial
from pathlib import Path

import pytest

from site_check import CONTENT, ROOT, build, copy_content, run, snapshot

if str(ROOT) not in sys.path:  # ``bench`` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from briefkit.cache import FIELDS, FORMAT, brief_from_json, brief_to_json, parse_cached  # noqa: E402
from briefkit.load import load_content, load_registry  # noqa: E402
from briefkit.model import BriefMeta, Override, Source  # noqa: E402
from briefkit.parse import parse  # noqa: E402


def default_brief():
    content = load_content(CONTENT)
    return parse(content.sources[0], content.registry)


def generated_source(seed: int, overrides: bool = False) -> Source:
    """A generated brief; with ``overrides``, an editor's overrides that take effect
    (a sentence's role, a split, an added and a dropped policy) and one that matches
    nothing (a diagnostic)."""
    text = corpus.generate_brief(seed)
    meta = BriefMeta(slug=f"generated-{seed}", title="A title", tags=("a", "b"))
    found = [Override("role", "no such sentence", "x.yaml", 3, 1, role="claim", targets=("t",))]
    if overrides:
        plain = parse(Source(f"briefs/generated-{seed}.txt", text, meta))
        sentences = [t for section in plain.sections for t in section.sentences]
        first, middle = sentences[0].text[:30], sentences[len(sentences) // 2].text[:30]
        found += [Override("role", first, "x.yaml", 4, role="rebuttal"),
                  Override("split", middle, "x.yaml", 5),
                  Override("add_policy", middle, "x.yaml", 6, policy="daca"),
                  Override("drop_policy", "", "x.yaml", 7, policy="temporary-protected-status")]
    return Source(f"briefs/generated-{seed}.txt", text, meta, overrides=tuple(found))


def generated_brief(seed: int, overrides: bool = False):
    registry, _ = load_registry(CONTENT / "policies.yaml")
    return parse(generated_source(seed, overrides), registry)


def with_own_texts(brief):
    """The brief with texts that are not its source's slices: kept in the entry, not sliced."""
    section = brief.sections[0]
    sentence = replace(section.sentences[0], text="not in the source")
    section = replace(section, text=section.text + " ", sentences=(sentence,) + section.sentences[1:])
    return replace(brief, sections=(section,) + brief.sections[1:],
                   front=tuple(replace(part, text=part.text.upper()) for part in brief.front))


BRIEFS = ([default_brief] + [lambda s=s: generated_brief(s) for s in (1, 7, 42)]
          + [lambda s=s: generated_brief(s, overrides=True) for s in (3, 11, 2024)]
          + [lambda: with_own_texts(generated_brief(5, overrides=True))])


@pytest.mark.parametrize("make", BRIEFS)
def test_brief_round_trips_through_json(make):
    brief = make()
    text = json.dumps(brief_to_json(brief))
    assert brief_from_json(json.loads(text), brief.source) == brief


def test_an_entry_slices_texts_from_the_source_and_keeps_any_other():
    brief = generated_brief(5, overrides=True)
    changed = with_own_texts(brief)
    plain, own = brief_to_json(brief), brief_to_json(changed)
    assert {row[3] for row in plain[1]} == {None} and {row[4] for row in plain[2]} == {None}
    assert {t[2] for row in plain[2] for t in row[5]} == {None}
    assert [row[3] for row in own[1]] == [part.text for part in changed.front]
    assert own[2][0][4] == changed.sections[0].text and own[2][0][5][0][2] == "not in the source"
    assert len(json.dumps(plain)) < len(json.dumps(asdict(brief)["sections"]))


def test_generated_briefs_exercise_what_an_entry_holds():
    briefs = [make() for make in BRIEFS]
    assert all(brief.policies and brief.front for brief in briefs[1:])
    assert any(mention for brief in briefs for policy in brief.policies for mention in policy.mentions)
    assert any(brief.diagnostics for brief in briefs)
    assert any(section.responds_to for brief in briefs for section in brief.sections)
    with_overrides = generated_brief(3, overrides=True)
    assert with_overrides != parse(replace(with_overrides.source, overrides=()),
                                   load_registry(CONTENT / "policies.yaml")[0])
    assert any(d.code == "BK201" for d in with_overrides.diagnostics)


def test_an_entry_keeps_each_class_fields_in_their_order():
    """A field added to the model must be added to the entry (and ``FORMAT`` raised)."""
    for kind, names in FIELDS.items():
        assert tuple(field.name for field in fields(kind)) == names, kind.__name__


def test_cached_parse_equals_parse_and_is_reused(tmp_path):
    content = load_content(CONTENT)
    fresh = [parse(source, content.registry) for source in content.sources]
    assert parse_cached(content.sources, content.registry, tmp_path) == fresh
    entries = sorted((tmp_path / "parse").glob("*.json"))
    assert len(entries) == len(content.sources)
    assert parse_cached(content.sources, content.registry, tmp_path) == fresh  # now read from the cache
    assert sorted((tmp_path / "parse").glob("*.json")) == entries


def test_damaged_cache_entry_is_parsed_again(tmp_path):
    content = load_content(CONTENT)
    parse_cached(content.sources, content.registry, tmp_path)
    for entry in (tmp_path / "parse").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert parse_cached(content.sources, content.registry, tmp_path) == [
        parse(source, content.registry) for source in content.sources]


def _old_entry(brief) -> dict:
    """An entry as format 1 wrote it: ``dataclasses.asdict``, the source left out."""
    return {**asdict(brief), "source": None}


def _misleading(entry: list) -> list:
    """The entry with other reasons for its front parts: a brief read from it would differ."""
    assert entry[1]
    return [entry[0], [[*row[:-1], "misread"] for row in entry[1]], *entry[2:]]


@pytest.mark.parametrize("damage", [
    lambda entry, brief: _old_entry(brief),  # an older format under the new key
    lambda entry, brief: [FORMAT - 1] + _misleading(entry)[1:],  # read, it would differ
    lambda entry, brief: [str(FORMAT)] + _misleading(entry)[1:],
    lambda entry, brief: [FORMAT + 1] + _misleading(entry)[1:],
    lambda entry, brief: entry[:3],  # cut short
    lambda entry, brief: entry + [[]],
    lambda entry, brief: [FORMAT, entry[1], [row[:4] for row in entry[2]], entry[3], entry[4]],
    lambda entry, brief: [FORMAT, entry[1], [[*row[:2], "10", *row[3:]] for row in entry[2]], *entry[3:]],
    lambda entry, brief: [FORMAT, [[*row[:4], 7, row[4]] for row in entry[1]], *entry[2:]],
    lambda entry, brief: [FORMAT, entry[1], entry[2], entry[3], [["one"]]],
    lambda entry, brief: None,
    lambda entry, brief: {},
])
def test_an_older_or_damaged_entry_is_parsed_again_not_misread(tmp_path, damage):
    registry, _ = load_registry(CONTENT / "policies.yaml")
    sources = [generated_source(seed, overrides=True) for seed in (3, 4)]
    fresh = [parse(source, registry) for source in sources]
    assert parse_cached(sources, registry, tmp_path) == fresh
    entries = {path: json.loads(path.read_text(encoding="utf-8"))
               for path in (tmp_path / "parse").glob("*.json")}
    for (path, entry), brief in zip(sorted(entries.items()), fresh):
        path.write_text(json.dumps(damage(entry, brief)), encoding="utf-8")
    again = parse_cached(sources, registry, tmp_path)
    assert again == fresh
    assert {path: json.loads(path.read_text(encoding="utf-8")) for path in entries} == entries  # stored again


def test_the_format_is_part_of_the_key(monkeypatch):
    """An entry of another format is not even opened: it has another name."""
    from briefkit import cache
    source = generated_source(1)
    before = cache.parse_key(source, "registry")
    monkeypatch.setattr(cache, "FORMAT", FORMAT + 1)
    monkeypatch.setattr(cache, "_KEYS", {})
    assert cache.parse_key(source, "registry") != before


def test_a_pool_stores_the_same_entries_as_one_process(tmp_path, monkeypatch):
    """Workers write the entries of the briefs they parse: the same files, byte for byte,
    as storing them all here, and the same briefs as parsing one by one."""
    from briefkit import cache
    from briefkit.parse import parse_many

    content = load_content(CONTENT)
    sources = list(content.sources) + [generated_source(seed, overrides=seed % 2 == 0) for seed in range(9)]
    fresh = [parse(source, content.registry) for source in sources]
    written = {}
    for name, workers in (("one", 1), ("pool", 2)):
        monkeypatch.setattr(cache, "parse_many", partial(parse_many, workers=workers, min_bytes=0))
        assert parse_cached(sources, content.registry, tmp_path / name) == fresh
        written[name] = snapshot(tmp_path / name)
        assert parse_cached(sources, content.registry, tmp_path / name) == fresh  # read back
    assert len(written["one"]) == len(sources)
    assert all(path.startswith("parse/") and path.endswith(".json") for path in written["one"])
    assert written["pool"] == written["one"]


def test_parse_many_calls_then_once_for_each_brief_in_either_way(tmp_path):
    from briefkit.parse import parse_many

    sources = [generated_source(seed) for seed in range(5)]
    for workers in (1, 2):
        folder = tmp_path / str(workers)
        folder.mkdir()
        then = [partial(_mark, folder / f"{i}") for i in range(len(sources))]
        then[2] = None
        briefs = parse_many(sources, workers=workers, min_bytes=0, then=then)
        assert briefs == [parse(source) for source in sources]
        assert sorted(path.name for path in folder.iterdir()) == ["0", "1", "3", "4"]
        assert all((folder / str(i)).read_text(encoding="utf-8") == sources[i].path for i in (0, 1, 3, 4))


def _mark(path: Path, brief) -> None:  # module level: a worker of the pool must unpickle it
    path.write_text(brief.source.path, encoding="utf-8")


def test_site_is_identical_with_and_without_the_cache(tmp_path):
    copy_content(tmp_path)
    build(tmp_path / "cold", "--content", tmp_path / "content", cwd=tmp_path)  # fills the cache
    build(tmp_path / "warm", "--content", tmp_path / "content", cwd=tmp_path)  # reads it
    build(tmp_path / "none", "--content", tmp_path / "content", "--no-cache", cwd=tmp_path)
    assert list((tmp_path / ".briefkit-cache" / "parse").glob("*.json"))
    assert snapshot(tmp_path / "warm") == snapshot(tmp_path / "cold") == snapshot(tmp_path / "none")


def test_build_ends_with_one_summary_line(tmp_path):
    copy_content(tmp_path)
    done = run("--out", tmp_path / "site", "--content", tmp_path / "content", cwd=tmp_path)
    again = run("--out", tmp_path / "site", "--content", tmp_path / "content", cwd=tmp_path)
    assert done.returncode == again.returncode == 0
    first, last = done.stdout.strip().splitlines()[-1], again.stdout.strip().splitlines()[-1]
    pattern = (r"built 1 brief\(s\), (\d+) section\(s\), (\d+) policy page\(s\): (\d+) page\(s\) "
               r"\((\d+) written, (\d+) unchanged\), (\d+) file\(s\) \((\d+) written, (\d+) unchanged\) "
               r"into .*, in \d+\.\d\ds")
    sections, policies, pages, written, unchanged, files, files_written, files_unchanged = \
        map(int, re.fullmatch(pattern, first).groups())
    assert (sections, policies, written, unchanged, files_unchanged) == (16, 4, pages, 0, 0)
    assert re.fullmatch(pattern, last).groups() == tuple(map(str, (16, 4, pages, 0, pages, files, 0, files)))
    assert len(done.stdout.strip().splitlines()) == 1  # one line, and no progress bar off a terminal
    assert done.stderr == ""


def test_nothing_changed_is_noticed_without_building_and_any_change_is_not_missed(tmp_path):
    content = copy_content(tmp_path)
    build(tmp_path / "site", "--content", content, cwd=tmp_path)
    build(tmp_path / "site", "--content", content, cwd=tmp_path)  # the ledger settles
    manifests = tmp_path / ".briefkit-cache" / "site-site" / "manifests"
    stamps = sorted(manifests.glob("*.inputs.json"))
    before = snapshot(tmp_path / "site")
    done = run("--out", tmp_path / "site", "--content", content, cwd=tmp_path)
    assert done.returncode == 0 and "(0 written" in done.stdout
    assert sorted(manifests.glob("*.inputs.json")) == stamps and snapshot(tmp_path / "site") == before
    brief = next((content / "briefs").glob("*.txt"))
    brief.write_text(brief.read_text(encoding="utf-8").replace("asylum", "refuge", 1), encoding="utf-8")
    done = run("--out", tmp_path / "site", "--content", content, cwd=tmp_path)
    assert done.returncode == 0 and re.search(r"\((\d+) written", done.stdout)[1] != "0", done.stdout
    assert snapshot(tmp_path / "site") != before


def test_the_stamp_covers_the_default_theme_wherever_the_content_is(tmp_path):
    """A content folder with no templates/ beside it is drawn by the default theme, which
    in a checkout lies outside the package: an edit to it must change the stamp."""
    from briefkit.stamp import inputs
    from briefkit.themes import default_theme, theme_dirs

    content = copy_content(tmp_path)
    assert theme_dirs(content) == [default_theme()]
    _, lines = inputs(content, theme_dirs(content), {})
    stamped = {line.split("\0")[0] for line in lines[1:]}
    assert str(default_theme() / "about.html") in stamped
    assert str(content / "site.yaml") in stamped


def test_a_warm_pool_parses_as_a_new_one_and_a_first_big_build_makes_one(tmp_path, monkeypatch):
    """warm_pool's workers (forked before the content is read, eyecite imported) give the
    same briefs; a Builder makes one only for a first build with a pool's worth of text,
    and shuts it down."""
    from briefkit import build as build_module
    from briefkit.build import Builder
    from briefkit.parse import parse_many, warm_pool

    sources = [generated_source(seed) for seed in range(8)]
    pool = warm_pool(2)
    try:
        assert parse_many(sources, workers=2, min_bytes=0, pool=pool) == [parse(s) for s in sources]
        assert "eyecite" in pool.submit(_modules).result()  # (imported before any citation)
    finally:
        pool.shutdown()
    made, pids = [], []

    def counting(workers=None):
        made.append(warm_pool(workers))
        pids.extend(made[-1]._processes)  # (forked at once)
        return made[-1]

    monkeypatch.setattr(build_module, "warm_pool", counting)
    content = copy_content(tmp_path)
    small = Builder(content, tmp_path / "small", cache_dir=tmp_path / "small-cache", jobs=2)
    assert small.build().built and not made  # one op-ed: 4 kB
    corpus.write_corpus(120, content / "briefs")  # about 450 kB
    big = Builder(content, tmp_path / "big", cache_dir=tmp_path / "big-cache", jobs=2)
    assert big.build().built and len(made) == 1 and len(pids) == 2
    deadline = time.monotonic() + 20
    while {p.pid for p in multiprocessing.active_children()} & set(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not {p.pid for p in multiprocessing.active_children()} & set(pids)  # shut down
    assert Builder(content, tmp_path / "big", cache_dir=tmp_path / "big-cache", jobs=2).build().built
    assert len(made) == 1  # the parse cache is there: no pool made ahead


def _modules() -> list[str]:  # module level: run on a worker
    import sys
    return [name for name in sys.modules if name == "eyecite"]


ASIDE = """
import json, sys
from pathlib import Path
from briefkit.cache import parse_cached, parse_key, registry_key
from briefkit.load import load_content
content = load_content(Path(sys.argv[1]))
called = []
briefs = parse_cached(content.sources, content.registry, Path(sys.argv[2]), {},
                      meanwhile=lambda: called.append("eyecite" in sys.modules), aside=True)
loaded = "eyecite" in sys.modules  # (parsing here would have imported it)
from briefkit.parse import parse
fresh = [parse(source, content.registry) for source in content.sources]
key = parse_key(content.sources[2], registry_key(content.registry))
print(json.dumps({"same": briefs == fresh, "loaded": loaded, "called": called,
                  "stored": (Path(sys.argv[2]) / "parse" / f"{key}.json").is_file()}))
"""


def test_a_few_briefs_not_in_the_cache_are_parsed_aside_while_the_others_are_read(tmp_path):
    """``parse_cached(aside=True)``: a one-shot build after an edit parses the edited
    brief on a forked process (which imports eyecite there), reads the other briefs and
    calls ``meanwhile`` here, and gives what parsing here gives; the entry is stored."""
    content = copy_content(tmp_path)
    corpus.write_corpus(6, content / "briefs")
    loaded = load_content(content)
    parse_cached(loaded.sources, loaded.registry, tmp_path / "cache")
    edited = loaded.sources[2].path
    Path(edited).write_text(Path(edited).read_text(encoding="utf-8") + "\n\nA new closing line.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", ASIDE, str(content), str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"same": True, "loaded": False, "called": [False], "stored": True}
