"""The site's machine-readable lists: the Atom feed of briefs, the sitemap, robots.txt.

Every piece of text goes through ``escape``/``quoteattr`` below, which also drop the
control characters XML 1.0 forbids, so no content can make a feed malformed.
Dates are the content's own (a brief's date; for a page that lists briefs, the newest
of them), never the time of the build, so two builds of one content are identical.
"""
from __future__ import annotations

import operator
from xml.sax import saxutils

from .assemble import Site
from .sanitize import xml_text

EPOCH = "1970-01-01"  # for a feed whose briefs carry no date: Atom requires <updated>


def escape(text: str) -> str:
    """Text for an XML element: escaped, without the characters XML 1.0 forbids."""
    return saxutils.escape(xml_text(text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(xml_text(text))


def _timestamp(date: str | None) -> str:
    return f"{date or EPOCH}T00:00:00Z"


FEED_SIZE = 50  # the newest briefs in the feed: what a reader's feed reader fetches again and again


def atom(site: Site) -> str:
    """The Atom feed of the ``FEED_SIZE`` newest briefs (``site.briefs`` is newest first).
    A site's feed is fetched again and again by every subscriber's reader: the whole list
    of 5,000 briefs would be 1.2 MB each time, and would change with every edit."""
    config = site.config
    newest = max((b.date for b in site.briefs if b.date), default=None)
    author = config.organisation or config.title
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.lang)}>',
        f"  <title>{escape(config.title)}</title>",
    ]
    if config.description:
        lines.append(f"  <subtitle>{escape(' '.join(config.description.split()))}</subtitle>")
    lines += [
        f"  <id>{escape(site.url('feed.xml'))}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(site.url("feed.xml"))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(site.url(""))}/>',
        f"  <updated>{_timestamp(newest)}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
        "  <generator>briefkit</generator>",
    ]
    for brief in site.briefs[:FEED_SIZE]:
        lines += [
            "  <entry>",
            f"    <title>{escape(brief.title)}</title>",
            f"    <id>{escape(site.url(brief.url))}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(site.url(brief.url))}/>',
            f"    <updated>{_timestamp(brief.date)}</updated>",
        ]
        if brief.date:
            lines.append(f"    <published>{_timestamp(brief.date)}</published>")
        lines.append(f"    <author><name>{escape(brief.author or author)}</name></author>")
        if brief.summary:
            lines.append(f"    <summary>{escape(' '.join(brief.summary.split()))}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


# id(view) -> (view, base URL, the sitemap lines of the brief's pages): a server's builds
# list the same brief views again (the unchanged briefs'), 26,000 pages at 1,000 briefs.
_SITEMAP_LINES: dict[int, tuple] = {}
_UNLISTED = frozenset({"404", "moved", "removed", "embed"})
_BRIEF_PAGES = frozenset({"brief", "section"})  # listed through their brief's lines
_NOT_ALONE = _UNLISTED | _BRIEF_PAGES  # (the other pages are each an item of their own)


def _sitemap_line(site: Site, page) -> str:
    return (f"  <url><loc>{escape(site.url(page.url))}</loc>"
            + (f"<lastmod>{page.lastmod}</lastmod>" if page.lastmod else "") + "</url>")


SITEMAP_LIMIT = 50_000  # URLs in one sitemap file: the sitemaps.org protocol's limit
_URLSET = ('<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')


def _urlset(texts) -> str:
    return "\n".join([*_URLSET, *texts, "</urlset>"]) + "\n"


def sitemap(site: Site, remember: bool = True) -> str:
    """Every listed page by URL, in one file (``sitemap_files`` splits it when it is long)."""
    return _urlset(text for _, text, _ in _sitemap_items(site, remember))


def sitemap_files(site: Site, remember: bool = True, limit: int | None = None) -> list[tuple[str, str]]:
    """(path, text) of the sitemap: ``sitemap.xml`` listing every listed page by URL; or,
    past ``limit`` URLs (a file may list 50,000: 5,000 briefs have 80,000 pages), a
    sitemap index there, naming ``sitemaps/1.xml``, ``sitemaps/2.xml`` … that list the
    URLs in order, at most ``limit`` each, a brief's pages never split between two."""
    limit = SITEMAP_LIMIT if limit is None else limit
    items = _sitemap_items(site, remember)
    if sum(count for _, _, count in items) <= limit:
        return [("sitemap.xml", _urlset(text for _, text, _ in items))]
    parts: list[list[str]] = [[]]
    size = 0
    for _, text, count in items:
        if parts[-1] and size + count > limit:
            parts.append([])
            size = 0
        parts[-1].append(text)
        size += count
    files = [(f"sitemaps/{number}.xml", _urlset(part)) for number, part in enumerate(parts, 1)]
    index = "\n".join(['<?xml version="1.0" encoding="utf-8"?>',
                       '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                       *(f"  <sitemap><loc>{escape(site.url(path))}</loc></sitemap>" for path, _ in files),
                       "</sitemapindex>"]) + "\n"
    return [("sitemap.xml", index), *files]


def _sitemap_items(site: Site, remember: bool = True) -> list[tuple[str, str, int]]:
    """(URL, sitemap lines, how many) in URL order. ``remember``: keep each brief's lines
    for the next build (a server's: the same brief views again); False clears what an
    earlier build kept.

    A brief's pages (its own and its sections', all under its URL) are one run of the
    URL order, so each brief's lines are sorted and joined once and placed as one item."""
    memo, base = _SITEMAP_LINES, site.config.base_url
    fresh = {id(view): memo.get(id(view)) for view in site.briefs}
    grouped: dict[int, list] = {id(view): [] for view, found in zip(site.briefs, fresh.values())
                                if found is None or found[0] is not view or found[1] != base}
    items = [(page.url, _sitemap_line(site, page), 1) for page in site.pages_except(_NOT_ALONE)]
    if grouped:  # the pages of the briefs whose lines are not kept
        for page in site.pages_of(_BRIEF_PAGES, grouped):
            grouped[id(page.context["brief"])].append(page)
    for view in site.briefs:
        pages = grouped.get(id(view))
        if pages is not None:
            fresh[id(view)] = (view, base, "\n".join(_sitemap_line(site, page) for page in sorted(pages, key=_URL)),
                               len(pages))
        if fresh[id(view)][2]:
            items.append((view.url, fresh[id(view)][2], fresh[id(view)][3]))
    _SITEMAP_LINES.clear()
    if remember:
        _SITEMAP_LINES.update(fresh)
    items.sort(key=operator.itemgetter(0))
    return items


_URL = operator.attrgetter("url")


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.absolute:  # the Sitemap line must be a full URL
        lines.append(f"Sitemap: {site.url('sitemap.xml')}")
    return "\n".join(lines) + "\n"
