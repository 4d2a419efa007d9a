"""The same text pipeline and the same ranking in Python (lunr.py) and JavaScript (lunr.js).

The index is built in Python; browsers query it with lunr.js 2.3.9. These tests run the
real lunr.js in Node (tests/search/run_queries.js) and compare, term for term and
result for result, with lunr.py; then the chunked index against the single one.
"""
from __future__ import annotations

import json

import pytest

from briefkit import index, search_text

from search_support import (content_with_spanish, generated_content, lunr_py_index, lunr_py_query, run_node,
                            site_of, write_index)

TEXTS = [
    "Matter of A-B-, 27 I&N Dec. 316 (A.G. 2018), overruled Matter of A-R-C-G-.",
    "Under 8 U.S.C. § 1158 an applicant must show persecution; §1158(b) may not apply.",
    "DACA recipients should not be removed; Title VII protects workers. No one shall.",
    "Michelle Brané, of the Women’s Refugee Commission, says asylum-seekers’ claims are real.",
    "Sessions’s ruling — “private actors” — isn’t the law. O’Brien’s 1,000 cases.",
    "La decisión del fiscal general niega el asilo a las víctimas de violencia doméstica.",
    "Los tribunales no deben ignorar la persecución por actores privados; ni el Estado.",
]

QUERIES = [
    {"q": "private actors"}, {"q": "DACA"}, {"q": "A-B-"}, {"q": "Matter of A-B-"},
    {"q": "8 U.S.C. § 1158"}, {"q": "I&N"}, {"q": "Brane"}, {"q": "Brané"}, {"q": "must not"},
    {"q": "domestic violence"}, {"q": "\"domestic violence\" gangs"}, {"q": "asylum", "role": "rebuttal"},
    {"q": "asyl", "typing": True}, {"q": "temporary prot", "typing": True}, {"q": "a", "typing": True},
    {"q": "sta", "typing": True}, {"q": "pro", "typing": True}, {"q": "viol", "typing": True}, {"q": "sessions decision"},
    {"q": "violencia doméstica"}, {"q": "asilo"}, {"q": "actores privados"}, {"q": "persecución"},
    {"q": "women children central america"}, {"q": "no"}, {"q": "shall"}, {"q": "zzzz nothing"},
]


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-parity")
    return site_of(content_with_spanish(folder))


def test_python_and_javascript_make_the_same_terms():
    job = {"texts": TEXTS, "pipelines": {lang: list(names) for lang, names in search_text.PIPELINES.items()}}
    terms = run_node(job)["terms"]
    for lang in search_text.PIPELINES:
        analyzer = search_text.Analyzer(lang)
        assert terms[lang] == [analyzer.terms(text) for text in TEXTS], lang


def test_legal_words_and_citations_survive_the_pipeline():
    terms = search_text.Analyzer("en").terms(" ".join(TEXTS[:4]))
    for kept in ("a-b-", "a-r-c-g-", "i&n", "u.s.c", "§", "1158", "daca", "vii", "must", "not", "may",
                 "should", "no", "shall", "brane", "asylum"):
        assert kept in terms, kept
    assert search_text.Analyzer("es").terms("violencia doméstica") == \
        search_text.Analyzer("es").terms("violencia domestica")


def test_our_builder_serialises_exactly_what_lunr_py_builds(spanish_site):
    site, registry = spanish_site
    records = index.records(site, registry)
    for lang in ("en", "es"):
        ours = index.build_index([r for r in records if r.lang == lang], lang, by="ref").serialise()
        theirs = lunr_py_index(records, lang).serialize()
        assert json.dumps(ours) == json.dumps(theirs), lang


@pytest.mark.parametrize("lang", ["en", "es"])
def test_lunr_js_ranks_like_lunr_py(spanish_site, tmp_path, lang):
    site, registry = spanish_site
    reference = lunr_py_index(index.records(site, registry), lang)
    single = tmp_path / "single.json"
    single.write_text(json.dumps(reference.serialize()), encoding="utf-8")
    found = run_node({"single": str(single), "lang": lang, "queries": QUERIES})["queries"]
    some = 0
    for entry in found:
        expected = lunr_py_query(reference, entry["clauses"])
        assert [ref for ref, _ in entry["single"]] == [ref for ref, _ in expected], entry["q"]
        for (_, js_score), (_, py_score) in zip(entry["single"], expected):
            assert js_score == pytest.approx(py_score, abs=1e-6), entry["q"]
        some += bool(expected)
    assert some >= (8 if lang == "en" else 4)


def check_chunked(found, ref_of, role_of=None):
    """The chunked engine's results are the single index's, in its order with its scores:
    all of them when it says they are complete, else at least the ``want`` first."""
    for entry in found:
        single = [(ref, score) for ref, score in entry["single"]
                  if not entry.get("role") or role_of[ref] == entry["role"]]
        chunked = [(ref_of[key], score) for key, score in entry["chunked"]]
        if entry["complete"]:
            assert len(chunked) == len(single), entry["q"]
        elif not entry["capped"]:       # (capped: typing, out of tiers; the best ones still)
            assert len(chunked) >= entry["want"], entry["q"]
        assert [r for r, _ in chunked] == [r for r, _ in single[:len(chunked)]], entry["q"]
        for (_, a), (_, b) in zip(chunked, single):
            assert a == b, entry["q"]


