"""write: ``[OutputFile]`` -> the output folder, atomically, touching only what changed.

The only stage that touches the output folder. Two generations of the site are kept:
the output folder itself (what readers see) and a spare one beside it, in
``.briefkit-cache/site-<name>/spare``, holding the site as it was one build earlier. A build
brings the spare up to date — files that did not change since the current site are
hard links to the current site's files, so they keep their inode and mtime; files
that changed are written anew (never in place: a file may be shared with the live
site) — and then swaps the two folders in one ``renameat2(RENAME_EXCHANGE)`` call.
Readers never see a half-written site, and a build killed at any point leaves the
output folder exactly as it was: until the swap nothing in it is touched.

Each generation records what it holds — per path a hash of the bytes, the key of the
inputs that made it (so a builder can skip pages whose inputs did not change) and the
inode — in ``.briefkit-cache/site-<name>/manifests/<token>.tsv``, where the token is
made of the inodes of the folder and of its ``.briefkit-site`` marker. A generation whose manifest is missing or does not
match (a killed build, a folder edited by hand) is not trusted: the spare is then
rebuilt from scratch and every page is rendered.

A manifest lists only how its generation differs from a base listing beside it
(``base-<name>.tsv``, written once and never changed): an edit changes a hundred of a
site's 400,000 files, and writing out all 400,000 lines after each one cost half a
second at 5,000 briefs. A new base is written when the differences grow to a quarter of
the site (a template edit changes every page).
"""
from __future__ import annotations

import ctypes
import errno
import itertools
import operator
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from xxhash import xxh3_128_hexdigest

# Written into every built site: replacing a folder without it could destroy work
# (``--out content`` by mistake), so such a folder is refused unless it is empty.
MARKER = ".briefkit-site"
MARKER_TEXT = "built by briefkit; this folder is replaced on every build\n"
# Beside the output folder (the same filesystem, so the two generations can be swapped):
# the parse cache's folder, where each output folder has its ``site-<name>/``.
STATE_FOLDER = ".briefkit-cache"
MANIFEST_HEADER = "briefkit-manifest 3"  # 3: digests by XXH3-128 (2: BLAKE2b)
BASE_HEADER = "briefkit-manifest-base 3"
GONE = "-"  # in a manifest's digest field: a path of its base that this generation lacks
_BASE_NAME = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: ``path`` is relative to the output folder, '/'-separated.

    ``key`` names the inputs the file was made from (None: unknown); a builder that
    finds the same key in the current site's manifest may keep the file without
    making it again."""

    path: str
    data: bytes
    key: str | None = None
    # (digest, inode) of a file another process put in the spare already (``Placer``);
    # ``data`` is then empty
    placed: tuple[str, int] | None = None


class WriteError(Exception):
    """The output folder cannot be replaced; the message says why and what to do."""


def digest(data: bytes) -> str:
    """What the manifest records of a file's bytes, to tell a changed file from an
    unchanged one. XXH3-128: a build hashes every file it makes (350 MB at 1,000 briefs),
    and BLAKE2b took 0.4 s of that build's CPU, XXH3 a hundredth of it. It is not a
    cryptographic hash; nothing here needs one: the bytes compared are the builder's own
    output, and a collision would only leave one file unrewritten."""
    return xxh3_128_hexdigest(data)


# A control character or backslash anywhere, or an empty, "." or ".." segment (which an
# absolute path, "a//b", "a/" and "../x" all have).
_BAD_PATH = re.compile(r"[\x00-\x1f\\]|(?:^|/)\.{0,2}(?:/|$)")


def check_path(path: str) -> None:
    """Refuse a path that is empty, absolute, climbs out (``..``), or holds a backslash
    or a control character."""
    if path == MARKER or _BAD_PATH.search(path):
        raise WriteError(f"refusing to write '{path}': not a path inside the site")


def check_paths(files: list[OutputFile]) -> None:
    """Refuse two files with one path and any path that would leave the output folder."""
    seen: set[str] = set()
    for file in files:
        check_path(file.path)
        if file.path in seen:
            raise WriteError(f"two outputs want to write '{file.path}': rename one of their sources")
        seen.add(file.path)


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir() or out.is_symlink():
        raise WriteError(f"{out} exists and is not a folder: choose another --out")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise WriteError(f"refusing to replace {out}: it is not empty and was not made by briefkit "
                         f"(no {MARKER} file in it); choose another --out or empty it")


# ------------------------------------------------------------------ the swap

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (OSError, AttributeError):  # not glibc / not Linux
    _renameat2 = None


def exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically; where the system cannot, with three renames."""
    if _renameat2 is not None:
        if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        error = ctypes.get_errno()
        if error not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(error, os.strerror(error), str(a))
    middle = b.with_name(b.name + ".swap")
    os.rename(a, middle)
    os.rename(b, a)
    os.rename(middle, b)


