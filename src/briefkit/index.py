"""index: ``Site`` -> the search index as ``[OutputFile]``: postings split by term.

One record per section, per brief and per policy (``records``). Each language gets its
own index (its own pipeline: ``search_text.PIPELINES``). The browser (static/
search-engine.js) turns what it fetches into a lunr.js index and runs lunr's own query,
so results, order and scores are those of lunr.js over the single index lunr.py would
build from the same records (``tests/test_search_parity.py``).

Two things make that cheap to fetch and cheap to rebuild:

- **Chunks hold raw statistics, not weights.** A posting carries the term frequency and
  the field length; the manifest carries the record count and the total length of each
  field; the browser computes lunr's BM25 weight with lunr.py's formula, operation order
  and rounding. So a chunk's bytes depend only on the postings it holds: editing one
  brief rewrites the chunks holding that brief's terms, and nothing else. A term's
  number (lunr's ``_index``, which orders every vector sum) is where lunr.py's builder
  would first meet the term: (record, field, position), encoded in one integer
  (``term_order``), again local to the records holding the term.
- **Impact-ordered tiers.** A term's postings are sorted by impact (how much a record can
  score from it); the chunk holds the first ``HEAD_DOCS`` and, for the rest, the best
  of what they hold (fields, term frequencies, lengths that no other record of them
  beats), from which the browser bounds what any record not fetched yet can score. Later tiers are separate files, fetched only while a
  record outside them could still rank among the results asked for (the threshold
  algorithm: ``search-engine.js``).

Chunk boundaries are content-defined (a cut after a term whose hash meets a condition,
between a minimum and a maximum size), so they are a pure function of the current
postings and one edit moves few of them. ``SearchIndexer`` keeps per-record terms and
per-term postings between builds and rewrites only what an edit touches;
``index_files`` is the same thing cold. Files, under ``search/``:

    manifest.json          fields, boosts, per language its pipeline, record count,
                           field length totals and the first term of each chunk, the
                           role letters of keys, the brief slugs by number, the policy
                           group bits (below)
    <lang>/<n>.json        chunk n: {"terms": [[term, order, field postings, head, rest]]}
    <lang>/t/<h>.json      a tier of a term's postings, named by a hash of its bytes (the
                           chunk lists a term's tiers): {"p": postings, "b": bound}
    docs/<n>.json          brief n's documents (n base 36): {key: document} for the brief
                           ("B<n>") and each of its sections ("<role><n>.<s>"), in key
                           order; a document is a record's ref and what a result shows
                           (kind, role, label, url, title, text)
    docs/p/<g>.json        the same for the policies whose number >> POLICY_GROUP_BITS is g
                           (a results page fetches a file once for all the results it
                           holds; an edit to a brief rewrites its own docs file only)
    vocab/<lang>/<c>.json  the words starting with <c> and their frequency, for "Did you mean"

A posting is a key and what the record holds: each field its letter, ``<tf>x`` when the
term occurs more than once, and the field's length (``t23``, ``n2x9b9``). A term's postings
are written grouped by what they hold, keys in rank order with brief numbers as
differences (``encode_postings``): ``t23=r2s.7,c.9,e1.3 n2x9b9=B4``.
"""
from __future__ import annotations

import array
import bisect
import gc
import hashlib
import itertools
import json
import math
import operator
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

from . import search_text
from .assemble import Site
from .model import Registry
from .write import OutputFile, digest

# (field, boost): a policy's own name and a section naming it rank above passing mentions.
# (field, boost), with one-letter names because every posting repeats them: n name (a
# policy's name, aliases, citation; a brief's title), p the names of the policies a section
# cites, t text, a answers (a rebuttal also holds the text of the counterclaims it answers,
# so searching what the other side says finds the author's answer to it first), b the
# brief's title, w its author. A policy's own page and a section naming it rank above
# passing mentions.
FIELDS = (("n", 10), ("p", 5), ("t", 1), ("a", 3), ("b", 1), ("w", 1))
FIELD_NAMES = tuple(name for name, _ in FIELDS)
# Short lunr refs ("keys") keep postings small: a role letter, the brief's number and the
# section's (base 36): "r2s.7" is rebuttal §7 of brief 2s. The role filter reads the
# letter; docs/2s.json maps each key of brief 2s to its ref (<slug>/<section-id>) and what a
# result shows (``doc_file``).
ROLE_LETTERS = {"claim": "c", "counterclaim": "o", "rebuttal": "r", "evidence": "e", "background": "g",
                "brief": "B", "policy": "P"}
CHUNK_BYTES = 16_000  # most raw JSON per chunk (about 6 kB gzip); at least a quarter of it
CUT_EVERY = 16        # a chunk may end after a term whose crc32 is a multiple of this
HEAD_DOCS = 300       # records of a term in its chunk, the most impactful first
TIER_DOCS = 800       # records per later tier file (about 3-4 kB gzip)
K1, B = 1.2, 0.75
# Typical field lengths: they only order a term's records by impact (and so into tiers);
# the real averages, which change with every edit, are the browser's to use.
TYPICAL_LENGTHS = {"n": 6, "p": 6, "t": 25, "a": 40, "b": 8, "w": 3}
LUNR_VERSION = "2.3.9"
VENDOR = Path(__file__).resolve().parent / "vendor"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
# Browser files of the search: (name in the site, path under node_modules).
SCRIPTS = (("lunr.js", "lunr/lunr.js"),
           ("lunr.stemmer.support.js", "lunr-languages/lunr.stemmer.support.js"),
           ("lunr.es.js", "lunr-languages/lunr.es.js"))


class SearchError(Exception):
    """The browser side of search (lunr.js) cannot be found."""


class Record(NamedTuple):
    """One searchable thing: its lunr ref, language, indexed fields and what a result shows.
    (A named tuple, not a frozen dataclass: a warm rebuild makes 26,000 of them at 1,000
    briefs, and a tuple is made four times faster.)"""
    ref: str
    key: str
    lang: str
    fields: dict
    kind: str      # section | brief | policy
    role: str      # claim ... background, or brief / policy
    label: str
    url: str
    title: str     # the brief's title (sections, briefs) or the policy's name
    text: str


def _policy_words(policy_id: str, site_policies, registry: Registry) -> str:
    entry = registry.get(policy_id)
    view = site_policies.get(policy_id)
    words = [view.name if view else policy_id]
    if entry:
        words += list(entry.aliases)
    return " ".join(words)


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