def run_both(site_dir, records, lang, queries, tmp_path):
    single = tmp_path / f"single-{lang}.json"
    single.write_text(json.dumps(lunr_py_index(records, lang).serialize()), encoding="utf-8")
    found = run_node({"single": str(single), "site": str(site_dir), "lang": lang, "queries": queries})["queries"]
    ref_of = {record.key: record.ref for record in records}
    for entry, query in zip(found, queries):
        entry["want"], entry["role"] = query.get("want"), query.get("role")
    return found, ref_of


@pytest.mark.parametrize("chunk_bytes", [3_000, index.CHUNK_BYTES])
def test_chunked_index_returns_what_the_single_index_returns(spanish_site, tmp_path, chunk_bytes):
    site, registry = spanish_site
    out = write_index(site, registry, tmp_path / "site", chunk_bytes)
    records = index.records(site, registry)
    role_of = {record.ref: record.role for record in records}
    for lang in ("en", "es"):
        found, ref_of = run_both(out, records, lang, QUERIES, tmp_path)
        chunks = len(json.loads((out / "search/manifest.json").read_text())["languages"][lang]["chunks"])
        if chunk_bytes < 10_000 and lang == "en":
            assert chunks > 5
        check_chunked(found, ref_of, role_of)
        for entry in found:
            assert entry["complete"]       # no tiers on a small site: every result
            # each word's chunk, and at most 2 for a prefix while typing
            assert len(entry["fetched"]) <= 2 * len(entry["clauses"]), entry


# Queries of the most frequent words (names of policies nearly every section cites),
# prefixes while typing, phrases and a role filter, with the number of results shown.
FREQUENT = [{"q": "temporary protected status", "want": 8}, {"q": "asylum detention", "want": 8},
            {"q": "immigration judges", "want": 20}, {"q": "court order", "want": 8}, {"q": "act", "want": 8},
            {"q": "brief", "want": 8}, {"q": "protected", "want": 60}, {"q": "must not", "want": 20},
            {"q": "asylum", "want": 20, "role": "rebuttal"}, {"q": "\"temporary protected\" status", "want": 60},
            {"q": "asyl", "typing": True, "want": 8}, {"q": "court ord", "typing": True, "want": 8},
            {"q": "pro", "typing": True, "want": 8}, {"q": "the rule", "want": 8},
            {"q": "court order", "typing": True, "want": 8, "maxTierDocs": 7},
            {"q": "temporary protected status", "typing": True, "want": 8, "maxTierDocs": 20}]


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    return site_of(generated_content(tmp_path_factory.mktemp("search-generated"), 40))


@pytest.mark.parametrize("head, tier", [(5, 7), (40, 150), (index.HEAD_DOCS, index.TIER_DOCS)])
def test_tiers_of_frequent_words_give_the_single_index_top_results(generated_site, tmp_path, monkeypatch,
                                                                   head, tier):
    monkeypatch.setattr(index, "HEAD_DOCS", head)
    monkeypatch.setattr(index, "TIER_DOCS", tier)
    site, registry = generated_site
    out = write_index(site, registry, tmp_path / "site", 6_000)
    records = index.records(site, registry)
    found, ref_of = run_both(out, records, "en", FREQUENT, tmp_path)
    check_chunked(found, ref_of, {record.ref: record.role for record in records})
    if head < 10:
        assert any(not entry["complete"] for entry in found) and any(entry["capped"] for entry in found)
        assert any("/" in name for entry in found for name in entry["fetched"])   # some tiers fetched


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_browser_computes_lunr_py_weights(spanish_site, generated_site, tmp_path, monkeypatch, lang):
    """Every weight the browser computes from raw statistics is lunr.py's, bit for bit."""
    monkeypatch.setattr(index, "HEAD_DOCS", 5)
    monkeypatch.setattr(index, "TIER_DOCS", 7)
    for number, (site, registry) in enumerate([spanish_site] + ([generated_site] if lang == "en" else [])):
        out = write_index(site, registry, tmp_path / f"site-{number}", 4_000)
        records = index.records(site, registry)
        built = index.build_index([r for r in records if r.lang == lang], lang)
        computed = run_node({"site": str(out), "lang": lang, "weights": True})["weights"]
        number_of = {posting["_index"]: term for term, posting in built.inverted.items()}
        order_of = {term: None for term in built.inverted}
        expected = {}
        for field_ref, elements in built.vectors.items():
            if elements:
                expected[field_ref] = sorted((number_of[n], score) for n, score in elements)
        # term orders sort terms as lunr.py's term numbers do
        chunks = json.loads((out / "search/manifest.json").read_text())["languages"][lang]["chunks"]
        for n in range(len(chunks)):
            for entry in json.loads((out / f"search/{lang}/{n}.json").read_text())["terms"]:
                order_of[entry[0]] = entry[1]
        assert sorted(order_of, key=order_of.get) == sorted(built.inverted, key=lambda t: built.inverted[t]["_index"])
        term_of = {order: term for term, order in order_of.items()}
        got = {field_ref: sorted((term_of[order], w) for order, w in elements) for field_ref, elements in computed.items()}
        assert got == expected
