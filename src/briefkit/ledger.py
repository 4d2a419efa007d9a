"""The section-id ledger, ``content/ids.tsv``: every id ever published and what it names.

Plain tab-separated text that editors commit, one line per id::

    # brief <TAB> id <TAB> role <TAB> status <TAB> text
    sessions-asylum-ruling	rebuttal-he-provides-no-basis	rebuttal	live	He provides no basis ...

``text`` is the section's text when the id was first given (white space folded); the
build matches edited sections to it by content similarity. ``status`` is one of

- ``live``: the id names a section of the brief;
- ``removed``: the section is gone; its URLs show "this part of the brief was removed";
- ``moved:<id>`` or ``moved:<brief>/<id>``: the section was merged into, split into or
  renamed to another one; its URLs redirect there.

The build only ever appends: a new id is a new line, and a change of status (an id that
no longer matches anything becomes ``removed`` or ``moved:…``; a removed section that
comes back becomes ``live``) is a new line for the same id. The LAST line of an id wins,
so an editor can override any decision by adding (or editing) a line. Lines starting
with ``#`` and blank lines are comments. New lines are appended in one write (a write
that fails is undone): the file is never rewritten, so a save costs what it adds, not the
20 MB a ledger of 5,000 briefs has.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Diagnostic

FILENAME = "ids.tsv"
STATUSES = ("live", "removed", "moved:")
_SEGMENT = re.compile(r"(?!\.)[^\s/\\\x00-\x1f]+")
HEADER = (
    "# briefkit section-id ledger: every section id ever published. Commit it with the content.\n"
    "# The build appends lines, never rewrites them; the last line of an id wins.\n"
    "# status: live | removed | moved:<id> | moved:<brief>/<id>   (see README, 'Links that never break')\n"
    "# brief\tid\trole\tstatus\ttext\n"
)


@dataclass(frozen=True)
class Entry:
    """One line of the ledger (``line`` is 1-based; 0 for a line not written yet)."""

    brief: str
    id: str
    role: str
    status: str
    text: str
    line: int = 0

    @property
    def moved_to(self) -> tuple[str, str] | None:
        """(brief, id) for a ``moved:`` status, else None."""
        if not self.status.startswith("moved:"):
            return None
        target = self.status[len("moved:"):]
        brief, _, section = target.rpartition("/")
        return (brief or self.brief, section)

    def to_line(self) -> str:
        return "\t".join((self.brief, self.id, self.role, self.status, " ".join(self.text.split()))) + "\n"


@dataclass(frozen=True)
class Ledger:
    path: str                      # as shown in diagnostics
    entries: tuple[Entry, ...] = ()  # every line, in file order
    # the file's lines when it was read, if it ended with a line break (``save_ledger``
    # appends after them without reading the file again), else None
    lines: int | None = field(default=None, compare=False)

    def latest(self) -> dict[tuple[str, str], Entry]:
        """(brief, id) -> its last line, in order of first appearance (made once per
        ledger; do not change the dict)."""
        found = self.__dict__.get("_latest")
        if found is None:
            found = {}
            for entry in self.entries:
                found[(entry.brief, entry.id)] = entry
            object.__setattr__(self, "_latest", found)  # a cache, not a field: equality ignores it
        return found

    def extended(self, entries: tuple[Entry, ...], lines: int | None = None) -> Ledger:
        """This ledger with ``entries`` (lines just appended) after its own, and the dicts
        this one made already (``latest``, ``brief_numbers``, ``section_numbers``) brought
        up to date from the new lines, not made again from all of them (130,000 at 5,000
        briefs: 0.06 s of each server edit that records an id)."""
        new = Ledger(self.path, self.entries + entries, lines)
        latest = self.__dict__.get("_latest")
        if latest is not None:
            latest = dict(latest)  # (a line of a known id keeps its place: the id's first appearance)
            for entry in entries:
                latest[(entry.brief, entry.id)] = entry
            object.__setattr__(new, "_latest", latest)
        numbers = self.__dict__.get("_numbers")
        if numbers is not None:
            numbers = dict(numbers)
            for entry in entries:
                numbers.setdefault(entry.brief, len(numbers))
            object.__setattr__(new, "_numbers", numbers)
        if "_section_numbers" in self.__dict__:
            object.__setattr__(new, "_section_numbers", self.section_numbers(entries))
        return new

    def brief_numbers(self) -> dict[str, int]:
        """brief -> its number: briefs in order of their first line (made once per ledger;
        do not change the dict). The search index keys records by these numbers, so adding
        or removing a brief leaves every other brief's keys, and the chunks holding them,
        as they were."""
        found = self.__dict__.get("_numbers")
        if found is None:
            found = {}
            for entry in self.entries:
                if entry.brief not in found:
                    found[entry.brief] = len(found)
            object.__setattr__(self, "_numbers", found)
        return found


    def section_numbers(self, added: tuple[Entry, ...] = ()) -> dict[str, dict[str, int]]:
        """brief -> {section id -> its number}: a brief's ids in order of their first line,
        from 1, then ``added`` (lines not written yet). The search index keys sections by
        these, so that a section split or added leaves its brief's other sections' keys,
        and their files, as they were (their places in the text would all move)."""
        # The ledger's own are made once per ledger (a server's is the same object from edit
        # to edit: 130,000 lines at 5,000 briefs); ``added`` goes into copies of the briefs'
        # dicts it touches. Do not change the dicts given.
        found = self.__dict__.get("_section_numbers")
        if found is None:
            found = {}
            for entry in self.entries:
                numbers = found.setdefault(entry.brief, {})
                if entry.id not in numbers:
                    numbers[entry.id] = len(numbers) + 1
            object.__setattr__(self, "_section_numbers", found)
        if not added:
            return found
        found, copied = dict(found), set()
        for entry in added:
            if entry.brief not in copied:
                found[entry.brief] = dict(found.get(entry.brief, {}))
                copied.add(entry.brief)
            numbers = found[entry.brief]
            if entry.id not in numbers:
                numbers[entry.id] = len(numbers) + 1
        return found


def ledger_path(content_dir: Path) -> Path:
    return Path(content_dir) / FILENAME


def load_ledger(content_dir: Path) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger of a content folder (empty when there is none yet) and its problems."""
    path = ledger_path(content_dir)
    shown = (Path(content_dir).name or "content") + "/" + FILENAME
    if not path.is_file():
        return Ledger(shown), []
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    entries, problems = parse_lines(shown, lines, 1)
    return Ledger(shown, tuple(entries), len(lines) if text.endswith("\n") or not text else None), problems


