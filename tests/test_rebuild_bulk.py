"""A server's rebuild keeps unchanged briefs whole: their files are not checked one by
one, the writer checks against the spare only what the last build changed, the sitemap
reuses each unchanged brief's lines. None of it may change what a build gives."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefkit import feeds
from briefkit.assemble import assemble
from briefkit.build import Builder
from briefkit.cache import cache_dir_for
from briefkit.load import load_content
from briefkit.parse import parse_many
from site_check import clean_build, copy_content, snapshot, themed_project

from bench.corpus import write_corpus


@pytest.fixture
def project(tmp_path):
    return themed_project(tmp_path, 8)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def inodes_agree(writer, folder: Path, manifest: dict) -> None:
    """Every file of a generation is the very file (inode) its manifest says."""
    for path, (_, _, inode) in manifest.items():
        assert os.stat(folder / path).st_ino == inode, path


def test_a_server_keeps_unchanged_briefs_whole_and_still_gives_a_clean_build(project):
    content, out = project / "content", project / "site"
    briefs = content / "briefs"
    server = Builder(content, out, cache_dir=cache_dir_for(out))
    server.build()
    server.build()  # ids recorded: from here on the views are kept
    steps = [
        lambda: append(briefs / "brief-0002.txt", "\n\nCritics say the rule is lawful. They are wrong.\n"),
        lambda: None,  # nothing changed
        lambda: append(briefs / "brief-0005.txt", "\n\nA study by the Urban Institute found 12 percent.\n"),
        lambda: server.prepare(),  # the spare made a copy of the live site
        lambda: append(briefs / "brief-0002.txt", "\n\nOne more sentence, and a claim: we must act.\n"),
        lambda: (project / "templates" / "section.html").write_text(  # inside a block: every section page changes
            (project / "templates" / "section.html").read_text(encoding="utf-8").replace(
                "{% block content %}", "{% block content %}<!-- more -->", 1), encoding="utf-8"),
        lambda: append(briefs / "brief-0007.txt", "\n\nThe last word, for now.\n"),
        lambda: (briefs / "brief-0003.txt").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        result = server.build()
        assert result.built, (number, result.diagnostics)
        writer = server.writer
        inodes_agree(writer, out, writer.current())
        spare = writer._manifest(writer.spare)
        if spare is not None:  # the spare is what its manifest says too, or the next build would trust a lie
            inodes_agree(writer, writer.spare, spare[1])
        assert snapshot(out) == clean_build(project, "clean"), number


def test_an_edit_draws_only_the_edited_briefs_pages_and_a_template_edit_all_it_draws(project):
    content, out = project / "content", project / "site"
    server = Builder(content, out, cache_dir=cache_dir_for(out))
    first = server.build()
    server.build()
    append(content / "briefs" / "brief-0004.txt", "\n\nCritics say otherwise. They are wrong.\n")
    edited = server.build()
    assert 0 < edited.pages_drawn < first.pages // 4
    template = project / "templates" / "embed.html"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- embed -->\n", encoding="utf-8")
    redrawn = server.build()
    embeds = sum(1 for path in snapshot(out) if path.startswith("embed/") and path.endswith("index.html"))
    assert redrawn.pages_drawn >= embeds and redrawn.pages_written >= embeds  # every card, kept bundles or not
    assert snapshot(out) == clean_build(project, "clean")


def test_a_config_change_redraws_every_briefs_pages(project):
    content, out = project / "content", project / "site"
    server = Builder(content, out, cache_dir=cache_dir_for(out))
    server.build()
    server.build()
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("title:", "title: New", 1), encoding="utf-8")
    assert server.build().built
    assert snapshot(out) == clean_build(project, "clean")


def naive_sitemap_urls(site) -> list[str]:
    """The listed pages' URLs in URL order, as the sitemap's definition says."""
    return [site.url(page.url) for page in sorted(site.pages, key=lambda page: page.url)
            if page.kind not in ("404", "moved", "removed", "embed")]


def test_the_sitemap_lists_every_page_in_url_order_with_slugs_that_prefix_each_other(tmp_path):
    content = copy_content(tmp_path)
    write_corpus(3, content / "briefs")
    # "brief-0001-a" sorts between "brief-0001/" and its sections ('-' < '/'): a brief's
    # pages must still come out in plain URL order.
    for name in ("brief-0001-a", "brief-0001-a-b"):
        shutil.copy(content / "briefs" / "brief-0002.txt", content / "briefs" / f"{name}.txt")
    loaded = load_content(content)
    site = assemble(loaded.site, parse_many(loaded.sources, loaded.registry, workers=1), loaded.registry)
    for remember in (True, True, False):
        text = feeds.sitemap(site, remember)
        locs = [line.split("<loc>")[1].split("</loc>")[0] for line in text.splitlines() if "<loc>" in line]
        assert locs == [feeds.escape(url) for url in naive_sitemap_urls(site)]
    assert not feeds._SITEMAP_LINES


def test_a_pooled_build_that_fails_leaves_no_file_of_its_own_in_the_next_site(project):
    """Workers write new files straight into the spare; when a build fails, some of them
    may be there unrecorded, so the spare must not be trusted (its files would go live)."""
    from briefkit.render import ThemeError
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2)
    builder.parallel_pages = 1  # this small site on a pool of two
    assert builder.build().built
    # A new brief whose pages the workers write, and a template that fails on another one.
    shutil.copy(content / "briefs" / "brief-0002.txt", content / "briefs" / "brief-0099.txt")
    section = project / "templates" / "section.html"
    good = section.read_text(encoding="utf-8")
    section.write_text(good.replace("{% block content %}", "{% block content %}{% if brief.slug == 'brief-0007' %}"
                                    "{{ nothing.at_all }}{% endif %}", 1), encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(ThemeError):
        builder.build()
    assert snapshot(out) == before  # the live site as it was
    (content / "briefs" / "brief-0099.txt").unlink()
    section.write_text(good, encoding="utf-8")
    fresh = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2)
    fresh.parallel_pages = 1
    assert fresh.build().built
    assert not [path for path in snapshot(out) if "brief-0099" in path]
    assert snapshot(out) == clean_build(project, "clean")


def test_a_one_shot_pooled_build_makes_its_search_index_on_a_worker_and_gives_the_same_site(project, monkeypatch):
    from briefkit.index import SearchIndexer
    content, out = project / "content", project / "site"
    asked = []  # appended to in this process only: a forked worker appends to its own copy
    original = SearchIndexer.iter_files

    def iter_files(self, *args):
        asked.append(1)
        return original(self, *args)

    monkeypatch.setattr(SearchIndexer, "iter_files", iter_files)
    once = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2, keep=False)
    once.parallel_pages = 1
    assert once.build().built
    assert not asked  # it ran in a forked worker, not here
    monkeypatch.undo()
    assert snapshot(out) == clean_build(project, "clean")
    append(content / "briefs" / "brief-0003.txt", "\n\nCritics say the rule is lawful. They are wrong.\n")
    # The workers key each brief's data files too: an unchanged brief's are kept (the same
    # file, not written again), the edited brief's brief.json is made anew.
    data = sorted(path for path in snapshot(out) if path.endswith(("brief.json", "oembed.json")))
    inodes = {path: os.stat(out / path).st_ino for path in data}
    again = Builder(content, out, cache_dir=cache_dir_for(out), jobs=2, keep=False)
    again.parallel_pages = 1
    result = again.build()
    assert result.built and result.unchanged > 0  # the index files it kept, and the rest
    assert snapshot(out) == clean_build(project, "clean")
    kept = {path for path in data if os.stat(out / path).st_ino == inodes[path]}
    assert "briefs/brief-0003/brief.json" not in kept
    assert kept >= {path for path in data if "brief-0003" not in path}


def test_a_servers_memos_are_pruned_to_about_what_its_site_holds(project):
    """A server prunes its memos of page keys and hashes only once they have grown by a
    twentieth (pruning walks the whole site), so after many edits they hold little more
    than the site: old briefs' pages are not kept for ever."""
    from briefkit.build import PRUNE_GROWTH
    content, out = project / "content", project / "site"
    builder = Builder(content, out, cache_dir=cache_dir_for(out))
    result = builder.build()
    for round_ in range(6):
        append(content / "briefs" / "brief-0002.txt", f"\n\nCritics say the rule is lawful, round {round_}. They are wrong.\n")
        result = builder.build()
        assert result.built
        assert len(builder._keys) <= result.pages * PRUNE_GROWTH + result.pages_drawn


