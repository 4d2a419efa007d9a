"""assemble: parsed briefs + policy registry -> ``Site``: every page of the site as frozen data.

Templates get only what is built here: frozen dataclasses (documented below) and
read-only mappings, never live objects shared with another stage. URLs are
site-relative ('' is the home page, 'briefs/x/' a folder page, 'feed.xml' a file);
render turns them into links relative to the page that shows them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache, cached_property
from itertools import compress
from operator import attrgetter, itemgetter, not_
from types import MappingProxyType
from urllib.parse import urlsplit

from .model import Brief, Registry, RegistryPolicy, SiteConfig
from .sanitize import markdown_text, render_markdown, safe_url  # noqa: F401 - safe_url: used here and re-exported

ROLE_LABELS = {"claim": "Claim", "counterclaim": "Counterclaim", "rebuttal": "Rebuttal",
               "evidence": "Evidence", "background": "Background"}
KIND_LABELS = {  # kind: (one, heading of a group)
    "ruling": ("Ruling", "Rulings and cases"), "statute": ("Statute", "Statutes"),
    "regulation": ("Regulation", "Regulations"), "program": ("Program", "Programs"),
    "treaty": ("Treaty", "Treaties"), "practice": ("Practice", "Practices"),
    "agency-action": ("Agency action", "Agency actions"),
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MOST_CITED = 8
PAGE_SIZE = 25  # briefs citing a policy listed on one page of it; more go on policies/<id>/page/2/ ...
HOME_PAGE_SIZE = 50  # briefs listed on the home page, newest first; more go on page/2/ ...


# ---------------------------------------------------------------- what templates get


@dataclass(frozen=True)
class PolicyRef:
    """A link to a policy page (a 'chip')."""
    id: str
    name: str
    kind: str
    kind_label: str
    url: str


@dataclass(frozen=True)
class Segment:
    """A run of section text; ``policy`` is set when the run is a mention of it."""
    text: str
    policy: PolicyRef | None = None


@dataclass(frozen=True)
class Paragraph:
    """The part of a section inside one paragraph of the source: plain-text segments,
    or for Markdown briefs ``html`` (rendered and sanitised with nh3)."""
    segments: tuple[Segment, ...]
    html: str | None = None


@dataclass(frozen=True)
class SectionLink:
    """Enough of a section to point at it: label, excerpt, permalink and anchor."""
    id: str
    kind: str
    label: str
    number: int
    excerpt: str
    text: str
    url: str          # the section's own page
    anchor_url: str   # its place in the brief page
    brief_title: str


def _read_through(view, inner) -> None:
    """Copy the fields of ``inner`` (a frozen dataclass) into ``view``'s own attributes, but
    not over its fields: ``section.kind`` for ``section.link.kind``. They are not fields
    of the view, so not in its repr, == or hash. Templates read them dozens of times a
    page, and a lookup that fails first and then goes through __getattr__ costs ten
    times a plain one."""
    own = view.__dict__
    for name in _field_names(type(inner)):
        if name not in own:
            own[name] = getattr(inner, name)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


@dataclass(frozen=True)
class SectionView:
    link: SectionLink
    paragraphs: tuple[Paragraph, ...]
    responds_to: tuple[SectionLink, ...]
    responded_by: tuple[SectionLink, ...]
    policies: tuple[PolicyRef, ...]
    why: str

    def __post_init__(self):  # section.id, section.kind ... are the link's
        _read_through(self, self.link)

    def __getattr__(self, name):  # (what _read_through did not copy: not a field of the link)
        return getattr(self.__dict__["link"], name)


@dataclass(frozen=True)
class OutlinePair:
    """'They say …' (a counterclaim) / 'The record shows …' (the rebuttals answering it)."""
    counterclaim: SectionLink
    rebuttals: tuple[SectionLink, ...]


@dataclass(frozen=True)
class Place:
    label: str
    url: str


@dataclass(frozen=True)
class Authority:
    policy: PolicyRef
    citation: str | None
    places: tuple[Place, ...]


@dataclass(frozen=True)
class AuthorityGroup:
    kind: str
    heading: str
    authorities: tuple[Authority, ...]


@dataclass(frozen=True)
class Counts:
    claims: int
    counterclaims: int
    rebuttals: int
    evidence: int


@dataclass(frozen=True)
class BriefView:
    slug: str
    url: str
    title: str
    author: str | None
    date: str | None          # ISO YYYY-MM-DD
    date_label: str | None    # "13 June 2018"
    lang: str
    summary: str | None
    source_url: str | None    # http(s) only
    publisher: str | None
    caption: str | None
    bio: str | None
    sections: tuple[SectionView, ...]
    outline: tuple[OutlinePair, ...]
    policies: tuple[PolicyRef, ...]
    authorities: tuple[AuthorityGroup, ...]
    counts: Counts


@dataclass(frozen=True)
class Citation:
    """The sections of one brief that cite a policy."""
    brief_title: str
    brief_url: str
    brief_date: str | None
    places: tuple[Place, ...]          # front parts (caption, headline) citing it
    sections: tuple[SectionLink, ...]


@dataclass(frozen=True)
class PolicyView:
    ref: PolicyRef
    citation: str | None
    summary: str | None
    official_url: str | None
    in_registry: bool
    citations: tuple[Citation, ...]
    lastmod: str | None

    def __post_init__(self):  # policy.name, policy.url ... are the ref's
        _read_through(self, self.ref)

    def __getattr__(self, name):
        return getattr(self.__dict__["ref"], name)


@dataclass(frozen=True)
class Pagination:
    """Which part of a list a page shows (a policy's citations, the home page's briefs).
    Page 1 is the list's own URL, page n > 1 is ``<its url>page/<n>/``."""
    number: int               # this page, from 1
    count: int                # pages in all (1: the citations fit on one page)
    first: int                # the first and last brief shown, from 1 ("Briefs 26–50 of 912")
    last: int
    total: int                # briefs citing the policy
    urls: tuple[str, ...]     # every page's URL, page 1 first
    numbers: tuple[int | None, ...]  # the pages to link by number, None for a gap ("…")

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass(frozen=True)
class PolicyGroup:
    kind: str
    heading: str
    policies: tuple[PolicyView, ...]


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, which template draws it, and what it gets."""
    url: str
    template: str
    kind: str  # home | brief | section | policy | policies | about | 404
    title: str
    description: str
    lastmod: str | None  # the content's own date, for the sitemap
    context: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property  # (looked up three times a page in every build: 150,000 times at 1,000 briefs)
    def path(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url


@dataclass(frozen=True)
class Site:
    config: SiteConfig   # base_url ends with '/'
    base_path: str       # the path part of base_url: '/', '/briefs/'
    absolute: bool       # base_url has a scheme and host
    briefs: tuple[BriefView, ...]      # newest first
    policies: tuple[PolicyView, ...]   # by kind, then name
    policy_groups: tuple[PolicyGroup, ...]
    most_cited: tuple[PolicyView, ...]
    pages: tuple[Page, ...]
    parsed: tuple[Brief, ...]          # the same briefs as parsed, for brief.json and AIF

    def url(self, site_url: str) -> str:
        """The public URL of a site-relative URL (absolute when base_url is)."""
        return self.config.base_url + site_url

    # (Both pick in C: a server's edit at 5,000 briefs looks through 160,000 pages for a
    # few hundred, several times a build.)
    def pages_except(self, kinds: frozenset[str]) -> list[Page]:
        """The pages whose kind is not in ``kinds``, in site order."""
        return list(compress(self.pages, map(not_, map(kinds.__contains__, map(_KIND, self.pages)))))

    def pages_of(self, kinds: frozenset[str], brief_ids: set[int] | dict) -> list[Page]:
        """The pages whose kind is in ``kinds`` (kinds of pages made from one brief: brief,
        section, embed) and whose brief view's ``id`` is in ``brief_ids``, in site order."""
        picked = list(compress(self.pages, map(kinds.__contains__, map(_KIND, self.pages))))
        return list(compress(picked, map(brief_ids.__contains__, map(id, map(_BRIEF, map(_CONTEXT, picked))))))


