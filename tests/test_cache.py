"""The parse cache: plain JSON that round-trips a Brief exactly, and a site built
with it is byte-identical to one built without it."""
from __future__ import annotations

import re
import json
import sys
from pathlib import Path

import pytest

from site_check import CONTENT, ROOT, build, copy_content, run, snapshot

if str(ROOT) not in sys.path:  # ``bench`` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from briefkit.cache import brief_from_json, brief_to_json, parse_cached  # noqa: E402
from briefkit.load import load_content, load_registry  # noqa: E402
from briefkit.model import BriefMeta, Override, Source  # noqa: E402
from briefkit.parse import parse  # noqa: E402


def default_brief():
    content = load_content(CONTENT)
    return parse(content.sources[0], content.registry)


def generated_brief(seed: int):
    registry, _ = load_registry(CONTENT / "policies.yaml")
    meta = BriefMeta(slug=f"generated-{seed}", title="A title", tags=("a", "b"))
    overrides = (Override("role", "no such sentence", "x.yaml", 3, 1, role="claim", targets=("t",)),)
    return parse(Source(f"briefs/generated-{seed}.txt", corpus.generate_brief(seed), meta, overrides=overrides),
                 registry)


@pytest.mark.parametrize("make", [default_brief] + [lambda s=s: generated_brief(s) for s in (1, 7, 42)])
def test_brief_round_trips_through_json(make):
    brief = make()
    text = json.dumps(brief_to_json(brief))
    assert brief_from_json(json.loads(text)) == brief


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
