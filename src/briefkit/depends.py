"""depends: what each output is made from, as a key, so an unchanged page is not drawn again.

A page's key hashes everything its HTML can depend on:

- its template and every template that one extends, includes or imports (their sources),
  found by walking the Jinja2 syntax trees (``TemplateDeps``);
- the parts of ``site`` those templates read: ``site.config`` is cheap and always in,
  but ``site.briefs`` (the home page), ``site.policy_groups`` (the policies page) and
  the like are in the key only of the pages whose templates name them; a template that
  hands ``site`` on whole, or reads it in a way the walk cannot follow, depends on all of it;
- the page itself (url, title, description, date) and its context (the brief, the
  section, the policy views), hashed through ``repr`` — views are frozen dataclasses, so
  their ``repr`` is everything a template can read from them. (Some, ``COMPOSED``, are
  hashed from the hashes of all their fields instead: the same things, in parts.)

Hashes of objects are kept per object (``Fingerprints``), so a brief view shared by its
brief page, 25 section pages and 25 embed cards is hashed once — and, in a running
server, not again until the brief changes.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import fields, is_dataclass

import jinja2
from jinja2 import meta, nodes

KEY_VERSION = "2"  # bump when a change to briefkit's code changes pages made from the same inputs
EVERYTHING = "*"
# Views hashed from the hashes of their fields rather than from one long repr: views
# rebuilt on every build around parts kept from the last one (a policy's page lists the
# citations of each brief, which a server keeps while the brief is unchanged), and a
# brief's view, whose sections' views are in the keys of their own pages too (each is
# then hashed once, not again inside the brief's).
COMPOSED = {"PolicyView", "PolicyGroup", "BriefView"}


def blake(*parts: str) -> str:
    """The hash of the parts, each ended by a NUL. (Joined first: one encoding and one
    update instead of two updates a part, for the same bytes; a page's key has twenty.)"""
    parts += ("",)
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Fingerprints:
    """``of(obj)``: a hash of ``repr(obj)`` (of its items' or fields' hashes for a tuple of
    views or a ``COMPOSED`` view), kept per object for as long as the object is."""

    def __init__(self):
        self._memo: dict[int, tuple[object, str]] = {}

    def of(self, value: object) -> str:
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if isinstance(value, tuple) and (len(value) > 8 or value and is_dataclass(value[0])):  # views: each once
            digest = blake("tuple", *(self.of(item) for item in value))
        elif type(value).__name__ in COMPOSED:
            # A string or nothing as itself (its repr starts with a quote, or is a word), anything
            # else by its hash (32 hex digits): a hash for every title would cost more than it saves.
            digest = blake(type(value).__qualname__,
                           *(repr(part) if type(part) is str or part is None else self.of(part)
                             for part in map(value.__getattribute__, _field_names(type(value)))))
        else:
            digest = blake(type(value).__qualname__, repr(value))
        self._memo[id(value)] = (value, digest)
        return digest

    def known(self, value: object) -> str | None:
        """The hash of ``value`` if it was worked out already, else None."""
        found = self._memo.get(id(value))
        return found[1] if found is not None and found[0] is value else None

    def learn(self, value: object, digest: str) -> None:
        """Take ``digest`` as the hash of ``value``: what ``of(value)`` worked out in a
        process forked from this one, which shares the object."""
        self._memo[id(value)] = (value, digest)

    def forget_all_but(self, alive: list[object]) -> None:
        """Drop what is not ``alive`` (so a server does not keep every old view)."""
        keep = {id(value) for value in alive}
        self._memo = {k: v for k, v in self._memo.items() if k in keep}


class TemplateDeps:
    """Per template: the hash of its source and of every template it pulls in, and the
    attributes of ``site`` they read."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._trees: dict[str, tuple[str, nodes.Template | None]] = {}
        self._own: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {}
        self._closed: dict[str, tuple[str, frozenset[str]]] = {}
        self._macro_reads: dict[tuple[str, str, int], frozenset[str]] = {}

    def reads_briefs(self, name: str) -> bool:
        """The template (or one it pulls in) reads ``site.briefs``, every brief's view."""
        reads = self.of(name)[1]
        return "briefs" in reads or EVERYTHING in reads

    def _tree(self, name: str) -> tuple[str, nodes.Template | None]:
        """(hash of the source, syntax tree or None when missing or broken)."""
        if name not in self._trees:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                self._trees[name] = (blake("missing", name), None)
                return self._trees[name]
            try:
                tree = self.env.parse(source, name, filename)
            except jinja2.TemplateSyntaxError:
                tree = None
            self._trees[name] = (blake(filename or name, source), tree)
        return self._trees[name]

    def _read(self, name: str) -> tuple[str, frozenset[str], frozenset[str]]:
        """(hash of the source, site attributes read, templates referenced) of one template."""
        if name not in self._own:
            digest, tree = self._tree(name)
            if tree is None:
                self._own[name] = (digest, frozenset({EVERYTHING}), frozenset())
                return self._own[name]
            referenced = set(meta.find_referenced_templates(tree))
            attributes = set()
            if None in referenced:  # a template name computed at render time: any template
                referenced.discard(None)
                attributes.add(EVERYTHING)
            attributes |= self.reads(name, tree, "site")
            self._own[name] = (digest, frozenset(attributes), frozenset(referenced))
        return self._own[name]

    def reads(self, template: str, tree: nodes.Node, variable: str, depth: int = 0) -> set[str]:
        """The attributes of ``variable`` read in ``tree`` (a template or a macro);
        EVERYTHING where it is used in a way this cannot follow. A macro call that passes
        the variable on is followed into the macro (``{% from ... import m %}``,
        ``{% import ... as x %}`` or a macro of the same template)."""
        found: set[str] = set()
        macros = self._macros(template, tree)

        def visit(node: nodes.Node, parent: nodes.Node | None) -> None:
            if isinstance(node, nodes.Call):
                callee = macros.get(_callee(node.node))
                for index, argument in enumerate(node.args):
                    if isinstance(argument, nodes.Name) and argument.name == variable and argument.ctx == "load":
                        if callee is None or depth > 4:
                            found.add(EVERYTHING)
                        else:
                            found.update(self._macro_param_reads(callee[0], callee[1], index, depth))
                        continue
                    visit(argument, node)
                for keyword in node.kwargs:
                    if isinstance(keyword.value, nodes.Name) and keyword.value.name == variable:
                        found.add(EVERYTHING)
                    else:
                        visit(keyword.value, node)
                visit(node.node, node)
                for extra in (node.dyn_args, node.dyn_kwargs):
                    if extra is not None:
                        visit(extra, node)
                return
            if isinstance(node, nodes.Macro) and node is not tree and any(a.name == variable for a in node.args):
                return  # a parameter of the same name hides the variable in there
            if isinstance(node, nodes.Name) and node.name == variable:
                if node.ctx == "load" and isinstance(parent, nodes.Getattr) and parent.node is node:
                    found.add(parent.attr)
                elif node.ctx == "load":
                    found.add(EVERYTHING)
                return
            for child in node.iter_child_nodes():
                visit(child, node)

        for node in (tree.body if isinstance(tree, nodes.Macro) else [tree]):
            visit(node, None)
        return found

    def _macros(self, template: str, tree: nodes.Node) -> dict[str, tuple[str, str]]:
        """Callable names in a template -> (template that defines the macro, macro name)."""
        found: dict[str, tuple[str, str]] = {}
        root = self._tree(template)[1] or tree
        for macro in root.find_all(nodes.Macro):
            found[macro.name] = (template, macro.name)
        for node in root.find_all(nodes.FromImport):
            if isinstance(node.template, nodes.Const):
                for name in node.names:
                    name, alias = name if isinstance(name, tuple) else (name, name)
                    found[alias] = (node.template.value, name)
        for node in root.find_all(nodes.Import):
            if isinstance(node.template, nodes.Const):
                _, other = self._tree(node.template.value)
                for macro in (other.find_all(nodes.Macro) if other is not None else ()):
                    found[f"{node.target}.{macro.name}"] = (node.template.value, macro.name)
        return found

    def _macro_param_reads(self, template: str, macro_name: str, index: int, depth: int) -> frozenset[str]:
        key = (template, macro_name, index)
        if key not in self._macro_reads:
            _, tree = self._tree(template)
            macro = next((m for m in tree.find_all(nodes.Macro) if m.name == macro_name), None) if tree else None
            if macro is None or index >= len(macro.args):
                self._macro_reads[key] = frozenset({EVERYTHING})
            else:
                self._macro_reads[key] = frozenset(self.reads(template, macro, macro.args[index].name, depth + 1))
        return self._macro_reads[key]

    def of(self, name: str) -> tuple[str, frozenset[str]]:
        """(one hash for the template and all it pulls in, the site attributes they read)."""
        if name not in self._closed:
            seen, todo, hashes, attributes = set(), [name], [], set()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                digest, reads, referenced = self._read(current)
                hashes.append(f"{current}={digest}")
                attributes |= reads
                todo.extend(sorted(referenced))
            self._closed[name] = (blake(*sorted(hashes)), frozenset(attributes))
        return self._closed[name]


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))


