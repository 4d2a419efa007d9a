"""The search index stage: records, keys, chunks, the files it writes, where lunr.js comes from."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefkit import index, search_text
from briefkit.write import digest

from search_support import content_with_spanish, site_of, write_index


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return site_of(content_with_spanish(tmp_path_factory.mktemp("search-index")))


def test_one_record_per_section_brief_and_policy(site):
    view, registry = site
    records = index.records(view, registry)
    sections = sum(len(b.sections) for b in view.briefs)
    assert len(records) == sections + len(view.briefs) + len(view.policies)
    assert len({r.ref for r in records}) == len(records) == len({r.key for r in records})
    daca = next(r for r in records if r.ref == "policies/daca")
    assert "DACA" in daca.fields["n"] and daca.role == "policy"
    spanish = [r for r in records if r.ref.startswith("asilo-violencia-domestica")]
    assert spanish and all(r.lang == "es" for r in spanish)
    for record in records:
        if record.kind == "section":
            slug, section_id = record.ref.split("/")
            assert record.key[0] == index.ROLE_LETTERS[record.role]
            assert record.url == f"briefs/{slug}/#{section_id}"


def test_rebuttals_carry_the_text_they_answer(site):
    view, registry = site
    rebuttals = [r for r in index.records(view, registry) if r.role == "rebuttal"]
    assert rebuttals and any("private actors" in r.fields["a"] for r in rebuttals)


def test_chunks_cover_every_term_once_in_order(site, tmp_path):
    view, registry = site
    out = write_index(view, registry, tmp_path / "site", chunk_bytes=2_000)
    manifest = json.loads((out / "search/manifest.json").read_text())
    assert manifest["briefs"] == [b.slug for b in view.briefs]
    assert manifest["fields"] == list(index.FIELD_NAMES) and manifest["boosts"] == [b for _, b in index.FIELDS]
    records = index.records(view, registry)
    for lang, entry in manifest["languages"].items():
        assert entry["pipeline"] == list(search_text.PIPELINES[lang])
        assert entry["count"] == sum(r.lang == lang for r in records)
        seen = []
        for number, first in enumerate(entry["chunks"]):
            chunk = json.loads((out / f"search/{lang}/{number}.json").read_text())
            terms = [t[0] for t in chunk["terms"]]
            assert terms[0] == first and terms == sorted(terms)
            seen += terms
        assert seen == sorted(set(seen))
        assert set(seen) == set(index.build_index([r for r in records if r.lang == lang], lang).inverted)
    policy = next(r for r in records if r.kind == "policy")
    doc = json.loads((out / index.doc_file(policy.key)).read_text())[policy.key]
    assert set(doc) == {"ref", "kind", "role", "label", "url", "title", "text"} and doc["ref"] == policy.ref


def test_a_brief_s_documents_are_one_file_and_policies_share_a_few(site):
    """One docs file per brief, holding its record and its sections' by key (the browser
    fetches it once for all the results of that brief); policies by the top bits of
    their number; every record's document in the file ``doc_file`` names, and no other."""
    view, registry = site
    records = index.records(view, registry)
    files = {f.path: f for f in index.index_files(view, registry) if f.path.startswith("search/docs/")}
    held = {path: json.loads(file.data) for path, file in files.items()}
    assert sorted(key for docs in held.values() for key in docs) == sorted(r.key for r in records)
    for record in records:
        doc = held[index.doc_file(record.key)][record.key]
        assert doc == {"ref": record.ref, "kind": record.kind, "role": record.role, "label": record.label,
                       "url": record.url, "title": record.title, "text": record.text}
    numbers = index.brief_numbers(view)
    briefs = {f"search/docs/{index.base36(numbers[b.slug])}.json": b for b in view.briefs}
    assert set(briefs) <= set(files)
    for path, brief in briefs.items():
        assert [doc["ref"] for doc in held[path].values()] == [brief.slug] + [
            f"{brief.slug}/{s.link.id}" for s in sorted(brief.sections, key=lambda s: s.link.number)]
        assert list(held[path]) == sorted(held[path], key=index.rank)     # in key order
    policies = [path for path in files if path not in briefs]
    assert policies and all(re.fullmatch(r"search/docs/p/[0-9a-z]+\.json", path) for path in policies)
    assert len(policies) <= index.POLICY_SLOTS >> index.POLICY_GROUP_BITS
    assert all(file.key == digest(file.data) for file in files.values())  # keyed by its bytes
    manifest = json.loads(next(f.data for f in index.index_files(view, registry) if f.path == "search/manifest.json"))
    assert manifest["policyGroupBits"] == index.POLICY_GROUP_BITS       # the browser's docFile reads it


