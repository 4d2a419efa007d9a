"""Command line: ``briefkit extract|check`` (also ``python build.py ...``).

Exit codes: 0 success, 1 content errors (diagnostics printed), 2 usage errors.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .contract import to_json, to_text
from .diagnostics import has_errors
from .load import load_brief, load_content, load_registry
from .model import Diagnostic, Registry
from .parse import parse


def _print_diagnostics(diagnostics, strict: bool = False) -> bool:
    """Print every diagnostic to stderr; True when the run must fail."""
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.code)):
        label = "" if d.severity == "error" else "warning: "
        print(f"{d.path}:{d.line}:{d.column}: {d.code} {label}{d.message}", file=sys.stderr)
    return has_errors(diagnostics) or (strict and bool(diagnostics))


def cmd_extract(args) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(f"{path}: no such file; give the path of a .txt or .md brief", file=sys.stderr)
        return 1
    registry, diagnostics = Registry(), []
    registry_path = Path(args.content) / "policies.yaml"
    if registry_path.is_file():
        registry, diagnostics = load_registry(registry_path)
    source, found = load_brief(path, path.parent)
    diagnostics = list(diagnostics) + list(found)
    if source is None:
        _print_diagnostics(diagnostics)
        return 1
    brief = parse(source, registry)
    diagnostics += brief.diagnostics
    failed = _print_diagnostics(diagnostics, args.strict)
    sys.stdout.write(to_json(brief) if args.format == "json" else to_text(brief))
    return 1 if failed else 0


def cmd_check(args) -> int:
    content = load_content(Path(args.content))
    diagnostics: list[Diagnostic] = list(content.diagnostics)
    briefs = [parse(source, content.registry) for source in content.sources]
    for brief in briefs:
        diagnostics += brief.diagnostics
        for policy in brief.policies:
            if not policy.in_registry:
                first = policy.mentions[0]
                line = brief.source.text.count("\n", 0, first.start) + 1
                column = first.start - (brief.source.text.rfind("\n", 0, first.start) + 1) + 1
                diagnostics.append(Diagnostic(
                    brief.source.path, line, column, "BK301",
                    f"cites '{policy.name}' ({policy.kind}), which is not in policies.yaml: "
                    f"add it with id '{policy.id}' to give it a summary and a link", "warning"))
    failed = _print_diagnostics(diagnostics, args.strict)
    sections = sum(len(b.sections) for b in briefs)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    print(f"checked {len(briefs)} brief(s), {sections} section(s): {errors} error(s), {warnings} warning(s)")
    return 1 if failed else 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefkit", description="Turn op-eds and legal briefs into a searchable, embeddable static site.")
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = commands.add_parser("extract", help="print one brief's analysis (brief@1 JSON or annotated text)")
    extract.add_argument("path", help="a .txt or .md brief")
    extract.add_argument("--format", choices=("json", "text"), default="json",
                         help="json: the brief@1 contract (default); text: a readable view for editors")
    extract.add_argument("--content", default="content",
                         help="content folder whose policies.yaml is used (default: content)")
    extract.add_argument("--strict", action="store_true", help="fail on warnings too")
    extract.set_defaults(run=cmd_extract)

    check = commands.add_parser("check", help="validate all content and print every diagnostic")
    check.add_argument("--content", default="content", help="content folder (default: content)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)
