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
import threading
import traceback
import weakref
from pathlib import Path
from types import FunctionType, MethodType

import jinja2
import markupsafe
from jinja2.utils import missing
from markupsafe import Markup

from . import aif, feeds, jsonld
from .assemble import ROLE_LABELS, Page, Site
from .contract import encode, to_json
from .load import display_path
from .write import OutputFile



class ThemeError(Exception):
    """A template cannot be read or drawn; the message starts with ``file:line:``."""


def relative(target: str, page_url: str) -> str:
    """A site-relative URL (``policies/daca/``, ``briefs/x/#id``) as a link from ``page_url``."""
    return linker(page_url)(target)


# Links to targets outside a page's top folder ('static/site.css', 'about/' from any
# section page), by that folder and the page's depth: the same link from every such page.
_OUTSIDE: dict[tuple[str, int], dict[str, str]] = {}
_OUTSIDE_SIZE = 4096  # links kept per folder and depth (the first pages' shared ones, and some others)


def linker(page_url: str):
    """``relative(target, page_url)`` for one page, as a function of ``target`` (the ``rel``
    of templates: a page draws some 30 links, so the page's side is worked out once)."""
    folders = page_url.split("/")[:-1]  # 'briefs/x/s1/' -> briefs, x, s1; 'feed.xml' -> none
    # The folders the page is in below the root, outermost first, each with the way up to
    # it from the page: a link goes up to the deepest one the target is in too, then down.
    ways = [("/".join(folders[:depth]) + "/", "../" * (len(folders) - depth))
            for depth in range(1, len(folders) + 1)]
    to_root = "../" * len(folders)
    # (Not for a page at the root, the one place a target outside every folder can be the page itself.)
    outside = _OUTSIDE.setdefault((ways[0][0], len(ways)), {}) if ways else None

    def rel(target: str) -> str:
        if outside is not None:
            found = outside.get(target)
            if found is not None:
                return found
        path, hash_, fragment = target.partition("#")
        if hash_ and path == page_url:
            return "#" + fragment
        common, up = "", to_root
        for folder, way_up in ways:  # most links (static files, other pages) stop at the first
            if not path.startswith(folder):
                break
            common, up = folder, way_up
        link = (up + path[len(common):] or "./") + hash_ + fragment
        if outside is not None and not common and len(outside) < _OUTSIDE_SIZE:
            outside[target] = link
        return link
    return rel


class _Context(jinja2.runtime.Context):
    def call(__self, __obj, *args, **kwargs):  # (Jinja's names: no keyword of a template's call can clash)
        """``Context.call``, through which every call in a template goes, the short way for
        macros and plain Python functions (``rel``, ``site.url``): a section page makes some
        30 calls, and Jinja's general way asks each callable three times whether it takes
        the context, the eval context or the environment first, then a macro sorts its
        arguments out by name. (The keywords a template's call always passes say which
        loop or block it is in, for a function that takes the context.)"""
        kind = type(__obj)
        if kind is FunctionType and "jinja_pass_arg" not in __obj.__dict__ \
                or kind is MethodType and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        if kind is not jinja2.runtime.Macro or len(kwargs) - ("_block_vars" in kwargs) - ("_loop_vars" in kwargs) \
                or __obj.caller or __obj.catch_kwargs or __obj.catch_varargs or len(args) > __obj._argument_count:
            return super().call(__obj, *args, **kwargs)
        # What Macro.__call__ does with positional arguments only: the ones left out are
        # ``missing`` (the macro's function puts in its defaults), the text is markup
        # (made as Markup's own __new__ makes it from a str, without asking for __html__).
        left_out = __obj._argument_count - len(args)
        try:
            drawn = __obj._func(*args, *(missing,) * left_out) if left_out else __obj._func(*args)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")
        return str.__new__(Markup, drawn) if __self.eval_ctx.autoescape else drawn


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
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:  # a macro's text: escape() would copy it into another Markup
        return value
    if kind is int:  # a section's number: digits, nothing to escape
        return str(value)
    return markupsafe.escape(value)


