"""index: ``Site`` -> the search index as ``[OutputFile]``: lunr indexes split by term.

One record per section, per brief and per policy (``records``). Each language gets
its own lunr index (its own pipeline: ``search_text.PIPELINES``), assembled here
rather than by lunr.py's ``Builder`` (which is ten times slower at 1,000 briefs) but
with the same arithmetic: ``build_index`` serialises to exactly what lunr.py's
builder serialises (``tests/test_search_index.py`` compares them).

The index is then split by term into chunks, each a valid lunr index holding the
postings of a run of sorted terms and every document vector restricted to those terms.
Term numbers (``_index``) stay global, so a query's dot products and magnitudes are
the single index's, and ``static/search.js`` merges the chunks a query needs into
exactly the single index's ranking. Files, under ``search/``:

    manifest.json          fields, pipelines, per language the first term of each chunk,
                           the role letters of keys, the brief slugs by number
    <lang>/<n>.json        chunk n: a serialised lunr 2.3.9 index
    docs/<key>.json        one per record: its ref and what a result shows (role, label,
                           url, title, text)
    vocab/<lang>/<c>.json  the words starting with <c> and their frequency, for "Did you mean"
"""
from __future__ import annotations

import gc
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import search_text
from .assemble import Site
from .model import Registry
from .write import OutputFile

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
# letter; docs/<...>.json maps a key to its ref (<slug>/<section-id>) and what a result shows.
ROLE_LETTERS = {"claim": "c", "counterclaim": "o", "rebuttal": "r", "evidence": "e", "background": "g",
                "brief": "B", "policy": "P"}
CHUNK_BYTES = 60_000  # raw JSON per chunk, about 12-20 kB gzip
K1, B = 1.2, 0.75
LUNR_VERSION = "2.3.9"
VENDOR = Path(__file__).resolve().parent / "vendor"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
# Browser files of the search: (name in the site, path under node_modules).
SCRIPTS = (("lunr.js", "lunr/lunr.js"),
           ("lunr.stemmer.support.js", "lunr-languages/lunr.stemmer.support.js"),
           ("lunr.es.js", "lunr-languages/lunr.es.js"))


class SearchError(Exception):
    """The browser side of search (lunr.js) cannot be found."""


@dataclass(frozen=True)
class Record:
    """One searchable thing: its lunr ref, language, indexed fields and what a result shows."""
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


def records(site: Site, registry: Registry) -> list[Record]:
    policies = {p.id: p for p in site.policies}
    found = []
    for number, brief in enumerate(site.briefs):
        lang = search_text.language(brief.lang)
        author = brief.author or ""
        found.append(Record(
            brief.slug, f"B{base36(number)}", lang,
            {"n": brief.title, "p": " ".join(_policy_words(p.id, policies, registry) for p in brief.policies),
             "t": brief.summary or "", "a": "", "b": "", "w": author},
            "brief", "brief", "Brief", brief.url, brief.title, brief.summary or brief.title))
        for section in brief.sections:
            found.append(Record(
                f"{brief.slug}/{section.id}",
                f"{ROLE_LETTERS.get(section.kind, 'g')}{base36(number)}.{base36(section.number)}", lang,
                {"n": "", "p": " ".join(_policy_words(p.id, policies, registry) for p in section.policies),
                 "t": section.link.text, "a": " ".join(t.text for t in section.responds_to),
                 "b": brief.title, "w": author},
                "section", section.kind, section.label, section.anchor_url, brief.title, section.link.text))
    site_lang = search_text.language(site.config.lang)
    for number, policy in enumerate(site.policies):
        name = " ".join(filter(None, (_policy_words(policy.id, policies, registry), policy.citation)))
        found.append(Record(
            f"policies/{policy.id}", f"P{base36(number)}", site_lang,
            {"n": name, "p": "", "t": policy.summary or "", "a": "", "b": "", "w": ""},
            "policy", "policy", policy.kind_label, policy.url, policy.name, policy.summary or policy.name))
    return found


# ---------------------------------------------------------------- one lunr index