POLICY_SLOTS = 1 << 20  # policy numbers: rank() puts policies after every brief, below 2^21
# Policies' documents are grouped by the top 5 bits of their number (a hash: the groups
# fill evenly), into at most 32 files: at 200 policies, 6 or so to a file of 300-700
# bytes gzip; a policy rarely changes, and a result showing one fetches its neighbours'
# few hundred bytes with it. Per 32 consecutive numbers would leave one policy to a file.
POLICY_GROUP_BITS = 15


def brief_numbers(site: Site, numbers: dict[str, int] | None = None) -> dict[str, int]:
    """Each brief's number in the search keys. ``numbers``: those already given (the id
    ledger's order of first appearance, ``Ledger.brief_numbers``); a brief without one
    comes after them, in the site's order. Without ``numbers``, the site's order."""
    found = dict(numbers or {})
    for brief in site.briefs:
        found.setdefault(brief.slug, len(found))
    return found


def policy_numbers(ids) -> dict[str, int]:
    """Each policy's number in the search keys: from a hash of its id (the next free slot
    after a collision, ids taken in sorted order), so that a policy cited for the first
    time does not renumber the others, and the chunks holding them stay as they were."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    for policy_id in sorted(ids):
        slot = zlib.crc32(policy_id.encode("utf-8")) % POLICY_SLOTS
        while slot in taken:
            slot = (slot + 1) % POLICY_SLOTS
        taken.add(slot)
        found[policy_id] = slot
    return found


# id(brief view) -> (view, its number, its sections' numbers as given, its records), made
# with the policy words in _RECORDS_WORDS: a server's builds keep an unchanged brief's view,
# and so its records (the very list: ``SearchIndexer`` skips a brief whose list it has seen).
_BRIEF_RECORDS: dict[int, tuple] = {}
_RECORDS_WORDS: list = [None]


def section_numbers(brief, given: dict[str, int] | None) -> list[int]:
    """The numbers of a brief's sections in the search keys: ``given`` (the id ledger's,
    ``Ledger.section_numbers``), or their places in the text without it, or when a
    number would not fit in the key (a brief edited into more than 4,095 ids)."""
    if given is not None:
        found = [given.get(section.link.id) for section in brief.sections]
        if None not in found and max(found, default=0) < 1 << 12:
            return found
    return [section.link.number for section in brief.sections]


def records(site: Site, registry: Registry, numbers: dict[str, int] | None = None,
            sections: dict[str, dict[str, int]] | None = None) -> list[Record]:
    """Every record, in key order (``rank``): briefs by ``brief_numbers(site, numbers)``,
    each followed by its sections by ``section_numbers`` (``sections``: brief -> section
    id -> number), then the policies by ``policy_numbers``."""
    return [record for group in record_groups(site, registry, numbers, sections) for record in group]


def record_groups(site: Site, registry: Registry, numbers: dict[str, int] | None = None,
                  sections: dict[str, dict[str, int]] | None = None) -> list[list[Record]]:
    """``records`` by brief (its own record and its sections'), then the policies' in one
    list. A brief's list is the one the last call made when the brief's view, its number
    and its sections' numbers are the same (do not change it)."""
    policies = {p.id: p for p in site.policies}
    words = {policy_id: _policy_words(policy_id, policies, registry) for policy_id in policies}

    def named(cited) -> str:
        out = []
        for policy in cited:
            found = words.get(policy.id)
            if found is None:
                found = words[policy.id] = _policy_words(policy.id, policies, registry)
            out.append(found)
        return " ".join(out)

    numbers = brief_numbers(site, numbers)
    signature = tuple(words.items())
    memo, fresh = _BRIEF_RECORDS, {}
    if _RECORDS_WORDS[0] != signature:  # a policy's words changed: every record may have
        memo = {}
        _RECORDS_WORDS[0] = signature
    found = []
    sections = sections or {}
    for brief in sorted(site.briefs, key=lambda brief: numbers[brief.slug]):
        known = memo.get(id(brief))
        slug = brief.slug
        given = sections.get(slug)
        # (the ledger's numbers compared whole: cheaper than a brief's ids looked up in them)
        if known is not None and known[0] is brief and known[1] == numbers[slug] and known[2] == given:
            fresh[id(brief)] = known
            found.append(known[3])
            continue
        lang = search_text.language(brief.lang)
        author = brief.author or ""
        title = brief.title
        number36 = base36(numbers[slug])
        made = [Record(
            slug, f"B{number36}", lang,
            {"n": title, "p": named(brief.policies), "t": brief.summary or "", "a": "", "b": "", "w": author},
            "brief", "brief", "Brief", brief.url, title, brief.summary or title)]
        for number, section in sorted(zip(section_numbers(brief, given), brief.sections), key=operator.itemgetter(0)):
            link = section.link
            text, kind = link.text, link.kind
            made.append(Record(
                f"{slug}/{link.id}", f"{ROLE_LETTERS.get(kind, 'g')}{number36}.{base36(number)}", lang,
                {"n": "", "p": named(section.policies), "t": text,
                 "a": " ".join(t.text for t in section.responds_to), "b": title, "w": author},
                "section", kind, link.label, link.anchor_url, title, text))
        fresh[id(brief)] = (brief, numbers[slug], given, made)
        found.append(made)
    _BRIEF_RECORDS.clear()
    _BRIEF_RECORDS.update(fresh)
    site_lang = search_text.language(site.config.lang)
    slots = policy_numbers(policy.id for policy in site.policies)
    of_policies = []
    for policy in sorted(site.policies, key=lambda policy: slots[policy.id]):
        name = " ".join(filter(None, (_policy_words(policy.id, policies, registry), policy.citation)))
        of_policies.append(Record(
            f"policies/{policy.id}", f"P{base36(slots[policy.id])}", site_lang,
            {"n": name, "p": "", "t": policy.summary or "", "a": "", "b": "", "w": ""},
            "policy", "policy", policy.kind_label, policy.url, policy.name, policy.summary or policy.name))
    found.append(of_policies)
    return found


# ---------------------------------------------------------------- one lunr index


@dataclass
class Built:
    """A lunr index as data: postings and vectors keyed the way lunr serialises them."""
    lang: str
    inverted: dict          # term -> {"_index": n, field: {ref: {}}}
    vectors: dict           # "field/ref" -> [(term index, score), ...] sorted by index
    pipeline: tuple

    def serialise(self) -> dict:
        """The lunr 2.3.9 JSON of the whole index."""
        vectors = [[ref, [x for pair in elements for x in pair]] for ref, elements in self.vectors.items()]
        return {"version": LUNR_VERSION, "fields": list(FIELD_NAMES), "fieldVectors": vectors,
                "invertedIndex": [[t, self.inverted[t]] for t in sorted(self.inverted)],
                "pipeline": list(self.pipeline)}


def build_index(recs: list[Record], lang: str, by: str = "key") -> Built:
    """The lunr index of ``recs``, as lunr.py's Builder makes it (same numbers, same order),
    with each record's ``key`` (or with ``by="ref"``, its ref) as the lunr ref. The site does
    not ship it: tests compare it with lunr.py's and with what the browser computes."""
    analyzer = search_text.Analyzer(lang)
    inverted: dict[str, dict] = {}
    frequencies: dict[str, Counter] = {}
    lengths: dict[str, int] = {}
    totals = dict.fromkeys(FIELD_NAMES, 0)
    for record in recs:
        ref = getattr(record, by)
        for field in FIELD_NAMES:
            terms = analyzer.terms(record.fields[field])
            field_ref = f"{field}/{ref}"
            frequencies[field_ref] = counts = Counter(terms)
            lengths[field_ref] = len(terms)
            totals[field] += len(terms)
            for term in counts:
                posting = inverted.get(term)
                if posting is None:
                    posting = {name: {} for name in FIELD_NAMES}
                    posting["_index"] = len(inverted)
                    inverted[term] = posting
                posting[field][ref] = {}
    count = len(recs)
    average = {field: totals[field] / count for field in FIELD_NAMES}
    boosts = dict(FIELDS)
    idf = {}
    for term, posting in inverted.items():
        with_term = sum(len(posting[field]) for field in FIELD_NAMES)
        idf[term] = (posting["_index"], math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5))))
    vectors = {}
    k1_plus_1 = K1 + 1
    for field_ref, counts in frequencies.items():
        if not counts:  # (an empty field everywhere has an average length of 0)
            vectors[field_ref] = []
            continue
        field = field_ref[:field_ref.index("/")]
        norm = K1 * (1 - B + B * (lengths[field_ref] / average[field]))
        boost = boosts[field]
        elements = []
        for term, tf in counts.items():
            number, term_idf = idf[term]
            score = term_idf * (k1_plus_1 * tf) / (norm + tf)
            score *= boost
            elements.append((number, round(score, 3)))
        elements.sort()
        vectors[field_ref] = elements
    return Built(lang, inverted, vectors, search_text.PIPELINES[lang])