# Per thread: ``borrowed``, the modules lent to the page being drawn (``OnePage``).
_drawing = threading.local()
# The macros of modules lent from page to page: the same objects on every page, drawing
# with that page's variables (``PerBrief`` must not keep what they drew for another page).
_lent_macros: weakref.WeakSet = weakref.WeakSet()
_LENT_PER_TEMPLATE = 4  # modules of one template lent at once (a page imports each once or twice)


class OnePage:
    """``with OnePage(): template.render(...)``: one page is drawn (``render_page``), and
    modules of templates it imports with context may be lent to it (``_Template.make_module``);
    they are given back when it is done. Outside, every import makes its own module."""

    def __enter__(self):
        self.outer = getattr(_drawing, "borrowed", None)  # (None unless drawn while drawing another)
        self.borrowed = _drawing.borrowed = []

    def __exit__(self, *exception):
        for entry in self.borrowed:  # given back, without the page's variables (the site they hold)
            entry[1].parent = {}
            entry[2] = False
        _drawing.borrowed = self.outer


class _Template(jinja2.Template):
    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None:  # the name the compiled template's functions use for escape()
            template.root_render_func.__globals__["escape"] = _escape_output
        template._lendable = None  # (``_context_free_top``, worked out when first imported with context)
        template._lent = threading.local()  # per thread: [[module, its context, lent now], ...]
        return template

    def make_module(self, vars=None, shared=False, locals=None):
        """``{% import "x.html" as x with context %}`` (``shared``) makes a module whose
        macros read the page's variables (``rel``, ``site``), so Jinja makes it anew, with
        a context of its own, for every page that imports it: three modules a section page,
        a sixth of its time. When the template's top level (what runs on import) reads no
        variable of the page (``_context_free_top``), a module made for an earlier page is
        the same but for the variables its macros will read: it is lent again with the new
        page's variables instead. A module is lent to one page at a time, while it is
        drawn (``OnePage``; a page importing one template twice gets two)."""
        borrowed = getattr(_drawing, "borrowed", None)
        if not shared or borrowed is None:
            return super().make_module(vars, shared, locals)
        if self._lendable is None:
            self._lendable = _context_free_top(self)
        parent = {} if vars is None else vars  # what jinja2.runtime.new_context makes a shared context's parent
        if locals:
            parent = dict(parent)
            for key, value in locals.items():
                if value is not missing:
                    parent[key] = value
        if self._lendable is False or any(parent.get(name, missing) is not self.globals.get(name)
                                          for name in self._lendable):  # (a page variable hiding a global)
            return super().make_module(vars, shared, locals)
        lent = getattr(self._lent, "modules", None)
        if lent is None:
            lent = self._lent.modules = []
        for entry in lent:
            if not entry[2]:
                module, context, _ = entry
                entry[2] = True
                borrowed.append(entry)
                context.parent = parent
                context.eval_ctx = jinja2.nodes.EvalContext(self.environment, self.name)
                return module
        context = self.new_context(vars, shared, locals)
        module = jinja2.environment.TemplateModule(self, context)
        if len(lent) < _LENT_PER_TEMPLATE:
            lent.append([module, context, True])
            borrowed.append(lent[-1])
            _lent_macros.update(value for value in context.vars.values() if type(value) is jinja2.runtime.Macro)
        return module