def parse_lines(shown: str, lines: list[str], first: int) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries of ledger lines, the first of them line ``first``, and their problems."""
    entries, problems = [], []
    for number, raw in enumerate(lines, first):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) < 4:
            problems.append(Diagnostic(shown, number, 1, "BK401",
                                       "a ledger line needs brief, id, role, status and text separated by tabs"))
            continue
        brief, section, role, status = (f.strip() for f in fields[:4])
        if not status.startswith(STATUSES) or status == "moved:":
            problems.append(Diagnostic(shown, number, len("\t".join(fields[:3])) + 2, "BK401",
                                       f"unknown status '{status}': use live, removed or moved:<id>"))
            continue
        # Slugs and ids become folders of the site: one plain path segment each.
        bad = [(value, column, what) for value, column, what in (
                   (brief, 1, "brief slug"), (section, len(fields[0]) + 2, "section id"),
                   *((part, len("\t".join(fields[:3])) + 2, "moved: target")
                     for part in status[len("moved:"):].split("/") if status.startswith("moved:")))
               if not _SEGMENT.fullmatch(value)]
        if bad:
            value, column, what = bad[0]
            problems.append(Diagnostic(shown, number, column, "BK401",
                                       f"'{status if what == 'moved: target' else value}' is not a usable {what}: "
                                       "a slug or id is one path segment of letters, digits and dashes; "
                                       "correct or delete this line"))
            continue
        entries.append(Entry(brief, section, role, status, "\t".join(fields[4:]).strip(), number))
    return entries, problems


def save_ledger(content_dir: Path, ledger: Ledger, added: list[Entry], lines: int | None = None) -> int:
    """Append ``added`` to the ledger file. Returns the number of the first line added (0
    when there is nothing to add). ``lines``: the file's line count, when the caller knows
    the file is as it read it and ended with a line break (``Ledger.lines``); without it,
    the file is read to count them."""
    if not added:
        return 0
    path = ledger_path(content_dir)
    new = "".join(entry.to_line() for entry in added)
    if not path.is_file():
        _create(path, HEADER + new)
        return HEADER.count("\n") + 1
    if lines is None:
        old = path.read_text(encoding="utf-8")
        lines = len(old.splitlines())
        if old and not old.endswith("\n"):
            new = "\n" + new
    _append(path, new.encode("utf-8"))
    return lines + 1


def _append(path: Path, data: bytes) -> None:
    """``data`` at the end of the file, or, if the write fails part way (a full disk),
    the file as it was."""
    handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        size = os.fstat(handle).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        except BaseException:
            os.ftruncate(handle, size)
            raise
    finally:
        os.close(handle)


def _create(path: Path, text: str) -> None:
    """A new ledger file, whole or not at all."""
    handle, temporary = tempfile.mkstemp(prefix=f".{FILENAME}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
