"""Links that never break: the id ledger (content/ids.tsv), stable section ids, and the
pages that keep every published URL answering (a redirect or a removal notice)."""
from __future__ import annotations

import errno
from dataclasses import replace
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from site_check import CONTENT, build, copy_content, run

from briefkit import ids as ids_module
from briefkit.ids import match as real_match, stable_ids
from briefkit.ledger import Entry, Ledger, load_ledger, save_ledger
from briefkit.parse import parse
from conftest import make_source

BRIEF_FILE = "briefs/sessions-asylum-ruling.txt"
SLUG = "sessions-asylum-ruling"


def section_urls(site: Path) -> dict[str, str]:
    """URL path -> the page's HTML, for every section permalink and embed card."""
    pages = {}
    for pattern in ("briefs/*/*/index.html", "embed/*/*/index.html", "briefs/*/index.html"):
        for page in sorted(site.glob(pattern)):
            pages[page.parent.relative_to(site).as_posix() + "/"] = page.read_text(encoding="utf-8")
    return pages


def edit(content: Path, *changes: tuple[str, str]) -> None:
    path = content / BRIEF_FILE
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in changes:
        new = re.sub(pattern, replacement, text, count=1)
        assert new != text, f"the edit {pattern!r} changed nothing"
        text = new
    path.write_text(text, encoding="utf-8")


def test_the_default_content_has_an_up_to_date_ledger():
    ledger, problems = load_ledger(CONTENT)
    assert not problems
    from briefkit.load import load_content
    content = load_content(CONTENT)
    briefs, plan = stable_ids([parse(s, content.registry) for s in content.sources], ledger)
    assert plan.added == () and plan.diagnostics == (), "run `python build.py` and commit content/ids.tsv"
    assert "rebuttal-this-point-demonstrates-a" in [s.id for s in briefs[0].sections]


def test_edits_keep_every_published_url_answering(tmp_path):
    """Typo fix in a rebuttal, one sentence rewritten, a new paragraph inserted before it,
    another section deleted: every URL of the first build still answers, with the same
    section or with the removal page; the ledger only grew."""
    content = copy_content(tmp_path)
    first = section_urls(build(tmp_path / "one", "--content", content))
    ledger_before = (content / "ids.tsv").read_text(encoding="utf-8")
    edit(content,
         (r"rigorous standards", "rigourous standards"),  # a typo in a rebuttal
         (r"This point demonstrates a fundamental misunderstanding of domestic violence generally",
          "This point shows a basic misunderstanding of what domestic violence is"),  # a sentence reworded
         (r"(?=This point )", "He also insists that she could simply have moved to another part of the country.\n\n"),
         (r"But the United States is\sincreasingly[^\n]*\n\n", ""))  # a section deleted
    done = run("--content", content, "--out", tmp_path / "two")
    assert done.returncode == 0, done.stderr
    assert re.search(r"ids\.tsv:\d+:1: BK402 warning: section 'sessions-asylum-ruling/claim-but-the-united-states'"
                     r" was published but matches no section now", done.stderr), done.stderr
    second = section_urls(tmp_path / "two")
    ledger_after = (content / "ids.tsv").read_text(encoding="utf-8")
    assert ledger_after.startswith(ledger_before), "the build must only append to the ledger"
    removed = "claim-but-the-united-states"
    for url, old in first.items():
        assert url in second, f"{url} of the first build does not answer any more"
        if removed in url:
            assert "was removed" in second[url] and "Read the current brief" in second[url], url
            assert '<meta name="robots" content="noindex">' in second[url]
        else:
            assert "was removed" not in second[url] and 'http-equiv="refresh"' not in second[url], url
    rebuttal = second[f"briefs/{SLUG}/rebuttal-this-point-demonstrates-a/"]
    assert "This point shows a basic misunderstanding" in rebuttal
    assert "rigourous" in second[f"briefs/{SLUG}/rebuttal-despite-this-rhetoric-recognizing/"]
    assert "He also insists" in second[f"briefs/{SLUG}/counterclaim-sessions-also-states-that/"]
    assert "He also insists" in rebuttal  # it answers the counterclaim, now two paragraphs long
    assert f"{SLUG}\tclaim-but-the-united-states\tclaim\tremoved\t" in ledger_after
    # a third build of the same content changes nothing and says nothing
    again = run("--content", content, "--out", tmp_path / "three")
    assert again.returncode == 0 and "BK402" not in again.stderr
    assert (content / "ids.tsv").read_text(encoding="utf-8") == ledger_after


