"""The default content built with `python build.py --out DIR`: pages, links, data files."""
import json
import xml.etree.ElementTree as ET

import pytest

from site_check import BRIEF, ROOT, build, crawl, read_page, run, snapshot

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("build") / "site")


@pytest.fixture(scope="module")
def contract():
    done = run("extract", "content/briefs/sessions-asylum-ruling.txt")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_page_of_the_map_exists(site, contract):
    expected = ["index.html", "about/index.html", "policies/index.html", "404.html", f"{BRIEF}index.html",
                "feed.xml", "sitemap.xml", "robots.txt", f"{BRIEF}brief.json", f"{BRIEF}argument.aif.json",
                "static/site.css", "static/print.css"]
    expected += [f"{BRIEF}{s['id']}/index.html" for s in contract["sections"]]
    expected += [f"policies/{p['id']}/index.html" for p in contract["policies"]]
    missing = [path for path in expected if not (site / path).is_file()]
    assert not missing


def test_home_lists_briefs_with_counts_and_most_cited_policies(site):
    page = read_page(site, "")
    assert "Sessions’s asylum ruling is an assault on women and children fleeing violence" in page.text
    assert "Michelle Brané" in page.text and "13 June 2018" in page.text
    assert "7 claims · 3 counterclaims · 4 rebuttals" in page.text
    assert "Most-cited policies" in page.text and "Matter of A-B-" in page.text
    assert any(a.get("href") == BRIEF for a in page.find("a"))


def test_brief_page_marks_every_section_by_label_and_anchor(site, contract):
    page = read_page(site, BRIEF)
    labels = {"claim": "Claim", "counterclaim": "Counterclaim", "rebuttal": "Rebuttal",
              "evidence": "Evidence", "background": "Background"}
    for section in contract["sections"]:
        assert section["id"] in page.ids
        block = next(a for a in page.find("div") if a.get("id") == section["id"])
        assert block["class"] == f"arg role-{section['kind']}"
    html = (site / BRIEF / "index.html").read_text(encoding="utf-8")
    for kind, label in labels.items():  # the word, not only a colour
        assert f'<span class="role-label role-{kind}">{label}</span>' in html
    assert "Photo caption" in page.text and "About the author" in page.text
    assert {"front-caption", "front-byline", "outline", "authorities", "main"} <= page.ids


def test_outline_pairs_each_counterclaim_with_its_rebuttals(site, contract):
    html = (site / BRIEF / "index.html").read_text(encoding="utf-8")
    outline = html[html.index('id="outline"'):html.index('id="full-text"')]
    for section in contract["sections"]:
        if section["kind"] != "rebuttal":
            continue
        for target in section["responds_to"]:
            pair = outline[outline.index(f'href="#{target}"'):]
            pair = pair[:pair.index("</li>")]
            assert "They say" in outline and "The record shows" in pair
            assert f'href="#{section["id"]}"' in pair


def test_table_of_authorities_links_every_policy_to_where_it_is_cited(site, contract):
    html = (site / BRIEF / "index.html").read_text(encoding="utf-8")
    table = html[html.index('id="authorities"'):]
    table = table[:table.index("</section>")]
    assert "Rulings and cases" in table and "Programs" in table
    assert "<cite>27 I&amp;N Dec. 316 (A.G. 2018)</cite>" in table
    for policy in contract["policies"]:
        assert f'href="../../policies/{policy["id"]}/"' in table
        citing = [s["id"] for s in contract["sections"] if policy["id"] in s["policies"]]
        for section_id in citing:
            assert f'href="#{section_id}"' in table


def test_section_pages_show_role_brief_links_and_why(site, contract):
    by_id = {s["id"]: s for s in contract["sections"]}
    for section in contract["sections"]:
        page = read_page(site, f"{BRIEF}{section['id']}/")
        html = (site / BRIEF / section["id"] / "index.html").read_text(encoding="utf-8")
        assert f'class="role-label role-{section["kind"]}"' in html
        assert any(a.get("href") == f"../#{section['id']}" for a in page.find("a"))
        assert "<details" in html and "<summary>" in html
        for target in section["responds_to"]:
            assert f"../#{target}" in html
        for other in by_id.values():
            if section["id"] in other["responds_to"]:
                assert f"../#{other['id']}" in html  # what answers it
        for policy in section["policies"]:
            assert f"../../../policies/{policy}/" in html


def test_policy_pages_group_citing_sections_by_brief(site, contract):
    page = read_page(site, "policies/matter-of-a-b/")
    html = (site / "policies/matter-of-a-b/index.html").read_text(encoding="utf-8")
    assert "Matter of A-B-" in page.text and "27 I&N Dec. 316 (A.G. 2018)" in page.text
    assert any(a.get("href") == "https://www.justice.gov/eoir/page/file/1070866/download" for a in page.find("a"))
    assert "Sessions’s asylum ruling" in page.text
    citing = [s["id"] for s in contract["sections"] if "matter-of-a-b" in s["policies"]]
    assert citing
    for section_id in citing:
        assert f'href="../../{BRIEF}#{section_id}"' in html
    index = read_page(site, "policies/")
    assert "Rulings and cases" in index.text and "Programs" in index.text and "Practices" in index.text


