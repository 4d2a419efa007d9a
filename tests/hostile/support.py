"""The hostile corpus (``tests/hostile/content``) and how to build it.

Every payload in the corpus calls ``window.__pwned('<where it came from>')`` if it ever
runs, so a browser test that defines that function sees exactly which one got through.
The build runs on a copy: a build appends to ``content/ids.tsv``, and the corpus stays
as written.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "content"
TRAP = "__pwned"


def build_hostile(tmp: Path) -> Path:
    """Build the corpus with the documented command into ``tmp/site``; fail loudly."""
    content = tmp / "content"
    shutil.copytree(CORPUS, content)
    out = tmp / "site"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content),
                           "--out", str(out), "--no-cache"], cwd=tmp, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"the hostile corpus must build:\n{done.stdout}\n{done.stderr}"
    return out


def corpus_payloads() -> int:
    """How many payloads the corpus holds (each calls the trap or is a javascript:/data: link)."""
    count = 0
    for path in CORPUS.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            count += text.count(TRAP) + text.count("vbscript:") + text.count("data:text/html")
    return count