def test_reordered_sections_keep_their_ids(tmp_path):
    content = copy_content(tmp_path)
    path = content / BRIEF_FILE
    text = path.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    closing = next(i for i, p in enumerate(paragraphs) if p.startswith("The Trump administration"))
    paragraphs.insert(closing + 1, paragraphs.pop(closing))  # swap the last two paragraphs of the body
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    done = run("extract", path, "--content", content)
    ids = [s["id"] for s in json.loads(done.stdout)["sections"]]
    assert "claim-make-no-mistake-this" in ids and "claim-the-trump-administration-is" in ids
    assert ids.index("claim-make-no-mistake-this") < ids.index("claim-the-trump-administration-is")


def test_extract_consults_the_ledger_and_keeps_the_contract(tmp_path):
    content = copy_content(tmp_path)
    edit(content, (r"This point demonstrates a fundamental", "This shows a fundamental"))
    done = run("extract", content / BRIEF_FILE, "--content", content)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["schema", "source", "title", "front", "sections", "policies"]
    assert data["schema"] == "briefkit/brief@1"
    ids = [s["id"] for s in data["sections"]]
    assert "rebuttal-this-point-demonstrates-a" in ids
    rebuttal = next(s for s in data["sections"] if s["id"] == "rebuttal-this-point-demonstrates-a")
    assert rebuttal["responds_to"] == ["counterclaim-sessions-also-states-that"]
    assert (content / "ids.tsv").read_text(encoding="utf-8") == (CONTENT / "ids.tsv").read_text(encoding="utf-8")


def test_check_lists_published_ids_that_resolve_to_nothing(tmp_path):
    content = copy_content(tmp_path)
    line = next(n for n, row in enumerate((content / "ids.tsv").read_text(encoding="utf-8").splitlines(), 1)
                if "\tclaim-but-the-united-states\t" in row)
    edit(content, (r"But the United States is\sincreasingly[^\n]*\n\n", ""))
    done = run("check", "--content", content)
    assert f"ids.tsv:{line}:1: BK402 warning: section 'sessions-asylum-ruling/claim-but-the-united-states'" \
        in done.stderr
    assert done.returncode == 0
    assert run("check", "--content", content, "--strict").returncode == 1
    # check never writes the ledger, and a strict build refuses to drop the id
    assert "\tremoved\t" not in (content / "ids.tsv").read_text(encoding="utf-8")
    assert run("--content", content, "--out", tmp_path / "site", "--strict").returncode == 1
    assert "\tremoved\t" not in (content / "ids.tsv").read_text(encoding="utf-8")


def test_a_renamed_brief_keeps_its_ids_and_redirects_old_urls(tmp_path):
    content = copy_content(tmp_path)
    first = section_urls(build(tmp_path / "one", "--content", content))
    for suffix in (".txt", ".yaml"):
        shutil.move(content / f"briefs/{SLUG}{suffix}", content / f"briefs/asylum-ruling{suffix}")
    second = section_urls(build(tmp_path / "two", "--content", content))
    for url in first:
        page = second[url]
        assert 'http-equiv="refresh"' in page, url
        target = url.replace(SLUG, "asylum-ruling")
        assert target in second and "refresh" not in second[target], url
        name = target.rstrip("/").rsplit("/", 1)[-1]
        assert f'<link rel="canonical" href="/{target}">' in page
        assert f"url=../../{'' if url.count('/') == 2 else '../'}" in page or name in page
    ledger = (content / "ids.tsv").read_text(encoding="utf-8")
    assert f"{SLUG}\trebuttal-he-provides-no-basis\trebuttal\tmoved:asylum-ruling/rebuttal-he-provides-no-basis" in ledger


# ---------------------------------------------------------------- the stage itself


def _brief(text: str, slug: str = "test"):
    return parse(make_source(text, slug=slug, path=f"briefs/{slug}.txt"))


TEXT = ("The program works and should be kept.\n\n"
        "Critics argue that the program costs too much money for what it delivers.\n\n"
        "That is false, because the audit found the program saved money every single year.\n")