def test_unregistered_policies_get_a_page_that_says_so(tmp_path):
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    for name in ("site.yaml", "policies.yaml"):
        (tmp_path / "content" / name).write_bytes((ROOT / "content" / name).read_bytes())
    (tmp_path / "content" / "briefs" / "refugee-act.txt").write_text(
        "The Refugee Act of 1980 protects people who flee persecution.\n", encoding="utf-8")
    site = build(tmp_path / "site", "--content", tmp_path / "content", cwd=tmp_path)
    page = read_page(site, "policies/refugee-act-of-1980/")
    assert "Refugee Act of 1980" in page.text and "Statute" in page.text
    assert "not yet described by the editors" in page.text


def test_brief_json_is_the_extract_output(site):
    done = run("extract", "content/briefs/sessions-asylum-ruling.txt")
    assert (site / BRIEF / "brief.json").read_text(encoding="utf-8") == done.stdout


def test_sitemap_feed_and_robots(site):
    urls = ET.parse(site / "sitemap.xml").getroot()
    entries = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod") for u in urls}
    assert "/" in entries and f"/{BRIEF}" in entries and "/404.html" not in entries
    assert entries[f"/{BRIEF}"].text == "2018-06-13"  # the content's date, not the build's
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2018-06-13T00:00:00Z"
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Sessions’s asylum ruling")
    assert entry.find(f"{ATOM}link").get("href") == f"/{BRIEF}"
    assert (site / "robots.txt").read_text().startswith("User-agent: *")


def test_the_feed_holds_the_newest_briefs():
    """The feed lists the FEED_SIZE newest briefs of a larger site, newest first."""
    from dataclasses import replace

    from briefkit.assemble import assemble
    from briefkit.feeds import FEED_SIZE, atom
    from briefkit.load import load_content
    from briefkit.parse import parse_many

    content = load_content(ROOT / "content")
    site = assemble(content.site, parse_many(content.sources, content.registry), content.registry)
    one = site.briefs[0]
    # site.briefs is newest first: brief 0 dated the latest day, then a day earlier each
    many = tuple(replace(one, slug=f"b{n}", url=f"briefs/b{n}/", date=f"2020-{12 - n // 28:02d}-{28 - n % 28:02d}")
                 for n in range(FEED_SIZE + 20))
    feed = ET.fromstring(atom(replace(site, briefs=many)))
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert links == [f"/briefs/b{n}/" for n in range(FEED_SIZE)]
    assert feed.find(f"{ATOM}updated").text == "2020-12-28T00:00:00Z"


def test_every_internal_link_and_anchor_resolves(site):
    problems, checked = crawl(site)
    assert checked > 200 and not problems, "\n".join(problems)


def test_site_served_from_a_sub_path_keeps_every_link(tmp_path):
    site = build(tmp_path / "site", "--base-url", "https://example.org/briefs/")
    problems, checked = crawl(site, base_path="/briefs/")
    assert checked > 200 and not problems, "\n".join(problems)
    page = read_page(site, BRIEF)
    canonical = page.find("link", rel="canonical")[0]["href"]
    assert canonical == f"https://example.org/briefs/{BRIEF}"
    assert page.find("meta", property="og:url")[0]["content"] == canonical
    assert any(a.get("href") == "/briefs/about/" for a in read_page(site, "404.html").find("a"))
    assert "Sitemap: https://example.org/briefs/sitemap.xml" in (site / "robots.txt").read_text()
    assert "<loc>https://example.org/briefs/</loc>" in (site / "sitemap.xml").read_text()


def test_every_page_has_title_description_canonical_and_cards(site):
    for path in sorted(site.rglob("*.html")):
        page = read_page(site, path.relative_to(site).as_posix())
        name = path.relative_to(site)
        assert page.find("html")[0].get("lang") == "en", name
        if name.parts[0] == "embed" or page.find("meta", **{"http-equiv": "refresh"}):
            continue  # embed cards and redirects have no site chrome: tests/test_embed_site.py
        assert page.find("title") and page.find("meta", name="description"), name
        assert page.find("link", rel="canonical"), name
        for prop in ("og:title", "og:description", "og:url", "og:type"):
            assert page.find("meta", property=prop), (name, prop)
        assert page.find("meta", name="twitter:card"), name
        assert page.find("main") and page.find("nav") and page.find("header") and page.find("footer"), name
        assert page.find("a", class_="skip-link", href="#main"), name
        assert not page.duplicate_ids, name
        assert not any("style" in attrs or any(k.startswith("on") for k in attrs) for _, attrs in page.tags), name
        assert all(attrs.get("type") == "application/ld+json"  # or the site's own script file, never inline
                   or (attrs.get("src", "").split("/")[-2:-1] == ["static"] and not text.strip())
                   for attrs, text in page.scripts), name


def test_two_builds_are_byte_identical(site, tmp_path):
    again = build(tmp_path / "again")
    assert snapshot(again) == snapshot(site)


def test_help_documents_every_option():
    done = run("--help")
    assert done.returncode == 0
    for option in ("--content", "--out", "--base-url", "--strict", "--host", "--port", "build", "serve"):
        assert option in done.stdout
    serve = run("serve", "--help").stdout
    assert "--host" in serve and "--port" in serve and "127.0.0.1" in serve


def test_a_base_url_that_is_not_a_url_is_a_usage_error(tmp_path):
    done = run("--out", tmp_path / "site", "--base-url", "javascript:alert(1)")
    assert done.returncode == 2 and "--base-url" in done.stderr
    assert not (tmp_path / "site").exists()
