"""Drawing pages faster changes no byte: the embed snippet drawn once per brief
(``render.PerBrief``), Jinja's calls made the short way (``render._Context``), values
escaped without a Markup around each (``render._escape_output``) and the oEmbed JSON
written without json's indenting encoder. A server's builder keeps its theme environment,
memo and all, between builds: an edit must still show on every page."""
from __future__ import annotations

import json
import multiprocessing
from dataclasses import dataclass, replace

import jinja2
import pytest
from markupsafe import Markup

from briefkit.build import Builder
from briefkit.embed import _json_object
from briefkit.render import PerBrief, make_env
from site_check import clean_build, edit, snapshot, themed_project

BRIEF = "sessions-asylum-ruling"
SECTION = "counterclaim-despite-long-standing-precedent"
SENTENCE = "committed by private actors"  # in SECTION


@pytest.fixture
def project(tmp_path):
    """The default content, two generated briefs and a theme of its own to edit."""
    return themed_project(tmp_path, 2)


def drawing_the_section(site: dict[str, bytes], text: str) -> list[str]:
    """The files of BRIEF's sections (page, embed card, oEmbed) that hold ``text``."""
    return sorted(name for name, data in site.items()
                  if name.startswith((f"briefs/{BRIEF}/", f"embed/{BRIEF}/")) and name.count("/") == 3
                  and text in data.decode("utf-8"))


WAYS = [pytest.param(1, id="one process")]
if "fork" in multiprocessing.get_all_start_methods():
    WAYS.append(pytest.param(2, id="forked workers"))


@pytest.mark.parametrize("jobs", WAYS)
def test_edits_show_on_every_page_that_draws_the_section(project, jobs):
    content, out = project / "content", project / "site"
    builder = Builder(content, out, jobs=jobs)  # kept between builds, as serve keeps it
    builder.parallel_pages = 1 if jobs > 1 else 10 ** 9
    assert builder.build().built
    # The counterclaim's page, card and oEmbed file, and the page and card of the rebuttal
    # that answers it, which quote it; the brief's page has every section's snippet.
    showing = drawing_the_section(snapshot(out), SENTENCE) + [f"briefs/{BRIEF}/index.html"]
    section_page = f"briefs/{BRIEF}/{SECTION}/index.html"
    assert {section_page, f"embed/{BRIEF}/{SECTION}/index.html", f"embed/{BRIEF}/{SECTION}/oembed.json"} < set(showing)

    steps = [
        ("the section's text", lambda: edit(content / "briefs" / f"{BRIEF}.txt", SENTENCE,
                                            "committed by zebra-striped actors"), "zebra-striped"),
        ("the brief's title", lambda: edit(content / "briefs" / f"{BRIEF}.yaml", 'title: "Sessions',
                                           'title: "Okapi news: Sessions'), "Okapi news"),
        ("the snippet's template", lambda: edit(project / "templates" / "partials" / "embed_snippet.html",
                                                'class="briefkit-embed"', 'class="briefkit-embed" data-edited'),
         "data-edited"),
    ]
    for what, change, shown in steps:
        change()
        assert builder.build().built, what
        built = snapshot(out)
        for name in showing:
            if what == "the snippet's template" and name.startswith("embed/") and name.endswith(".html"):
                continue  # a card does not show the snippet
            assert shown in built[name].decode("utf-8"), (what, name)
        page = built[section_page].decode("utf-8")
        embed_code = page[page.index('<textarea id="embed-code"'):page.index("</textarea>")]
        assert shown in embed_code, what  # the snippet drawn for the brief's page just before
        clean = clean_build(project, jobs=1)
        assert sorted(built) == sorted(clean), what
        assert [name for name in sorted(built) if built[name] != clean[name]] == [], what