def _ledger_for(text: str) -> Ledger:
    _, plan = stable_ids([_brief(text)], Ledger("ids.tsv"))
    return Ledger("ids.tsv", tuple(replace_line(e, n) for n, e in enumerate(plan.added, 1)))


def replace_line(entry: Entry, line: int) -> Entry:
    from dataclasses import replace
    return replace(entry, line=line)


def test_a_first_build_gives_the_parser_ids():
    brief = _brief(TEXT)
    stable, plan = stable_ids([brief], Ledger("ids.tsv"))
    assert [s.id for s in stable[0].sections] == [s.id for s in brief.sections]
    assert [e.status for e in plan.added] == ["live"] * len(brief.sections)


def test_joined_sections_redirect_to_the_one_that_holds_their_words():
    ledger = _ledger_for(TEXT)
    joined = TEXT.replace("Critics argue that the program costs too much money for what it delivers.\n\n",
                          "").replace("That is false, because", "Critics say it costs too much; that is false, "
                                      "because the program costs too much money for what it delivers is wrong:")
    stable, plan = stable_ids([_brief(joined)], ledger)
    ids = {s.id for s in stable[0].sections}
    moved = [u for u in plan.old_urls if u.id]
    assert moved and all(u.target_id in ids or u.target_brief is None for u in moved)


def test_an_id_is_never_reused_for_other_content():
    ledger = _ledger_for(TEXT)
    gone = TEXT.replace("The program works and should be kept.", "The program works and must stay.")
    gone = gone.replace("The program works and must stay.\n\n", "")
    stable, plan = stable_ids([_brief(gone)], ledger)
    back = "The program works and should be kept in place for every family, whatever the cost.\n\n" + gone
    removed = Ledger("ids.tsv", ledger.entries + tuple(replace_line(e, 90 + n) for n, e in enumerate(plan.added)))
    stable, plan = stable_ids([_brief(back)], removed)
    assert len({s.id for s in stable[0].sections}) == len(stable[0].sections)


def test_save_ledger_appends_in_place(tmp_path):
    entry = Entry("b", "claim-x", "claim", "live", "Some   text\nhere")
    assert save_ledger(tmp_path, Ledger("ids.tsv"), [entry]) == 5  # after the 4 header lines
    first = (tmp_path / "ids.tsv").read_text(encoding="utf-8")
    assert first.endswith("b\tclaim-x\tclaim\tlive\tSome text here\n")
    assert not save_ledger(tmp_path, Ledger("ids.tsv"), [])
    inode = (tmp_path / "ids.tsv").stat().st_ino
    assert save_ledger(tmp_path, Ledger("ids.tsv"), [Entry("b", "claim-x", "claim", "removed", "Some text here")]) == 6
    second = (tmp_path / "ids.tsv").read_text(encoding="utf-8")
    assert second.startswith(first) and [p.name for p in tmp_path.iterdir()] == ["ids.tsv"]
    assert (tmp_path / "ids.tsv").stat().st_ino == inode  # appended, not replaced
    ledger, problems = load_ledger(tmp_path)
    assert not problems and ledger.latest()[("b", "claim-x")].status == "removed"
    assert ledger.lines == 6 and ledger.entries[-1].line == 6


def test_save_ledger_numbers_lines_as_load_ledger_reads_them(tmp_path):
    """With the line count the caller read (``Ledger.lines``) or without it, the first
    line added is the number load_ledger gives it; a last line without a line break is
    ended first, and then the count is read again."""
    path = tmp_path / "ids.tsv"
    path.write_text("# head\r\n\nb\tclaim-a\tclaim\tlive\tA\rb\tclaim-b\tclaim\tlive\tB", encoding="utf-8")
    ledger, _ = load_ledger(tmp_path)
    assert ledger.lines is None and [e.line for e in ledger.entries] == [3, 4]
    first = save_ledger(tmp_path, ledger, [Entry("b", "claim-c", "claim", "live", "C")])
    again, problems = load_ledger(tmp_path)
    assert not problems and [(e.id, e.line) for e in again.entries] == [("claim-a", 3), ("claim-b", 4), ("claim-c", 5)]
    assert first == 5 and again.lines == 5
    first = save_ledger(tmp_path, again, [Entry("b", "claim-d", "claim", "live", "D"),
                                          Entry("b", "claim-e", "claim", "live", "E")], again.lines)
    last, _ = load_ledger(tmp_path)
    assert first == 6 and [(e.id, e.line) for e in last.entries[-2:]] == [("claim-d", 6), ("claim-e", 7)]