@dataclass
class Built:
    """A lunr index as data: postings and vectors keyed the way lunr serialises them."""
    lang: str
    inverted: dict          # term -> {"_index": n, field: {ref: {}}}
    vectors: dict           # "field/ref" -> [(term index, score), ...] sorted by index
    pipeline: tuple

    @cached_property
    def by_term(self) -> dict[int, list]:
        """Term index -> [(field ref, score), ...]: the vectors turned around, for chunks."""
        found: dict[int, list] = defaultdict(list)
        for field_ref, elements in self.vectors.items():
            for number, score in elements:
                found[number].append((field_ref, score))
        return found

    def serialise(self, terms=None) -> dict:
        """The lunr 2.3.9 JSON of the whole index, or of the chunk holding only ``terms``."""
        if terms is None:
            terms = sorted(self.inverted)
            vectors = [[ref, [x for pair in elements for x in pair]] for ref, elements in self.vectors.items()]
        else:
            pieces: dict[str, list] = {}
            for term in terms:
                number = self.inverted[term]["_index"]
                for field_ref, score in self.by_term[number]:
                    found = pieces.get(field_ref)
                    if found is None:
                        pieces[field_ref] = [number, score]
                    else:
                        found += (number, score)
            vectors = [[field_ref, flat if len(flat) == 2 else _sorted_pairs(flat)]
                       for field_ref, flat in pieces.items()]
        return {"version": LUNR_VERSION, "fields": list(FIELD_NAMES), "fieldVectors": vectors,
                "invertedIndex": [[t, self.inverted[t]] for t in terms], "pipeline": list(self.pipeline)}


def _sorted_pairs(flat: list) -> list:
    """[i, x, j, y, ...] sorted by i (a lunr vector's elements)."""
    pairs = sorted(zip(flat[::2], flat[1::2]))
    return [x for pair in pairs for x in pair]


def build_index(recs: list[Record], lang: str, by: str = "key") -> Built:
    """The lunr index of ``recs``, as lunr.py's Builder makes it (same numbers, same order),
    with each record's ``key`` (or with ``by="ref"``, its ref) as the lunr ref."""
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


def chunk_terms(built: Built, limit: int = CHUNK_BYTES) -> list[list[str]]:
    """Sorted terms cut into runs of about ``limit`` bytes of chunk JSON (a term is never split)."""
    chunks, current, size = [], [], 0
    for term in sorted(built.inverted):
        posting = built.inverted[term]
        refs = sum(len(ref) * 2 + 30 for f in FIELD_NAMES for ref in posting[f])
        cost = len(term) + 80 + refs
        if current and size + cost > limit:
            chunks.append(current)
            current, size = [], 0
        current.append(term)
        size += cost
    if current:
        chunks.append(current)
    return chunks


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


def doc_file(key: str) -> str:
    """Where a result's document is: one small file per key, fetched for the results shown."""
    return f"search/docs/{key}.json"


def index_files(site: Site, registry: Registry, chunk_bytes: int = CHUNK_BYTES) -> list[OutputFile]:
    # Millions of small containers and no cycles: the cyclic garbage collector would
    # rescan them again and again (a third of the time at 1,000 briefs), so it waits.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _index_files(site, registry, chunk_bytes)
    finally:
        if enabled:
            gc.enable()


def _index_files(site: Site, registry: Registry, chunk_bytes: int) -> list[OutputFile]:
    recs = records(site, registry)
    by_lang: dict[str, list[Record]] = defaultdict(list)
    for record in recs:
        by_lang[record.lang].append(record)
    files: list[OutputFile] = []
    manifest = {"version": 1, "fields": list(FIELD_NAMES), "languages": {},
                "roles": {letter: role for role, letter in ROLE_LETTERS.items()},
                "briefs": [brief.slug for brief in site.briefs]}
    for lang in sorted(by_lang):
        built = build_index(by_lang[lang], lang)
        chunks = chunk_terms(built, chunk_bytes)
        manifest["languages"][lang] = {"pipeline": list(built.pipeline),
                                       "chunks": [terms[0] for terms in chunks]}
        for number, terms in enumerate(chunks):
            files.append(OutputFile(f"search/{lang}/{number}.json", _json(built.serialise(terms))))
        files += _vocabulary(by_lang[lang], lang)
    for record in recs:
        files.append(OutputFile(doc_file(record.key), _json({
            "ref": record.ref, "kind": record.kind, "role": record.role, "label": record.label, "url": record.url,
            "title": record.title, "text": record.text})))
    files.append(OutputFile("search/manifest.json", _json(manifest)))
    return files + browser_scripts()


def _vocabulary(recs: list[Record], lang: str) -> list[OutputFile]:
    """Words by first letter with how often they occur: the typo retry looks here."""
    raw_counts: Counter = Counter()
    for record in recs:
        for field in ("n", "t", "p"):
            raw_counts.update(search_text.tokenize(record.fields[field]))
    counts: Counter = Counter()
    for raw, count in raw_counts.items():
        for word in search_text.trim(raw)[:1]:
            if len(word) > 2 and not word[0].isdigit():
                counts[word] += count
    groups: dict[str, dict] = defaultdict(dict)
    for word, count in sorted(counts.items()):
        groups[word[0]][word] = count
    return [OutputFile(f"search/vocab/{lang}/{_letter_file(letter)}.json", _json(words))
            for letter, words in sorted(groups.items())]


def _letter_file(letter: str) -> str:
    return letter if letter.isascii() and letter.isalnum() else f"u{ord(letter):04x}"