# ------------------------------------------------------------------ generations

Manifest = dict  # path -> [hash, key, inode]


class Placer:
    """Writes the new files of a build from another process (a forked worker that made
    them): a file whose path neither the live site nor the spare holds goes straight into
    the spare, and the worker hands the writer its ``OutputFile(placed=...)`` instead of
    its bytes. So a cold build's 100,000 files are created on every core, not one by one
    in the process that keeps the manifest. Anything else (a path either generation holds,
    a folder where a file was) is left to the writer: ``place`` returns None."""

    def __init__(self, spare: str, live: Manifest, spare_files: Manifest):
        self.spare, self.live, self.spare_files = spare, live, spare_files
        self.folders: set[str] = set()
        self.lent = False  # set before forking workers that may use it


    def place(self, path: str, data: bytes) -> tuple[str, int] | None:
        if path in self.live or path in self.spare_files:
            return None
        check_path(path)
        target = os.path.join(self.spare, path)
        folder = os.path.dirname(target)
        try:
            if folder not in self.folders:
                _make_folder(folder)
                self.folders.add(folder)
            return digest(data), _create(target, data)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            return None  # a file of the last build where a folder goes now: the writer knows what to do


class SiteWriter:
    """Writes builds into ``out``; keeps the spare generation and the manifests."""

    def __init__(self, out: Path):
        self.out = Path(out).absolute()
        self.state = self.out.parent / STATE_FOLDER / f"site-{self.out.name}"
        self.spare = self.state / "spare"
        self.manifests = self.state / "manifests"
        self._current: tuple[str, Manifest] | None = None  # (token, manifest), read once
        # token -> (stat of its file, manifest), as this writer last saved or read it: a
        # server's builds need not read 100,000 lines again
        self._known: dict[str, tuple[tuple, Manifest]] = {}
        self.changed: list[str] = []  # paths new or changed by the last write
        # (the manifest of the generation the last write swapped out, now the spare; the
        # paths where the new one differs from it): what the next write must check
        self._swapped_out: tuple[Manifest, set[str]] | None = None
        self.placer: Placer | None = None  # while ``write`` takes files
        # The base listing this writer last wrote or read: (name, stamp of its file, its
        # entries). A manifest saved after it lists the entries that differ from it. Entries
        # are never changed once a write has made them, so a kept file's entry is the base's
        # own list, and most paths cost one identity test.
        self._base: tuple[str, tuple, Manifest] | None = None
        self._bases: dict[str, str] = {}  # token -> the name of its manifest's base

    # -- reading what a generation holds

    @staticmethod
    def _token(folder: Path) -> str | None:
        """A generation's name: the inodes of its folder and of its marker, which stay
        with it through the swap (the marker's text is the same in every site, so that
        two builds of the same content are byte-identical)."""
        try:
            return f"{os.stat(folder).st_ino}-{os.stat(folder / MARKER).st_ino}"
        except OSError:
            return None

    def _manifest(self, folder: Path, remember_base: bool = True) -> tuple[str, Manifest] | None:
        """What a generation holds, by its manifest (None: not known). ``remember_base``:
        the next save lists its differences from this manifest's base."""
        token = self._token(folder)
        if token is None:
            return None
        path = self.manifests / f"{token}.tsv"
        stamp = file_stamp(path)
        if stamp is None:
            return None
        known = self._known.get(token)
        if known is not None and known[0] == stamp:
            return token, known[1]  # as this writer last saved or read it
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError):
            return None
        if len(lines) < 3 or lines[0] != f"{MANIFEST_HEADER} {token}" or lines[-1] != "" \
                or not lines[1].startswith("base "):
            return None  # not ours, or cut short
        base = self._read_base(lines[1][5:], remember_base)
        if base is None:
            return None
        files = _read_lines(lines[2:-1], dict(base))
        if files is None:
            return None
        self._known[token] = (stamp, files)
        self._bases[token] = lines[1][5:]
        return token, files

    def _read_base(self, name: str, remember: bool = True) -> Manifest | None:
        """The entries of the base listing ``name``, None if it is missing or not whole."""
        if not _BASE_NAME.fullmatch(name):
            return None
        path = self.manifests / f"base-{name}.tsv"
        stamp = file_stamp(path)
        if stamp is None:
            return None
        if self._base is not None and self._base[:2] == (name, stamp):
            return self._base[2]
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError):
            return None
        if lines[0] != f"{BASE_HEADER} {name}" or lines[-1] != "":
            return None
        files = _read_lines(lines[1:-1], {}, gone=False)
        if files is None:
            return None
        if remember:
            self._base = (name, stamp, files)  # the next save lists its differences from this one
        return files

    def current(self) -> Manifest | None:
        """What the output folder holds (path -> [hash, key, inode]), or None if unknown."""
        if self._current is None:
            found = self._manifest(self.out) if self.out.is_dir() else None
            self._current = found or ("", None)
        return self._current[1]

    # -- writing

    def write(self, files: Iterable[OutputFile], keep: Iterable[str] = (), before_swap=None) -> tuple[int, int]:
        """Make ``out`` hold exactly ``files`` plus the ``keep`` paths of the current site
        (files the builder did not make again because their key did not change).

        ``files`` may be a generator: each file is written as it comes, so a build need not
        hold the whole site in memory; ``keep`` is read after it (the generator may add to
        it). ``before_swap()`` runs when everything is in place, just before the swap.
        Returns (files new or changed, files unchanged)."""
        _check_replaceable(self.out)
        current = (self.current() if self.out.is_dir() else {}) or {}
        self.manifests.mkdir(parents=True, exist_ok=True)
        # (the live site's base, not the spare's, is the one the new manifest is nearer to)
        spare_found = self._manifest(self.spare, remember_base=False) if self.spare.is_dir() else None
        if spare_found is None:
            if self.spare.exists() or self.spare.is_symlink():
                shutil.rmtree(self.spare)
            self.spare.mkdir(parents=True)
            (self.spare / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            spare_manifest: Manifest = {}
        else:
            spare_token, spare_manifest = spare_found
            # From here on the spare is half-made: forget what it held, so that a build
            # killed now leaves a spare the next build does not trust.
            (self.manifests / f"{spare_token}.tsv").unlink()

        made: Manifest = {}
        folders: set[str] = set()
        changed = 0
        pending: set[str] = set()  # kept paths not yet checked against the spare

        spare_root, live_root = str(self.spare), str(self.out)

        def place(path: str, entry: list, data: bytes | None) -> None:
            old = spare_manifest.get(path)
            live = current.get(path)
            if live is not None and live[0] == entry[0]:  # unchanged: share the live file
                entry[2] = live[2]
                if old is not None and old[2] == live[2]:
                    return
                target = os.path.join(spare_root, path)
                self._ensure_folder(os.path.dirname(target), folders)
                _unlink(target)
                os.link(os.path.join(live_root, path), target)
                return
            if data is None:
                raise WriteError(f"internal error: '{path}' kept but not in the current site")
            target = os.path.join(spare_root, path)
            if old is not None and old[0] == entry[0]:  # as it was two builds ago: only new again
                os.utime(target)
                entry[2] = old[2]
                return
            self._ensure_folder(os.path.dirname(target), folders)
            if old is not None:
                _unlink(target)  # it may be a link to the live site's file: never write through it
            entry[2] = _create(target, data)

        self.changed = []
        placing = None  # the path being placed: in ``made``, not yet in the spare
        # For the workers of this build (``Placer``): while files are taken, new ones may be
        # put straight into the spare.
        self.placer = Placer(spare_root, current, spare_manifest)
        placed_elsewhere = False  # (or ``placer.lent``): files may be in the spare that ``made`` lacks
        try:
            for file in files:
                if file.placed is None:  # (a placed file's path was checked where it was placed)
                    check_path(file.path)
                if file.path in made:
                    raise WriteError(f"two outputs want to write '{file.path}': rename one of their sources")
                if file.placed is not None:
                    placed_elsewhere = True
                    if file.path in current or file.path in spare_manifest:
                        raise WriteError(f"internal error: '{file.path}' placed by a worker over a known file")
                    made[file.path] = [file.placed[0], file.key, file.placed[1]]
                    changed += 1
                    self.changed.append(file.path)
                    continue
                entry = [digest(file.data), file.key, 0]
                made[file.path] = placing = entry
                live = current.get(file.path)
                if live is None or live[0] != entry[0]:
                    changed += 1
                    self.changed.append(file.path)
                place(file.path, entry, file.data)
                placing = None
            # Kept files, 100,000 at 1,000 briefs after a one-brief edit: checked in bulk.
            keep = list(keep)
            kept = set(keep)
            twice = made.keys() & kept if len(kept) == len(keep) else \
                {path for path, count in Counter(keep).items() if count > 1}
            if twice:
                raise WriteError(f"two outputs want to write '{min(twice)}': rename one of their sources")
            # An edit keeps most of the site: a copy of the current manifest less what is not
            # kept is cheaper than inserting 400,000 kept paths one by one (5,000 briefs).
            dropped = list(itertools.filterfalse(kept.__contains__, current)) if len(kept) > len(made) else None
            if dropped is None or len(current) - len(dropped) != len(kept):
                unknown = kept - current.keys()
                if unknown:
                    raise WriteError(f"internal error: '{min(unknown)}' kept but not in the current site")
            # Which of them the spare may not hold as the live site does: none if it is a copy
            # of the live site (``prepare``); if it is the generation this writer swapped out
            # last time, only what that write changed; else any of them.
            if spare_manifest is current:
                pending = set()
            elif self._swapped_out is not None and spare_manifest is self._swapped_out[0]:
                pending = kept & self._swapped_out[1]
            else:
                pending = kept
            if dropped is not None:
                whole = current.copy()
                for path in dropped:
                    del whole[path]
                whole.update(made)
                made = whole
            else:
                made.update(zip(keep, map(current.__getitem__, keep)))
            spare_get = spare_manifest.get
            for path in list(pending) if pending is not kept else keep:
                live = current[path]
                old = spare_get(path)
                if old is None or old[2] != live[2]:  # the spare has not this very file
                    made[path] = placing = list(live)
                    place(path, placing, None)
                    placing = None
                pending.discard(path)
        except BaseException:
            # Say what the spare holds now (the files placed so far, the others as they
            # were), so that the next build need not make it again from nothing; unless
            # workers were putting files there too: some this process never heard of may
            # be there, and the spare is made again from nothing next time.
            if not (placed_elsewhere or self.placer.lent):
                placed = {path: entry for path, entry in made.items() if entry is not placing and path not in pending}
                self._save_manifest(self._token(self.spare), {**spare_manifest, **placed})
            raise
        finally:
            self.placer = None
        self._remove_stale(spare_manifest, made)
        if before_swap is not None:
            before_swap()

        _unlink(self.spare / MARKER)
        (self.spare / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a new inode: a new name
        token = self._token(self.spare)
        self._save_manifest(token, made)
        swapped = self.out.is_dir()
        if swapped:
            exchange(self.out, self.spare)
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.spare, self.out)
        self._current = (token, made)
        self._swapped_out = (current, set(self.changed)) if swapped and current else None
        self._forget_manifests()
        return changed, len(made) - changed

    def prepare(self) -> int:
        """Make the spare generation a copy of the current site (hard links: no bytes are
        copied), unless it is already one the writer trusts; so that the next ``write``
        touches only what changed. Returns how many files were linked."""
        current = self.current() if self.out.is_dir() else None
        if not current or self._manifest(self.spare, remember_base=False) is not None:
            return 0
        if self.spare.exists() or self.spare.is_symlink():
            shutil.rmtree(self.spare)
        self.spare.mkdir(parents=True)
        self.manifests.mkdir(parents=True, exist_ok=True)
        spare_root, live_root, folders = str(self.spare), str(self.out), set()
        try:
            for path in current:
                target = os.path.join(spare_root, path)
                self._ensure_folder(os.path.dirname(target), folders)
                os.link(os.path.join(live_root, path), target)
        except BaseException:
            shutil.rmtree(self.spare, ignore_errors=True)
            raise
        (self.spare / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        self._save_manifest(self._token(self.spare), current)
        return len(current)

    def _save_manifest(self, token: str | None, files: Manifest) -> None:
        if token is None:
            return
        base = self._base
        changed: list = []
        if base is not None and file_stamp(self.manifests / f"base-{base[0]}.tsv") == base[1]:
            entries = base[2]
            # Most entries are the base's very lists: found by identity in C loops, and only
            # the others compared by value.
            other = map(operator.is_not, map(entries.get, files.keys()), files.values())
            changed = [(path, entry) for path, entry in itertools.compress(files.items(), other)
                       if entries.get(path) != entry]
            if len(changed) > len(files) // 4:
                base = None  # many differences: a new base is cheaper to read and to write next time
        else:
            base = None
        if base is None:
            name = os.urandom(8).hex()
            path = self.manifests / f"base-{name}.tsv"
            temporary = self.manifests / f".base-{name}.tmp"
            with open(temporary, "wb") as handle:  # line by line: 400,000 lines joined first cost 40 MB at once
                handle.write(f"{BASE_HEADER} {name}\n".encode("utf-8"))
                handle.writelines(_manifest_line(path_, entry) for path_, entry in files.items())
            os.replace(temporary, path)
            base = self._base = (name, file_stamp(path), files)  # (a manifest is never changed once saved)
            changed, gone = [], []
        else:
            new_paths = sum(1 for path, _ in changed if path not in base[2])
            # Paths of the base no longer here: none if every path of the base is still listed.
            gone = sorted(base[2].keys() - files.keys()) if len(files) - new_paths != len(base[2]) else []
        temporary = self.manifests / f".{token}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(f"{MANIFEST_HEADER} {token}\nbase {base[0]}\n".encode("utf-8"))
            handle.writelines(_manifest_line(path, entry) for path, entry in changed)
            handle.writelines(f"{path}\t{GONE}\n".encode("utf-8") for path in gone)
        os.replace(temporary, self.manifests / f"{token}.tsv")
        self._known[token] = (file_stamp(self.manifests / f"{token}.tsv"), files)
        self._bases[token] = base[0]

    def _ensure_folder(self, folder: str, made: set[str]) -> None:
        if folder in made:
            return
        try:
            os.makedirs(folder, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file of the last build is a folder now
            path = Path(folder)
            for parent in reversed([path, *path.parents]):
                if self.spare in parent.parents and parent.is_file():
                    parent.unlink()
            os.makedirs(folder, exist_ok=True)
        made.add(folder)

    def _remove_stale(self, spare_manifest: Manifest, made: Manifest) -> None:
        root = str(self.spare)
        folders = set()
        for path in list(itertools.filterfalse(made.__contains__, spare_manifest)):  # (a C loop: 400,000 paths, most in both)
            try:
                os.unlink(os.path.join(root, path))
            except (FileNotFoundError, IsADirectoryError):
                pass  # gone already, or a folder of this build now
            parts = path.split("/")
            folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):  # deepest first
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:
                pass  # not empty: something else lives there

    def _forget_manifests(self) -> None:
        keep = {self._token(self.out), self._token(self.spare)}
        self._known = {token: files for token, files in self._known.items() if token in keep}
        bases = {self._bases.get(token) or self._base_of(token) for token in keep if token is not None}
        if self._base is not None:
            bases.add(self._base[0])
        self._bases = {token: name for token, name in self._bases.items() if token in keep}
        for path in self.manifests.iterdir():  # <token>.tsv, <token>.inputs.json (stamp.py), base-<name>.tsv
            name = path.name.split(".", 1)[0]
            if name.startswith("base-"):
                if name[5:] not in bases:
                    path.unlink(missing_ok=True)
            elif name not in keep:
                path.unlink(missing_ok=True)


    def _base_of(self, token: str) -> str | None:
        """The name of the base a manifest this writer has not read lists its differences from."""
        try:
            with open(self.manifests / f"{token}.tsv", encoding="utf-8") as handle:
                head = [handle.readline(), handle.readline()]
        except (OSError, ValueError):
            return None
        return head[1][5:].rstrip("\n") if head[1].startswith("base ") else None


def _read_lines(lines: list[str], files: Manifest, gone: bool = True) -> Manifest | None:
    """``files`` with the entries of manifest lines put in (and, where ``gone``, the
    paths of "gone" lines taken out); None if a line is not one of ours."""
    for line in lines:
        fields = line.split("\t")
        if gone and len(fields) == 2 and fields[1] == GONE:
            if files.pop(fields[0], None) is None:
                return None
            continue
        if len(fields) != 4 or not fields[3].isdigit():
            return None
        files[fields[0]] = [fields[1], fields[2] or None, int(fields[3])]
    return files


def _manifest_line(path: str, entry: list) -> bytes:
    digest, key, inode = entry
    return f"{path}\t{digest}\t{key or ''}\t{inode}\n".encode("utf-8")


def file_stamp(path: Path | str) -> tuple[int, int, int, int] | None:
    """(inode, mtime, size, ctime) of a file, None if it cannot be read: a file whose
    stamp is unchanged is taken as unchanged (what ``make`` trusts, and ctime besides)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size, info.st_ctime_ns


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)`` in one system call when the parent is there,
    as it is for all but the first of a brief's 50 section folders (makedirs looks first)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _create(path: str, data: bytes) -> int:
    """Write a new file (none may be there: it could be a link to a live file); its inode.
    Straight system calls: Python's buffered file object costs a fifth more time per
    file, and a build writes 100,000 of them."""
    try:
        handle = os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:  # not in the spare's manifest, yet there: put there by hand
        _unlink(path)
        handle = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        return os.fstat(handle).st_ino
    finally:
        os.close(handle)


def _unlink(path: Path | str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)


def write(files: list[OutputFile], out: Path) -> tuple[int, int]:
    """Make ``out`` hold exactly ``files`` (plus the marker), or leave it as it was.

    Returns how many files are new or changed, and how many are as they were."""
    check_paths(files)
    return SiteWriter(out).write(files)
