"""Incremental builds: only what an edit touches is drawn and written, and the result is
byte for byte what a clean build gives, after any series of edits."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
import pytest

from briefkit.assemble import assemble
from briefkit.build import Builder, learn_views
from briefkit.cache import registry_key
from briefkit.depends import Fingerprints
from briefkit.ids import stable_ids
from briefkit.ledger import load_ledger
from briefkit.load import load_content
from briefkit.parse import parse
from briefkit.cache import cache_dir_for
from briefkit.depends import EVERYTHING, TemplateDeps
from briefkit.render import make_env
from briefkit.themes import theme_dirs
from briefkit.write import OutputFile, SiteWriter
from site_check import ROOT, clean_build, copy_content, edit, snapshot, themed_project

from bench.corpus import write_corpus


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    """path -> (inode, mtime in ns) of every file (but the marker, made anew by each build)."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.name != ".briefkit-site":
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


@pytest.fixture
def project(tmp_path):
    """The default content plus six generated briefs, and a theme of its own to edit."""
    return themed_project(tmp_path, 6)


def test_a_series_of_edits_gives_what_a_clean_build_gives(project):
    content, out = project / "content", project / "site"
    briefs = content / "briefs"
    warm = Builder(content, out, cache_dir=cache_dir_for(out))  # what `serve` keeps
    steps = [
        ("first build", lambda: None),
        ("nothing changed", lambda: None),
        ("a sentence edited", lambda: edit(briefs / "brief-0002.txt", ". ", ". Nobody disputes this. ")),
        ("a brief added", lambda: shutil.copy(briefs / "brief-0003.txt", briefs / "brief-0099.txt")),
        ("a brief deleted", lambda: (briefs / "brief-0004.txt").unlink()),
        ("a brief renamed", lambda: (briefs / "brief-0005.txt").rename(briefs / "brief-0055.txt")),
        ("a template edited", lambda: edit(project / "templates" / "section.html", "</article>",
                                           "</article><p>Edited section template.</p>")),
        ("a partial edited", lambda: edit(project / "templates" / "partials" / "role_label.html",
                                          "class=", "data-edited class=")),
        ("a stylesheet edited", lambda: (project / "templates" / "static" / "site.css").write_text(
            "body { color: #111 }\n", encoding="utf-8")),
        ("the registry edited", lambda: edit(content / "policies.yaml", "summary: ", "summary: Edited. ")),
        ("a policy's aliases edited", lambda: edit(content / "policies.yaml", "aliases: [A-B-]",
                                                   "aliases: [A-B-, the asylum ruling]")),
        ("the site title edited", lambda: edit(content / "site.yaml", "title: ", "title: New ")),
        ("a policy renamed in the registry", lambda: edit(content / "policies.yaml", "name: Temporary Protected Status",
                                                         "name: Temporary Protected Status (TPS)")),
        # A ruling no registry entry describes is described by the first brief citing it:
        # an edit of that brief changes the other's authorities, not its text.
        ("two briefs cite one unregistered ruling", lambda: [(briefs / f"cite-{name}.txt").write_text(
            f"The court held in Smith v. Jones, {cite}, that the rule was unlawful.\n\n"
            "We must act now to end it.\n", encoding="utf-8")
            for name, cite in (("a", "123 F.3d 456 (9th Cir. 1999)"), ("b", "123 F.3d 456, 460 (9th Cir. 1999)"))]),
        ("the first citer's citation edited", lambda: edit(briefs / "cite-a.txt", "123 F.3d 456", "124 F.3d 789")),
        ("the first citer's ruling renamed", lambda: edit(briefs / "cite-a.txt", "Smith v. Jones", "Smith v. Jonas")),
        ("nothing changed after it", lambda: None),
    ]
    for number, (what, change) in enumerate(steps):
        change()
        # A server's builder and a new process's builder (disk cache and manifest only)
        # take turns; each must match a clean build of the same content.
        builder = warm if number % 2 == 0 else Builder(content, out, cache_dir=cache_dir_for(out))
        result = builder.build()
        assert result.built, (what, result.diagnostics)
        assert snapshot(out) == clean_build(project, "clean"), what