# ---------------------------------------------------------------- postings, tiers, chunks

# A field's part of one record's terms: (length, (term, ...), (tf, ...)), terms in the order
# of first occurrence. (Two tuples, not one of pairs: a warm indexer keeps these for every
# record, a million pairs at 1,000 briefs.)
Analysed = tuple


def rank(key: str) -> tuple[int, int]:
    """Where lunr.py's builder meets a record: (brief number, 0 for the brief, else its
    section number); policies come after every brief. The browser sorts postings so."""
    if key[0] == "P":
        return (1 << 20) + int(key[1:], 36), 0
    brief, _, section = key[1:].partition(".")
    return int(brief, 36), int(section, 36) if section else 0


def rank_number(key: str) -> int:
    """``rank`` as one number (brief or policy < 2^21, section < 2^12), as the browser has it."""
    slot, section = rank(key)
    if slot >= 1 << 21 or section >= 1 << 12:
        raise SearchError(f"too many briefs or sections to number: {key}")
    return slot << 12 | section


def term_order(record: int, field: int, position: int) -> int:
    """lunr's term number, up to its order: a term is numbered where the builder first
    meets it, record by record (``rank_number``), field by field, in the order of first
    occurrence. (record < 2^33, field < 2^3, position < 2^17: under 2^53.)"""
    if position >= 1 << 17:
        raise SearchError(f"a field with more than {1 << 17} different words")
    return ((record << 3 | field) << 17) | position


# A record's part of a term's postings: ((field, tf, field length), ...) for the fields
# holding the term. Few distinct ones: their impact and text are memoised, and each is
# kept once, with its impact negated as postings hold it (``_spec``).
_SPECS: dict[tuple, tuple] = {}
_IMPACTS: dict[tuple, float] = {}
_TEXTS: dict[tuple, str] = {}


def _impact(spec: tuple) -> float:
    """How much a record can score from a term, up to its idf, at typical field lengths."""
    found = _IMPACTS.get(spec)
    if found is None:
        found = 0.0
        for field, tf, length in spec:
            name, boost = FIELDS[field]
            found += boost * tf / (tf + K1 * (1 - B + B * length / TYPICAL_LENGTHS[name]))
        _IMPACTS[spec] = found
    return found


def _spec(spec: tuple) -> tuple:
    """(the one copy of ``spec`` postings share, its impact negated)."""
    found = _SPECS.get(spec)
    if found is None:
        found = _SPECS[spec] = (spec, -_impact(spec))
    return found


def _spec_text(spec: tuple) -> str:
    found = _TEXTS.get(spec)
    if found is None:
        found = _TEXTS[spec] = "".join(FIELD_NAMES[field] + (f"{tf}x{length}" if tf > 1 else str(length))
                                       for field, tf, length in spec)
    return found


def _dominates(better: tuple, spec: tuple) -> bool:
    """Every field of ``spec`` is in ``better`` with as large a tf and as short a length."""
    for field, tf, length in spec:
        for other_field, other_tf, other_length in better:
            if other_field == field and other_tf >= tf and other_length <= length:
                break
        else:
            return False
    return True


def _best(specs) -> list[tuple]:
    """The specs no other one dominates, the most impactful first. A weight grows with tf
    and shrinks with length, so no record holding one of ``specs`` can score more than
    the best of these (``search-engine.js`` works it out)."""
    kept: list[tuple] = []
    for spec in sorted(specs, key=lambda spec: (-_impact(spec), spec)):
        if not any(_dominates(better, spec) for better in kept):
            kept.append(spec)
    return kept


def _bound(best: list[tuple]) -> list[str]:
    return sorted(_spec_text(spec) for spec in best)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=6).hexdigest()


