"""render: ``Site`` -> ``[OutputFile]``: HTML pages through the Jinja2 theme, static assets,
brief.json and the AIF graph of each brief, the Atom feed, the sitemap and robots.txt.

Themes are folders searched in order: a user's ``templates/`` beside the content
folder first, then the default theme. A file found in an earlier folder wins, for
templates and for ``static/`` assets alike. Every internal link is relative to the page
that holds it, so the site works from any sub-path (and from disk); only 404.html,
which a server shows at any depth, links from the base path.
"""
from __future__ import annotations

import functools
import json
import traceback
from pathlib import Path
from types import FunctionType, MethodType

import jinja2
import markupsafe
from markupsafe import Markup

from . import aif, feeds, jsonld
from .assemble import ROLE_LABELS, Page, Site
from .contract import to_json
from .load import display_path
from .write import OutputFile



class ThemeError(Exception):
    """A template cannot be read or drawn; the message starts with ``file:line:``."""


def relative(target: str, page_url: str) -> str:
    """A site-relative URL (``policies/daca/``, ``briefs/x/#id``) as a link from ``page_url``."""
    return linker(page_url)(target)


def linker(page_url: str):
    """``relative(target, page_url)`` for one page, as a function of ``target`` (the ``rel``
    of templates: a page draws some 30 links, so the page's side is worked out once)."""
    folders = page_url.split("/")[:-1]  # 'briefs/x/s1/' -> briefs, x, s1; 'feed.xml' -> none
    # The folders the page is in below the root, outermost first, each with the way up to
    # it from the page: a link goes up to the deepest one the target is in too, then down.
    ways = [("/".join(folders[:depth]) + "/", "../" * (len(folders) - depth))
            for depth in range(1, len(folders) + 1)]
    to_root = "../" * len(folders)

    def rel(target: str) -> str:
        path, hash_, fragment = target.partition("#")
        if hash_ and path == page_url:
            return "#" + fragment
        common, up = "", to_root
        for folder, way_up in ways:  # most links (static files, other pages) stop at the first
            if not path.startswith(folder):
                break
            common, up = folder, way_up
        return (up + path[len(common):] or "./") + hash_ + fragment
    return rel


class _Context(jinja2.runtime.Context):
    def call(__self, __obj, *args, **kwargs):  # (Jinja's names: no keyword of a template's call can clash)
        """``Context.call``, through which every call in a template goes, the short way for
        macros and plain Python functions (``rel``, ``site.url``): a section page makes some
        30 calls, and Jinja's general way asks each callable three times whether it takes
        the context, the eval context or the environment first."""
        kind = type(__obj)
        if kind is jinja2.runtime.Macro:  # Macro.__call__ takes the eval context first
            args = (__self.eval_ctx, *args)
        elif not ((kind is FunctionType or kind is MethodType) and not hasattr(__obj, "jinja_pass_arg")):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)  # (for a function that takes the context)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


try:  # markupsafe 3: the C function behind escape(), which then wraps its str in a Markup
    from markupsafe._speedups import _escape_inner
except ImportError:  # (another markupsafe: templates keep Jinja's escape)
    _escape_inner = None


def _escape_output(value) -> str:
    """What a template writes for ``{{ value }}``: ``escape(value)``, as a str when ``value``
    is one (most are). Jinja only joins what ``escape`` gives a template into the page
    (or into a macro's or a block's text, which it marks safe itself), so the Markup that
    ``escape`` wraps each value in is never looked at: making a million of them was a sixth
    of the time of drawing a 300-brief site. (``render`` joins; ``generate`` would hand out
    the pieces, some of them str instead of Markup; briefkit does not call it.)"""
    if type(value) is str:
        return _escape_inner(value)
    return markupsafe.escape(value)


class _Template(jinja2.Template):
    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None:  # the name the compiled template's functions use for escape()
            template.root_render_func.__globals__["escape"] = _escape_output
        return template


class _Environment(jinja2.Environment):
    context_class = _Context
    template_class = _Template

    def make_globals(self, d):
        """A template's globals as one dict, not Jinja's ChainMap over the environment's
        (what Jinja gave before 3.0). Every page makes contexts for itself and the
        partials it imports, and each one lists or looks up the globals: through a
        ChainMap that is a tenth of a section page's time. The environment's globals are
        all set in ``make_env``, before a template is loaded, so there is nothing for a
        ChainMap to follow."""
        return {**self.globals, **(d or {})}


@functools.cache
def _frozen(kind: type) -> bool:
    """Instances of ``kind`` never change (a frozen dataclass: a view)."""
    params = getattr(kind, "__dataclass_params__", None)
    return params is not None and params.frozen