def test_view_hashes_come_from_what_decides_the_views(project):
    """learn_views: every brief's parsed brief, view and section views get a hash (no
    repr), the same in another process, and an edit changes only the edited brief's."""
    content = project / "content"

    def hashes() -> dict:
        loaded = load_content(content)
        briefs, _ = stable_ids([parse(source, loaded.registry) for source in loaded.sources],
                               load_ledger(content)[0])
        site = assemble(loaded.site, briefs, loaded.registry)
        prints = Fingerprints()
        learn_views(prints, site, registry_key(loaded.registry))
        return {view.slug: (prints.known(view), prints.known(parsed), *(prints.known(s) for s in view.sections))
                for view, parsed in zip(site.briefs, site.parsed)}

    first = hashes()
    assert len(first) == 7 and all(None not in found for found in first.values())
    assert len({h for found in first.values() for h in found}) == sum(len(found) for found in first.values())
    assert hashes() == first
    edit(content / "briefs" / "brief-0002.txt", ". ", ". Nobody disputes this. ")
    second = hashes()
    assert {slug for slug in first if first[slug] != second[slug]} == {"brief-0002"}


def test_an_edit_rewrites_only_the_files_it_changes(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()
    builder.build()  # the spare generation is now complete too
    before, bytes_before = stats(out), snapshot(out)
    edit(content / "briefs" / "brief-0002.txt", "\n\n", " Nobody disputes this.\n\n")
    result = builder.build()
    after, bytes_after = stats(out), snapshot(out)
    changed = {path for path in after if bytes_before.get(path) != bytes_after[path]}
    kept = {path for path in after if after[path] == before.get(path)}
    assert any(p.startswith("search/") for p in changed) and kept | changed == set(after)
    assert kept == set(after) - changed  # every file whose bytes did not change keeps inode and mtime
    assert all(path.startswith(("briefs/brief-0002/", "embed/brief-0002/", "search/"))
               or path in {"index.html", "feed.xml", "sitemap.xml"} or path.startswith("policies/")
               for path in changed), sorted(changed)
    assert not any(path.startswith(("briefs/brief-0003/", "embed/brief-0003/")) for path in changed)
    # Drawn: the brief's page, its sections and embed cards, and the pages listing it.
    sections = len([p for p in after if p.startswith("briefs/brief-0002/") and p.endswith("/index.html")]) - 1
    assert result.pages_drawn <= 1 + 2 * sections + 2 + 20, result.pages_drawn


def test_adding_or_removing_a_brief_leaves_the_other_briefs_search_keys_alone(project):
    """Search keys number briefs in the ledger's order, not the site's (newest first), so
    a brief added or removed leaves every other record's key and documents file as it was."""
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()

    def docs() -> dict[str, bytes]:
        return {path: data for path, data in snapshot(out).items() if path.startswith("search/docs/")}

    def manifest() -> dict:
        return json.loads((out / "search" / "manifest.json").read_text(encoding="utf-8"))

    before, slugs = docs(), manifest()["briefs"]
    assert "brief-0004" in slugs and None not in slugs
    # Newest first puts a brief dated in the future at the top of the site's order.
    (content / "briefs" / "brief-0077.txt").write_text(
        (content / "briefs" / "brief-0003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (content / "briefs" / "brief-0077.yaml").write_text("title: Newest\ndate: 2099-01-01\n", encoding="utf-8")
    assert builder.build().built
    added = docs()
    assert {path: added[path] for path in before} == before  # every old documents file, byte for byte
    assert manifest()["briefs"] == slugs + ["brief-0077"]
    (content / "briefs" / "brief-0004.txt").unlink()
    assert builder.build().built
    removed = docs()
    gone = {path for path in added if path not in removed}
    # its own file, and the files of policy groups whose policies only it cited
    assert gone and all(doc["ref"].startswith(("brief-0004", "policies/"))
                        for path in gone for doc in json.loads(added[path]).values())
    changed = {path for path in removed if removed[path] != added.get(path)}
    assert all(path.startswith("search/docs/p/") for path in changed), changed  # (policy groups)
    assert manifest()["briefs"] == [None if slug == "brief-0004" else slug for slug in slugs] + ["brief-0077"]
    assert snapshot(out) == clean_build(project, "clean")  # and a clean build agrees


def test_a_section_added_early_in_a_brief_leaves_its_later_sections_search_files_alone(project):
    """Section keys are numbered in the ledger's order, not by place in the text, so a new
    paragraph near the top moves every later section down in the brief without renaming
    its search document (or moving it in the index's tiers)."""
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()

    def docs() -> dict[str, dict]:
        """Every document by key, and the files holding them."""
        files = {path: data for path, data in snapshot(out).items() if path.startswith("search/docs/")}
        return {key: doc for data in files.values() for key, doc in json.loads(data).items()}, files

    (before, before_files) = docs()
    own = [key for key, doc in before.items() if doc["ref"].startswith("brief-0002/")]
    assert len(own) > 5
    edit(content / "briefs" / "brief-0002.txt", "\n\n",
         "\n\nCritics insist that nobody has ever answered this, and they are plainly wrong.\n\n")
    assert builder.build().built
    after, after_files = docs()
    assert set(before) <= set(after)  # no document renamed or removed ...
    assert {key: after[key] for key in before} == before  # ... or changed
    new = [after[key]["ref"] for key in after if key not in before]
    assert new and all(ref.startswith("brief-0002/") for ref in new)
    # one documents file changed: the brief's own
    holding = {path for path, data in before_files.items() if any(key in json.loads(data) for key in own)}
    assert len(holding) == 1
    assert {path for path in after_files if after_files[path] != before_files.get(path)} == holding
    assert snapshot(out) == clean_build(project, "clean")  # and a clean build agrees


def test_a_server_keeps_its_sitemap_lines_and_a_one_shot_build_keeps_none(project):
    from briefkit import feeds
    content = project / "content"
    server = Builder(content, project / "site", cache_dir=cache_dir_for(project / "site"))
    server.build()  # the first build records ids in the ledger: the second has the ledger's
    server.build()  # lines as the next ones will, and keeps its views from here on
    kept = dict(feeds._SITEMAP_LINES)
    assert kept  # a line for each listed page, for the next build
    server.build()
    again = feeds._SITEMAP_LINES
    same = again.keys() & kept.keys()  # an unchanged brief's pages are the same objects
    assert len(same) > len(kept) // 2 and all(again[k][2] is kept[k][2] for k in same)  # lines reused
    assert Builder(content, project / "once", keep=False).build().built
    assert not feeds._SITEMAP_LINES


def test_a_server_knows_the_ledger_lines_its_build_appended_as_if_it_read_them(project):
    from briefkit.ledger import load_ledger
    content = project / "content"
    builder = Builder(content, project / "site", cache_dir=cache_dir_for(project / "site"))
    builder.build()
    assert builder._load_ledger() == load_ledger(content)
    edit(content / "briefs" / "brief-0002.txt", "\n\n", "\n\nA new paragraph nobody wrote before, with its own claim.\n\n")
    lines = (content / "ids.tsv").read_text(encoding="utf-8").count("\n")
    builder.build()
    assert (content / "ids.tsv").read_text(encoding="utf-8").count("\n") > lines  # the build appended
    kept = builder._ledger
    assert builder._load_ledger() == load_ledger(content)  # entries with their line numbers, and problems
    assert builder._ledger is kept  # not read again


def test_a_template_edit_draws_only_the_pages_that_use_it(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    first = builder.build()
    section_pages = sum(1 for p in (out / "briefs").glob("*/*/index.html"))
    edit(project / "templates" / "section.html", "</article>", "</article><p>Edited.</p>")
    again = Builder(content, out, cache_dir=cache_dir_for(out)).build()  # a new process
    assert again.pages_drawn == section_pages < first.pages_drawn


def test_nothing_changed_draws_nothing_and_writes_nothing(project):
    content, out = project / "content", project / "site"
    Builder(content, out, cache_dir=cache_dir_for(out)).build()
    before = stats(out)
    result = Builder(content, out, cache_dir=cache_dir_for(out)).build()
    assert (result.pages_drawn, result.written) == (0, 0)
    assert stats(out) == before


def test_a_failed_build_leaves_the_site_and_the_next_build_recovers(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()
    builder.build()
    before = snapshot(out)
    edit(content / "briefs" / "brief-0002.txt", ". ", ". Nobody disputes this. ")
    broken = project / "templates" / "section.html"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("</article>", "</article>{{ page.no_such_thing.deeper }}"), encoding="utf-8")
    with pytest.raises(Exception):
        builder.build()
    assert snapshot(out) == before  # the half-filled spare is never seen
    broken.write_text(good, encoding="utf-8")
    assert builder.build().built
    assert snapshot(out) == clean_build(project, "clean")


# ---------------------------------------------------------------- the writer on its own


def test_writer_swaps_generations_and_shares_unchanged_files(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.write([OutputFile("a/index.html", b"one"), OutputFile("b.txt", b"two")])
    first = stats(out)
    SiteWriter(out).write([OutputFile("a/index.html", b"one"), OutputFile("b.txt", b"TWO"),
                           OutputFile("c/d/e.txt", b"new")])
    second = stats(out)
    assert second["a/index.html"] == first["a/index.html"]
    assert second["b.txt"] != first["b.txt"]
    assert snapshot(out) == {"a/index.html": b"one", "b.txt": b"TWO", "c/d/e.txt": b"new",
                             ".briefkit-site": (out / ".briefkit-site").read_bytes()}
    # A file becomes a folder, a folder goes away.
    SiteWriter(out).write([OutputFile("b.txt/x", b"inside"), OutputFile("a/index.html", b"one")])
    assert sorted(p for p in snapshot(out) if not p.startswith(".")) == ["a/index.html", "b.txt/x"]
    assert not (out / "c").exists()
    assert stats(out)["a/index.html"] == first["a/index.html"]


def test_writer_distrusts_a_spare_it_did_not_finish(tmp_path):
    out = tmp_path / "site"
    SiteWriter(out).write([OutputFile("a.txt", b"1")])
    SiteWriter(out).write([OutputFile("a.txt", b"2")])

    def dies():
        yield OutputFile("a.txt", b"3")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        SiteWriter(out).write(dies())
    assert (out / "a.txt").read_bytes() == b"2"
    spare = tmp_path / ".briefkit-cache" / "site-site" / "spare"
    (spare / "a.txt").write_bytes(b"tampered")  # a spare changed behind the writer's back ...
    (spare / "stray.txt").write_bytes(b"stray")
    manifests = tmp_path / ".briefkit-cache" / "site-site" / "manifests"
    for path in manifests.iterdir():  # ... and whose manifest is gone (as after a SIGKILL)
        if path.stem == SiteWriter(out)._token(spare):
            path.unlink()
    SiteWriter(out).write([OutputFile("a.txt", b"3")])
    assert sorted(p for p in snapshot(out) if not p.startswith(".")) == ["a.txt"]
    assert (out / "a.txt").read_bytes() == b"3"


def test_writer_refuses_paths_outside_the_site(tmp_path):
    from briefkit.write import WriteError
    for bad in ("../x", "/etc/x", "a/../../x", "a\\b", ".briefkit-site"):
        with pytest.raises(WriteError):
            SiteWriter(tmp_path / "site").write([OutputFile(bad, b"x")])
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------- what templates read


def deps_of(templates: dict[str, str], name: str) -> frozenset[str]:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    return TemplateDeps(env).of(name)[1]


def test_template_reads_are_followed_through_includes_and_macros():
    templates = {
        "page.html": "{% extends 'base.html' %}{% block main %}{% include 'part.html' %}{% endblock %}",
        "base.html": "<title>{{ site.config.title }}</title>{% block main %}{% endblock %}",
        "part.html": "{% from 'macros.html' import card %}{{ card(site, page) }}",
        "macros.html": "{% macro card(site, page) %}{{ site.url(page.url) }}{% endmacro %}",
        "home.html": "{% for b in site.briefs %}{{ b.title }}{% endfor %}",
        "whole.html": "{{ site }}",
        "handed.html": "{{ unknown_function(site) }}",
        "dynamic.html": "{% include page.template_name %}",
    }
    assert deps_of(templates, "page.html") == {"config", "url"}
    assert deps_of(templates, "home.html") == {"briefs"}
    assert deps_of(templates, "whole.html") == {EVERYTHING}
    assert deps_of(templates, "handed.html") == {EVERYTHING}
    assert EVERYTHING in deps_of(templates, "dynamic.html")


def test_the_default_theme_pages_depend_on_little_of_the_site():
    env = make_env(theme_dirs(ROOT / "content"))
    deps = TemplateDeps(env)
    assert deps.of("section.html")[1] <= {"config", "url", "absolute"}
    assert deps.of("brief.html")[1] <= {"config", "url", "absolute"}
    # The home pages list the briefs of their own context (a page of them), not site.briefs,
    # and the most-cited policies of their own (the first page's): an edit redraws the page
    # listing the brief, and the first, not every page of the list.
    assert deps.of("home.html")[1] <= {"config"}


def test_an_edit_redraws_the_home_page_listing_the_brief_and_the_first_only(project, monkeypatch):
    """The first home page shows the most-cited policies; an edit that changes a citation
    of one of them (here: a brief cites the most-cited policy once more) redraws that page
    and the one listing the brief, and keeps the others as they were, undrawn."""
    import briefkit.build as build_module

    monkeypatch.setattr(build_module, "HOME_PAGE_SIZE", 2)  # 7 briefs: 4 home pages
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()
    home = {path.parent.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
            for path in [out / "index.html", *sorted((out / "page").glob("*/index.html"))]}
    assert len(home) == 4
    listing = [path for path, html in home.items() if "briefs/brief-0006/" in html]
    assert len(listing) == 1 and listing[0] != "."
    loaded = load_content(content)
    briefs, _ = stable_ids([parse(source, loaded.registry) for source in loaded.sources], load_ledger(content)[0])
    top = assemble(loaded.site, briefs, loaded.registry).most_cited[0]
    assert top.url in home["."]
    drawn: list[str] = []
    real = build_module.render_page
    monkeypatch.setattr(build_module, "render_page",
                        lambda env, site, page, dirs: drawn.append(page.url) or real(env, site, page, dirs))
    path = content / "briefs" / "brief-0006.txt"
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    paragraphs[3] += f" This is what {top.name} did."
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    result = builder.build()
    assert result.built
    redrawn = sorted(url.rstrip("/") or "." for url in drawn if url == "" or url.startswith("page/"))
    assert redrawn == sorted({".", listing[0]}), (redrawn, listing)
    assert snapshot(out) == clean_build(project, "clean")


def test_prepare_readies_the_spare_so_the_first_edit_is_cheap(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    builder.build()  # the first build ever: there is no spare yet
    writer = builder.writer
    assert writer._manifest(writer.spare) is None
    linked = builder.prepare()
    assert linked == len(writer.current()) and builder.prepare() == 0
    assert writer._manifest(writer.spare)[1] == writer.current()
    spare = {p.relative_to(writer.spare).as_posix(): p.stat().st_ino for p in writer.spare.rglob("*")
             if p.is_file() and p.name != ".briefkit-site"}
    assert spare == {path: ino for path, (ino, _) in stats(out).items()}  # the same files, linked
    edit(content / "briefs" / "brief-0002.txt", "\n\n", " Nobody disputes this.\n\n")
    assert builder.build().built
    assert snapshot(out) == clean_build(project, "clean")


def test_drawing_on_two_processes_gives_the_same_site(project):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2)
    builder.parallel_pages = 1  # every build of this small site on a pool of two
    assert builder.build().pages_drawn > 100
    assert snapshot(out) == clean_build(project, "clean")  # one process
    edit(content / "briefs" / "brief-0002.txt", "\n\n", " Nobody disputes this.\n\n")
    fresh = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2)
    fresh.parallel_pages = 1
    result = fresh.build()
    assert 0 < result.pages_drawn < 100
    assert snapshot(out) == clean_build(project, "clean")


def test_a_long_build_shows_a_progress_bar_on_a_terminal_only(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    content = copy_content(tmp_path)
    # A cold build of this takes well over the bar's one-second delay on any machine here
    # (60 briefs took 0.9 s on a fast one, and the bar never showed).
    write_corpus(300, content / "briefs")
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal's size
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out",
                                str(tmp_path / "site"), "--no-cache"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    shown = b""
    while True:  # read as it comes: a full terminal buffer would stop the build
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the build ended and closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    done = process
    done.wait(timeout=300)
    assert done.returncode == 0
    assert b"building" in shown and b" files" in shown  # tqdm's bar, on the terminal
    piped = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out",
                            str(tmp_path / "again"), "--no-cache"], capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0 and "building" not in piped.stderr and "\r" not in piped.stderr
    assert piped.stdout.count("\n") == 1 and piped.stdout.startswith("built 301 brief(s)")
