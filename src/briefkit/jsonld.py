"""Structured data (schema.org JSON-LD) for every page, escaped for a <script> block.

A brief is an ``OpinionNewsArticle``; each counterclaim in it a ``Claim``, reviewed by
the rebuttals that answer it (``ClaimReview`` without a rating: the author disputes the
claim, the site does not grade it). Cited statutes, regulations and treaties are
``Legislation``, programs ``GovernmentService``, other policies ``CreativeWork``.
"""
from __future__ import annotations

import json

from .assemble import BriefView, Page, PolicyRef, PolicyView, SectionLink, SectionView, Site

CONTEXT = "https://schema.org"
LEGISLATION = ("statute", "regulation", "treaty")


def dumps(data: dict) -> str:
    """JSON that cannot end its <script> element: <, > and & become \\u escapes, so no
    ``</script>`` or ``<!--`` can appear; U+2028/U+2029 too, which old JavaScript parsers
    take for line ends."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _organisation(site: Site) -> dict | None:
    name = site.config.organisation
    return {"@type": "Organization", "name": name, "url": site.url("")} if name else None


def _person(site: Site, brief: BriefView) -> dict:
    if brief.author:
        return {"@type": "Person", "name": brief.author}
    return _organisation(site) or {"@type": "Organization", "name": site.config.title}


def policy_thing(site: Site, policy: PolicyRef | PolicyView, full: bool = False) -> dict:
    kind = policy.kind
    if kind in LEGISLATION:
        thing = {"@type": "Legislation", "name": policy.name, "legislationType": policy.kind_label}
    elif kind == "program":
        thing = {"@type": "GovernmentService", "name": policy.name, "serviceType": policy.kind_label}
    else:
        thing = {"@type": "CreativeWork", "name": policy.name, "genre": policy.kind_label}
    thing["url"] = site.url(policy.url)
    if full and isinstance(policy, PolicyView):
        if policy.citation:
            key = "legislationIdentifier" if kind in LEGISLATION else "identifier"
            thing[key] = policy.citation
        if policy.summary:
            thing["description"] = " ".join(policy.summary.split())
        if policy.official_url:
            thing["sameAs"] = policy.official_url
    return thing


def _article_ref(site: Site, brief: BriefView) -> dict:
    return {"@type": "OpinionNewsArticle", "headline": brief.title, "url": site.url(brief.url)}


def article(site: Site, brief: BriefView) -> dict:
    data = {"@type": "OpinionNewsArticle", "headline": brief.title, "url": site.url(brief.url),
            "mainEntityOfPage": site.url(brief.url), "inLanguage": brief.lang,
            "author": _person(site, brief)}
    if brief.date:
        data["datePublished"] = brief.date
    if brief.summary:
        data["description"] = " ".join(brief.summary.split())
    if brief.publisher:
        data["publisher"] = {"@type": "Organization", "name": brief.publisher}
    if brief.source_url:
        data["isBasedOn"] = brief.source_url
    if brief.policies:
        data["citation"] = [policy_thing(site, p) for p in brief.policies]
    return data


def claim(site: Site, brief: BriefView, counterclaim: SectionLink) -> dict:
    return {"@type": "Claim", "text": counterclaim.text, "url": site.url(counterclaim.url),
            "appearance": _article_ref(site, brief)}


def review(site: Site, brief: BriefView, counterclaim: SectionLink, rebuttal: SectionLink) -> dict:
    data = {"@type": "ClaimReview", "url": site.url(rebuttal.url), "claimReviewed": counterclaim.text,
            "reviewBody": rebuttal.text, "author": _person(site, brief),
            "itemReviewed": claim(site, brief, counterclaim)}
    if brief.date:
        data["datePublished"] = brief.date
    return data


def _brief_graph(site: Site, brief: BriefView) -> list[dict]:
    graph = [article(site, brief)]
    for pair in brief.outline:
        if pair.rebuttals:
            graph += [review(site, brief, pair.counterclaim, rebuttal) for rebuttal in pair.rebuttals]
        else:
            graph.append(claim(site, brief, pair.counterclaim))
    return graph


def _section_graph(site: Site, brief: BriefView, section: SectionView) -> list[dict]:
    page = {"@type": "WebPage", "url": site.url(section.url), "name": f"{section.label} from {brief.title}",
            "isPartOf": _article_ref(site, brief)}
    if section.kind == "counterclaim":
        answers = section.responded_by
        return [page] + ([review(site, brief, section.link, r) for r in answers] if answers
                         else [claim(site, brief, section.link)])
    if section.kind == "rebuttal":
        return [page] + [review(site, brief, target, section.link) for target in section.responds_to]
    return [page]


def for_page(site: Site, page: Page) -> dict:
    if page.kind == "brief":
        graph = _brief_graph(site, page.context["brief"])
    elif page.kind == "section":
        graph = _section_graph(site, page.context["brief"], page.context["section"])
    elif page.kind == "policy":
        graph = [policy_thing(site, page.context["policy"], full=True)]
    elif page.kind == "home":
        graph = [{"@type": "WebSite", "name": site.config.title, "url": site.url(""),
                  "inLanguage": site.config.lang}]
        if site.config.organisation:
            graph[0]["publisher"] = _organisation(site)
    else:
        graph = [{"@type": "WebPage", "name": page.title, "url": site.url(page.url)}]
    return {"@context": CONTEXT, "@graph": graph}


def script(site: Site, page: Page) -> str:
    return dumps(for_page(site, page))