def test_a_sitemap_past_the_protocols_limit_is_split_under_a_sitemap_index(tmp_path, monkeypatch):
    """A sitemap file may list 50,000 URLs (5,000 briefs have 80,000 pages): past that,
    sitemap.xml is an index of sitemaps/1.xml, 2.xml … holding the URLs in order, each
    within the limit, no brief's pages split; a site back under it has one file again."""
    import xml.etree.ElementTree as ET
    content = copy_content(tmp_path)
    write_corpus(6, content / "briefs")
    loaded = load_content(content)
    site = assemble(loaded.site, parse_many(loaded.sources, loaded.registry, workers=1), loaded.registry)
    urls = naive_sitemap_urls(site)
    largest = max(1 + len(view.sections) for view in site.briefs)
    files = dict(feeds.sitemap_files(site, limit=largest))
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(files.pop("sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", names)]
    assert parts == [site.url(f"sitemaps/{n}.xml") for n in range(1, len(files) + 1)] and len(parts) > 2
    listed = []
    for part in parts:
        locs = [loc.text for loc in ET.fromstring(files[part[len(site.url("")):]]).findall("s:url/s:loc", names)]
        assert 0 < len(locs) <= largest
        listed += locs
    assert listed == urls
    in_files = [[loc.text for loc in ET.fromstring(text).findall("s:url/s:loc", names)] for text in files.values()]
    for view in site.briefs:  # a brief's pages are in one file
        assert sum(any(loc.startswith(site.url(view.url)) for loc in locs) for locs in in_files) == 1
    assert feeds.sitemap_files(site, limit=len(urls)) == [("sitemap.xml", feeds.sitemap(site))]
    # Built: the files are there, and a smaller site's build takes them away again.
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", largest)
    out = tmp_path / "site"
    assert Builder(content, out, cache_dir=cache_dir_for(out)).build().built
    assert (out / "sitemaps" / "1.xml").is_file() and "sitemapindex" in (out / "sitemap.xml").read_text()
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 50_000)
    assert Builder(content, out, cache_dir=cache_dir_for(out)).build().built
    assert not (out / "sitemaps").exists() and "<urlset" in (out / "sitemap.xml").read_text()