class PerBrief:
    """``per_brief(macro)`` in a template: ``macro``, a macro of ``(site, brief, section)``,
    drawing each section once while the calls are for one brief. A section's embed snippet
    is drawn in the section picker of its brief's page and again on its own page, which
    the builder draws next, in the same process (a brief's pages are in a row in
    ``site.pages``, and a pool worker draws a chunk of them in order).

    The key is the objects themselves, all frozen and made anew when what they hold
    changes: the macro (one per theme for a template imported without context; one per
    page with context, which then draws every time), the build's site, the brief's view
    and the section's. Only the last brief's sections are kept, so the memo stays small."""

    def __init__(self):
        self._last: tuple = (None, {})  # ((macro, site, brief), {id(section): (section, drawn)})

    def __call__(self, macro):
        def drawn(*args, **kwargs):
            if kwargs or len(args) != 3 or not all([_frozen(type(arg)) for arg in args]):
                return macro(*args, **kwargs)
            site, brief, section = args
            owner, memo = self._last  # (one read: a tuple replaced whole, never changed)
            if owner is None or owner[0] is not macro or owner[1] is not site or owner[2] is not brief:
                memo = {}
                self._last = ((macro, site, brief), memo)
            found = memo.get(id(section))
            if found is None or found[0] is not section:
                found = memo[id(section)] = (section, macro(site, brief, section))
            return found[1]
        return drawn


def make_env(dirs: list[Path]) -> jinja2.Environment:
    env = _Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]), autoescape=True,
                       undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, auto_reload=False,
                       cache_size=-1)  # loaded templates in a dict: a page asks for some five of them
    env.globals["role_labels"] = ROLE_LABELS
    env.globals["per_brief"] = PerBrief()
    return env


def _template_location(error: BaseException, dirs: list[Path]) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{display_path(Path(error.filename or error.name or '?'))}:{error.lineno}"
    roots = [str(d.resolve()) for d in dirs] + [str(d) for d in dirs]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if any(frame.filename.startswith(root) for root in roots):
            return f"{display_path(Path(frame.filename))}:{frame.lineno}"
    return "templates"


def head_title(site: Site, page: Page, limit: int = 70) -> str:
    """The <title>: the page's title and the site's, at most ``limit`` characters."""
    if page.kind == "home":
        return page.title[:limit]
    suffix = f" · {site.config.title}"
    title = page.title
    if len(title) + len(suffix) > limit:
        room = max(limit - len(suffix) - 2, 10)
        title = title[:room].rsplit(" ", 1)[0] + " …"
    return (title + suffix)[:limit] if len(title + suffix) > limit else title + suffix


def render_page(env: jinja2.Environment, site: Site, page: Page, dirs: list[Path]) -> OutputFile:
    if page.kind == "404":  # shown at any depth: link from the base path instead
        def rel(target: str) -> str:
            return site.base_path + target
    else:
        rel = linker(page.url)
    structured = Markup(jsonld.script(site, page))  # already escaped for a <script> block
    try:
        template = env.get_template(page.template)
        html = template.render(site=site, page=page, rel=rel, canonical=site.url(page.url),
                               head_title=head_title(site, page),
                               jsonld=structured, **page.context)
    except jinja2.TemplateNotFound as error:
        looked = ", ".join(display_path(d) for d in dirs)
        where = _template_location(error, dirs)
        if where != "templates":  # an include, extends or import inside a template names it
            raise ThemeError(f"{where}: template '{error.name}' not found (looked in {looked})") from error
        raise ThemeError(f"templates/{error.name}: template not found (looked in {looked})") from error
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as error:
        message = getattr(error, "message", None) or str(error)
        raise ThemeError(f"{_template_location(error, dirs)}: {message}") from error
    return OutputFile(page.path, html.encode("utf-8"))


def static_files(dirs: list[Path]) -> list[OutputFile]:
    found: dict[str, Path] = {}
    for folder in dirs:
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            relative_path = path.relative_to(static).as_posix()
            if path.is_file() and not any(part.startswith((".", "__")) for part in relative_path.split("/")):
                found.setdefault(relative_path, path)
    return [OutputFile(f"static/{name}", path.read_bytes()) for name, path in sorted(found.items())]


def brief_files(view, brief) -> list[OutputFile]:
    """A brief's data beside its page: brief.json (the brief@1 contract) and its AIF graph."""
    graph = json.dumps(aif.to_aif(brief), ensure_ascii=False, indent=2) + "\n"
    return [OutputFile(f"{view.url}brief.json", to_json(brief).encode("utf-8")),
            OutputFile(f"{view.url}argument.aif.json", graph.encode("utf-8"))]


def site_files(site: Site, remember: bool = True) -> list[OutputFile]:
    """``remember``: let the sitemap keep its lines for a next build (a server's)."""
    return [OutputFile("feed.xml", feeds.atom(site).encode("utf-8")),
            OutputFile("sitemap.xml", feeds.sitemap(site, remember).encode("utf-8")),
            OutputFile("robots.txt", feeds.robots(site).encode("utf-8"))]