# A key's parts for the postings text: (role letter, brief number, "." and the section's
# number, or "" for a brief's own record); a policy's key is kept whole (letter "P").
_KEY_PARTS: dict[str, tuple] = {}


def _key_parts(key: str) -> tuple:
    found = _KEY_PARTS.get(key)
    if found is None:
        if key[0] == "P":
            found = ("P", 0, key)
        else:
            brief, dot, section = key[1:].partition(".")
            found = (key[0], int(brief, 36), dot + section)
        found = _KEY_PARTS[key] = found
    return found


_DIGITS = [base36(number) for number in range(1296)]


def encode_postings(items) -> str:
    """The postings text of ranked postings (``make_posting``): grouped by what they hold
    (one spec text, ``=``, then the keys holding exactly that), groups by spec text, keys
    by rank, each key's brief number written as the difference from the key before it in
    its group (nothing when it is the same brief): ``t23=r2s.7,c.9,e1.3 n2x9b9=B4``
    (``r2s.7``, ``c2s.9``, ``e2t.3``; then ``B4``). Where the postings of one term go
    does not matter (the browser sorts them by rank), so this order is free to be the one
    gzip likes: at 5,000 briefs a tier file is a third smaller than listed by impact.

    ``items`` are in impact order (a run of ``ranked_postings``): the postings of one spec
    share an impact, so they come in rank order, mostly in one run."""
    return " ".join(sorted(_group_texts(items).values()))


def _group_texts(items) -> dict[tuple, str]:
    """``encode_postings``'s groups: spec -> its text (``t23=r2s.7,c.9,e1.3``)."""
    groups: dict[tuple, list] = {}
    spec = members = None
    for item in items:
        if item[3] is not spec:  # (specs are shared: ``_spec``)
            spec = item[3]
            members = groups.get(spec)
            if members is None:
                members = groups[spec] = []
        members.append(item[2])
    return {spec: (_TEXTS.get(spec) or _spec_text(spec)) + "=" + ",".join(_codes(members))
            for spec, members in groups.items()}


def _codes(keys) -> list[str]:
    """The codes of a group's keys, in rank order: each after the key before it (``_code``,
    inline: the build's second hottest loop)."""
    codes, before = [], 0
    key_parts, digits = _KEY_PARTS.get, _DIGITS
    for key in keys:
        letter, brief, rest = key_parts(key) or _key_parts(key)
        if letter == "P":
            codes.append(rest)
        elif brief == before:
            codes.append(letter + rest)
        else:
            step = brief - before
            codes.append(letter + (digits[step] if step < 1296 else base36(step)) + rest)
            before = brief
    return codes


def _code(key: str, before: int) -> tuple[str, int]:
    """A key's code in a group after a key of brief ``before`` (0: first in its group), as
    ``encode_postings`` writes it, and the ``before`` of the key after it."""
    letter, brief, rest = _KEY_PARTS.get(key) or _key_parts(key)
    if letter == "P":
        return rest, before
    if brief == before:
        return letter + rest, before
    step = brief - before
    return letter + (_DIGITS[step] if step < 1296 else base36(step)) + rest, brief


# A warm indexer's postings texts of a frequent term, kept by run (the postings of one
# impact) and spec: a run holds one spec, or a few whose impacts are equal (a text of 25
# words, a title of 8, an author of 3), interleaved in rank order. An edit moves or adds a
# posting or two, and every tier after it shifts by one: its postings text is made again
# from slices of the runs it overlaps rather than encoded again whole (the tiers of a term
# in every record, at 5,000 briefs, hold 130,000 postings).
_MEMO_FROM = 300  # postings: a term with fewer is encoded again whole (cheaper than keeping its runs)


def _spec_codes(ranked: list, start: int, end: int, spec: tuple) -> tuple:
    """The postings of ``spec`` in the run ``ranked[start:end]``: (their keys' codes joined
    by commas, each after the key before it; where each code starts; their ranks)."""
    items = [item for item in itertools.islice(ranked, start, end) if item[3] is spec]
    codes = _codes(map(_KEY, items))
    starts = array.array("I", itertools.accumulate((len(code) + 1 for code in codes[:-1]), initial=0))
    return ",".join(codes), starts, array.array("Q", map(_RECORD, items))


def _window_texts(ranked: list, windows: list[tuple[int, int]], runs: dict) -> list[tuple[str, set]]:
    """``encode_postings`` of ``ranked[start:end]`` for each window, and the specs each
    holds, from ``runs`` (a negated impact -> spec -> ``_spec_codes``: kept by the caller,
    who drops a spec's when a posting of it comes or goes). Windows come in order. (Each
    record has a rank of its own: ``rank_number`` numbers sections apart.)"""
    laid = []  # (start, end, {spec: codes} of each run)
    at, count = 0, len(ranked)
    while at < count:
        impact = ranked[at][0]
        kept = runs.get(impact)
        if kept is None:
            kept = runs[impact] = {}
        end = at + sum(len(codes[1]) for codes in kept.values())
        if end == at or end < count and ranked[end][0] == impact:  # a spec of the run not kept
            end = bisect.bisect_left(ranked, (impact, math.inf), at)
            for spec in {item[3] for item in itertools.islice(ranked, at, end)} - kept.keys():
                kept[spec] = _spec_codes(ranked, at, end, spec)
        laid.append((at, end, kept))
        at = end
    out = []
    first_run = 0
    for start, stop in windows:
        while laid[first_run][1] <= start:
            first_run += 1
        parts, specs = [], set()
        for run_start, run_end, kept in itertools.islice(laid, first_run, None):
            if run_start >= stop:
                break
            low, high = max(start, run_start), min(stop, run_end)
            for spec, (codes, starts, ranks) in kept.items():
                if len(kept) == 1:
                    begin, end = low - run_start, high - run_start
                else:  # where the window's first and last ranks fall among the spec's
                    begin = bisect.bisect_left(ranks, ranked[low][1])
                    end = bisect.bisect_left(ranks, ranked[high][1]) if high < run_end else len(ranks)
                    if begin == end:
                        continue
                # the first code is after no key; the others after the key before them, as kept
                rest = codes[starts[begin + 1] - 1:starts[end] - 1 if end < len(starts) else None] \
                    if end - begin > 1 else ""
                first = low if len(kept) == 1 else \
                    bisect.bisect_left(ranked, (ranked[run_start][0], ranks[begin]), run_start, run_end)
                parts.append((_TEXTS.get(spec) or _spec_text(spec)) + "=" + _code(ranked[first][2], 0)[0] + rest)
                specs.add(spec)
        parts.sort()
        out.append((" ".join(parts), specs))
    return out