def test_per_brief_draws_again_for_a_new_object_even_an_equal_one():
    drawn = []

    def macro(site, brief, section):
        drawn.append((site, brief, section))
        return f"{brief.title}/{section.title}"

    @dataclass(frozen=True)
    class View:
        title: str

    @dataclass
    class Changing:  # what a template could change between two calls
        title: str

    snippet = PerBrief()(macro)
    site, brief, first, second = View("site"), View("brief"), View("1"), View("2")
    assert [snippet(site, brief, first), snippet(site, brief, second), snippet(site, brief, first)] == [
        "brief/1", "brief/2", "brief/1"]
    assert len(drawn) == 2  # the same objects: drawn once
    assert snippet(site, replace(brief, title="new"), first) == "new/1"  # a new view of the brief
    assert snippet(site, View("brief"), first) == "brief/1"  # equal, but another object: drawn again
    assert snippet(View("site"), View("brief"), first) == "brief/1"  # another build's site
    assert len(drawn) == 5
    changing = Changing("brief")
    snippet = PerBrief()(macro)
    assert snippet(site, changing, first) == "brief/1"
    changing.title = "changed"
    assert snippet(site, changing, first) == "changed/1"  # not frozen: never kept


def test_calls_in_templates_pass_what_jinja_passes(tmp_path):
    """The short way of ``_Context.call`` is for plain functions and macros only; functions
    that ask for the context or the environment, and callable objects, get them as before."""
    env = make_env([tmp_path])

    @jinja2.pass_context
    def page_kind(context):
        return context["kind"]

    @jinja2.pass_environment
    def autoescapes(environment):
        return environment.autoescape

    class Shout:
        def __call__(self, text):
            return text.upper()

    def stops():
        raise StopIteration

    template = env.from_string(
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{{ plain('<a>') }}|{{ twice('&') }}|{{ page_kind() }}|{{ autoescapes() }}|{{ shout('b') }}|"
        "{{ site.url('x/') }}|{{ stops() is undefined }}|{% for i in [1] %}{{ page_kind() }}{% endfor %}")

    class Site:
        def url(self, target):
            return "https://example.org/" + target

    html = template.render(plain=lambda text: text * 2, page_kind=page_kind, autoescapes=autoescapes,
                           shout=Shout(), site=Site(), stops=stops, kind="brief")
    assert html == "&lt;a&gt;&lt;a&gt;|&amp;&amp;|brief|True|B|https://example.org/x/|True|brief"


@pytest.mark.parametrize("data", [
    {"type": "rich", "title": "§2 “quoted” <b> & \\ \u2028 é", "width": 550, "height": 0},
    {"html": "<blockquote>\n<p>x</p>\n</blockquote>"},
    {},
])
def test_oembed_json_is_what_json_dumps_writes(data):
    assert _json_object(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_templates_write_what_plain_jinja_writes(tmp_path):
    """``make_env``'s templates escape through ``render._escape_output`` and call through
    ``render._Context``: the same text as Jinja's own, wherever a value is written."""
    (tmp_path / "macros.html").write_text(
        "{% macro card(x, y='<y>') %}<b>{{ x }}</b>{{ y }}{% endmacro %}"
        "{% macro boxed(x) %}[{{ x }}{{ caller() }}]{% endmacro %}", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "{% from 'macros.html' import card, boxed %}{% import 'macros.html' as more with context %}"
        "{{ text }}|{{ safe }}|{{ number }}|{{ nothing }}|{{ html_thing }}|{{ text ~ safe }}|"
        "{{ card(text) }}|{{ more.card(safe, y=number) }}|{% call boxed('&') %}{{ text }}{% endcall %}|"
        "{% set block %}{{ text }}{% endset %}{{ block }}|{{ block | length }}|"
        "{% filter upper %}{{ text }}{% endfilter %}|{{ text | forceescape }}|{{ text | safe }}|"
        "{% for item in [text, safe, number] %}{{ loop.index }}{{ item }}{% endfor %}|"
        "{% autoescape false %}{{ text }}{% endautoescape %}|{{ shout(text) }}|{{ 'a\"b' }}", encoding="utf-8")

    class HTMLThing:
        def __html__(self):
            return "<i>as html</i>"

    values = dict(text="Brané & “Sons” <b> 'quoted' \"q\"", safe=Markup("<em>safe</em>"),
                  number=7, nothing=None, html_thing=HTMLThing(), shout=lambda text: text.upper())
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader([str(tmp_path)]), autoescape=True,
                               undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
    ours = make_env([tmp_path]).get_template("page.html").render(**values)
    assert ours == plain.get_template("page.html").render(**values)
    assert "&amp; “Sons” &lt;b&gt; &#39;quoted&#39; &#34;q&#34;" in ours
