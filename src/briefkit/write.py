"""write: ``[OutputFile]`` -> the output folder, atomically.

The only stage that touches the output folder. Everything is written into a fresh
sibling folder on the same filesystem, which is then swapped in with two renames, so
readers and a failed build never see a half-written site: until the swap the old
site is untouched, and an error anywhere before it leaves the old site as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Written into every built site: replacing a folder without it could destroy work
# (``--out content`` by mistake), so such a folder is refused unless it is empty.
MARKER = ".briefkit-site"


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: ``path`` is relative to the output folder, '/'-separated."""

    path: str
    data: bytes


class WriteError(Exception):
    """The output folder cannot be replaced; the message says why and what to do."""


def check_paths(files: list[OutputFile]) -> None:
    """Refuse two files with one path and any path that would leave the output folder."""
    seen: set[str] = set()
    for file in files:
        parts = PurePosixPath(file.path).parts
        if not parts or file.path.startswith("/") or ".." in parts or "\\" in file.path:
            raise WriteError(f"refusing to write '{file.path}': not a path inside the site")
        if file.path in seen:
            raise WriteError(f"two outputs want to write '{file.path}': rename one of their sources")
        seen.add(file.path)


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise WriteError(f"{out} exists and is not a folder: choose another --out")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise WriteError(f"refusing to replace {out}: it is not empty and was not made by briefkit "
                         f"(no {MARKER} file in it); choose another --out or empty it")


def write(files: list[OutputFile], out: Path) -> tuple[int, int]:
    """Make ``out`` hold exactly ``files`` (plus the marker), or leave it as it was.

    Returns how many files are new or changed, and how many are as they were."""
    check_paths(files)
    out = Path(out).absolute()
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        new.chmod(0o777 & ~umask)  # mkdtemp makes it private; a site is meant to be read
        changed = 0
        for file in sorted(files, key=lambda f: f.path):
            changed += _differs(out, file)
            target = new.joinpath(*PurePosixPath(file.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        (new / MARKER).write_text("built by briefkit; this folder is replaced on every build\n",
                                  encoding="utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)  # put the previous site back
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return changed, len(files) - changed


def _differs(out: Path, file: OutputFile) -> bool:
    try:
        return out.joinpath(*PurePosixPath(file.path).parts).read_bytes() != file.data
    except OSError:
        return True
