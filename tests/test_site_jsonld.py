"""The JSON-LD of every page expands with pyld, offline, to schema.org types.

tests/fixtures/schemaorg-context.jsonld is a subset of the official schema.org context
(the same IRIs and term definitions) holding only the terms briefkit uses, and no
@vocab: a misspelt or unknown term would be dropped by expansion, so the test also
checks that every term used is defined there. Add a term to the fixture when the
site starts using it (after checking it at schema.org).
"""
import json
from pathlib import Path

import pytest
from pyld import jsonld

from site_check import BRIEF, ROOT, build, read_page

CONTEXT_FILE = ROOT / "tests" / "fixtures" / "schemaorg-context.jsonld"
CONTEXT = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
SCHEMA = "http://schema.org/"


def offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise AssertionError(f"JSON-LD tried to load {url}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("jsonld") / "site", "--base-url", "https://example.org/")


def blocks(site: Path, url: str) -> list[dict]:
    page = read_page(site, url)
    return [json.loads(text) for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]


def terms(data) -> set[str]:
    if isinstance(data, list):
        return set().union(*map(terms, data)) if data else set()
    if not isinstance(data, dict):
        return set()
    found = {key for key in data if not key.startswith("@")}
    if isinstance(data.get("@type"), str):
        found.add(data["@type"])
    return found.union(*(terms(value) for value in data.values()))


def types(expanded) -> set[str]:
    found = set()
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += item
        elif isinstance(item, dict):
            found.update(item.get("@type", []))
            stack += [v for k, v in item.items() if k != "@type"]
    return found


def expand(data):
    return jsonld.expand(data, {"documentLoader": offline_loader})


def test_every_page_has_valid_json_ld_with_known_terms(site):
    defined = set(CONTEXT["@context"])
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        found = blocks(site, url)
        assert len(found) == 1, url
        data = found[0]
        assert data["@context"] == "https://schema.org"
        assert terms(data) <= defined, (url, terms(data) - defined)
        assert expand(data), url


def test_brief_is_an_opinion_article_with_claims_reviewed(site):
    data = blocks(site, BRIEF)[0]
    expanded = expand(data)
    assert {SCHEMA + "OpinionNewsArticle", SCHEMA + "ClaimReview", SCHEMA + "Claim", SCHEMA + "Person"} <= types(expanded)
    article = data["@graph"][0]
    assert article["author"] == {"@type": "Person", "name": "Michelle Brané"}
    assert article["datePublished"] == "2018-06-13"
    assert {c["name"] for c in article["citation"]} >= {"Matter of A-B-", "Temporary Protected Status"}
    reviews = [n for n in data["@graph"] if n["@type"] == "ClaimReview"]
    assert len(reviews) == 4  # one per (rebuttal, counterclaim) link
    assert all(r["itemReviewed"]["@type"] == "Claim" and r["reviewBody"] for r in reviews)
    assert reviews[0]["url"].startswith(f"https://example.org/{BRIEF}rebuttal-")


def test_policy_pages_use_legislation_and_government_service(site, tmp_path):
    assert blocks(site, "policies/daca/")[0]["@graph"][0]["@type"] == "GovernmentService"
    ruling = blocks(site, "policies/matter-of-a-b/")[0]["@graph"][0]
    assert ruling["identifier"] == "27 I&N Dec. 316 (A.G. 2018)"
    # a statute: build content citing one
    content = tmp_path / "content"
    (content / "briefs").mkdir(parents=True)
    for name in ("site.yaml", "policies.yaml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "briefs" / "act.txt").write_text("The Refugee Act of 1980 protects refugees.\n", encoding="utf-8")
    other = build(tmp_path / "site", "--content", content, cwd=tmp_path)
    statute = blocks(other, "policies/refugee-act-of-1980/")[0]
    assert statute["@graph"][0]["@type"] == "Legislation"
    assert SCHEMA + "Legislation" in types(expand(statute))


def test_json_ld_cannot_end_its_script_block(site):
    raw = (site / "policies/matter-of-a-b/index.html").read_text(encoding="utf-8")
    opening = '<script type="application/ld+json">'
    script = raw[raw.index(opening) + len(opening):]
    script = script[:script.index("</script>")]
    assert "<" not in script and ">" not in script and "&" not in script
    assert "\\u0026" in script  # the & of "I&N" is escaped, and still parses back
    assert blocks(site, "policies/matter-of-a-b/")[0]["@graph"][0]["identifier"].startswith("27 I&N")
