"""The whole build on one screen: load -> parse -> assemble -> render -> write.

Everything is gathered and rendered in memory before anything is written; content
with errors, a template error or an exception stops the build before ``write``, so
the previous site stays exactly as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .assemble import assemble
from .diagnostics import has_errors
from .index import index_files
from .embed import add_embeds
from .ids import stable_ids
from .ledger import load_ledger, save_ledger
from .load import load_content
from .model import Brief, Diagnostic
from .cache import parse_cached
from .redirects import keep_links
from .render import render, theme_dirs
from .write import write


@dataclass(frozen=True)
class BuildResult:
    diagnostics: tuple[Diagnostic, ...]
    pages: int = 0
    files: int = 0
    built: bool = False
    briefs: int = 0
    sections: int = 0
    policies: int = 0
    written: int = 0  # files new or changed since the last build
    unchanged: int = 0


def cross_check(brief: Brief) -> list[Diagnostic]:
    """Warnings about one parsed brief that the site shows (as ``check`` reports them)."""
    found = []
    text = brief.source.text
    for policy in brief.policies:
        if not policy.in_registry and policy.mentions:
            start = policy.mentions[0].start
            line, column = text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
            found.append(Diagnostic(brief.source.path, line, column, "BK301",
                                    f"cites '{policy.name}' ({policy.kind}), which is not in policies.yaml: "
                                    f"add it with id '{policy.id}' to give it a summary and a link", "warning"))
    return found


def build(content_dir: Path, out_dir: Path, base_url: str | None = None, strict: bool = False,
          cache_dir: Path | None = None) -> BuildResult:
    """``cache_dir``: where parsed briefs are kept between builds (None: parse every brief)."""
    content = load_content(content_dir)
    diagnostics = list(content.diagnostics)
    briefs = parse_cached(content.sources, content.registry, cache_dir)
    for brief in briefs:
        diagnostics += list(brief.diagnostics) + cross_check(brief)
    ledger, ledger_problems = load_ledger(content_dir)
    briefs, ids = stable_ids(briefs, ledger)  # ids that never change, and where old ones go
    diagnostics += ledger_problems + list(ids.diagnostics)
    if content.site is None or has_errors(diagnostics) or (strict and diagnostics):
        return BuildResult(tuple(diagnostics))
    config = replace(content.site, base_url=base_url) if base_url else content.site
    site = keep_links(add_embeds(assemble(config, briefs, content.registry)), ids.old_urls)
    files = render(site, theme_dirs(content_dir))  # raises ThemeError with file:line
    files += index_files(site, content.registry)  # the search index, split by term
    save_ledger(content_dir, ledger, list(ids.added))  # appends only; ids are recorded before anyone sees them
    written, unchanged = write(files, out_dir)
    return BuildResult(tuple(diagnostics), len(site.pages), len(files), True, len(briefs),
                       sum(len(b.sections) for b in briefs), len(site.policies), written, unchanged)
