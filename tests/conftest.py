"""Shared fixtures: paths and small factories for sources."""
from pathlib import Path

import pytest

from briefkit.model import BriefMeta, Override, Source

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EVAL_DEV = ROOT.parent / "shared" / "eval" / "dev"


def make_source(text: str, overrides=(), slug: str = "test", path: str = "briefs/test.txt") -> Source:
    return Source(path=path, text=text, meta=BriefMeta(slug=slug), overrides=tuple(overrides))


def override(action: str, match: str, line: int = 3, **fields) -> Override:
    return Override(action=action, match=match, path="briefs/test.yaml", line=line, column=5, **fields)


@pytest.fixture
def root() -> Path:
    return ROOT
