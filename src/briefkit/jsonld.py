"""Structured data (schema.org JSON-LD) for every page, escaped for a <script> block.

A brief is an ``OpinionNewsArticle``; each counterclaim in it a ``Claim``, reviewed by
the rebuttals that answer it (``ClaimReview`` without a rating: the author disputes the
claim, the site does not grade it). Cited statutes, regulations and treaties are
``Legislation``, programs ``GovernmentService``, other policies ``CreativeWork``.
"""
from __future__ import annotations

from .assemble import BriefView, Page, PolicyRef, PolicyView, SectionLink, SectionView, Site
from .contract import Written, encode

CONTEXT = "https://schema.org"
LEGISLATION = ("statute", "regulation", "treaty")


# Claims and reviews of a brief are each drawn on three pages (the brief's, the
# counterclaim's and the rebuttal's): written once per site. The memo is the last site's,
# and starts empty for a new one (a server's next build), since base_url, the
# organisation and the views may all have changed.
_written: tuple[Site | None, dict[tuple, Written]] = (None, {})


def forget() -> None:
    """Drop the last site's memo (a build that will not draw again)."""
    global _written
    _written = (None, {})


def _shared(site: Site, key: tuple, make) -> Written:
    """``make()`` written as JSON, once per ``key`` for ``site`` (key: what the JSON is of,
    which identifies it within one site)."""
    global _written
    owner, memo = _written  # (one read: another thread may put another site's memo there)
    if owner is not site:
        memo = {}
        _written = (site, memo)
    text = memo.get(key)
    if text is None:
        text = memo[key] = Written(encode(make(), " "))
    return text


_SCRIPT_ESCAPES = tuple((char, f"\\u{ord(char):04x}") for char in "<>&\u2028\u2029")


def _script_safe(text: str) -> str:
    """JSON that cannot end its <script> element: <, > and & become \\u escapes, so no
    ``</script>`` or ``<!--`` can appear; U+2028/U+2029 too, which old JavaScript parsers
    take for line ends. (Inside JSON strings only: the structure has none of them.)"""
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return text


def dumps(data: dict) -> str:
    """``data`` indented by one space, safe in a <script> element (``_script_safe``)."""
    return _script_safe(encode(data, " "))


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


def _review(site: Site, brief: BriefView, counterclaim: SectionLink, rebuttal: SectionLink) -> Written:
    """``review``, written once per site (a brief's url and section ids identify it)."""
    return _shared(site, ("review", brief.url, counterclaim.id, rebuttal.id),
                   lambda: review(site, brief, counterclaim, rebuttal))


def _claim(site: Site, brief: BriefView, counterclaim: SectionLink) -> Written:
    return _shared(site, ("claim", brief.url, counterclaim.id), lambda: claim(site, brief, counterclaim))


def _brief_graph(site: Site, brief: BriefView) -> list:
    graph = [article(site, brief)]
    for pair in brief.outline:
        if pair.rebuttals:
            graph += [_review(site, brief, pair.counterclaim, rebuttal) for rebuttal in pair.rebuttals]
        else:
            graph.append(_claim(site, brief, pair.counterclaim))
    return graph


def _section_graph(site: Site, brief: BriefView, section: SectionView) -> list:
    page = {"@type": "WebPage", "url": site.url(section.url), "name": f"{section.label} from {brief.title}",
            "isPartOf": _shared(site, ("article", brief.url), lambda: _article_ref(site, brief))}
    if section.kind == "counterclaim":
        answers = section.responded_by
        return [page] + ([_review(site, brief, section.link, r) for r in answers] if answers
                         else [_claim(site, brief, section.link)])
    if section.kind == "rebuttal":
        return [page] + [_review(site, brief, target, section.link) for target in section.responds_to]
    return [page]


def _policy_graph(site: Site, page: Page) -> list:
    """Page 1 of a policy describes the policy itself; a later page of its citations is a
    WebPage that is part of page 1 and about the policy (named, not described again)."""
    policy, pagination = page.context["policy"], page.context.get("pagination")
    if pagination is None or pagination.number == 1:
        return [policy_thing(site, policy, full=True)]
    return [{"@type": "WebPage", "name": page.title, "url": site.url(page.url),
             "isPartOf": {"@type": "WebPage", "name": policy.name, "url": site.url(policy.url)},
             "about": policy_thing(site, policy)}]


def for_page(site: Site, page: Page) -> dict:
    """The page's JSON-LD; claims and reviews in its graph may be ``Written`` already."""
    if page.kind == "brief":
        graph = _brief_graph(site, page.context["brief"])
    elif page.kind == "section":
        graph = _section_graph(site, page.context["brief"], page.context["section"])
    elif page.kind == "policy":
        graph = _policy_graph(site, page)
    elif page.kind == "home" and page.url:  # a later page of the home page's list of briefs
        graph = [{"@type": "WebPage", "name": page.title, "url": site.url(page.url),
                  "isPartOf": {"@type": "WebSite", "name": site.config.title, "url": site.url("")}}]
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