def _callee(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return f"{node.node.name}.{node.attr}"
    return None


def site_parts(site) -> list[str]:
    return [field.name for field in fields(site)]


_UNSEEN = object()


class PageKeys:
    """Keys of the pages and files of one build."""

    def __init__(self, site, env: jinja2.Environment, fingerprints: Fingerprints, templates: TemplateDeps,
                 static: str, memo: dict | None = None):
        self.site = site
        self.prints = fingerprints
        self.templates = templates
        self.static = static  # a hash of the theme's static files (pages link them)
        self.common = blake(KEY_VERSION, fingerprints.of(site.config), site.base_path, str(site.absolute))
        self._parts: dict[str, str] = {}
        self._around: dict[str, tuple] = {}  # template -> what goes into the key of its pages
        self._plain: dict[str, tuple | None] = {}  # the same, None for a template reading more of the site
        # id(page) -> (page, what else went into its key, key): kept between the builds of a
        # server, where an unchanged brief's pages are the very same objects.
        self.memo = {} if memo is None else memo

    def site_part(self, name: str) -> str:
        if name not in self._parts:
            if name == EVERYTHING:
                self._parts[name] = blake(*(self.site_part(n) for n in site_parts(self.site)))
            elif name in ("config", "base_path", "absolute"):
                self._parts[name] = self.common
            elif hasattr(self.site, name) and not callable(getattr(self.site, name)):
                self._parts[name] = self.prints.of(getattr(self.site, name))
            else:
                self._parts[name] = blake("method", name)  # site.url(...): config decides it
        return self._parts[name]

    def _around_of(self, template_name: str) -> tuple:
        around = self._around.get(template_name)
        if around is None:
            template, reads = self.templates.of(template_name)
            around = (self.common, self.static, template, *sorted(self.site_part(r) for r in reads))
            self._around[template_name] = around
        return around

    def plain(self, template_name: str) -> tuple | None:
        """What goes into the keys of a template's pages besides the page itself, if that
        is all (the templates, the theme's static files, the site's config); None for a
        template that reads more of the site, such as the home page's list of briefs."""
        around = self._plain.get(template_name, _UNSEEN)
        if around is _UNSEEN:
            template, reads = self.templates.of(template_name)
            around = self._plain[template_name] = None if EVERYTHING in reads or any(
                r not in ("config", "url", "absolute", "base_path") for r in reads) else self._around_of(template_name)
        return around

    def reads_briefs(self, template_name: str) -> bool:
        """Pages of the template have every brief's view in their key."""
        return self.templates.reads_briefs(template_name)

    def known(self, page) -> str | None:
        """The page's key if it is known from the last build (the same page object, the
        same templates and site parts), else None. Cheap: no hashing of the page."""
        found = self.memo.get(id(page))
        if found is None or found[0] is not page:
            return None
        around = self.plain(page.template)
        return found[2] if around is not None and found[1] == around else None

    def remember(self, page, key: str) -> None:
        """Keep a key worked out in another process."""
        self.memo[id(page)] = (page, self._around_of(page.template), key)

    def page(self, page) -> str:
        around = self._around_of(page.template)
        found = self.memo.get(id(page))
        if found is not None and found[0] is page and found[1] == around:
            return found[2]
        context = [f"{name}={self.prints.of(value)}" for name, value in sorted(page.context.items())]
        key = blake("page", *around, page.url, page.template, page.kind, page.title, page.description,
                    page.lastmod or "", *context)
        self.memo[id(page)] = (page, around, key)
        return key

    def forget_all_but(self, pages) -> None:
        alive = {id(page) for page in pages}
        for stale in [k for k in self.memo if k not in alive]:
            del self.memo[stale]

    def of(self, *parts: object) -> str:
        """A key for a file made by code from ``parts`` (a view, a parsed brief, a template name)."""
        return blake("file", self.common, *(self.prints.of(part) for part in parts))


def static_hash(files) -> str:
    return blake(*(f"{file.path}={hashlib.blake2b(file.data, digest_size=16).hexdigest()}" for file in files))
