"""The whole build on one screen: load -> parse -> ids -> assemble -> render -> write.

Nothing in the output folder changes until the last step: ``write`` fills a spare
generation of the site and swaps it in at once (``write.SiteWriter``), so content with
errors, a template error, an exception or a killed process leave the previous site
exactly as it was.

Incremental: every page gets a key naming what it is made from (``depends``); a page
whose key is the one recorded for the current site is not drawn again, and a file
whose bytes did not change is not written again (it keeps its mtime). A ``Builder``
kept between builds (``serve``) also keeps parsed briefs, their ids and their views in
memory, so an edit to one brief redoes the work of that brief and of the pages that
list it (home, feeds, the policies it cites before and after the edit).
"""
from __future__ import annotations

import collections
import gc
import itertools
import multiprocessing
import operator
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from . import jsonld
from .assemble import HOME_PAGE_SIZE, Site, assemble
from .cache import parse_cached, parse_key, registry_key
from .depends import Fingerprints, PageKeys, TemplateDeps, blake, static_hash
from .diagnostics import diagnostic, has_errors
from .embed import add_embeds, embed_url, headers, oembed_file
from .ids import stable_ids
from .index import SearchIndexer
from .ledger import Ledger, ledger_path, load_ledger, parse_lines, save_ledger
from .load import load_content
from .model import Brief, BriefMeta, Diagnostic, Source
from .parse import PARALLEL_MIN_BYTES, parse, warm_pool
from .redirects import keep_links
from .render import brief_files, make_env, render_page, site_files, static_files
from .search_state import FILE as SEARCH_STATE, SearchState
from .stamp import tree_stamp
from .themes import theme_dirs
from .write import OutputFile, Placer, SiteWriter, file_stamp

# What ``prepare`` parses: a sentence with a claim, a citation and a case name.
WARM_UP = ("Critics say the rule is lawful. They are wrong: see 8 U.S.C. § 1158(b) and "
           "Smith v. Jones, 123 F.3d 456 (9th Cir. 1999).\n")
PARALLEL_PAGES = 3000  # fewer pages to draw than this: one process (a pool costs ~0.1 s to start)


@dataclass(frozen=True)
class BuildResult:
    diagnostics: tuple[Diagnostic, ...]
    pages: int = 0
    files: int = 0
    built: bool = False
    briefs: int = 0
    sections: int = 0
    policies: int = 0
    written: int = 0  # files new or changed since the last build
    unchanged: int = 0
    pages_drawn: int = 0  # pages rendered (the others' keys had not changed)
    pages_written: int = 0  # pages whose bytes changed
    seconds: float = 0.0


MAX_SECTIONS = 4095  # the search index numbers a brief's sections in 12 bits (index.rank_number)


def cross_check(brief: Brief) -> list[Diagnostic]:
    """Problems of one parsed brief that the site shows (as ``check`` reports them)."""
    found = []
    text = brief.source.text
    if len(brief.sections) > MAX_SECTIONS:
        found.append(diagnostic("BK302", brief.source.path, 1, 1,
                                f"{len(brief.sections)} sections: the search index can number at most "
                                f"{MAX_SECTIONS} in one brief; split the text into several briefs"))
    for policy in brief.policies:
        if not policy.in_registry and policy.mentions:
            start = policy.mentions[0].start
            line, column = text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
            found.append(Diagnostic(brief.source.path, line, column, "BK301",
                                    f"cites '{policy.name}' ({policy.kind}), which is not in policies.yaml: "
                                    f"add it with id '{policy.id}' to give it a summary and a link", "warning"))
    return found


# ---------------------------------------------------------------- drawing pages on every core

_POOL_STATE: tuple | None = None  # (site, dirs, env, keys, current, writer) for forked workers

# What a worker hands back for a file: its bytes, (digest, inode) once its placer wrote
# it, or None when the current site has it already.
Made = "bytes | tuple[str, int] | None"
PRUNE_GROWTH = 1.05  # a server's memos may hold this much more than its site before they are pruned


def _hand_over(placer: Placer | None, path: str, data: bytes) -> bytes | tuple[str, int]:
    """A worker's new file, written into the spare by its ``placer`` if it can."""
    return (placer.place(path, data) if placer is not None else None) or data


def _output(path: str, key: str | None, made: bytes | tuple[str, int]) -> OutputFile:
    """The file for the writer: with its bytes, or as a worker's placer wrote it."""
    return OutputFile(path, b"", key, made) if type(made) is tuple else OutputFile(path, made, key)


