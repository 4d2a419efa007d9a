"""Pages that keep published URLs answering after a section or brief is gone or renamed.

For each ``OldUrl`` from the ids stage: a redirect page (meta refresh, a canonical link
to the new address and a visible link; no script) when the section moved, or a page
saying that this part of the brief was removed, with a link to the current brief. The
same for the section's embed card (``embed/<brief>/<id>/``). Never a 404.
"""
from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from .assemble import Page, Site
from .ids import OldUrl


def _target_url(old: OldUrl, embed: bool) -> str:
    prefix = "embed" if embed else "briefs"
    if old.target_id:
        return f"{prefix}/{old.target_brief}/{old.target_id}/"
    return f"briefs/{old.target_brief}/"


def keep_links(site: Site, old_urls: tuple[OldUrl, ...]) -> Site:
    """The site with a page at every old URL (a redirect or a removal notice)."""
    if not old_urls:
        return site
    titles = {view.slug: view.title for view in site.briefs}
    taken = {page.url for page in site.pages}
    pages = []
    for old in old_urls:
        forms = [(f"briefs/{old.brief}/{old.id}/" if old.id else f"briefs/{old.brief}/", False)]
        if old.id:
            forms.append((f"embed/{old.brief}/{old.id}/", True))
        for url, embed in forms:
            if url in taken:
                continue
            taken.add(url)
            home = old.home or old.brief
            brief_url = f"briefs/{home}/" if home in titles else ""
            context = {"old": old, "embed": embed, "brief_url": brief_url, "brief_title": titles.get(home)}
            if old.target_brief is not None:
                target = _target_url(old, embed)
                context.update(target_url=target, target_title=titles.get(old.target_brief, ""))
                pages.append(Page(url, "moved.html", "moved", "This page has moved",
                                  "This page has a new address.", None, MappingProxyType(context)))
            else:
                what = "part of the brief" if old.id else "brief"
                pages.append(Page(url, "embed_removed.html" if embed else "removed.html", "removed",
                                  f"This {what} was removed", f"This {what} is no longer published.",
                                  None, MappingProxyType(context)))
    return replace(site, pages=site.pages + tuple(pages))