@dataclass(frozen=True)
class TermEntry:
    """A term's part of a chunk (``json``: its JSON text) and its tier files."""
    json: str
    tiers: tuple          # ((path, bytes), ...)


def term_entry(lang: str, term: str, ranked: list, runs: dict | None = None,
               counts: list | None = None) -> TermEntry:
    """``ranked``: the term's postings, sorted (``ranked_postings``), each a
    ``make_posting(spec, rank, key, order)``: ``spec`` the record's ((field, tf, field
    length), ...), ``rank`` the record's place (``rank_number``), ``order`` the term's
    number were lunr.py's builder first to meet it in this record. Tier files are
    named by a hash of what they hold: two terms that always occur together ("temporary"
    and "protected") share their tier files, and a browser fetches them once.
    ``runs``: the term's runs as a warm indexer keeps them (``_window_texts``), or None.
    ``counts``: [order, with_term] of the term when the caller keeps them up to date
    (``order`` None: not known), else they are counted here; either way the list is
    filled in."""
    counts = counts if counts is not None else [None, None]
    if counts[0] is None:
        counts[0] = min(map(_ORDER, ranked))
    if counts[1] is None:
        counts[1] = sum(map(len, map(_SPEC, ranked)))
    order, with_term = counts
    windows = [(0, min(HEAD_DOCS, len(ranked)))]  # the head, then the tiers
    windows += [(start, min(start + TIER_DOCS, len(ranked))) for start in range(HEAD_DOCS, len(ranked), TIER_DOCS)]
    if runs is None:
        laid = []
        for start, end in windows:
            items = ranked[start:end]
            laid.append((encode_postings(items), {item[3] for item in items}))
    else:
        laid = _window_texts(ranked, windows, runs)
    (head, _), tiers = laid[0], laid[1:]
    # what the records after each tier hold at best, from the last tier back
    best: list[tuple] = []
    bounds = []
    for _, specs in reversed(tiers):
        bounds.append(_bound(best) if best else 0)
        best = _best(set(best) | specs)
    bounds.reverse()
    files, names = [], []
    for (postings, _), bound in zip(tiers, bounds):
        data = _json({"p": postings, "b": bound})
        name = content_hash(data)
        names.append(name)
        files.append((f"search/{lang}/t/{name}.json", data))
    rest = len(ranked) - windows[0][1]
    tail = [names, rest, _bound(best)] if rest else 0
    text = json.dumps([term, order, with_term, head, tail], ensure_ascii=False, separators=(",", ":"))
    return TermEntry(text, tuple(files))


_IMPACT, _RECORD, _KEY, _SPEC, _ORDER = map(operator.itemgetter, range(5))  # a posting's parts


def make_posting(spec: tuple, record: int, key: str, order: int) -> tuple:
    """A record's posting for a term: (-impact, rank, key, spec, order). Sorted, postings
    are in impact order (then in lunr.py's); a term's ranked list holds the very tuples
    its postings dict does, and the impacts are shared floats: at 1,000 briefs a warm
    indexer keeps over a million postings, and a second tuple and a float for each cost
    about 110 MB."""
    spec, impact = _spec(spec)
    return impact, record, key, spec, order


def ranked_postings(postings: dict) -> list[tuple]:
    """A term's postings, the most impactful first (then in lunr.py's order)."""
    return sorted(postings.values())


def chunk_cuts(terms: list[str], sizes: list[int], most: int) -> list[int]:
    """Where chunks start: after a term whose crc32 is a multiple of CUT_EVERY once a chunk
    holds a quarter of ``most`` bytes, or before a term that would take it past ``most``.
    A pure function of the terms and their sizes, and local: a changed size moves cuts
    only up to the next cut made by the hash."""
    starts, size, least = [0], 0, most // 4
    for number, (term, cost) in enumerate(zip(terms, sizes)):
        if size and size + cost > most:
            starts.append(number)
            size = 0
        size += cost
        if size >= least and zlib.crc32(term.encode("utf-8")) % CUT_EVERY == 0 and number + 1 < len(terms):
            starts.append(number + 1)
            size = 0
    return starts


# ---------------------------------------------------------------- files


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")


def browser_scripts() -> list[OutputFile]:
    """lunr.js and lunr-languages, from node_modules in a checkout or from the wheel's copy."""
    files = []
    for name, path in SCRIPTS:
        for candidate in (NODE_MODULES / path, VENDOR / name):
            if candidate.is_file():
                files.append(OutputFile(f"static/{name}", candidate.read_bytes()))
                break
        else:
            raise SearchError(f"search needs {path} and found neither node_modules/{path} nor "
                              f"{VENDOR / name}: run `npm ci` (scripts/setup) in the checkout")
    return files


def doc_group(key: str) -> str:
    """The name of the documents file holding a key's document: a brief's number (base 36)
    for the brief's record and its sections' (``"2s"`` for ``B2s`` and ``r2s.7``), or
    ``p/<g>`` for a policy's, ``g`` its number's top bits (``POLICY_GROUP_BITS``)."""
    if key[0] == "P":
        return "p/" + base36(int(key[1:], 36) >> POLICY_GROUP_BITS)
    return key[1:].partition(".")[0]


def doc_file(key: str) -> str:
    """Where a result's document is: in its brief's file (or its policy group's), fetched
    once for all the results it holds."""
    return f"search/docs/{doc_group(key)}.json"


def _docs_file(group: str, members: list[Record]) -> OutputFile:
    """The documents of one group, by key in key order: each its ref and what a result shows."""
    data = _json({record.key: {"ref": record.ref, "kind": record.kind, "role": record.role,
                               "label": record.label, "url": record.url, "title": record.title,
                               "text": record.text}
                  for record in members})
    # keyed by its bytes: a build keeps it unread (and rewrites it exactly when they change)
    return OutputFile(f"search/docs/{group}.json", data, digest(data))


