"""The editing loop end to end: from saving a brief to the open page showing the edit.

    python bench/bench_serve.py                          # 1,000 generated briefs, 5 edits
    python bench/bench_serve.py --briefs 1000,5000 --runs 5 --dir /dev/shm

For each size: a generated corpus (``bench_build.make_content``), served by ``python
build.py serve`` in a process of its own, as an editor runs it, and a page of it open in
Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright, as the browser tests do).
After the first build and one edit that is not timed (it waits for ``serve``'s
``prepare``), each run opens a brief's page, saves that brief with a sentence more
(``bench_build.edit_brief``) and times until the page has reloaded with the sentence in
it: the watcher noticing the save, the rebuild, the reload script noticing the new build
(it polls every 0.1 s), and the page loading again. Beside it, the rebuild's own seconds
as ``serve`` prints them ("... in 0.14s"): the bench_build figure, in the server.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_build import SHAPES, edit_brief, make_content  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
SECONDS = re.compile(r"^built .* in (\d+(?:\.\d+)?)s$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``python build.py serve`` on ``folder``'s content; its output lines in a queue."""

    def __init__(self, folder: Path):
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", self.url.rsplit(":", 1)[1].strip("/"),
             "--content", str(folder / "content"), "--out", str(folder / "site")],
            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_build(self, timeout: float) -> float:
        """The seconds of the next build ``serve`` reports."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            found = SECONDS.match(line)
            if found:
                return float(found.group(1))

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def save_to_seen(page, content: Path, number: int) -> float:
    """Seconds from saving brief ``number`` with a sentence more to its open page having
    loaded again with it. (Each load is waited for, not polled for, so that the bench
    takes no CPU from the build; a reload for an earlier build, which a save seen as two
    changes makes, may come first.)"""
    page.goto(f"briefs/brief-{number:04d}/", wait_until="load")
    sentence = f"Nobody has answered this point, number {number}."
    started = time.perf_counter()
    edit_brief(content, number)
    while True:
        page.wait_for_event("load", timeout=120_000)
        seen = time.perf_counter() - started
        if sentence in page.inner_text("main"):
            return seen


def bench(briefs: int, runs: int, work: Path, browser=None) -> dict:
    """One size's figures. ``browser``: a Playwright browser to use (a test's), else
    Chromium is started here."""
    folder = work / f"serve-{briefs}"
    content = make_content(folder, briefs, SHAPES["op-ed"])
    server = Server(folder)
    try:
        server.next_build(timeout=1800)  # the first build
        if browser is not None:
            return _timed(browser, server, content, briefs, runs)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            try:
                return _timed(launched, server, content, briefs, runs)
            finally:
                launched.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _timed(browser, server: Server, content: Path, briefs: int, runs: int) -> dict:
    context = browser.new_context(base_url=server.url, service_workers="block")
    try:
        page = context.new_page()
        save_to_seen(page, content, 1)  # not timed: waits for serve's prepare
        server.next_build(timeout=600)
        seen, rebuilt = [], []
        for run in range(runs):
            server.drain()  # (a save seen as two changes builds twice: the second's line is not this run's)
            seen.append(save_to_seen(page, content, 2 + (run * 53 + 11) % (briefs - 1)))
            rebuilt.append(server.next_build(timeout=600))
    finally:
        context.close()
    return {"briefs": briefs, "rebuild": statistics.median(rebuilt), "seen": statistics.median(seen),
            "worst": max(seen)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", default="1000", help="comma-separated corpus sizes (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="edits timed per size; the median is shown (default 5)")
    parser.add_argument("--dir", default=None, help="where to make the corpora and sites (default: the system's "
                                                    "temporary folder)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Chromium at {CHROMIUM}: run `bash scripts/setup`")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-", dir=args.dir) as work:
        for size in (int(size) for size in args.briefs.split(",")):
            print(f"# {size} briefs ...", file=sys.stderr, flush=True)
            rows.append(bench(size, args.runs, Path(work)))
    print(f"medians of {args.runs} edits; {os.cpu_count()} cores; "
          f"in {Path(args.dir or tempfile.gettempdir()).resolve()}\n")
    print("| briefs | rebuild (as serve prints it) | save → page shows the edit | slowest of the runs |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['briefs']:,} | {row['rebuild']:.2f} s | {row['seen']:.2f} s | {row['worst']:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