@pytest.mark.parametrize("key, file", [("B0", "0"), ("c0.1", "0"), ("r2s.7", "2s"), ("Bzz", "zz"),
                                       ("P0", "p/0"), ("Ppa7", "p/0"), ("Ppa8", "p/1"), ("Pmh33", "p/v")])
def test_doc_file_is_the_brief_s_number_or_the_policy_s_group(key, file):
    assert index.doc_file(key) == f"search/docs/{file}.json"


def test_a_frequent_term_keeps_its_best_postings_in_its_chunk_and_the_rest_in_tiers(site, monkeypatch):
    monkeypatch.setattr(index, "HEAD_DOCS", 3)
    monkeypatch.setattr(index, "TIER_DOCS", 4)
    view, registry = site
    files = {f.path: f.data for f in index.index_files(view, registry)}
    manifest = json.loads(files["search/manifest.json"])
    entries = [e for n in range(len(manifest["languages"]["en"]["chunks"]))
               for e in json.loads(files[f"search/en/{n}.json"])["terms"]]
    tiered = [e for e in entries if e[4]]
    assert tiered
    for term, order, with_term, head, (tiers, rest, bound) in tiered:
        assert len(decode(head)) == 3
        postings = decode(head)
        for number, name in enumerate(tiers, 1):
            data = files[f"search/en/t/{name}.json"]
            assert name == index.content_hash(data)  # named by what it holds
            tier = json.loads(data)
            postings += decode(tier["p"])
            assert (tier["b"] == 0) == (number == len(tiers))
        keys = [key for key, _ in postings]
        assert len(keys) == 3 + rest == len(set(keys))
        assert with_term == sum(len(re.findall(r"[a-z](?:\d+x)?\d+", spec)) for _, spec in postings)


def decode(text: str) -> list[tuple[str, str]]:
    """(key, spec text) of each posting of a postings text (as search-engine.js reads it)."""
    found = []
    for group in text.split(" "):
        spec, _, codes = group.partition("=")
        before = 0
        for code in codes.split(","):
            if code[0] == "P":
                found.append((code, spec))
                continue
            digits, dot, section = code[1:].partition(".")
            before += int(digits, 36) if digits else 0
            found.append((code[0] + index.base36(before) + dot + section, spec))
    return found


def test_postings_text_groups_by_spec_and_writes_brief_numbers_as_differences():
    postings = {"r2s.7": ((2, 1, 23),), "c2s.9": ((2, 1, 23),), "e2t.3": ((2, 1, 23),),
                "B4": ((0, 2, 9), (4, 1, 9)), "P5cpn": ((2, 1, 23),)}
    items = index.ranked_postings({key: index.make_posting(spec, index.rank_number(key), key, 0)
                                   for key, spec in postings.items()})
    text = index.encode_postings(items)
    assert text == "n2x9b9=B4 t23=r2s.7,c.9,e1.3,P5cpn"
    assert sorted(decode(text)) == sorted((key, index._spec_text(spec)) for key, spec in postings.items())


def test_lunr_js_comes_from_node_modules_or_the_wheel(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "NODE_MODULES", tmp_path / "none")
    monkeypatch.setattr(index, "VENDOR", tmp_path / "vendor")
    with pytest.raises(index.SearchError, match="npm ci"):
        index.browser_scripts()
    (tmp_path / "vendor").mkdir()
    for name, _ in index.SCRIPTS:
        (tmp_path / "vendor" / name).write_text(f"// {name}")
    assert [f.path for f in index.browser_scripts()] == [f"static/{name}" for name, _ in index.SCRIPTS]


def test_setup_py_carries_the_same_scripts_into_the_wheel():
    text = (Path(index.__file__).resolve().parents[2] / "setup.py").read_text()
    for name, path in index.SCRIPTS:
        assert f'("{name}", "{path}")' in text
