"""render: ``Site`` -> ``[OutputFile]``: HTML pages through the Jinja2 theme, static assets,
brief.json and the AIF graph of each brief, the Atom feed, the sitemap and robots.txt.

Themes are folders searched in order: a user's ``templates/`` beside the content
folder first, then the default theme. A file found in an earlier folder wins, for
templates and for ``static/`` assets alike. Every internal link is relative to the page
that holds it, so the site works from any sub-path (and from disk); only 404.html,
which a server shows at any depth, links from the base path.
"""
from __future__ import annotations

import json
import traceback
from pathlib import Path

import jinja2
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


class _Environment(jinja2.Environment):
    def make_globals(self, d):
        """A template's globals as one dict, not Jinja's ChainMap over the environment's
        (what Jinja gave before 3.0). Every page makes contexts for itself and the
        partials it imports, and each one lists or looks up the globals: through a
        ChainMap that is a tenth of a section page's time. The environment's globals are
        all set in ``make_env``, before a template is loaded, so there is nothing for a
        ChainMap to follow."""
        return {**self.globals, **(d or {})}


def make_env(dirs: list[Path]) -> jinja2.Environment:
    env = _Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]), autoescape=True,
                       undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, auto_reload=False)
    env.globals["role_labels"] = ROLE_LABELS
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