_KIND, _CONTEXT, _BRIEF = attrgetter("kind"), attrgetter("context"), itemgetter("brief")


# ---------------------------------------------------------------- helpers


def date_label(date: str | None) -> str | None:
    if not date or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date
    year, month, day = date.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}" if 1 <= int(month) <= 12 else date


def excerpt(text: str, limit: int = 140) -> str:
    return cut(" ".join(text.split()), limit)


def cut(text: str, limit: int) -> str:
    """``excerpt`` of a text whose white space is single spaces already (a section link's
    ``text``): each section's is cut five times a build, which split it again each time."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + " …"


def section_title(section) -> str:
    """A section's title: its page's, its embed card's, its oEmbed file's."""
    return f"{section.label}: {cut(section.link.text, 70)}"


def section_description(section) -> str:
    return cut(section.link.text, 200)


def slug(value: str) -> str:
    if SLUG.match(value):
        return value
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "policy"


def plain_text(text: str, source_format: str) -> str:
    """What a reader sees of a passage, as plain text: Markdown syntax is removed."""
    if source_format == "md":
        text = markdown_text(text)
    return " ".join(text.split())


def normalise_base_url(base_url: str) -> tuple[str, str, bool]:
    base_url = base_url.strip() or "/"
    if not base_url.endswith("/"):
        base_url += "/"
    parts = urlsplit(base_url)
    absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return base_url, path, absolute


# ---------------------------------------------------------------- policies


def _policy_refs(parsed: tuple[Brief, ...], registry: Registry,
                 last: dict[str, PolicyRef] | None = None) -> dict[str, tuple[PolicyRef, object]]:
    """Every cited policy id -> its chip and its best description (registry first).
    ``last``: the chips of the last build by id; one that is unchanged is the same object."""
    found: dict[str, tuple[PolicyRef, object]] = {}
    last = last or {}
    for brief in parsed:
        for cited in brief.policies:
            if cited.id in found:
                continue
            entry = registry.get(cited.id)
            name, kind = (entry.name, entry.kind) if entry else (cited.name, cited.kind)
            kind_label = KIND_LABELS.get(kind, (kind.capitalize(), kind))[0]
            ref = PolicyRef(cited.id, name, kind, kind_label, f"policies/{slug(cited.id)}/")
            before = last.get(cited.id)
            found[cited.id] = (before if before == ref else ref, entry or cited)
    return found


def _paragraphs(brief: Brief, section, mentions, refs) -> tuple[Paragraph, ...]:
    text = brief.source.text
    runs: list[list] = []
    for sentence in section.sentences:
        if runs and runs[-1][0] == sentence.paragraph:
            runs[-1][2] = sentence.end
        else:
            runs.append([sentence.paragraph, sentence.start, sentence.end])
    if not runs:
        runs = [[0, section.start, section.end]]
    paragraphs = []
    for _, start, end in runs:
        if brief.source.format == "md":
            paragraphs.append(Paragraph((Segment(text[start:end]),), render_markdown(text[start:end])))
            continue
        segments, at = [], start
        # (the mentions from the first that starts in the run: sorted by start)
        for m_start, m_end, policy_id in mentions[bisect_right(mentions, (start,)):]:
            if m_start >= end:
                break
            if m_start >= at and m_end <= end:
                if m_start > at:
                    segments.append(Segment(text[at:m_start]))
                segments.append(Segment(text[m_start:m_end], refs[policy_id][0]))
                at = m_end
        if at < end:
            segments.append(Segment(text[at:end]))
        paragraphs.append(Paragraph(tuple(segments)))
    return tuple(paragraphs)


# ---------------------------------------------------------------- one brief


def _brief(brief: Brief, refs) -> BriefView:
    meta = brief.source.meta
    url = f"briefs/{meta.slug}/"
    title = brief.title
    links = {}
    for number, section in enumerate(brief.sections, 1):
        text = plain_text(section.text, brief.source.format)
        links[section.id] = SectionLink(
            section.id, section.kind, ROLE_LABELS.get(section.kind, section.kind.capitalize()), number,
            cut(text, 140), text, f"{url}{section.id}/", f"{url}#{section.id}", title)
    answered_by: dict[str, list[SectionLink]] = {}
    for section in brief.sections:
        for target in section.responds_to:
            answered_by.setdefault(target, []).append(links[section.id])
    mentions = sorted((m.start, m.end, p.id) for p in brief.policies for m in p.mentions)
    sections = tuple(
        SectionView(links[s.id], _paragraphs(brief, s, mentions, refs),
                    tuple(links[t] for t in s.responds_to if t in links),
                    tuple(answered_by.get(s.id, ())),
                    tuple(refs[p][0] for p in s.policies if p in refs), s.why)
        for s in brief.sections)
    outline = tuple(OutlinePair(links[s.id], tuple(answered_by.get(s.id, ())))
                    for s in brief.sections if s.kind == "counterclaim")

    front = {part.kind: part for part in reversed(brief.front)}  # the first of each kind
    where = _Places(brief, links, url)
    groups = []
    for kind, (_, heading) in KIND_LABELS.items():
        authorities = []
        for cited in brief.policies:
            ref, described = refs[cited.id]
            if ref.kind != kind:
                continue
            places = []
            for mention in cited.mentions:
                place = where(mention.start)
                if place not in places:
                    places.append(place)
            authorities.append(Authority(ref, getattr(described, "citation", None) or cited.citation,
                                         tuple(places)))
        if authorities:
            groups.append(AuthorityGroup(kind, heading, tuple(sorted(authorities, key=lambda a: a.policy.name))))
    counts = Counts(*(sum(1 for s in brief.sections if s.kind == k)
                      for k in ("claim", "counterclaim", "rebuttal", "evidence")))
    return BriefView(
        meta.slug, url, title, meta.author, meta.date, date_label(meta.date), meta.lang, meta.summary,
        safe_url(meta.source_url), meta.publisher,
        front["caption"].text if "caption" in front else None,
        front["byline"].text if "byline" in front else None,
        sections, outline, tuple(refs[p.id][0] for p in brief.policies), tuple(groups), counts)


class _Places:
    """``where(offset)``: the ``Place`` of a brief holding a character offset (a section,
    found by bisection: sections are in text order and do not overlap; else a front part)."""

    def __init__(self, brief: Brief, links, url: str):
        self.brief, self.links, self.url = brief, links, url
        self.starts = [section.start for section in brief.sections]
        self.made: dict[int, Place] = {}

    def __call__(self, offset: int) -> Place:
        sections = self.brief.sections
        at = bisect_right(self.starts, offset) - 1
        if at >= 0 and offset < sections[at].end:
            place = self.made.get(at)
            if place is None:
                link = self.links[sections[at].id]
                place = self.made[at] = Place(f"§{link.number} {link.label.lower()}", link.anchor_url)
            return place
        for part in self.brief.front:
            if part.start <= offset < part.end and part.kind in ("caption", "byline"):
                return Place("photo caption" if part.kind == "caption" else "author bio", f"{self.url}#front-{part.kind}")
        return Place("headline", f"{self.url}#top")


# ---------------------------------------------------------------- the site


def _citations(brief: Brief, view: BriefView, refs) -> dict[str, Citation]:
    """Where ``brief`` cites each of its policies: one ``Citation`` per policy id."""
    links = {s.id: s.link for s in view.sections}
    where = _Places(brief, links, view.url)
    found: dict[str, Citation] = {}
    for cited in brief.policies:
        if cited.id in found or cited.id not in refs:
            continue
        # (a section view's policies are the chips of its parsed section's ids in refs)
        sections = tuple(v.link for v, s in zip(view.sections, brief.sections) if cited.id in s.policies)
        places = []
        for mention in cited.mentions:
            place = where(mention.start)
            if not place.label.startswith("§") and place not in places:
                places.append(place)
        found[cited.id] = Citation(view.title, view.url, view.date, tuple(places), sections)
    return found


def _policy_views(citations: list[dict[str, Citation]], refs, memo: dict | None = None) -> tuple[PolicyView, ...]:
    """Every policy's view. ``memo`` (policy id -> (ref, described, citations, view)), kept
    by a server: a policy named and cited as last time keeps its view (and so its pages)."""
    by_policy: dict[str, list[Citation]] = {policy_id: [] for policy_id in refs}
    for found in citations:  # briefs in site order
        for policy_id, citation in found.items():
            by_policy[policy_id].append(citation)
    result = []
    fresh = {}
    for policy_id, (ref, described) in refs.items():
        cited_in = tuple(by_policy[policy_id])
        old = memo.get(policy_id) if memo is not None else None
        if old is not None and old[0] == ref and old[1] == described and old[2] == cited_in:
            fresh[policy_id] = old
            result.append(old[3])
            continue
        in_registry = isinstance(described, RegistryPolicy)
        dates = [c.brief_date for c in cited_in if c.brief_date]
        view = PolicyView(
            ref, described.citation, getattr(described, "summary", None),
            safe_url(getattr(described, "url", None)), in_registry, cited_in,
            max(dates) if dates else None)
        fresh[policy_id] = (ref, described, cited_in, view)
        result.append(view)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    kinds = list(KIND_LABELS)
    return tuple(sorted(result, key=lambda p: (kinds.index(p.kind) if p.kind in kinds else len(kinds),
                                               p.name.casefold(), p.id)))


def _brief_pages(view: BriefView) -> list[Page]:
    description = view.summary or excerpt(" ".join(s.link.text for s in view.sections), 200)
    pages = [Page(view.url, "brief.html", "brief", view.title, description, view.date,
                  MappingProxyType({"brief": view}))]
    for section in view.sections:
        pages.append(Page(section.url, "section.html", "section", section_title(section),
                          section_description(section), view.date,
                          MappingProxyType({"brief": view, "section": section})))
    return pages


def _page_numbers(number: int, count: int, around: int = 2) -> tuple[int | None, ...]:
    """The pages a pagination bar links by number: the first, the last and ``around`` on
    either side of ``number``; None where numbers are left out. A gap of a single page
    shows that page instead (a "…" would take as much room)."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    numbers: list[int | None] = []
    for page in shown:
        if numbers and page - numbers[-1] == 2:
            numbers.append(page - 1)
        elif numbers and page - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(page)
    return tuple(numbers)


