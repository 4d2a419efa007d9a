"""A template imported with context is made once and lent from page to page
(``render._Template.make_module``): every page must still read as if Jinja had made it
a module of its own, with that page's variables."""
from __future__ import annotations

from dataclasses import dataclass

import jinja2

from briefkit.render import OnePage, PerBrief, make_env


@dataclass(frozen=True)
class View:
    title: str


def plain_env(folder) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(folder)]), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def write(folder, **templates: str) -> None:
    """``partials__card_html="..."``: partials/card.html."""
    for name, text in templates.items():
        path = folder / name.replace("__", "/").replace("_html", ".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def pages(env: jinja2.Environment, name: str, variables: list[dict]) -> list[str]:
    """Each page drawn as ``render_page`` draws it, one after the other."""
    drawn = []
    for values in variables:
        with OnePage():
            drawn.append(env.get_template(name).render(**values))
    return drawn


PAGES = [dict(who="Ann", rel=lambda target: "../" + target, n=1),
         dict(who="Bob", rel=lambda target: "../../" + target, n=2),
         dict(who="Cy", rel=lambda target: target, n=3)]


def test_lent_modules_draw_with_each_pages_variables(tmp_path):
    write(tmp_path,
          # lendable: defines macros, imports without context, sets constants
          partials__lendable_html="{% from 'partials/plain.html' import bold %}{% set mark = '*' %}\n"
                                  "{% macro hello() %}{{ bold(who) }}{{ mark }}<a href=\"{{ rel('x/') }}\">"
                                  "{{ n }}</a>{% endmacro %}",
          partials__plain_html="{% macro bold(x) %}<b>{{ x }}</b>{% endmacro %}",
          # not lendable: its top level reads the page's variables, or calls a macro
          partials__reads_html="{% set greeting = 'Hi ' ~ who %}{% macro hello() %}{{ greeting }}{% endmacro %}",
          partials__counts_html="{% set ns = namespace(count=0) %}"
                                "{% macro hello() %}{% set ns.count = ns.count + 1 %}{{ ns.count }}{% endmacro %}",
          page_html="{% import 'partials/lendable.html' as a with context %}"
                    "{% import 'partials/reads.html' as r with context %}"
                    "{% import 'partials/counts.html' as c with context %}"
                    "{% set n = n * 10 %}"
                    "{% import 'partials/lendable.html' as later with context %}"  # the same page: another module
                    "{{ a.hello() }}|{{ r.hello() }}|{{ c.hello() }}{{ c.hello() }}|{{ later.hello() }}")
    ours = pages(make_env([tmp_path]), "page.html", PAGES)
    assert ours == [plain_env(tmp_path).get_template("page.html").render(**values) for values in PAGES]
    assert ours[1] == "<b>Bob</b>*<a href=\"../../x/\">2</a>|Hi Bob|12|<b>Bob</b>*<a href=\"../../x/\">20</a>"


def test_a_page_drawn_while_another_is_keeps_its_own_modules(tmp_path):
    write(tmp_path,
          partials__m_html="{% macro hello() %}{{ who }}{{ inner() if inner is defined else '' }}{% endmacro %}",
          page_html="{% import 'partials/m.html' as m with context %}[{{ m.hello() }}]")
    env = make_env([tmp_path])

    def inner():  # draws another page in the middle of this one
        return pages(env, "page.html", [dict(who="inside")])[0]

    assert pages(env, "page.html", [dict(who="outside", inner=inner)]) == ["[outside[inside]]"]
    assert pages(env, "page.html", [dict(who="next")]) == ["[next]"]


def test_per_brief_draws_a_lent_macro_on_every_page(tmp_path):
    """A memo of what a macro drew for a brief is for macros that read no page variable."""
    write(tmp_path,
          partials__m_html="{% macro snippet(site, brief, section) %}{{ who }}:{{ brief.title }}{% endmacro %}",
          page_html="{% import 'partials/m.html' as m with context %}{{ per_brief(m.snippet)(site, brief, section) }}")
    env = make_env([tmp_path])
    assert isinstance(env.globals["per_brief"], PerBrief)
    site, brief, section = View("site"), View("brief"), View("1")
    drawn = pages(env, "page.html", [dict(who=who, site=site, brief=brief, section=section) for who in "ABC"])
    assert drawn == ["A:brief", "B:brief", "C:brief"]


def test_without_a_page_every_import_makes_its_module(tmp_path):
    write(tmp_path,
          partials__m_html="{% macro hello() %}{{ who }}{% endmacro %}",
          page_html="{% import 'partials/m.html' as m with context %}{{ m.hello() }}")
    template = make_env([tmp_path]).get_template("page.html")
    assert [template.render(who=who) for who in "AB"] == ["A", "B"]
    module = template.environment.get_template("partials/m.html").make_module({"who": "C"}, True)
    assert str(module.hello()) == "C"