def record_postings(key: str, analysed: Analysed) -> dict[str, tuple]:
    """A record's postings by term (``make_posting``), from its analysed fields. (The
    build's hottest loop, 600,000 postings at 1,000 briefs: ``term_order`` and
    ``make_posting`` are worked out inline.)"""
    specs: dict[str, tuple] = {}
    orders: dict[str, int] = {}
    record = rank_number(key)
    for field, (length, terms, tfs) in enumerate(analysed):
        if not terms:
            continue
        # A term first met here: this, its position in the low bits. (Joined by "|", not
        # "+": CPython's sum keeps a digit more allocated, 2 MB more at 1,000 briefs.)
        start = term_order(record, field, 0)
        for position, (term, tf) in enumerate(zip(terms, tfs)):
            found = specs.get(term)
            if found is None:
                specs[term] = ((field, tf, length),)
                orders[term] = start | position
            else:  # a term in two fields of the record (few)
                specs[term] = found + ((field, tf, length),)
        if len(terms) > 1 << 17:  # past term_order's room: it raises if a term first met here is
            for position, term in enumerate(terms):
                if orders[term] == start | position:
                    term_order(record, field, position)
    made = {}
    known = _SPECS.get
    for term, spec in specs.items():
        spec, impact = known(spec) or _spec(spec)
        made[term] = (impact, record, key, spec, orders[term])
    return made


def _vocabulary_words(text: str) -> Counter:
    return Counter(filter(None, map(_vocabulary_word, search_text.tokenize(text))))


class _Language:
    """One language's index, kept up to date record by record."""

    def __init__(self, lang: str):
        self.lang = lang
        self.analyzer = search_text.Analyzer(lang)
        self.fields: dict[tuple, Analysed] = {}       # field texts -> their terms (memo)
        self.words: dict[str, Counter] = {}            # a field's text -> vocabulary words (memo)
        self.records: dict[str, tuple] = {}            # key -> (field texts, analysed)
        self.groups: dict[int, list] = {}              # id -> a list of records of the last update
        self.postings: dict[str, dict] = {}            # term -> {key: ((field, tf, length, position), ...)}
        self.entries: dict[str, TermEntry] = {}
        self.ranked: dict[str, list] = {}              # term -> ranked_postings, kept sorted
        # term -> [its lowest order, the fields holding it over all records], kept up to date
        # through edits: counting them again over 27,000 postings of a frequent term cost
        # a tenth of a warm rebuild
        self.counts: dict[str, list] = {}
        self.totals = [0] * len(FIELD_NAMES)
        self.vocabulary: Counter = Counter()
        self.runs: dict[str, dict] = {}                # term -> its runs, of a frequent term (``_window_texts``)

    def analyse(self, texts: tuple) -> Analysed:
        """``analysed(texts)``, remembered by the texts (a warm indexer's)."""
        found = self.fields.get(texts)
        if found is None:
            found = self.fields[texts] = self.analysed(texts)
        return found

    def analysed(self, texts: tuple) -> Analysed:
        """A record's fields as ``Analysed``: each field's length, terms and their counts."""
        return tuple(self.analysed_field(text)[0] for text in texts)

    def analysed_field(self, text: str) -> tuple[tuple, list[str]]:
        """A field's part of ``Analysed``, and the raw tokens of its text (``tokenize``)."""
        tokens = search_text.tokenize(text)
        terms = self.analyzer.terms_of_tokens(tokens)
        counts: dict[str, int] = {}  # (a Counter costs more than counting a field's words)
        get = counts.get
        for term in terms:
            counts[term] = get(term, 0) + 1
        return (len(terms), tuple(counts), tuple(counts.values())), tokens

    def vocabulary_of(self, text: str) -> Counter:
        """The words "Did you mean" may offer, from the text of a name, text or policy field."""
        words = self.words.get(text)
        if words is None:
            words = self.words[text] = _vocabulary_words(text)
        return words

    def update(self, groups: list[list[Record]]) -> None:
        """Make the postings those of the records of ``groups``, touching only records that
        changed. A group the last update had (the very list: ``record_groups`` keeps an
        unchanged brief's) holds the same records: only the others' are compared, not the
        130,000 records of 5,000 briefs."""
        texts_of = operator.itemgetter(*FIELD_NAMES)
        seen, self.groups = self.groups, {id(group): group for group in groups}
        current = {record.key: texts_of(record.fields)
                   for group in groups if id(group) not in seen for record in group}
        gone = [record.key for number, group in seen.items() if number not in self.groups for record in group]
        before: dict[tuple[str, str], tuple] = {}    # (term, key) -> posting, of records changed
        for key in [key for key in gone if current.get(key) != self.records[key][0]]:
            texts, analysed = self.records.pop(key)
            for term, posting in self._change(key, texts, analysed, -1).items():
                before[term, key] = posting
        cold = not self.records
        after: dict[tuple[str, str], tuple] = {}
        for key, texts in current.items():
            if key not in self.records:
                analysed = self.analyse(texts)
                self.records[key] = (texts, analysed)
                changed = self._change(key, texts, analysed, 1)
                if not cold:
                    for term, posting in changed.items():
                        after[term, key] = posting
        # a term is laid out again only if one of its postings changed; a changed record's
        # postings that did not (its title's words, its author's) stay where they are
        moved = [pair for pair in before.keys() | after.keys() if before.get(pair) != after.get(pair)]
        dirty = set(self.postings) if cold else {term for term, _ in moved}
        for (term, key), posting in before.items():
            if after.get((term, key)) == posting:  # the very tuple the ranked list holds (``make_posting``)
                self.postings[term][key] = posting
        if len(self.fields) > 2 * len(self.records) + 100:      # forget the texts of records long gone
            kept = {texts for texts, _ in self.records.values()}
            self.fields = {texts: found for texts, found in self.fields.items() if texts in kept}
            texts = {texts[field] for texts in kept for field in VOCABULARY_FIELDS}
            self.words = {text: found for text, found in self.words.items() if text in texts}
        if cold:  # (every record is new: what was kept of the postings before is not theirs)
            self.ranked = {term: ranked_postings(postings) for term, postings in self.postings.items()}
            self.counts, self.runs = {}, {}
        else:
            counts = self.counts
            for term, posting in [(pair[0], before[pair]) for pair in moved if pair in before]:
                ranked = self.ranked[term]
                del ranked[bisect.bisect_left(ranked, posting)]
                self._forget_run(term, posting)
                found = counts.get(term)
                if found is not None:
                    found[1] -= len(posting[3])
                    if posting[4] == found[0]:  # the lowest order went: count it again
                        found[0] = None
            for term, posting in [(pair[0], after[pair]) for pair in moved if pair in after]:
                bisect.insort(self.ranked.setdefault(term, []), posting)
                self._forget_run(term, posting)
                found = counts.get(term)
                if found is not None:
                    found[1] += len(posting[3])
                    if found[0] is not None and posting[4] < found[0]:
                        found[0] = posting[4]
        for term in dirty:
            postings = self.postings.get(term)
            if postings:
                counts = self.counts.get(term)
                if counts is None:
                    counts = self.counts[term] = [None, None]
                ranked = self.ranked[term]
                runs = None
                if len(ranked) >= _MEMO_FROM:
                    runs = self.runs.setdefault(term, {})
                else:
                    self.runs.pop(term, None)
                self.entries[term] = term_entry(self.lang, term, ranked, runs, counts)
            else:
                self.postings.pop(term, None)
                self.entries.pop(term, None)
                self.ranked.pop(term, None)
                self.counts.pop(term, None)
                self.runs.pop(term, None)

    def _forget_run(self, term: str, posting: tuple) -> None:
        """Drop the kept codes of the postings of ``posting``'s spec in its run (it came or went)."""
        runs = self.runs.get(term)
        if runs is not None:
            kept = runs.get(posting[0])
            if kept is not None:
                kept.pop(posting[3], None)

    def _change(self, key: str, texts: tuple, analysed: Analysed, sign: int) -> dict[str, tuple]:
        """Add (sign 1) or remove (-1) a record's postings and words; returns its postings by term."""
        postings = self.postings
        changed = {}
        if sign > 0:
            changed = record_postings(key, analysed)
            for term, posting in changed.items():
                found = postings.get(term)
                if found is None:
                    postings[term] = {key: posting}
                else:
                    found[key] = posting
        else:
            for _, terms, _ in analysed:
                for term in terms:
                    if term not in changed:
                        changed[term] = postings[term].pop(key)
        self._count(texts, analysed, sign)
        return changed

    def _count(self, texts: tuple, analysed: Analysed, sign: int) -> None:
        """Add (sign 1) or remove (-1) a record's field lengths and vocabulary words."""
        for field, (length, _, _) in enumerate(analysed):
            self.totals[field] += sign * length
        vocabulary = self.vocabulary
        for field in VOCABULARY_FIELDS:
            words = self.vocabulary_of(texts[field])
            if sign > 0:
                vocabulary.update(words)
            else:
                vocabulary.subtract(words)
                for word in words:
                    if vocabulary[word] <= 0:
                        del vocabulary[word]

    def build_once(self, groups: list[list[Record]]) -> None:
        """What ``update`` does on a new language, for a build that will not update it
        again (``python build.py``): no record's terms are kept, and each term's postings
        are one sorted list, not a dict besides; a fifth less memory at 1,000 briefs.

        A text is analysed once per brief: each of its sections repeats its title and
        author, and most of their other fields are empty. (Kept for the brief at hand
        only, from its own record to its last section's: not every text's terms.) The
        vocabulary is counted by raw token, and its words made of the distinct tokens
        at the end (far fewer than the 770,000 tokens of 1,000 briefs).

        Records come in rank order (``record_groups``), so each term's list does: its first
        posting holds the term's lowest order, and sorting by impact alone, which keeps
        the rank order of equal impacts, ranks it (``ranked_postings``), twice as fast
        as comparing whole postings."""
        texts_of = operator.itemgetter(*FIELD_NAMES)
        lists: dict[str, list] = {}
        totals = self.totals
        tokens_seen: Counter = Counter()
        memo: dict[str, tuple] = {}
        for record in itertools.chain.from_iterable(groups):
            if record.kind != "section":
                memo.clear()
            analysed = []
            for field, text in enumerate(texts_of(record.fields)):
                found = memo.get(text)
                if found is None:
                    found = memo[text] = self.analysed_field(text)
                part, tokens = found
                analysed.append(part)
                totals[field] += part[0]
                if tokens and field in VOCABULARY_FIELDS:
                    tokens_seen.update(tokens)
            for term, posting in record_postings(record.key, analysed).items():
                found = lists.get(term)
                if found is None:
                    lists[term] = [posting]
                else:
                    found.append(posting)
        vocabulary = self.vocabulary
        for raw, count in tokens_seen.items():
            word = _vocabulary_word(raw)
            if word:
                vocabulary[word] += count
        for term in list(lists):
            ranked = lists.pop(term)  # each term's postings go once its entry is made
            order = ranked[0][4]
            ranked.sort(key=_IMPACT)
            self.entries[term] = term_entry(self.lang, term, ranked, counts=[order, None])

    def files(self, chunk_bytes: int) -> tuple[list[OutputFile], list[str]]:
        """The chunks, tier and vocabulary files, and the first term of each chunk."""
        terms = sorted(self.entries)
        entries = [self.entries[term] for term in terms]
        files, starts = chunk_files(self.lang, terms, [entry.json for entry in entries], chunk_bytes)
        tiers = {}  # by name: terms that always occur together share their tier files
        for entry in entries:
            tiers.update(entry.tiers)
        # keyed by their name, which is a hash of their bytes: a build keeps them unread
        files += [OutputFile(path, data, path) for path, data in tiers.items()]
        files += vocabulary_files(self.lang, self.vocabulary)
        return files, starts