def test_a_failed_append_leaves_the_ledger_as_it_was(tmp_path, monkeypatch):
    save_ledger(tmp_path, Ledger("ids.tsv"), [Entry("b", "claim-x", "claim", "live", "X")])
    before = (tmp_path / "ids.tsv").read_bytes()
    real_write = os.write

    def full_disk(handle, data):  # half the bytes go in, then the disk is full
        real_write(handle, bytes(data[:len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError):
        save_ledger(tmp_path, Ledger("ids.tsv"), [Entry("b", "claim-y", "claim", "live", "Y" * 100)])
    monkeypatch.undo()
    assert (tmp_path / "ids.tsv").read_bytes() == before


def test_a_bad_ledger_line_is_a_diagnostic_with_its_line(tmp_path):
    (tmp_path / "ids.tsv").write_text("# comment\nb\tclaim-x\tclaim\tgone\ttext\nnot a line\n", encoding="utf-8")
    _, problems = load_ledger(tmp_path)
    assert [(p.line, p.code) for p in problems] == [(2, "BK401"), (3, "BK401")]
    assert "unknown status 'gone'" in problems[0].message


def test_a_moved_line_that_names_nothing_is_reported_and_shows_the_removal_page(tmp_path):
    content = copy_content(tmp_path)
    with (content / "ids.tsv").open("a", encoding="utf-8") as ledger:
        ledger.write(f"{SLUG}\tclaim-old-wording\tclaim\tmoved:no-such-section\tOld words.\n")
    lines = (content / "ids.tsv").read_text(encoding="utf-8").count("\n")
    done = run("check", "--content", content)
    assert f"ids.tsv:{lines}:1: BK403 warning: '{SLUG}/claim-old-wording' is moved:no-such-section" in done.stderr
    site = build(tmp_path / "site", "--content", content)
    page = (site / f"briefs/{SLUG}/claim-old-wording/index.html").read_text(encoding="utf-8")
    assert "was removed" in page and 'href="../">Read the current brief' in page


def test_a_servers_memo_gives_what_a_fresh_call_gives():
    """``stable_ids`` keeps what depends on the ledger alone, and where old URLs go, from
    one call to the next; through an edit, a removed section and a removed brief, each
    call's result equals a call without the memo."""
    other = TEXT.replace("The program works", "The plan works").replace("program", "plan")
    ledger = Ledger("ids.tsv", tuple(replace_line(e, n) for n, e in enumerate(
        stable_ids([_brief(TEXT), _brief(other, "other")], Ledger("ids.tsv"))[1].added, 1)))
    memo: dict = {}
    first, second = _brief(TEXT), _brief(other, "other")
    edited = _brief(TEXT.replace("every single year", "every year"))
    cut = _brief(TEXT.replace("Critics argue that the program costs too much money for what it delivers.\n\n", ""))
    for briefs in ([first, second], [edited, second], [edited, second], [cut, second], [cut], [first, second]):
        with_memo, plan = stable_ids(briefs, ledger, memo)
        without, fresh = stable_ids(briefs, ledger)
        assert [[s.id for s in b.sections] for b in with_memo] == [[s.id for s in b.sections] for b in without]
        assert (plan.old_urls, plan.added, plan.diagnostics) == (fresh.old_urls, fresh.added, fresh.diagnostics)
    assert any(u.id for u in plan.old_urls) is False  # back to the first content: nothing redirects
    # A section added: a build records its id, and the next call has a ledger that lists it.
    grown = _brief(TEXT + "\nSupporters say the audit understated the savings by half.\n")
    _, plan = stable_ids([grown, second], ledger, memo)
    assert plan.added
    ledger = Ledger("ids.tsv", ledger.entries + tuple(replace_line(e, 90 + n) for n, e in enumerate(plan.added)))
    with_memo, plan = stable_ids([grown, second], ledger, memo)
    without, fresh = stable_ids([grown, second], ledger)
    assert plan.added == fresh.added == ()
    assert [[s.id for s in b.sections] for b in with_memo] == [[s.id for s in b.sections] for b in without]


def test_a_new_sites_recorded_ids_are_taken_from_the_memo(monkeypatch):
    """A server's first build of a site without a ledger records every id; the next build
    reads them back, and each unchanged brief's result comes from the memo (the same
    objects: 5,000 briefs' sections are not matched again), equal to a fresh call's."""
    other = TEXT.replace("The program works", "The plan works").replace("program", "plan")
    briefs = [_brief(TEXT), _brief(other, "other")]
    memo: dict = {}
    first, plan = stable_ids(briefs, Ledger("ids.tsv"), memo)
    assert plan.added
    ledger = Ledger("ids.tsv", tuple(replace_line(e, 5 + n) for n, e in enumerate(plan.added)))
    matched = []
    monkeypatch.setattr(ids_module, "match", lambda *args: matched.append(1) or real_match(*args))
    again, plan = stable_ids(briefs, ledger, memo)
    assert not matched and all(a is b for a, b in zip(again, first))
    without, fresh = stable_ids(briefs, ledger)
    assert len(matched) == 2  # (what the memo saved)
    assert [[s.id for s in b.sections] for b in again] == [[s.id for s in b.sections] for b in without]
    assert (plan.old_urls, plan.added, plan.diagnostics) == (fresh.old_urls, fresh.added, fresh.diagnostics)
    assert plan.added == ()
    # A line that is not what the brief added (an editor's rename) is matched again.
    renamed = tuple(replace(e, id="claim-renamed") if n == 0 else e for n, e in enumerate(ledger.entries))
    memo2: dict = {}
    stable_ids(briefs, Ledger("ids.tsv"), memo2)
    edited, _ = stable_ids(briefs, Ledger("ids.tsv", renamed), memo2)
    assert edited[0].sections[0].id == "claim-renamed"


def test_section_numbers_are_made_once_per_ledger_and_added_lines_never_change_them():
    entries = tuple(Entry(brief, f"s{n}", "claim", "live", "text", line=n)
                    for n, brief in enumerate(["a", "a", "b", "a", "b"], 1))
    ledger = Ledger("ids.tsv", entries + (Entry("a", "s1", "claim", "removed", "text", line=6),))
    plain = ledger.section_numbers()
    assert plain == {"a": {"s1": 1, "s2": 2, "s4": 3}, "b": {"s3": 1, "s5": 2}}
    assert ledger.section_numbers() is plain  # once per ledger
    added = (Entry("b", "new", "claim", "live", "text"), Entry("c", "x", "claim", "live", "text"),
             Entry("a", "s2", "claim", "live", "text"))
    grown = ledger.section_numbers(added)
    assert grown == {"a": {"s1": 1, "s2": 2, "s4": 3}, "b": {"s3": 1, "s5": 2, "new": 3}, "c": {"x": 1}}
    assert grown == Ledger("ids.tsv", ledger.entries + added).section_numbers()
    assert ledger.section_numbers() == {"a": {"s1": 1, "s2": 2, "s4": 3}, "b": {"s3": 1, "s5": 2}}


def test_an_extended_ledger_has_the_dicts_a_ledger_of_all_its_lines_makes():
    """Ledger.extended brings latest, brief_numbers and section_numbers up to date from
    the new lines: each equal (in order too) to what a ledger of all the lines makes."""
    old = tuple(Entry(brief, f"s{n}", "claim", "live", "text", line=n)
                for n, brief in enumerate(["a", "a", "b", "a", "b"], 1))
    new = (Entry("a", "s1", "claim", "removed", "text", line=6), Entry("c", "s9", "claim", "live", "t", line=7),
           Entry("b", "s8", "claim", "live", "t", line=8), Entry("a", "s2", "claim", "moved:s4", "text", line=9))
    ledger = Ledger("ids.tsv", old, 5)
    made = (ledger.latest(), ledger.brief_numbers(), ledger.section_numbers())
    extended = ledger.extended(new, 9)
    whole = Ledger("ids.tsv", old + new, 9)
    for mine, fresh in ((extended.latest(), whole.latest()), (extended.brief_numbers(), whole.brief_numbers()),
                        (extended.section_numbers(), whole.section_numbers())):
        assert mine == fresh and list(mine) == list(fresh)
    assert extended == whole and extended.lines == 9
    assert (ledger.latest(), ledger.brief_numbers(), ledger.section_numbers()) == made  # unchanged
    assert ledger.latest()[("a", "s1")].status == "live" and ledger.section_numbers()["a"] == {"s1": 1, "s2": 2, "s4": 3}
