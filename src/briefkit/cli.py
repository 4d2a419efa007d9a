"""Command line: ``briefkit [build|serve|extract|check]`` (also ``python build.py ...``).

With no command, ``briefkit`` builds the site (the same as ``briefkit build``).

Exit codes: 0 success, 1 content errors (diagnostics printed), 2 usage errors.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import traceback
from collections import Counter
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__
from .diagnostics import has_errors
from .sanitize import safe_url
from .model import Diagnostic, Registry
# The parser, the loader and the contract are imported by the commands that use them, so
# that a build with nothing to do answers before they load.


WARNINGS_SHOWN = 50  # a build prints at most this many warnings (every error); `check` prints all
# A diagnostic as the stamp's report keeps it: its fields in order (``Diagnostic(*row)`` reads it back).
_diagnostic_row = attrgetter(*(field.name for field in fields(Diagnostic)))


def _print_diagnostics(diagnostics, strict: bool = False, check_hint: str | None = None) -> bool:
    """Print the diagnostics to stderr; True when the run must fail. With ``check_hint``
    (the `check` command for this content), warnings past WARNINGS_SHOWN are counted by
    code instead of printed, and the hint says how to list them all."""
    shown, hidden = 0, Counter()
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.code)):
        label = "" if d.severity == "error" else "warning: "
        if check_hint is not None and d.severity != "error" and not strict:
            if shown >= WARNINGS_SHOWN:
                hidden[d.code] += 1
                continue
            shown += 1
        print(f"{d.path}:{d.line}:{d.column}: {d.code} {label}{d.message}", file=sys.stderr)
    if hidden:
        codes = ", ".join(f"{code} ×{count}" for code, count in sorted(hidden.items()))
        print(f"... and {sum(hidden.values())} more warning(s) ({codes}): run `{check_hint}` to list them all",
              file=sys.stderr)
    return has_errors(diagnostics) or (strict and bool(diagnostics))


def _check_hint(args) -> str:
    content = getattr(args, "content", None)
    return "python build.py check" + (f" --content {shlex.quote(str(content))}"
                                      if content and Path(content) != Path("content") else "")


def cmd_extract(args) -> int:
    from .contract import to_json, to_text
    from .load import load_brief, load_registry
    from .parse import parse

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
    from .build import cross_check
    from .ids import stable_ids
    from .ledger import load_ledger
    from .load import load_content
    from .parse import parse

    content = load_content(Path(args.content))
    diagnostics: list[Diagnostic] = list(content.diagnostics)
    briefs = [parse(source, content.registry) for source in content.sources]
    ledger, ledger_problems = load_ledger(Path(args.content))
    briefs, ids = stable_ids(briefs, ledger)  # published ids that now resolve to nothing: BK402
    diagnostics += ledger_problems + list(ids.diagnostics)
    for brief in briefs:
        diagnostics += list(brief.diagnostics) + cross_check(brief)  # as the build reports them
    failed = _print_diagnostics(diagnostics, args.strict)
    sections = sum(len(b.sections) for b in briefs)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    print(f"checked {len(briefs)} brief(s), {sections} section(s): {errors} error(s), {warnings} warning(s)")
    return 1 if failed else 0


def _unparsable(url: str) -> bool:
    """True for a URL the build cannot use: "http://[x/" (urlsplit raises), control characters."""
    try:
        urlsplit(url)
    except ValueError:  # an unclosed IPv6 address
        return True
    return safe_url(url, relative=url.startswith("/")) is None


def _summary(briefs: int, sections: int, policies: int, pages: int, pages_written: int, files: int,
             written: int, out: Path, seconds: float) -> str:
    return (f"built {briefs} brief(s), {sections} section(s), {policies} policy page(s): "
            f"{pages} page(s) ({pages_written} written, {pages - pages_written} unchanged), "
            f"{files} file(s) ({written} written, {files - written} unchanged) into {out}, in {seconds:.2f}s")


def _bad_base_url(args) -> bool:
    """``--base-url`` is neither a URL nor a path (said on stderr)."""
    if args.base_url is not None and (not re.match(r"(https?://[^/\s]+)?/\S*\Z", args.base_url)
                                      or _unparsable(args.base_url)):
        print(f"--base-url {args.base_url!r}: give a full URL (https://example.org/briefs/) "
              "or a path that starts with '/'", file=sys.stderr)
        return True
    return False


def _build(args, problems: list | None = None) -> int:
    """Build once and print the outcome. ``problems`` (for ``serve``) receives each error
    as ``(file, line, message)`` so the browser can show it too."""
    import time

    from .stamp import inputs, only_ledger_differs, record, unchanged
    from .themes import theme_dirs

    started = time.perf_counter()
    problems = [] if problems is None else problems
    out = Path(args.out)
    if _bad_base_url(args):
        return 2
    content = Path(args.content)
    no_cache = getattr(args, "no_cache", False)
    options = {"out": str(out.absolute()), "base_url": args.base_url, "strict": args.strict,
               "cache": not no_cache, "version": __version__}
    builder = getattr(args, "builder", None)  # serve keeps one between builds
    stamp, lines = inputs(content, theme_dirs(content), options)
    if builder is None and not no_cache and not getattr(args, "serving", False):
        saved = unchanged(out, stamp)  # nothing read by the build changed: nothing to do
        if saved is not None:
            _print_diagnostics([Diagnostic(*row) for row in saved.get("diagnostics", [])], args.strict,
                               _check_hint(args))
            counts = saved.get("counts", {})
            print(_summary(**counts, pages_written=0, written=0, out=out,
                           seconds=time.perf_counter() - started) if counts else
                  f"nothing changed: {out} is up to date", flush=True)
            return 0

    from .build import Builder
    from .cache import cache_dir_for
    from .render import ThemeError
    from .write import WriteError

    cache = None if no_cache else cache_dir_for(out)
    bar = _ProgressBar()
    try:
        if builder is None:
            builder = Builder(content, out, args.base_url, args.strict, cache, progress=bar,
                              keep=bool(getattr(args, "serving", False)))  # serve builds again
            args.builder = builder
        result = builder.build()
    except (ThemeError, WriteError) as error:
        bar.close()
        print(f"{error}", file=sys.stderr)
        print(f"build failed: {out} is unchanged", file=sys.stderr)
        found = re.match(r"(.+?):(\d+): ?(.*)\Z", str(error), re.S)
        problems.append((found[1], int(found[2]), found[3]) if found else ("", 0, str(error)))
        return 1
    except Exception as error:  # a bug: show it, and say the old site is safe
        bar.close()
        traceback.print_exc()
        print(f"build failed: {out} is unchanged", file=sys.stderr)
        problems.append(("", 0, f"{type(error).__name__}: {error}"))
        return 1
    bar.close()
    failed = _print_diagnostics(result.diagnostics, args.strict, _check_hint(args))
    if not result.built:
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        why = f"{errors} error(s) in the content" if errors else "warnings with --strict"
        print(f"build failed ({why}): {out} is unchanged", file=sys.stderr)
        problems += [(d.path, d.line, f"{d.code} {d.message}") for d in result.diagnostics
                     if failed and (d.severity == "error" or args.strict)]
        return 1
    counts = {"briefs": result.briefs, "sections": result.sections, "policies": result.policies,
              "pages": result.pages, "files": result.files}
    if not no_cache:
        after, after_lines = inputs(content, theme_dirs(content), options)
        # The build appends new ids to the ledger; any other change while it ran means the
        # site may be older than the content: keep the stamp from before, so the next
        # build looks again.
        kept = after if only_ledger_differs(lines, after_lines, content / "ids.tsv") else stamp
        # (a row of fields each, not dataclasses.asdict: a serve rebuild at 5,000 briefs records
        # 37,000 warnings, and asdict took 0.19 s of its second)
        record(out, kept, {"counts": counts, "diagnostics": list(map(_diagnostic_row, result.diagnostics))})
    print(_summary(**counts, pages_written=result.pages_written, written=result.written, out=out,
                   seconds=time.perf_counter() - started), flush=True)
    return 0


class _ProgressBar:
    """A progress bar on a terminal (tqdm, shown once a build has run for a second);
    nothing when stderr is not a terminal."""

    def __init__(self):
        self.bar = None
        self.enabled = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit=" files", delay=1.0, leave=False, file=sys.stderr,
                            dynamic_ncols=True)
        self.bar.set_description(stage, refresh=False)
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def cmd_build(args) -> int:
    return _build(args)


def cmd_serve(args) -> int:
    from .ledger import ledger_path
    from .themes import theme_dirs
    from .serve import serve

    from .write import MARKER

    args.serving = True  # build in full once: the builder then keeps what the next builds reuse
    out = Path(args.out)
    # A site built before (by ``build`` or an earlier ``serve``) is served at once, while
    # the first build runs (35 s at 5,000 briefs); its pages reload when it ends. Without
    # one there is nothing to serve until the first build has made it.
    built_before = (out / MARKER).is_file() and (out / "index.html").is_file()
    if _bad_base_url(args):  # (a usage error ends serve, as it ends build)
        return 2
    if not built_before:
        status = _build(args)
        if status != 0:
            return status
    content = Path(args.content)
    watched = [content] + theme_dirs(content)
    ledger = ledger_path(content).resolve()

    def settled(paths: set[str]) -> bool:
        # A build that records new section ids appends them to the ledger, which the
        # watcher then reports: building again for that would change nothing, and would
        # hold up the reload of every open page (0.9 s at 5,000 briefs). An editor's own
        # change to the ledger is built.
        builder = getattr(args, "builder", None)
        return builder is not None and all(Path(path).resolve() == ledger for path in paths) \
            and builder.knows_ledger()

    try:
        return serve(out, args.host, args.port, watched=watched,
                     rebuild=lambda problems: _build(args, problems),
                     first=built_before, prepare=lambda: args.builder.prepare(), settled=settled)
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


def run() -> None:
    """``main`` as a program (``python build.py``, the ``briefkit`` command): exits when it
    returns, without the interpreter taking apart, object by object, the millions that a
    large build leaves (a fifth of a second at 1,000 briefs). Whatever is written is
    written by then: the site is swapped in, and the standard streams are flushed here."""
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