def _context_free_top(template: jinja2.Template) -> tuple[str, ...] | bool:
    """The globals that ``template``'s top level reads, if that is all it reads: it only
    defines macros, writes text, imports without context and sets names to expressions of
    constants, the names it defined before and globals, calling nothing but ``per_brief``.
    Then importing it runs the same whatever the page. False if it may do anything else."""
    environment = template.environment
    try:
        source, filename, _ = environment.loader.get_source(environment, template.name)
        tree = environment.parse(source, template.name, filename)
    except (jinja2.TemplateError, TypeError, AttributeError):  # (a template made from a string has no name)
        return False
    defined: set[str] = set()
    imported: set[str] = set()  # names of what is imported without context: the same on every page
    read: set[str] = set()

    def constant(node: jinja2.nodes.Node) -> bool:
        if isinstance(node, jinja2.nodes.Const):
            return True
        if isinstance(node, jinja2.nodes.Name):
            if node.name in defined or node.name in imported:
                return True
            read.add(node.name)
            return node.name in environment.globals
        if isinstance(node, (jinja2.nodes.Tuple, jinja2.nodes.List)):
            return all(constant(item) for item in node.items)
        if isinstance(node, jinja2.nodes.Call):
            callee = node.node
            return (isinstance(callee, jinja2.nodes.Name) and callee.name not in defined | imported
                    and isinstance(environment.globals.get(callee.name), PerBrief)
                    and constant(callee) and not node.kwargs and node.dyn_args is None
                    and node.dyn_kwargs is None and all(isinstance(argument, jinja2.nodes.Name)
                                                        and argument.name in imported for argument in node.args))
        return False

    for node in tree.body:
        if isinstance(node, jinja2.nodes.Output):
            if not all(isinstance(child, jinja2.nodes.TemplateData) for child in node.nodes):
                return False
        elif isinstance(node, jinja2.nodes.Macro):
            defined.add(node.name)
        elif isinstance(node, jinja2.nodes.Import) and not node.with_context:
            imported.add(node.target)
        elif isinstance(node, jinja2.nodes.FromImport) and not node.with_context:
            imported.update(name[1] if isinstance(name, tuple) else name for name in node.names)
        elif isinstance(node, jinja2.nodes.Assign) and isinstance(node.target, jinja2.nodes.Name):
            if not constant(node.node):
                return False
            defined.add(node.target.name)
        else:
            return False
    return tuple(sorted(read))


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._by_name: dict[str, jinja2.Template] = {}

    def get_template(self, name, parent=None, globals=None):
        """Jinja's, kept by name: a section page asks for six templates (its own, the one it
        extends, four it imports), and each time Jinja joins the name to its parent's,
        makes a weak reference to the loader to key its cache and looks the key up. Without
        ``auto_reload`` (``make_env``: a changed theme gets a new environment) Jinja too
        keeps a loaded template for good."""
        if globals is None and type(name) is str and not self.auto_reload:
            template = self._by_name.get(name)
            if template is None:
                template = self._by_name[name] = super().get_template(name, parent)
            return template
        return super().get_template(name, parent, globals)


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
    changes: the macro (one per theme for a template imported without context), the
    build's site, the brief's view and the section's. Only the last brief's sections are
    kept, so the memo stays small. A macro of a template imported with context draws with
    the variables of the page that calls it: it is handed back as it is, to draw every time."""

    def __init__(self):
        self._last: tuple = (None, {})  # ((macro, site, brief), {id(section): (section, drawn)})

    def __call__(self, macro):
        if macro in _lent_macros:  # (one made anew for every page would never be asked twice)
            return macro

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
        with OnePage():
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
    graph = encode(aif.to_aif(brief), "  ") + "\n"
    return [OutputFile(f"{view.url}brief.json", to_json(brief).encode("utf-8")),
            OutputFile(f"{view.url}argument.aif.json", graph.encode("utf-8"))]


def site_files(site: Site, remember: bool = True) -> list[OutputFile]:
    """``remember``: let the sitemap keep its lines for a next build (a server's)."""
    return [OutputFile("feed.xml", feeds.atom(site).encode("utf-8")),
            *(OutputFile(path, text.encode("utf-8")) for path, text in feeds.sitemap_files(site, remember)),
            OutputFile("robots.txt", feeds.robots(site).encode("utf-8"))]