def _key_and_draw(site: Site, dirs: list[Path], env, keys: PageKeys, current: dict,
                  indices: list[int], placer: Placer | None = None) -> list[tuple[int, str, Made]]:
    """(index, key, HTML or None when the current site has the page with this key).
    With a ``placer`` (a worker's), a new page is written at once: (digest, inode)."""
    done = []
    for index in indices:
        page = site.pages[index]
        key = keys.page(page)
        entry = current.get(page.path)
        if entry is not None and entry[1] == key:
            done.append((index, key, None))
        else:
            done.append((index, key, _hand_over(placer, page.path, render_page(env, site, page, dirs).data)))
    return done


def _brief_file_keys(keys: PageKeys, view, parsed: Brief, snippet: str) -> list[tuple[str, str]]:
    """(path, key) of each of a brief's files that are not pages: brief.json, its AIF
    graph, its sections' oEmbed files (which show the embed snippet)."""
    made, view_key = keys.of(parsed), keys.of(view)
    listed = [(f"{view.url}brief.json", made), (f"{view.url}argument.aif.json", made)]
    listed += [(embed_url(section) + "oembed.json", blake(snippet, view_key, section.id)) for section in view.sections]
    return listed


def _brief_data(site: Site, env, keys: PageKeys, current: dict, snippet: str,
                wanted: list[tuple[int, list[str] | None]], placer: Placer | None = None
                ) -> list[tuple[int, list[tuple[str, str]] | None, list[tuple[str, Made]]]]:
    """For each (index of a brief in ``site.briefs``, paths): the bytes of those of its
    files that are not pages (brief.json, its AIF graph, its sections' oEmbed files), or
    with a ``placer`` (a worker's) what it wrote. Paths None: the brief's files are keyed
    here (hashing its view and parsed brief: a second of CPU at 1,000 briefs, so on the
    workers when there are many) and those the current site lacks with that key are made.
    Gives (index, the files' (path, key) if keyed here else None, [(path, what was made)])."""
    done = []
    for number, paths in wanted:
        view, parsed = site.briefs[number], site.parsed[number]
        listed = None
        if paths is None:
            listed = _brief_file_keys(keys, view, parsed, snippet)
            paths = [path for path, key in listed if not _current_has(current, path, key)]
        cards = {embed_url(section) + "oembed.json": section for section in view.sections}
        data = None
        made = []
        for path in paths:
            if path in cards:
                bytes_ = oembed_file(site, env, view, cards[path]).data
            else:
                data = data or {file.path: file.data for file in brief_files(view, parsed)}
                bytes_ = data[path]
            made.append((path, _hand_over(placer, path, bytes_)))
        done.append((number, listed, made))
    return done


BRIEF_PAGES = ("brief", "section", "embed")  # kinds of the pages made from one brief's view


def _pool_pages(indices: list[int]) -> tuple[list[tuple[int, str, Made]], list[tuple[int, str]]]:
    """``_key_and_draw`` on a worker, and (id, hash) of the brief views it hashed."""
    site, dirs, env, keys, current, writer = _POOL_STATE
    done = _key_and_draw(site, dirs, env, keys, current, indices, writer.placer if writer else None)
    views = {}
    for index in indices:
        page = site.pages[index]
        if page.kind in BRIEF_PAGES:
            views[id(page.context["brief"])] = page.context["brief"]
    return done, [(view_id, digest) for view_id, view in views.items()
                  if (digest := keys.prints.known(view)) is not None]


def _pool_briefs(chunk: tuple[str, list[tuple[int, list[str] | None]], list[tuple[int, str]]]) -> list:
    site, _, env, keys, current, writer = _POOL_STATE
    snippet, wanted, hashes = chunk
    for number, digest in hashes:  # (the views' hashes, as the workers that drew their pages made them)
        keys.prints.learn(site.briefs[number], digest)
    return _brief_data(site, env, keys, current, snippet, wanted, writer.placer if writer else None)


def _pool_search(wanted: tuple) -> list[tuple[str, str | None, Made]]:
    """A one-shot build's search index, made on a worker while the others draw: each
    file's (path, key, None if the current site has it with this key, else its bytes or
    what the worker's placer wrote)."""
    site, _, _, _, current, writer = _POOL_STATE
    registry, numbers, sections, state = wanted
    placer = writer.placer if writer else None
    done = []
    for file in _one_shot_search(site, registry, numbers, sections, current, state):
        if isinstance(file, str):  # the current site has it as it must be
            done.append((file, None, None))
        else:
            done.append((file.path, file.key,
                         None if _current(current, file) else _hand_over(placer, file.path, file.data)))
    return done