def chunk_files(lang: str, terms: list[str], texts: list[str], chunk_bytes: int) -> tuple[list[OutputFile], list[str]]:
    """The chunk files of a language's terms (sorted) from their entries' JSON texts, and
    the first term of each chunk."""
    starts = chunk_cuts(terms, [len(text) for text in texts], chunk_bytes)
    files = []
    for number, (start, end) in enumerate(zip(starts, starts[1:] + [len(terms)])):
        text = '{"terms":[' + ",".join(texts[start:end]) + "]}"
        files.append(OutputFile(f"search/{lang}/{number}.json", text.encode("utf-8")))
    return files, [terms[start] for start in starts] if terms else []


def vocabulary_files(lang: str, vocabulary: Counter) -> list[OutputFile]:
    """The "Did you mean" files of a language: its words and their counts, by first letter."""
    groups: dict[str, dict] = defaultdict(dict)
    for word, count in sorted(vocabulary.items()):
        groups[word[0]][word] = count
    return [OutputFile(f"search/vocab/{lang}/{_letter_file(letter)}.json", _json(words))
            for letter, words in sorted(groups.items())]


class SearchIndexer:
    """The search index files of a site, kept between builds (a warm ``build.py serve``):
    per-record terms and per-term postings are memoised, so after an edit only the
    records that changed are analysed again and only the terms they hold are laid out
    again. ``files`` returns exactly what a cold ``index_files`` returns.

    ``keep=False``: for one build only (``python build.py``): nothing is kept for a next
    build, and the index is made without the memos an update needs (``build_once``)."""

    def __init__(self, chunk_bytes: int = CHUNK_BYTES, keep: bool = True):
        self.chunk_bytes = chunk_bytes
        self.keep = keep
        self.languages: dict[str, _Language] = {}
        self.docs: dict[str, tuple] = {}  # docs file -> (its records, the file)

    def files(self, site: Site, registry: Registry, numbers: dict[str, int] | None = None,
              sections: dict[str, dict[str, int]] | None = None) -> list[OutputFile]:
        """``numbers``: the briefs' numbers in the keys (``brief_numbers``); ``sections``:
        their sections' (``section_numbers``)."""
        return list(self.iter_files(site, registry, numbers, sections))

    def iter_files(self, site: Site, registry: Registry, numbers: dict[str, int] | None = None,
                   sections: dict[str, dict[str, int]] | None = None) -> Iterator[OutputFile]:
        """``files``, the documents files made as they are taken (a build writes each at
        once: the documents of 1,000 briefs, 9 MB, need not be held together). A warm
        indexer makes again only the documents files whose records show something new."""
        # Millions of small containers and no cycles: the cyclic garbage collector would
        # rescan them again and again (a third of the time at 1,000 briefs), so it waits.
        enabled = gc.isenabled()
        gc.disable()
        try:
            files, groups = self._index_files(site, registry, numbers, sections)
        finally:
            if enabled:
                gc.enable()
        yield from files
        docs = {}
        for group, members in _docs_groups(groups):
            found = self.docs.get(group)
            # the same list of records (an unchanged brief's, ``record_groups``), or records
            # showing what the last ones showed, have the same file
            if found is None or (found[0] is not members and _shown(found[0]) != _shown(members)):
                found = (members, _docs_file(group, members))
            elif found[0] is not members:
                found = (members, found[1])
            if self.keep:
                docs[group] = found
            yield found[1]
        self.docs = docs

    def _index_files(self, site: Site, registry: Registry, numbers: dict[str, int] | None,
                     sections: dict[str, dict[str, int]] | None) -> tuple[list[OutputFile], list[list[Record]]]:
        """The index's files (and the browser's scripts), and the records to make documents
        of (``record_groups``)."""
        numbers = brief_numbers(site, numbers)
        groups = record_groups(site, registry, numbers, sections)
        by_lang: dict[str, list[list[Record]]] = defaultdict(list)
        for group in groups:
            if group:  # (a group's records share a language: a brief's, or the site's for policies)
                by_lang[group[0].lang].append(group)
        for lang in [lang for lang in self.languages if lang not in by_lang]:
            del self.languages[lang]
        files: list[OutputFile] = []
        manifest = manifest_of(site, numbers)
        for lang in sorted(by_lang):
            if not self.keep:
                language = _Language(lang)
                language.build_once(by_lang[lang])
            else:
                language = self.languages.get(lang)
                if language is None:
                    language = self.languages[lang] = _Language(lang)
                language.update(by_lang[lang])
            found, starts = language.files(self.chunk_bytes)
            files += found
            manifest["languages"][lang] = language_manifest(lang, sum(map(len, by_lang[lang])), language.totals, starts)
        files.append(OutputFile("search/manifest.json", _json(manifest)))
        return files + browser_scripts(), groups


