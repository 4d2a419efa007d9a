"""SIGKILL during a build, black-box: the output folder is always a whole site.

A generated corpus of 200 briefs makes a build last a few seconds. After a first build,
one brief is edited and the rebuild (``python build.py --content ... --out ...``, as a
user runs it, parse cache included) is killed with SIGKILL (it and any worker it
started) five times, at points spread over the time a build takes (first the first
build's time, then the shortest rebuild that finished before its kill). Each round
edits the brief again, so each rebuild has work to do. After each kill the output folder must be
exactly the previous site, file paths and bytes (or, if the kill came after the new
site was swapped in, exactly the new one: never a mix, never missing). Then the next
build must succeed and give the same site as a clean build.

Set BRIEFKIT_SKIP_KILL=1 to skip it (it takes 1.5 to 3 minutes on the shared 2-core machine).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_check import CONTENT, ROOT

pytestmark = pytest.mark.skipif(os.environ.get("BRIEFKIT_SKIP_KILL") == "1", reason="BRIEFKIT_SKIP_KILL=1")

BRIEFS = 200
# When to kill, as fractions of the build time: the first build's at first, then the
# shortest rebuild seen (a rebuild that finishes first is tried again, sooner).
KILL_POINTS = (0.1, 0.3, 0.5, 0.7, 0.9)


def tree(folder: Path) -> dict[str, str] | None:
    """Every file's path and the hash of its bytes (None when the folder is missing)."""
    if not folder.is_dir():
        return None
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def tree_hash(folder: Path) -> str | None:
    """One hash of every file's path and bytes (None when the folder is missing)."""
    files = tree(folder)
    return None if files is None else hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()


def differences(built: dict[str, str], clean: dict[str, str]) -> str:
    changed = sorted(name for name in built.keys() & clean.keys() if built[name] != clean[name])
    return (f"only in the build: {sorted(built.keys() - clean.keys())[:10]}; "
            f"only in the clean build: {sorted(clean.keys() - built.keys())[:10]}; "
            f"different ({len(changed)}): {changed[:10]}")


def command(out: str = "site", *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", out, *extra]


def build(root: Path, *extra: str, out: str = "site") -> float:
    started = time.perf_counter()
    done = subprocess.run(command(out, *extra), cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    return time.perf_counter() - started


def edit(root: Path, version: int) -> None:
    """A change every page of one brief shows: a new paragraph at its end."""
    brief = root / "content" / "briefs" / "brief-0001.txt"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(f"{text}\n\nHe argues that edit {version} changes nothing. That is false: it shows.\n",
                     encoding="utf-8")


def kill_after(root: Path, delay: float) -> tuple[int, float]:
    """Start a rebuild, SIGKILL it (and any worker it started) after ``delay`` seconds.
    Returns its exit status (-9 when killed) and how long it ran."""
    started = time.perf_counter()
    process = subprocess.Popen(command(), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    status = process.wait(timeout=60)
    return status, time.perf_counter() - started


def clean_build(root: Path) -> dict[str, str] | None:
    """The files of a clean build (no cache, fresh output) of ``root``'s content."""
    clean = root.parent / (root.name + "-clean")
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    shutil.copytree(root / "content", clean / "content")
    build(clean, "--no-cache")
    found = tree(clean / "site")
    shutil.rmtree(clean)
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    (root / "content").mkdir()
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(CONTENT / name, root / "content" / name)
    done = subprocess.run([sys.executable, "-m", "bench.corpus", "--briefs", str(BRIEFS),
                           "--out", str(root / "content" / "briefs")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root


def test_sigkill_at_any_point_leaves_a_whole_site(corpus):
    root = corpus
    first = build(root)
    rebuild = first  # until a rebuild finishes on its own and shows how long it takes
    outcomes, points = [], list(KILL_POINTS)
    for version in range(1, 3 * len(KILL_POINTS) + 1):
        if not points:
            break
        edit(root, version)  # a new edit each time, so every rebuild has work to do
        before = tree_hash(root / "site")
        status, ran = kill_after(root, rebuild * points[0])
        after = tree_hash(root / "site")
        assert after is not None, f"killed after {ran:.1f}s: the output folder is gone"
        if status == 0:  # finished before the kill: a whole new site (compared at the end); retry sooner
            rebuild = min(rebuild, ran)
            outcomes.append((f"{ran:.1f}s", "finished"))
            continue
        assert status == -signal.SIGKILL, status
        if after != before:  # killed after the swap: then it must be exactly the new site
            built, clean = tree(root / "site"), clean_build(root)
            assert built == clean, (f"killed after {ran:.1f}s: the site is neither the previous one nor the "
                                    f"new one: {differences(built, clean)}")
        outcomes.append((f"{ran:.1f}s", "killed: previous site" if after == before else "killed: new site"))
        points.pop(0)
    assert not points, f"only {len(KILL_POINTS) - len(points)} builds were killed: {outcomes}"

    # The next build succeeds, whatever the kills left behind, and equals a clean build.
    build(root)
    built, clean = tree(root / "site"), clean_build(root)
    assert built == clean, f"after the kills, a build differs from a clean build: {differences(built, clean)}"
    print(f"first build {first:.1f}s, rebuild {rebuild:.1f}s; kills: {outcomes}")
