"""Diagnostic codes and the small helpers every stage uses to report content problems.

A content problem is never an exception: a stage collects ``Diagnostic`` values and
carries on, so an editor sees every problem of a build at once.
Codes: BK1xx loading files and metadata, BK2xx the parser, BK3xx cross-checks,
BK4xx the section-id ledger (content/ids.tsv).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from briefkit.model import Diagnostic

# One line each; `check` and the docs list them, and a test checks every code used is here.
CODES: dict[str, str] = {
    # reading files
    "BK100": "binary file in briefs/ (an image or a word-processor document): it cannot be published",
    "BK101": "file or folder cannot be read",
    "BK102": "file is not valid UTF-8",
    "BK103": "file looks binary (NUL bytes)",
    "BK104": "byte-order mark at start of file; offsets count it",
    "BK105": "brief is empty",
    "BK106": "file name is not a valid slug",
    "BK107": "two briefs have the same slug",
    "BK108": "file in briefs/ ignored: not .txt or .md",
    "BK109": "sidecar .yaml has no brief beside it",
    # YAML and metadata
    "BK110": "malformed YAML",
    "BK111": "value has the wrong type",
    "BK112": "unknown key",
    "BK113": "required key missing",
    "BK114": "invalid date (want YYYY-MM-DD)",
    "BK115": "invalid URL",
    "BK116": "invalid language tag",
    "BK117": "brief has no title",
    "BK118": "Markdown front matter is not closed",
    "BK119": "front matter and sidecar disagree; front matter wins",
    "BK120": "same key twice in one mapping",
    # overrides
    "BK121": "unknown override action",
    "BK122": "unknown role",
    "BK123": "override text is empty",
    "BK124": "override names a policy that is not in the registry",
    # policy registry and site
    "BK130": "invalid policy id",
    "BK131": "invalid policy kind",
    "BK132": "duplicate policy id",
    "BK133": "same alias on two policies",
    # parser (placeholders; the parser owns their wording)
    "BK201": "override matches nothing",
    "BK202": "override is ambiguous",
    "BK301": "policy not in registry",
    "BK302": "a brief with more sections than search can number",
    "BK401": "malformed line in the id ledger",
    "BK402": "a published section id matches no section now (the build records removed or moved:)",
    "BK403": "a moved: line in the id ledger names no section",
}

WARNINGS = frozenset({"BK104", "BK108", "BK109", "BK117", "BK119", "BK133", "BK301", "BK402", "BK403"})


def diagnostic(code: str, path: str, line: int, column: int, message: str) -> Diagnostic:
    """A Diagnostic whose severity comes from the code, so one code never means both."""
    if code not in CODES:
        raise KeyError(f"unregistered diagnostic code {code}")  # a bug, not content
    severity = "warning" if code in WARNINGS else "error"
    return Diagnostic(path, line, column, code, message, severity)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or "" when none is close."""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:  # "Claim" should still find "claim"
        lowered = {choice.lower(): choice for choice in choices}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        matches = [lowered[c] for c in close]
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a str offset (columns count characters)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
