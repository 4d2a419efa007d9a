"""The same text pipeline and the same ranking in Python (lunr.py) and JavaScript (lunr.js).

The index is built in Python; browsers query it with lunr.js 2.3.9. These tests run the
real lunr.js in Node (tests/search/run_queries.js) and compare, term for term and
result for result, with lunr.py; then the chunked index against the single one.
"""
from __future__ import annotations

import json

import pytest

from briefkit import index, search_text

from search_support import (content_with_spanish, lunr_py_index, lunr_py_query, run_node, site_of,
                              write_index)

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


@pytest.mark.parametrize("chunk_bytes", [3_000, index.CHUNK_BYTES])
def test_chunked_index_returns_what_the_single_index_returns(spanish_site, tmp_path, chunk_bytes):
    site, registry = spanish_site
    out = write_index(site, registry, tmp_path / "site", chunk_bytes)
    records = index.records(site, registry)
    ref_of = {record.key: record.ref for record in records}
    for lang in ("en", "es"):
        single = tmp_path / f"single-{lang}.json"
        single.write_text(json.dumps(lunr_py_index(records, lang).serialize()), encoding="utf-8")
        found = run_node({"single": str(single), "site": str(out), "lang": lang, "queries": QUERIES})["queries"]
        chunks = len(json.loads((out / "search/manifest.json").read_text())["languages"][lang]["chunks"])
        if chunk_bytes < 10_000 and lang == "en":
            assert chunks > 10
        for entry in found:
            assert [ref_of[key] for key, _ in entry["chunked"]] == [r for r, _ in entry["single"]], entry["q"]
            for (_, a), (_, b) in zip(entry["chunked"], entry["single"]):
                assert a == pytest.approx(b, abs=1e-9), entry["q"]
            # each word's chunk, and at most 2 for a prefix while typing
            assert len(entry["fetched"]) <= 2 * len(entry["clauses"]), entry