def _one_shot_search(site: Site, registry, numbers: dict, sections: dict, current: dict,
                     state: SearchState | None) -> Iterator[OutputFile | str]:
    """A one-shot build's search files (``SearchIndexer``), brought up to date from the
    last one-shot build's (``search_state``) when it keeps one: each an ``OutputFile``, or
    the path of a file the current site has as it must be."""
    if state is None:
        return SearchIndexer(keep=False).iter_files(site, registry, numbers, sections)
    state.current = current
    return state.files(site, registry, numbers, sections)


def _current(current: dict, file: OutputFile) -> bool:
    """The current site has ``file`` already: its key is the one recorded there."""
    return file.key is not None and _current_has(current, file.path, file.key)


def _current_has(current: dict, path: str, key: str) -> bool:
    entry = current.get(path)
    return entry is not None and entry[1] == key


class _Workers:
    """Processes forked from this one, sharing the build's assembled site: made when a
    build first has enough work for them, closed when it ends (``close``)."""

    def __init__(self, state: tuple, jobs: int | None):
        self.state = state
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.pool = None

    def usable(self, work: int, parallel: int) -> bool:
        return self.jobs >= 2 and work >= parallel and "fork" in multiprocessing.get_all_start_methods()

    def run(self, function, chunks: list) -> Iterator:
        """``function(chunk)`` for every chunk, on the workers, results in order. A few
        chunks in flight per worker, not all of them: ``imap`` would queue every result in
        this process whenever the workers work faster than it writes (hundreds of MB of
        HTML at 1,000 briefs)."""
        self._start()
        waiting: collections.deque = collections.deque()
        ahead = iter(chunks)
        for chunk in itertools.islice(ahead, 2 * self.jobs):
            waiting.append(self.pool.apply_async(function, (chunk,)))
        while waiting:
            done = waiting.popleft().get()
            for chunk in itertools.islice(ahead, 1):
                waiting.append(self.pool.apply_async(function, (chunk,)))
            yield done

    def _start(self) -> None:
        global _POOL_STATE
        if self.pool is None:
            _POOL_STATE = self.state  # what the forked workers see
            writer = self.state[5]
            if writer is not None and writer.placer is not None:
                writer.placer.lent = True  # a failed build's spare then holds files nobody recorded
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)

    def submit(self, function, argument):
        """``function(argument)`` on a worker, beside whatever ``run`` gives them."""
        self._start()
        return self.pool.apply_async(function, (argument,))

    def close(self) -> None:
        global _POOL_STATE
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        _POOL_STATE = None