def manifest_of(site: Site, numbers: dict[str, int]) -> dict:
    """``search/manifest.json`` but its languages (``language_manifest``)."""
    return {"version": 3, "fields": list(FIELD_NAMES), "boosts": [boost for _, boost in FIELDS],
            "languages": {}, "roles": {letter: role for role, letter in ROLE_LETTERS.items()},
            "briefs": _by_number(numbers, {brief.slug for brief in site.briefs}),
            "policyGroupBits": POLICY_GROUP_BITS}


def language_manifest(lang: str, count: int, totals: list[int], starts: list[str]) -> dict:
    """A language's part of the manifest: its pipeline, record count, field length totals
    and the first term of each chunk."""
    return {"pipeline": list(search_text.PIPELINES[lang]), "count": count, "lengths": list(totals), "chunks": starts}


def _docs_groups(groups: list[list[Record]]) -> Iterator[tuple[str, list[Record]]]:
    """Each documents file's name (``doc_group``) and records, from ``record_groups``: a
    brief's records are its file's; the policies' are split among theirs."""
    for group in groups:
        if group and group[0].kind == "brief":
            yield doc_group(group[0].key), group
        else:
            files: dict[str, list[Record]] = defaultdict(list)
            for record in group:
                files[doc_group(record.key)].append(record)
            yield from files.items()


def _shown(members: list[Record]) -> list[tuple]:
    """What a documents file shows of its records: all but their language and fields."""
    return [record[:2] + record[4:] for record in members]


def _by_number(numbers: dict[str, int], live: set[str]) -> list[str | None]:
    """The slugs of the site's briefs at their numbers (null for a number no brief holds now)."""
    shown = {number: slug for slug, number in numbers.items() if slug in live}
    return [shown.get(number) for number in range(max(shown) + 1)] if shown else []


def index_files(site: Site, registry: Registry, chunk_bytes: int = CHUNK_BYTES,
                numbers: dict[str, int] | None = None,
                sections: dict[str, dict[str, int]] | None = None) -> list[OutputFile]:
    """The search index files, cold (``SearchIndexer`` keeps them warm between builds)."""
    return SearchIndexer(chunk_bytes, keep=False).files(site, registry, numbers, sections)


VOCABULARY_FIELDS = tuple(FIELD_NAMES.index(field) for field in ("n", "t", "p"))
_WORDS: dict[str, str] = {}


def _vocabulary_word(raw: str) -> str:
    """A raw token as "Did you mean" knows it ('' when it offers no such word)."""
    found = _WORDS.get(raw)
    if found is None:
        words = search_text.trim(raw)[:1]
        found = _WORDS[raw] = words[0] if words and len(words[0]) > 2 and not words[0][0].isdigit() else ""
    return found


def _letter_file(letter: str) -> str:
    return letter if letter.isascii() and letter.isalnum() else f"u{ord(letter):04x}"