def _paginate(items: tuple, size: int, first: str) -> list[tuple[str, tuple, Pagination]]:
    """``items`` split into pages of ``size``: (URL, the items shown, its Pagination) for
    each page; page 1 is ``first``, page n > 1 is ``<first>page/<n>/``."""
    count = max(1, -(-len(items) // size))
    urls = (first,) + tuple(f"{first}page/{number}/" for number in range(2, count + 1))
    pages = []
    for number, url in enumerate(urls, 1):
        start = (number - 1) * size
        shown = items[start:start + size]
        pages.append((url, shown, Pagination(number, count, start + 1, start + len(shown), len(items), urls,
                                             _page_numbers(number, count) if count > 1 else ())))
    return pages


def _home_pages(config: SiteConfig, views: tuple[BriefView, ...], about: str, newest: str | None,
                size: int, most_cited: tuple[PolicyView, ...]) -> list[Page]:
    """The home page: the ``size`` newest briefs and the ``most_cited`` policies, then
    ``page/2/``, ``page/3/`` ... with the next briefs. (One page of every brief was 930 kB
    at 5,000 briefs, drawn again after any edit; now an edit redraws the page that lists
    the brief. The most-cited list is in the first page's context alone, not read from
    ``site.most_cited``: an edit that changes a citation of one of those policies, which
    most edits do, redraws the first page, not all hundred.)"""
    pages = []
    for url, shown, pagination in _paginate(views, size, ""):
        context = MappingProxyType({"briefs": shown, "pagination": pagination,
                                    "most_cited": most_cited if pagination.number == 1 else ()})
        if pagination.number == 1:
            pages.append(Page("", "home.html", "home", config.title, about, newest, context))
            continue
        dates = [view.date for view in shown if view.date]
        pages.append(Page(url, "home.html", "home", f"{config.title} (page {pagination.number} of {pagination.count})",
                          excerpt(f"Briefs {pagination.first}–{pagination.last} of {pagination.total}, "
                                  f"newest first: {about}", 200), max(dates) if dates else None, context))
    return pages


def _policy_pages(policy: PolicyView) -> list[Page]:
    """A policy's pages: its own URL with the first PAGE_SIZE citing briefs, then
    ``page/2/``, ``page/3/`` ... with the next ones, in the site's order (newest first).

    Each page's context has the policy as that page shows it: ``policy.citations`` are the
    page's own, and its ``lastmod`` the newest of their dates. Page keys (depends.py) hash
    the context, so a brief's edit redraws only the page listing it; a page's key changes
    with the others' only when the pages' count or the total does (a brief added, removed
    or moved by a new date)."""
    cited = policy.citations
    description = policy.summary or f"{policy.kind_label} cited in {len(cited)} brief(s)."
    pages = []
    for url, shown, pagination in _paginate(cited, PAGE_SIZE, policy.url):
        number, count = pagination.number, pagination.count
        if count == 1:
            view = policy  # all its citations: the page as it was before pages (its lastmod too)
        else:
            dates = [c.brief_date for c in shown if c.brief_date]
            view = replace(policy, citations=shown, lastmod=max(dates) if dates else None)
        if number == 1:
            title, text = policy.name, description
        else:
            title = f"{policy.name} (page {number} of {count})"
            text = (f"Briefs {pagination.first}–{pagination.last} of {pagination.total} citing "
                    f"{policy.name}: {description}")
        pages.append(Page(url, "policy.html", "policy", title, excerpt(text, 200), view.lastmod,
                          MappingProxyType({"policy": view, "pagination": pagination})))
    return pages


# Where ``assemble``'s memo keeps policy views and their pages (beside the briefs' entries).
_POLICIES, _POLICY_PAGES, _REFS, _WEIGHTS = ("policies",), ("policy pages",), ("refs",), ("weights",)


def assemble(config: SiteConfig, parsed: list[Brief], registry: Registry, memo: dict | None = None,
             home_size: int | None = HOME_PAGE_SIZE) -> Site:
    """``memo``: kept by a running server between builds, so that a brief that is the same
    object as last time, citing policies that are named as last time, keeps its view.
    ``home_size``: briefs listed on each page of the home page (None: all on one)."""
    base_url, base_path, absolute = normalise_base_url(config.base_url)
    config = replace(config, base_url=base_url)
    parsed = tuple(sorted(parsed, key=lambda b: b.source.meta.slug))
    parsed = tuple(sorted(parsed, key=lambda b: b.source.meta.date or "", reverse=True))  # stable
    refs = _policy_refs(parsed, registry, memo.get(_REFS) if memo is not None else None)
    policy_memo = memo.get(_POLICIES, {}) if memo is not None else None
    page_memo = memo.get(_POLICY_PAGES, {}) if memo is not None else None
    weights = memo.get(_WEIGHTS, {}) if memo is not None else {}
    made = []
    fresh: dict = {}
    for brief in parsed:
        # The brief and the chips of its policies, by identity: an unchanged chip is the same
        # object from build to build (_policy_refs), and the chips in a key are alive as long
        # as the entry is (its view holds them), so no other object can have their ids.
        # (Hashing them field by field took 0.04 s a build at 5,000 briefs.)
        # What _brief reads of a policy's description is its citation: a ruling no registry
        # entry describes is described by the first brief citing it, which an edit elsewhere changes.
        key = (id(brief), tuple([(id(ref), getattr(described, "citation", None))
                                 for ref, described in map(refs.__getitem__, (p.id for p in brief.policies))]))
        found = memo.get(key) if memo is not None else None
        if found is None or found[0] is not brief:
            view = _brief(brief, refs)
            found = (brief, view, _citations(brief, view, refs), _brief_pages(view))
        fresh[key] = found
        made.append(found)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    views = tuple(view for _, view, _, _ in made)
    policies = _policy_views([citations for _, _, citations, _ in made], refs, policy_memo)
    groups = tuple(PolicyGroup(kind, heading, tuple(p for p in policies if p.kind == kind))
                   for kind, (_, heading) in KIND_LABELS.items() if any(p.kind == kind for p in policies))
    fresh_weights = {}
    for policy in policies:  # (how often each is cited, kept while its view is the same object)
        found = weights.get(id(policy))
        if found is None or found[0] is not policy:
            found = (policy, (-len(policy.citations), -sum(len(c.sections) for c in policy.citations),
                              policy.name.casefold()))
        fresh_weights[id(policy)] = found
    most_cited = tuple(sorted(policies, key=lambda p: fresh_weights[id(p)][1])[:MOST_CITED])
    newest = max((b.date for b in views if b.date), default=None)
    about = config.description or f"{config.title}: briefs with their argument laid out."

    pages = _home_pages(config, views, about, newest, home_size or max(1, len(views)), most_cited) + [
        Page("about/", "about.html", "about", "About", f"How {config.title} reads a brief: the roles of its "
             "sections and how the analysis is made.", None),
        Page("policies/", "policies.html", "policies", "Policies",
             f"Every ruling, statute, program and practice cited in the briefs of {config.title}.", newest),
        Page("404.html", "404.html", "404", "Page not found", "There is no page at this address.", None),
        Page("search/", "search.html", "search", "Search", f"Search every claim, rebuttal, piece of evidence "
             f"and policy in the briefs of {config.title}.", None),
    ]
    for _, _, _, brief_pages in made:
        pages += brief_pages
    fresh_pages = {}
    for policy in policies:
        found = page_memo.get(id(policy)) if page_memo is not None else None
        if found is None or found[0] is not policy:
            found = (policy, _policy_pages(policy))
        fresh_pages[id(policy)] = found
        pages += found[1]
    if memo is not None:
        memo[_POLICIES] = policy_memo
        memo[_POLICY_PAGES] = fresh_pages
        memo[_REFS] = {policy_id: ref for policy_id, (ref, _) in refs.items()}
        memo[_WEIGHTS] = fresh_weights
    return Site(config, base_path, absolute, views, policies, groups, most_cited, tuple(pages), parsed)