def draw_pages(site: Site, dirs: list[Path], env, keys: PageKeys, current: dict, workers: _Workers,
               parallel: int = PARALLEL_PAGES, skip: frozenset[int] | set[int] = frozenset(),
               remember: bool = True) -> Iterator[tuple[int, str, Made]]:
    """Every page's key, and its HTML when the current site does not have it already;
    nothing for the pages whose ``id`` is in ``skip`` (the caller keeps them as they are).
    ``remember``: keep the keys the workers worked out for the next build of this process
    (which costs this process the hashes of what the keys depend on: for the home page,
    every brief's view, a second of CPU at 1,000 briefs; a one-shot build has no next build).

    Pages whose key is known from the last build of this process are checked here; the
    others are keyed (and drawn if need be) on the build's ``workers`` when there are
    many: forked, they share the assembled site, and the result is the same as on one."""
    unknown = []
    pages = site.pages
    indices: Iterator[int] = iter(range(len(pages)))
    if skip:  # (the others, picked in C: a server's edit skips 260,000 pages at 5,000 briefs)
        indices = itertools.compress(indices, map(operator.not_, map(skip.__contains__, map(id, pages))))
    for index in indices:
        page = pages[index]
        key = keys.known(page)
        if key is None:
            unknown.append(index)
            continue
        entry = current.get(page.path)
        if entry is not None and entry[1] == key:
            yield index, key, None
        else:
            yield index, key, render_page(env, site, page, dirs).data
    if not workers.usable(len(unknown), parallel):
        yield from _key_and_draw(site, dirs, env, keys, current, unknown)
        return
    # Hashing a brief's view (with its sections') for the keys of its pages is a third of
    # keying them: each brief's pages (its own, its sections', their embed cards) go to
    # one worker, which hashes the view once for all of them. The home pages' keys hold
    # the views of the briefs they list (a template reading site.briefs, every view):
    # they are keyed (and drawn) here, last, from the hashes the workers send back,
    # instead of by a worker hashing those views again.
    by_brief: dict[int, list[int]] = {}
    others, last = [], []
    for index in unknown:
        page = site.pages[index]
        if page.kind in BRIEF_PAGES:
            by_brief.setdefault(id(page.context["brief"]), []).append(index)
        elif page.kind == "home" or keys.reads_briefs(page.template):  # (the home pages list briefs)
            last.append(index)
        else:
            others.append(index)
    size = max(50, min(400, len(unknown) // (workers.jobs * 8)))
    chunks, chunk = [], []
    for group in by_brief.values():
        chunk += group
        if len(chunk) >= size:
            chunks.append(chunk)
            chunk = []
    chunks += [chunk] if chunk else []
    chunks += [others[at:at + size] for at in range(0, len(others), size)]
    views = {id(view): view for view in site.briefs}
    for done, hashes in workers.run(_pool_pages, chunks):
        for view_id, digest in hashes:
            if view_id in views:
                keys.prints.learn(views[view_id], digest)
        for index, key, data in done:
            if remember:
                keys.remember(site.pages[index], key)
            yield index, key, data
    yield from _key_and_draw(site, dirs, env, keys, current, last)


# ---------------------------------------------------------------- the builder


class Builder:
    """Builds one content folder into one output folder; keep it to build again faster.

    ``cache_dir``: where parsed briefs are kept between processes (None: parse every
    brief). ``jobs``: processes for parsing and drawing (None: one per core).
    ``progress``: a callable ``(stage, done, total)`` told how far a long build is.
    ``keep=False``: the builder will build once (``python build.py``): the search index is
    made without what a next build would reuse, which a 1,000-brief build's peak memory
    feels (``SearchIndexer``)."""

    def __init__(self, content_dir: Path, out_dir: Path, base_url: str | None = None, strict: bool = False,
                 cache_dir: Path | None = None, jobs: int | None = None, progress=None, keep: bool = True):
        self.content_dir = Path(content_dir)
        self.out_dir = Path(out_dir)
        self.base_url = base_url
        self.strict = strict
        self.cache_dir = cache_dir
        self.jobs = jobs
        self.progress = progress
        self.writer = SiteWriter(self.out_dir)
        # Kept between builds of this process (a server's): each maps to the last build's objects.
        self._parsed: dict = {}
        self._ids: dict = {}
        self._views: dict = {}
        self._embeds: dict = {}
        self._keys: dict = {}
        self._prints = Fingerprints()
        self._pruned_at = 0  # how many page keys were kept when the memos were last pruned
        self.keep = keep
        self._search = SearchIndexer(keep=keep)
        self._ledger = None
        self._themed = None
        self._registry = None  # the last build's policy registry
        self._checked: dict = {}  # id(parsed brief) -> (brief, its diagnostics)
        self._lock = threading.Lock()  # one build (or prepare) at a time
        self.parallel_pages = PARALLEL_PAGES  # fewer pages to key or draw: one process
        self._brief_files: dict = {}  # id(view) -> (view, parsed, what else, [(path, key)])
        # id(view) -> (view, parsed, theme stamp, the paths of every file made from the brief,
        # the ids of its pages): a server's unchanged briefs are kept whole (``_build``).
        self._bundles: dict = {}
        self._wrote: dict | None = None  # the manifest of the site the last build wrote

    def build(self) -> BuildResult:
        # What earlier builds of this process left (a server's memos: millions of objects)
        # is frozen out of the cyclic collector's sight for the build, which would otherwise
        # rescan it again and again: half a second a time, several times a build. The
        # collector still runs on what the build makes: drawing a page through Jinja leaves
        # garbage cycles (a template module, macros and contexts that point at each other),
        # about 90 MB at 1,000 briefs if nothing collects them. (The search indexer, which
        # makes millions of containers and no cycles, holds the collector off itself.)
        # From parsing to drawing the build makes no garbage cycles, only objects that live
        # to its end (parsed briefs, ids, views, pages: millions at 1,000 briefs), which
        # each collection would scan again: the collector is off then (assembling took twice
        # as long with it), and before drawing they are frozen too (``_build``).
        with self._lock:
            enabled = gc.isenabled()
            gc.freeze()
            try:
                return self._build(enabled)
            finally:
                gc.unfreeze()
                if enabled:
                    gc.enable()

    def prepare(self) -> int:
        """Get the spare generation of the site ready (``SiteWriter.prepare``), so the next
        build after an edit need not link every unchanged file first: ``serve`` calls it in
        the background after its first build. It also parses a sentence in this process:
        a large first build parses on other processes, and this one's first parse (of the
        first brief edited) would otherwise pay for eyecite's import and regexes, a
        quarter of a second."""
        with self._lock:
            if self._registry is not None:
                parse(Source("warm-up.txt", WARM_UP, BriefMeta(slug="warm-up")), self._registry)
            return self.writer.prepare()

    def _build(self, collect: bool = True) -> BuildResult:
        started = time.perf_counter()
        if self.progress is not None:
            self.progress("reading", 0, None)  # the clock of "shown after a second" starts now
        # A first build with much to parse forks its parsing pool now: the workers import
        # eyecite (half a second each) while this process reads the content.
        pool = warm_pool(self.jobs) if self._cold_parse() else None
        try:
            content = load_content(self.content_dir)
            self._registry = content.registry
            diagnostics = list(content.diagnostics)
            ahead: list = []  # the id ledger, read while a pool parses the briefs
            briefs = parse_cached(content.sources, content.registry, self.cache_dir, self._parsed,
                                  meanwhile=lambda: ahead.append(self._meanwhile()), pool=pool,
                                  aside=self.jobs != 1)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)  # (joined: a worker left waiting would outlive an os._exit)
        gc.disable()  # (after parsing: its pool's workers, forked there, collect as usual)
        checked = {}
        for brief in briefs:  # a server's unchanged briefs are the same objects: checked once
            found = self._checked.get(id(brief))
            if found is None or found[0] is not brief:
                found = (brief, list(brief.diagnostics) + cross_check(brief))
            checked[id(brief)] = found
            diagnostics += found[1]
        self._checked = checked
        ledger, ledger_problems = ahead[0] if ahead else self._load_ledger()
        stamp_before = self._ledger[0]
        # ids that never change, and where old ones go (a one-shot build keeps no memo of them)
        briefs, ids = stable_ids(briefs, ledger, self._ids if self.keep else None)
        diagnostics += ledger_problems + list(ids.diagnostics)
        if content.site is None or has_errors(diagnostics) or (self.strict and diagnostics):
            return BuildResult(tuple(diagnostics))
        config = replace(content.site, base_url=self.base_url) if self.base_url else content.site
        dirs = theme_dirs(self.content_dir)
        env, static, templates, static_digest = self._theme(dirs)
        # A theme whose home page lists site.briefs (as briefkit's did before its home page
        # had pages of its own) gets one home page: each page would list every brief.
        home_size = None if templates.reads_briefs("home.html") else HOME_PAGE_SIZE
        site = keep_links(add_embeds(assemble(config, briefs, content.registry, self._views, home_size),
                                     self._embeds), ids.old_urls)

        # Search keys number briefs, and each brief's sections, in the ledger's order (the
        # order they first appeared), so a brief added or removed, or a section split, leaves
        # the other keys, and the files holding them, alone.
        numbers = dict(ledger.brief_numbers())
        for entry in ids.added:
            numbers.setdefault(entry.brief, len(numbers))
        section_numbers = ledger.section_numbers(tuple(ids.added))
        if not self.keep:
            # Nothing more is read of the ledger's lines (a line per section ever published, with
            # its text: 80 MB at 5,000 briefs), which would otherwise be in every forked worker's
            # memory, and the peak's: only its path, to append the new ids to.
            ledger = Ledger(ledger.path, (), ledger.lines)
            self._ledger = None
            ahead.clear()

        learn_views(self._prints, site, registry_key(content.registry))
        keys = PageKeys(site, env, self._prints, templates, static_digest, self._keys)
        current = (self.writer.current() or {}) if self.writer.out.is_dir() else {}
        keep: list[str] = []
        drawn: set[str] = set()  # paths of the pages drawn
        snippet = templates.of("partials/embed_snippet.html")[0]
        # A one-shot build with a cache updates the search index the last one left (``search_state``).
        # (Without the current manifest, which a worker has already: sent, 50,000 entries would be pickled.)
        search_state = SearchState(self.writer.state / SEARCH_STATE, self.writer.out, None) \
            if not self.keep and self.cache_dir is not None else None

        # A server's brief whose view and parsed brief are the very objects of the last build,
        # drawn with the same templates and config into the site that build wrote, has every
        # file as that build left it: its 100-odd paths are kept at once, unchecked.
        stamp = (keys.common, snippet, *(keys.plain(name) for name in ("brief.html", "section.html", "embed.html")))
        trusted = self.keep and bool(current) and current is self._wrote and None not in stamp
        bundles: dict = {}  # id(view) -> the bundle kept or made in this build
        whole: set[int] = set()  # ids of the views kept whole
        skip: set[int] = set()  # ids of their pages
        for view, parsed in zip(site.briefs, site.parsed):
            found = self._bundles.get(id(view)) if trusted else None
            if found is not None and found[0] is view and found[1] is parsed and found[2] == stamp \
                    and self._brief_files.get(id(view), (None,))[0] is view:
                bundles[id(view)] = found
                whole.add(id(view))
                keep.extend(found[3])
                skip.update(found[4])
            elif self.keep:
                bundles[id(view)] = (view, parsed, stamp, [], [])

        def files() -> Iterator[OutputFile]:
            yield from static
            # A one-shot build with much to draw makes its search index on a worker meanwhile
            # (a server keeps its indexer's state, so makes it here).
            search = None
            if not self.keep and workers.usable(len(site.pages) - len(skip), self.parallel_pages):
                search = workers.submit(_pool_search, (content.registry, numbers, section_numbers, search_state))
            for index, key, data in draw_pages(site, dirs, env, keys, current, workers, self.parallel_pages, skip,
                                               remember=self.keep):
                page = site.pages[index]
                path = page.path
                if page.kind in ("brief", "section", "embed") and bundles:
                    bundle = bundles[id(page.context["brief"])]
                    bundle[3].append(path)
                    bundle[4].append(id(page))
                if data is None:
                    keep.append(path)
                else:
                    drawn.add(path)
                    yield _output(path, key, data)
            if not self.keep:  # nothing will ask for these again: room for the search index
                keys.memo.clear()
                jsonld.forget()
            fresh = {}
            wanted: list[tuple[int, list[str] | None]] = []  # (number of a brief, paths of its files to make)
            made_keys: dict[str, str] = {}
            to_make = 0  # files to key or make
            for number, (view, parsed) in enumerate(zip(site.briefs, site.parsed)):
                if id(view) in whole:
                    fresh[id(view)] = self._brief_files[id(view)]
                    continue
                found = self._brief_files.get(id(view))
                if found is None or found[0] is not view or found[1] is not parsed or found[2] != (keys.common, snippet):
                    wanted.append((number, None))  # keyed where it is made
                    to_make += len(view.sections) + 2
                    continue
                fresh[id(view)] = found
                bundle = bundles.get(id(view))
                if bundle is not None:
                    bundle[3].extend(path for path, _ in found[3])
                missing = []
                for path, key in found[3]:
                    if _current_has(current, path, key):
                        keep.append(path)
                    else:
                        missing.append(path)
                        made_keys[path] = key
                        to_make += 1
                if missing:
                    wanted.append((number, missing))
            # Keyed and made on the workers when there are many (a cold build's 27,000 at 1,000 briefs).
            if workers.usable(to_make, self.parallel_pages):
                size = max(1, len(wanted) // (workers.jobs * 8))
                chunks = []
                for at in range(0, len(wanted), size):
                    part = wanted[at:at + size]
                    known = ((number, keys.prints.known(site.briefs[number])) for number, _ in part)
                    chunks.append((snippet, part, [(number, digest) for number, digest in known if digest]))
                results = workers.run(_pool_briefs, chunks)
            else:
                results = iter([_brief_data(site, env, keys, current, snippet, wanted)])
            for done in results:
                for number, listed, made_files in done:
                    if listed is not None:  # keyed there: what the current site has is kept
                        view = site.briefs[number]
                        fresh[id(view)] = (view, site.parsed[number], (keys.common, snippet), listed)
                        bundle = bundles.get(id(view))
                        if bundle is not None:
                            bundle[3].extend(path for path, _ in listed)
                        made_keys.update(listed)
                        if len(made_files) < len(listed):
                            made_paths = {path for path, _ in made_files}
                            keep.extend(path for path, _ in listed if path not in made_paths)
                    for path, data in made_files:
                        yield _output(path, made_keys[path], data)
            del wanted, made_keys
            self._brief_files = fresh if self.keep else {}
            del fresh
            yield OutputFile("_headers", headers(site).encode("utf-8"))
            yield from site_files(site, remember=self.keep)  # feed, sitemap, robots.txt
            if search is not None:
                for path, key, data in search.get():
                    if data is None:
                        keep.append(path)
                    else:
                        yield _output(path, key, data)
                del search
            else:
                made = self._search.iter_files(site, content.registry, numbers, section_numbers) if self.keep \
                    else _one_shot_search(site, content.registry, numbers, section_numbers, current, search_state)
                for file in made:  # the search index, split by term
                    if isinstance(file, str) or _current(current, file):  # a document or tier as it was
                        keep.append(file if isinstance(file, str) else file.path)
                    else:
                        yield file
            workers.close()

        def before_swap() -> None:
            # (None when there was no ledger and still is none: the build makes it)
            unchanged = self._ledger_stamp() == stamp_before
            # appends only; ids are recorded before anyone sees them
            first = save_ledger(self.content_dir, ledger, list(ids.added), ledger.lines if unchanged else None)
            if first and unchanged and self.keep:
                # What load_ledger would now read, without reading 25,000 lines again.
                appended = "".join(entry.to_line() for entry in ids.added).splitlines()
                entries, problems = parse_lines(ledger.path, appended, first)
                self._ledger = (self._ledger_stamp(), (ledger.extended(tuple(entries), first + len(appended) - 1),
                                                        ledger_problems + problems))

        # For the progress bar: about as many files as last time, or pages, data and cards.
        # (a brief: its JSON, its graph, its search documents; a section: its oEmbed file)
        sections = sum(len(view.sections) for view in site.briefs)
        expected = len(current) or (len(static) + len(site.pages) + 3 * len(site.briefs) + sections
                                    + len(site.policies) + 80)
        gc.freeze()  # what the build made so far lives to its end (and forked workers then share it untouched)
        if collect:
            gc.enable()
        # Forked when there is enough to draw; they write new files straight into the spare.
        workers = _Workers((site, dirs, env, keys, current, self.writer), self.jobs)
        try:
            written, unchanged = self.writer.write(self._progress(files(), keep, expected), keep, before_swap)
        finally:
            workers.close()
        self._wrote = self.writer.current() if self.keep else None
        self._bundles = bundles
        pages_written = sum(1 for path in self.writer.changed if path in drawn)
        # The memos of page keys and of hashes are pruned to what this site holds once they
        # have grown by a twentieth since they last were: pruning walks every page and view
        # (a tenth of a second at 5,000 briefs), and an edit adds a few dozen entries.
        if len(keys.memo) > self._pruned_at * PRUNE_GROWTH:
            self._prints.forget_all_but(_alive(site))
            keys.forget_all_but(site.pages)
            self._pruned_at = len(keys.memo)
        return BuildResult(tuple(diagnostics), len(site.pages), written + unchanged, True, len(briefs),
                           sum(len(b.sections) for b in briefs), len(site.policies), written, unchanged,
                           len(drawn), pages_written, time.perf_counter() - started)

    def _cold_parse(self) -> bool:
        """Enough text to parse on a pool (``parse_many``'s threshold) and no parse cache
        yet: a first build. (A listing of briefs/ and its sizes: milliseconds.)"""
        if self._parsed or self.cache_dir is None or self.jobs == 1 \
                or "fork" not in multiprocessing.get_all_start_methods() \
                or (Path(self.cache_dir) / "parse").is_dir():
            return False
        total = 0
        try:
            with os.scandir(Path(self.content_dir) / "briefs") as entries:
                for entry in entries:
                    if entry.is_file():
                        total += entry.stat().st_size
                        if total >= PARALLEL_MIN_BYTES:
                            return True
        except OSError:
            pass
        return False

    def _theme(self, dirs: list[Path]) -> tuple:
        """(Jinja2 environment, static files, template dependencies, hash of the static
        files), made again only when a file of the theme changed (a server's builds)."""
        stamp = [str(folder) for folder in dirs]
        for folder in dirs:
            tree_stamp(folder, stamp)
        if self._themed is None or self._themed[0] != stamp:
            env = make_env(dirs)
            static = static_files(dirs)  # raises ThemeError with file:line
            self._themed = (stamp, (env, static, TemplateDeps(env), static_hash(static)))
        return self._themed[1]

    def _meanwhile(self):
        """What this process does while a pool parses the briefs: it reads the id ledger
        (which it returns) and compiles the theme's templates and their dependencies, which
        the workers forked to draw pages would otherwise each compile again (0.1 s).

        The cyclic collector waits meanwhile: the briefs just read from the cache (millions
        of objects, read with it off) would be its to scan in full, again and again, as
        the ledger's lines are made (1.5 s instead of 0.5 s at 5,000 briefs)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            ledger = self._load_ledger()
            try:
                env, _, templates, _ = self._theme(theme_dirs(self.content_dir))
                for name in env.list_templates(extensions=("html", "xml")):
                    templates.of(name)
                    env.get_template(name)
            except Exception:  # noqa: BLE001 - a broken theme is reported where the build reads it (_theme, render)
                pass
            return ledger
        finally:
            if enabled:
                gc.enable()

    def _ledger_stamp(self) -> tuple | None:
        return file_stamp(ledger_path(self.content_dir))

    def knows_ledger(self) -> bool:
        """The id ledger on disk is the one this builder last read or wrote (its own
        appending included), to the inode, mtime and ctime: a change to it alone, which
        a watcher reports after every build that recorded new ids, needs no build."""
        return self._ledger is not None and self._ledger[0] is not None and self._ledger[0] == self._ledger_stamp()

    def _load_ledger(self):
        """``load_ledger``, read again only when the file changed (a server's builds)."""
        stamp = self._ledger_stamp()
        if self._ledger is None or self._ledger[0] != stamp or stamp is None:
            self._ledger = (stamp, load_ledger(self.content_dir))
        return self._ledger[1]

    def _progress(self, files: Iterator[OutputFile], keep: list[str], expected: int) -> Iterator[OutputFile]:
        """``files``, telling ``progress`` how many files are done (made or kept)."""
        if self.progress is None:
            yield from files
            return
        made = 0
        for file in files:
            made += 1
            if made % 250 == 0:
                self.progress("building", made + len(keep), max(expected, made + len(keep)))
            yield file
        self.progress("building", made + len(keep), made + len(keep))


def learn_views(prints: Fingerprints, site: Site, registry_hash: str) -> None:
    """Give ``prints`` the hashes of each brief's parsed brief, view and section views,
    made from what decides them instead of from their reprs (which cost 1.3 s of CPU at
    1,000 briefs, a third of it in every page key): a parsed brief is decided by its
    parse key (its source, the registry, the parser's version) and its sections' ids
    after ``stable_ids``; its view by that and its policies' chips and authorities (what
    ``_brief`` reads of the registry); a section view by its view's hash and its id."""
    for view, parsed in zip(site.briefs, site.parsed):
        if prints.known(view) is not None and prints.known(parsed) is not None:
            continue  # (a server's unchanged brief)
        parsed_digest = blake("parsed", parse_key(parsed.source, registry_hash),
                              *(section.id for section in parsed.sections))
        prints.learn(parsed, parsed_digest)
        view_digest = blake("view", parsed_digest, prints.of(view.policies), prints.of(view.authorities))
        prints.learn(view, view_digest)
        for section in view.sections:  # (an id is one path segment: no '/' in it)
            prints.learn(section, f"{view_digest}/{section.id}")
    # Where a brief cites a policy (``assemble.Citation``) is decided by its view and
    # parsed brief and the policy's id: hashed from those, not from its repr (its section
    # links' texts), which cost a policy page's key most of its time.
    by_url = {view.url: prints.known(view) for view in site.briefs}
    for policy in site.policies:
        for citation in policy.citations:
            if prints.known(citation) is None and by_url.get(citation.brief_url) is not None:
                prints.learn(citation, blake("citation", by_url[citation.brief_url], policy.id))


def _alive(site: Site) -> list[object]:
    alive: list[object] = [site.config]
    for view in site.briefs:
        alive.append(view)
        alive.extend(view.sections)
    alive.extend(site.parsed)
    for policy in site.policies:
        alive.extend(policy.citations)
    return alive


def build(content_dir: Path, out_dir: Path, base_url: str | None = None, strict: bool = False,
          cache_dir: Path | None = None) -> BuildResult:
    """One build (``cache_dir``: where parsed briefs are kept between builds; None: parse every brief)."""
    return Builder(content_dir, out_dir, base_url, strict, cache_dir).build()
