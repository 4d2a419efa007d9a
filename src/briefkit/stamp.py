"""stamp: has anything a build reads changed since the site was built?

A build's inputs are the files under the content folder and the theme folders, the
options it was run with and briefkit's own code. Their stamp lists every such file with
its size, mtime and inode (what ``make`` and ``ninja`` trust); it is saved beside the
manifest of the generation it made (``write.SiteWriter``), with the warnings that build
printed. When the stamp of now equals the current site's, the build has nothing to do:
``cli`` says so, repeats the warnings, and stops before importing the heavy stages.

Kept light on purpose (no Jinja2, no parser): it runs before anything else.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .write import SiteWriter

CODE = Path(__file__).resolve().parent  # briefkit's own modules and default theme


def tree_stamp(root: Path, into: list[str]) -> None:
    """A line per file under ``root`` (path, size, mtime, inode) onto ``into``."""
    if not root.exists():
        into.append(f"{root}\0missing")
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            into.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}")


def inputs(content: Path, themes: list[Path], options: dict) -> tuple[str, list[str]]:
    """One hash for every file a build of ``content`` reads, and the options; and the
    lines it hashes (one per file). ``themes``: ``themes.theme_dirs(content)``, the default
    theme included (in a checkout it lies outside the package)."""
    lines = [json.dumps(options, sort_keys=True)]
    for root in dict.fromkeys([Path(content).absolute(), *(Path(t).absolute() for t in themes), CODE]):
        tree_stamp(root, lines)
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), lines


def only_ledger_differs(before: list[str], after: list[str], ledger: Path) -> bool:
    """True when the only input the build itself changed is the id ledger (it appends)."""
    mark = f"{Path(ledger).absolute()}\0"
    return [line for line in before if not line.startswith(mark)] == \
        [line for line in after if not line.startswith(mark)]


def unchanged(out: Path, stamp: str) -> dict | None:
    """What the build that made ``out`` reported (its warnings and counts), if it was made
    from these very inputs; None if anything changed (or the site is not one briefkit knows)."""
    writer = SiteWriter(out)
    token = writer._token(writer.out)
    if token is None:
        return None
    try:
        saved = json.loads((writer.manifests / f"{token}.inputs.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("stamp") != stamp or not (writer.manifests / f"{token}.tsv").is_file():
        return None
    return saved


def record(out: Path, stamp: str, report: dict) -> None:
    """Save the stamp of the build that just made ``out``, with what it reported."""
    writer = SiteWriter(out)
    token = writer._token(writer.out)
    if token is None:
        return
    path = writer.manifests / f"{token}.inputs.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({**report, "stamp": stamp}), encoding="utf-8")
    os.replace(temporary, path)
