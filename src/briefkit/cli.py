"""Command line: ``briefkit [build|serve|extract|check]`` (also ``python build.py ...``).

With no command, ``briefkit`` builds the site (the same as ``briefkit build``).

Exit codes: 0 success, 1 content errors (diagnostics printed), 2 usage errors.
"""
from __future__ import annotations

import argparse
import re
import sys
import traceback
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
    brief = _stable(brief, path)
    failed = _print_diagnostics(diagnostics, args.strict)
    sys.stdout.write(to_json(brief) if args.format == "json" else to_text(brief))
    return 1 if failed else 0


def _stable(brief, path: Path):
    """The brief with the ids the site gives it, when its content folder keeps a ledger
    (``content/ids.tsv`` beside ``briefs/``); read only, never written here."""
    from .ids import stable_ids
    from .ledger import ledger_path, load_ledger

    content_dir = path.absolute().parent.parent
    if path.absolute().parent.name != "briefs" or not ledger_path(content_dir).is_file():
        return brief
    ledger, _ = load_ledger(content_dir)
    return stable_ids([brief], ledger)[0][0]


def cmd_check(args) -> int:
    from .ids import stable_ids
    from .ledger import load_ledger

    content = load_content(Path(args.content))
    diagnostics: list[Diagnostic] = list(content.diagnostics)
    briefs = [parse(source, content.registry) for source in content.sources]
    ledger, ledger_problems = load_ledger(Path(args.content))
    briefs, ids = stable_ids(briefs, ledger)  # published ids that now resolve to nothing: BK402
    diagnostics += ledger_problems + list(ids.diagnostics)
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


def _build(args, problems: list | None = None) -> int:
    """Build once and print the outcome. ``problems`` (for ``serve``) receives each error
    as ``(file, line, message)`` so the browser can show it too."""
    import time

    from .build import build
    from .cache import cache_dir_for
    from .render import ThemeError
    from .write import WriteError

    problems = [] if problems is None else problems
    out = Path(args.out)
    if args.base_url is not None and not re.match(r"(https?://[^/\s]+)?/\S*\Z", args.base_url):
        print(f"--base-url {args.base_url!r}: give a full URL (https://example.org/briefs/) "
              "or a path that starts with '/'", file=sys.stderr)
        return 2
    started = time.perf_counter()
    cache = None if getattr(args, "no_cache", False) else cache_dir_for(out)
    try:
        result = build(Path(args.content), out, args.base_url, args.strict, cache)
    except (ThemeError, WriteError) as error:
        print(f"{error}", file=sys.stderr)
        print(f"build failed: {out} is unchanged", file=sys.stderr)
        found = re.match(r"(.+?):(\d+): ?(.*)\Z", str(error), re.S)
        problems.append((found[1], int(found[2]), found[3]) if found else ("", 0, str(error)))
        return 1
    except Exception as error:  # a bug: show it, and say the old site is safe
        traceback.print_exc()
        print(f"build failed: {out} is unchanged", file=sys.stderr)
        problems.append(("", 0, f"{type(error).__name__}: {error}"))
        return 1
    failed = _print_diagnostics(result.diagnostics, args.strict)
    if not result.built:
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        why = f"{errors} error(s) in the content" if errors else "warnings with --strict"
        print(f"build failed ({why}): {out} is unchanged", file=sys.stderr)
        problems += [(d.path, d.line, f"{d.code} {d.message}") for d in result.diagnostics
                     if failed and (d.severity == "error" or args.strict)]
        return 1
    print(f"built {result.briefs} brief(s), {result.sections} section(s), {result.policies} policy page(s): "
          f"{result.pages} page(s), {result.files} file(s) into {out}, {result.written} written, "
          f"{result.unchanged} unchanged, in {time.perf_counter() - started:.2f}s", flush=True)
    return 0


def cmd_build(args) -> int:
    return _build(args)


def cmd_serve(args) -> int:
    from .render import theme_dirs
    from .serve import serve

    status = _build(args)
    if status != 0:
        return status
    content = Path(args.content)
    watched = [content] + theme_dirs(content)
    try:
        return serve(Path(args.out), args.host, args.port, watched=watched,
                     rebuild=lambda problems: _build(args, problems))
    except OSError as error:
        print(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1


def _add_build_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # On the subcommands the defaults are suppressed, so `briefkit --out x build`
    # and `briefkit build --out x` both work.
    def default(value):
        return value if top else argparse.SUPPRESS
    parser.add_argument("--content", default=default("content"), metavar="DIR",
                        help="content folder with site.yaml, policies.yaml and briefs/ (default: content); "
                             "templates/ beside it overrides the default theme file by file")
    parser.add_argument("--out", default=default("site"), metavar="DIR",
                        help="output folder, replaced atomically on success (default: site)")
    parser.add_argument("--base-url", default=default(None), metavar="URL",
                        help="public URL of the site, e.g. https://example.org/briefs/ "
                             "(overrides base_url in site.yaml)")
    parser.add_argument("--strict", action="store_true", default=default(False),
                        help="fail on warnings too")
    parser.add_argument("--no-cache", action="store_true", default=default(False),
                        help="parse every brief again instead of reusing .briefkit-cache/ beside the output folder")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefkit", description="Turn op-eds and legal briefs into a searchable, embeddable static site. "
        "Without a command, build the site (options below).",
        epilog="serve also takes --host HOST (default 127.0.0.1) and --port PORT (default 8000). "
               "Run 'briefkit COMMAND --help' for the options of each command. "
               "Exit codes: 0 success, 1 content, template or build errors, 2 usage errors.")
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    _add_build_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site from the content folder (the default command)")
    _add_build_options(build, top=False)
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="build, serve the output folder for a preview, and rebuild and reload open pages on every save")
    _add_build_options(serve, top=False)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    serve.set_defaults(run=cmd_serve)

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
    return getattr(args, "run", cmd_build)(args)
