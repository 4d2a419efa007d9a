"""ids: parsed briefs + the id ledger -> briefs whose section ids never change, and the old URLs.

The parser names sections by role and first words (``rebuttal-he-provides-no-basis``),
which changes with every edit of those words. This stage, between parse and assemble,
keeps the name a section was first published under: each section is matched to the
ledger (``content/ids.tsv``, see ``ledger.py``) by content similarity — a word-level
``difflib`` ratio over normalised text, pairs above ``MATCH`` taken greedily by score,
one to one — so a typo fix, a reworded sentence, an inserted paragraph or reordered
sections keep their ids. A section that matches nothing gets a fresh readable id
(role + first words, de-duplicated against every id the brief ever had).

A published id that matches nothing now is never dropped: it becomes ``moved:<id>``
when one current section holds most of its words (a join or a split), else
``removed``; the build appends that line to the ledger and says so (warning BK402).
A renamed brief (a new file name whose sections match most of an old slug's ledger
entries) keeps its ids; its old URLs redirect to the new ones.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from .ledger import Entry, Ledger
from .model import Brief, Diagnostic
from .parse.sections import section_id

MATCH = 0.5      # word-level similarity for "the same section, edited"
COVERAGE = 0.5   # share of an old section's words inside one current section: "moved there"
RENAME = 0.5     # share of an old slug's ids matched by a new brief: "the brief was renamed"
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class OldUrl:
    """A URL published once that no longer names a section (or brief) of its own.

    ``id`` is '' for the brief page. ``target_brief`` None: removed; else the URL
    redirects to ``target_brief`` / ``target_id`` ('' for the brief page).
    """

    brief: str
    id: str
    role: str
    target_brief: str | None = None
    target_id: str = ""
    home: str = ""   # the brief it belonged to, under its current slug ('' when that is gone too)


@dataclass(frozen=True)
class IdPlan:
    old_urls: tuple[OldUrl, ...] = ()
    added: tuple[Entry, ...] = ()          # lines to append to the ledger
    diagnostics: tuple[Diagnostic, ...] = ()


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "").replace("'", ""))


def similarity(a: list[str], b: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MATCH or matcher.quick_ratio() < MATCH:
        return 0.0
    return matcher.ratio()


def coverage(old: list[str], new: list[str]) -> float:
    if not old:
        return 0.0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(old)


def match(entries: list[Entry], sections) -> dict[int, Entry]:
    """Section index -> the ledger entry it continues: greedy one-to-one by score."""
    if not entries or not sections:
        return {}
    known: dict[str, list[str]] = {}  # text -> its words: most sections' texts are their entries'

    def words_of(text: str) -> list[str]:
        found = known.get(text)
        if found is None:
            found = known[text] = words(text)
        return found

    old = [words_of(e.text) for e in entries]
    new = [words_of(s.text) for s in sections]
    found: dict[int, Entry] = {}
    taken: set[int] = set()
    unchanged: dict[tuple[str, ...], list[int]] = {}
    for i, entry_words in enumerate(old):
        unchanged.setdefault(tuple(entry_words), []).append(i)
    for j, section_words in enumerate(new):  # most sections are unchanged: no need to compare
        same = unchanged.get(tuple(section_words))
        if same:
            i = same.pop(0)
            taken.add(i)
            found[j] = entries[i]
    pairs = []
    for i, entry_words in enumerate(old):
        if i in taken:
            continue
        for j, section_words in enumerate(new):
            if j in found:
                continue
            score = similarity(entry_words, section_words)
            if score >= MATCH:
                if entries[i].role == sections[j].kind:
                    score += 0.01  # a tie goes to the same role
                place = abs(i / len(old) - j / len(new))
                pairs.append((-score, place, i, j))
    for _, _, i, j in sorted(pairs):
        if i not in taken and j not in found:
            taken.add(i)
            found[j] = entries[i]
    return found


def _recorded(added: list[Entry], entries: tuple[Entry, ...]) -> bool:
    """``entries`` are the lines ``added`` became once written (each its line number)."""
    return len(added) == len(entries) and all(
        a.id == e.id and a.status == "live" == e.status and a.text == e.text and a.role == e.role
        and a.brief == e.brief for a, e in zip(added, entries))


def _slug(brief: Brief) -> str:
    return brief.source.meta.slug


_LEDGER, _URLS = "ledger", "old urls"  # keys of ``stable_ids``'s memo besides the briefs' ids


def stable_ids(briefs: list[Brief], ledger: Ledger, memo: dict | None = None) -> tuple[list[Brief], IdPlan]:
    """``memo``: kept by a running server between builds; a brief that is the same object
    as last time, with the same ledger entries, gets the same result object back."""
    latest = ledger.latest()
    current = {_slug(b) for b in briefs}
    # What depends on the ledger alone is made once per ledger: a server's ledger is the
    # same object from edit to edit until a build records new ids (130,000 lines at 5,000 briefs).
    known_ledger = memo.get(_LEDGER) if memo is not None else None
    if known_ledger is not None and known_ledger[0] is ledger:
        _, by_slug, live_keys, live = known_ledger
    else:
        by_slug: dict[str, list[Entry]] = {}
        for entry in latest.values():
            by_slug.setdefault(entry.brief, []).append(entry)
        live_keys = [key for key, entry in latest.items() if entry.status == "live"]
        live = frozenset(live_keys)
    orphans = sorted(slug for slug in by_slug if slug not in current)
    renamed: dict[str, str] = {}  # old slug -> new slug
    added: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    assigned: dict[tuple[str, str], tuple[str, str]] = {}  # ledger (brief, id) -> live (brief, id)
    out: list[Brief] = []

    fresh_memo: dict = {}
    for brief in briefs:
        slug = _slug(brief)
        source_slug = slug
        # Keyed by the brief object, with its ledger lines compared in order: the same line
        # objects compare at once, where hashing them (text and all) cost 30 ms a build.
        memo_key, entries = id(brief), tuple(by_slug.get(slug, ()))
        known = memo.get(memo_key) if memo is not None and slug in by_slug else None
        if known is not None and known[0] is brief:
            _, done, done_added, done_assigned, done_entries = known
            if done_entries == entries:
                added += done_added
                assigned.update(done_assigned)
                out.append(done)
                fresh_memo[memo_key] = known
                continue
            if not done_entries and _recorded(done_added, entries):
                # Its lines are the ones it added last time (a server's first edit after the
                # build that recorded a new site's ids): its ids match them, nothing to add.
                assigned.update(done_assigned)
                out.append(done)
                fresh_memo[memo_key] = (brief, done, [], done_assigned, entries)
                continue
        added_before, mine = len(added), {}
        if slug not in by_slug:  # a new file name: is it an old brief, renamed?
            best, best_share = None, RENAME
            for orphan in orphans:
                if orphan in renamed:
                    continue
                candidates = [e for e in by_slug[orphan] if e.moved_to is None]
                share = len(match(candidates, brief.sections)) / len(candidates) if candidates else 0.0
                if share >= best_share:
                    best, best_share = orphan, share
            if best is not None:
                renamed[best] = slug
                source_slug = best
        candidates = [e for e in by_slug.get(source_slug, []) if e.moved_to is None]
        matched = match(candidates, brief.sections)
        used = {e.id: 1 for e in by_slug.get(slug, []) + by_slug.get(source_slug, [])}
        ids: dict[str, str] = {}
        for j, section in enumerate(brief.sections):
            entry = matched.get(j)
            if entry is not None:
                new_id = entry.id
                if source_slug != slug or entry.status != "live":
                    added.append(Entry(slug, new_id, section.kind, "live", entry.text))
                if source_slug != slug:
                    added.append(replace(entry, status=f"moved:{slug}/{new_id}", line=0))
            else:
                first = section.sentences[0].text if section.sentences else section.text
                new_id = section_id(section.kind, first, used)
                added.append(Entry(slug, new_id, section.kind, "live", section.text))
            used[new_id] = 1
            ids[section.id] = new_id
            mine[(source_slug, new_id)] = (slug, new_id)
            mine[(slug, new_id)] = (slug, new_id)
        if all(new_id == old_id for old_id, new_id in ids.items()):
            out.append(brief)  # (the usual case: every section keeps the id the parser gave it)
        else:
            sections = tuple(replace(s, id=ids[s.id], responds_to=tuple(ids.get(t, t) for t in s.responds_to))
                             for s in brief.sections)
            out.append(replace(brief, sections=sections))
        assigned.update(mine)
        if source_slug == slug:
            fresh_memo[memo_key] = (brief, out[-1], added[added_before:], mine, entries)
    # Every published id that is not live now: where do its URLs go? (Only a live line
    # says anything here: it is either assigned or moved or removed now; usually none is.)
    briefs_by_slug = {_slug(b): b for b in out}
    unassigned = live - assigned.keys()
    for key in (live_keys if unassigned else ()):
        if key not in unassigned:
            continue
        entry = latest[key]
        home = renamed.get(entry.brief, entry.brief)
        target = None
        if home in briefs_by_slug:
            old_words = words(entry.text)
            scored = [(coverage(old_words, words(s.text)), -n, s.id)
                      for n, s in enumerate(briefs_by_slug[home].sections)]
            best = max(scored, default=None)
            if best is not None and best[0] >= COVERAGE:
                target = best[2]
        if target is not None:
            status = f"moved:{target}" if home == entry.brief else f"moved:{home}/{target}"
            added.append(replace(entry, status=status, line=0))
            diagnostics.append(Diagnostic(ledger.path, entry.line, 1, "BK402",
                f"section '{entry.brief}/{entry.id}' was published but matches no section now: its URLs "
                f"redirect to '{home}/{target}', which holds most of its words (the build records '{status}')",
                "warning"))
        else:
            added.append(replace(entry, status="removed", line=0))
            diagnostics.append(Diagnostic(ledger.path, entry.line, 1, "BK402",
                f"section '{entry.brief}/{entry.id}' was published but matches no section now: its URLs "
                f"say it was removed (the build records 'removed'); to send readers elsewhere, add a line "
                f"with status moved:<id> to {ledger.path}", "warning"))
    # (what Ledger(path, entries + added).latest() gives, without going through every line again)
    final = latest
    if added:
        final = dict(latest)
        for entry in added:
            final[(entry.brief, entry.id)] = entry
    # Where old URLs go, as last time if nothing it depends on changed (an edit that adds no id).
    known_urls = memo.get(_URLS) if memo is not None else None
    if known_urls is not None and known_urls[0] is final and known_urls[1:5] == (assigned, renamed, current, ledger.path):
        urls, url_problems = known_urls[5:]
    else:
        url_problems = []
        urls = _old_urls(final, assigned, renamed, current, ledger.path, url_problems)
    diagnostics += url_problems
    if memo is not None:
        memo.clear()
        memo.update(fresh_memo)
        memo[_LEDGER] = (ledger, by_slug, live_keys, live)
        memo[_URLS] = (final, assigned, renamed, current, ledger.path, urls, url_problems)
    return out, IdPlan(urls, tuple(added), tuple(diagnostics))


def _old_urls(latest, assigned, renamed, current, path, diagnostics) -> tuple[OldUrl, ...]:
    urls = []
    for key, entry in latest.items():
        if key in assigned and assigned[key] == key:
            continue
        target = assigned.get(key)
        seen = {key}
        step = entry
        while target is None and step is not None and step.moved_to is not None and step.moved_to not in seen:
            seen.add(step.moved_to)
            target = assigned.get(step.moved_to)
            step = latest.get(step.moved_to)
        home = renamed.get(entry.brief, entry.brief)
        if target is None:
            urls.append(OldUrl(entry.brief, entry.id, entry.role, home=home if home in current else ""))
            if entry.moved_to is not None:
                diagnostics.append(Diagnostic(path, entry.line, 1, "BK403",
                    f"'{entry.brief}/{entry.id}' is {entry.status}, which names no section: its URLs say "
                    f"it was removed", "warning"))
        else:
            urls.append(OldUrl(entry.brief, entry.id, entry.role, target[0], target[1]))
    for slug in sorted({brief for brief, _ in latest} - current):
        urls.append(OldUrl(slug, "", "", renamed.get(slug) or _moved_to(latest, slug, current)))
    return tuple(urls)


def _moved_to(latest, slug: str, current: set[str]) -> str | None:
    """Where a brief that is gone went, as the ledger recorded it when it was renamed:
    the live brief most of its sections moved to (a later build no longer sees the
    rename itself, since the new name has ids of its own by then)."""
    counts: dict[str, int] = {}
    for (brief, _), entry in latest.items():
        if brief == slug and entry.moved_to is not None and entry.moved_to[0] in current \
                and entry.moved_to[0] != slug:
            counts[entry.moved_to[0]] = counts.get(entry.moved_to[0], 0) + 1
    return min(counts, key=lambda target: (-counts[target], target)) if counts else None
