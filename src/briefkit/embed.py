"""Embeddable sections: an embed card page per section (``embed/<brief>/<id>/``), its
oEmbed JSON (``embed/<brief>/<id>/oembed.json``) and the snippet a host pastes.

The snippet is one source for the "Embed this" box, the oEmbed ``html`` and the docs:
the ``snippet`` macro of ``templates/partials/embed_snippet.html``. It is a blockquote
that reads well on its own (no script, no JavaScript) and that ``static/embed.js``
turns into a sandboxed iframe of the card, resized to its content.
"""
from __future__ import annotations

from dataclasses import replace
from json.encoder import encode_basestring  # the C one when there is one, as json.dumps uses
from types import MappingProxyType

import jinja2

from .assemble import Page, Site, section_description, section_title
from .contract import encode
from .write import OutputFile

WIDTH = 550          # the width oEmbed announces; the card is fluid from 280 px up
CACHE_AGE = 86400    # seconds


def embed_url(section) -> str:
    """``briefs/<slug>/<id>/`` -> ``embed/<slug>/<id>/``."""
    return "embed/" + section.url[len("briefs/"):]


def add_embeds(site: Site, memo: dict | None = None) -> Site:
    """The site with an embed card page for every section. ``memo`` (kept by a server
    between builds): a brief view seen last time gets the same page objects back."""
    pages = []
    fresh = {}
    for view in site.briefs:
        found = memo.get(id(view)) if memo is not None else None
        if found is not None and found[0] is view and found[1] == site.config.base_url:
            made = found[2]
        else:
            made = [Page(embed_url(section), "embed.html", "embed", section_title(section),
                         section_description(section), view.date,
                         MappingProxyType({"brief": view, "section": section,
                                           "permalink": site.url(section.url)}))
                    for section in view.sections]
        fresh[id(view)] = (view, site.config.base_url, made)
        pages += made
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return replace(site, pages=site.pages + tuple(pages))


def estimated_height(section) -> int:
    """A first guess of the card's height at ``WIDTH`` (embed.js sets the real one)."""
    characters = len(section.link.text) + sum(len(t.text) for t in section.responds_to)
    lines = characters // 70 + 2 * (1 + len(section.responds_to))
    return 120 + 26 * lines


_UNDER_BRIEF = frozenset({"brief", "section", "embed"})  # kinds of pages whose URL is under the brief's or embed/


def headers(site: Site) -> str:
    """``_headers`` (Netlify, Cloudflare Pages): embed cards may be framed by any site,
    every other page by none. Both hosts add up the headers of every rule a path
    matches, so the other rules name each top-level path instead of ``/*``."""
    # (A brief's pages and its sections' are under its own URL: looked at once, through the
    # brief, not through each of a site's 100,000 pages.)
    urls = [view.url for view in site.briefs]
    urls += [page.url for page in site.pages_except(_UNDER_BRIEF)]
    tops = sorted({url.split("/", 1)[0] + ("/" if "/" in url else "") for url in urls} - {"embed/"})
    base = site.base_path
    deny = "  X-Frame-Options: DENY\n  Content-Security-Policy: frame-ancestors 'none'\n"
    lines = ["# Who may show these pages in a frame: only embed/ pages, on any site.\n",
             f"{base}embed/*\n  Content-Security-Policy: frame-ancestors *\n"]
    for top in tops:
        if top == "":
            lines.append(f"{base}\n{deny}{base}index.html\n{deny}")
        elif top.endswith("/"):
            lines.append(f"{base}{top}*\n{deny}")
        else:
            lines.append(f"{base}{top}\n{deny}")
    return "".join(lines)


def _json_object(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` of a flat object of strings and
    numbers, without the slow encoder json.dumps falls back on when it indents (an oEmbed
    file is written for every section of the site)."""
    if not data:
        return "{}"
    members = [f"  {encode_basestring(key)}: {encode_basestring(value) if type(value) is str else encode(value, '  ')}"
               for key, value in data.items()]
    return "{\n" + ",\n".join(members) + "\n}"


def oembed_file(site: Site, env: jinja2.Environment, view, section) -> OutputFile:
    """The oEmbed JSON of one section's card."""
    snippet = env.get_template("partials/embed_snippet.html").module.snippet
    data = {
        "type": "rich", "version": "1.0",
        "title": section_title(section),
        "author_name": view.author or site.config.title,
        "provider_name": site.config.title,
        "provider_url": site.url(""),
        "cache_age": CACHE_AGE,
        "width": WIDTH,
        "height": estimated_height(section),
        "html": str(snippet(site, view, section)).strip(),
    }
    if view.author:
        data["author_url"] = site.url(view.url)
    text = _json_object(data) + "\n"
    return OutputFile(embed_url(section) + "oembed.json", text.encode("utf-8"))
