"""Sections, rebuttal links and editor overrides on an invented op-ed."""
from conftest import make_source, override

from briefkit.load import load_registry
from briefkit.model import Registry
from briefkit.parse import parse

OPED = """The Harbor Plan Fails the People Who Live There

In 2019, the city council closed three branch libraries.

The council president argues that the branches were rarely used. She also says that the savings will fund new parks.

This claim ignores the children who did their homework there every evening. According to the library's own logs, visits rose 18 percent in the final year.

The council should reopen them before the school year begins.
"""


def kinds(brief):
    return [(s.kind, s.text.split()[0]) for s in brief.sections]


def test_sections_follow_roles_and_paragraphs():
    brief = parse(make_source(OPED))
    assert [f.kind for f in brief.front] == ["headline"]
    assert kinds(brief) == [("background", "In"), ("counterclaim", "The"), ("rebuttal", "This"),
                            ("evidence", "According"), ("claim", "The")]
    counter = brief.sections[1]
    assert len(counter.sentences) == 2  # one move, two sentences
    for s in brief.sections:
        assert s.text == OPED[s.start:s.end]
        assert s.why


def test_rebuttal_links_to_the_counterclaim_it_answers():
    brief = parse(make_source(OPED))
    rebuttal, counter = brief.sections[2], brief.sections[1]
    assert rebuttal.responds_to == (counter.id,)
    assert all(not s.responds_to for s in brief.sections if s.kind != "rebuttal")


def test_section_ids_are_readable_and_unique():
    brief = parse(make_source(OPED))
    ids = [s.id for s in brief.sections]
    assert len(set(ids)) == len(ids)
    assert ids[2] == "rebuttal-this-claim-ignores-the"


def test_override_sentence_role_with_straight_quotes_and_other_case():
    text = OPED.replace("library's", "library’s")
    src = make_source(text, [override("role", "according to the LIBRARY'S own logs", role="claim")])
    brief = parse(src)
    assert not brief.diagnostics
    target = [s for s in brief.sections if "own logs" in s.text][0]
    assert target.kind == "claim"
    assert "editor override (briefs/test.yaml:3)" in target.why


def test_override_section_role_split_and_join():
    src = make_source(OPED, [
        override("split", "She also says", line=4),
        override("role", "The council should reopen", scope="section", role="rebuttal", line=5),
    ])
    brief = parse(src)
    assert not brief.diagnostics
    assert [k for k, _ in kinds(brief)] == ["background", "counterclaim", "counterclaim", "rebuttal",
                                            "evidence", "rebuttal"]
    joined = parse(make_source(OPED, [override("join", "This claim ignores", targets=("own logs",))]))
    assert [k for k, _ in kinds(joined)] == ["background", "counterclaim", "rebuttal", "claim"]


def test_override_responds_to():
    src = make_source(OPED, [override("responds_to", "This claim ignores", targets=("In 2019",))])
    brief = parse(src)
    rebuttal = [s for s in brief.sections if s.kind == "rebuttal"][0]
    assert rebuttal.responds_to == (brief.sections[0].id,)


def test_override_that_matches_nothing_is_a_diagnostic_with_file_and_line():
    brief = parse(make_source(OPED, [override("role", "a sentence that is not there", line=9, role="claim")]))
    (d,) = brief.diagnostics
    assert (d.path, d.line, d.code) == ("briefs/test.yaml", 9, "BK201")
    assert "matches no sentence" in d.message


def test_policy_overrides(root):
    registry, _ = load_registry(root / "content" / "policies.yaml")
    text = "The administration ended DACA last fall. The program had protected many.\n"
    brief = parse(make_source(text), registry)
    assert "daca" in [p.id for p in brief.policies]
    dropped = parse(make_source(text, [override("drop_policy", "", policy="daca")]), registry)
    assert "daca" not in [p.id for p in dropped.policies]
    added = parse(make_source(text, [override("add_policy", "protected many", policy="temporary-protected-status")]),
                  registry)
    tps = [p for p in added.policies if p.id == "temporary-protected-status"][0]
    assert [m.text for m in tps.mentions] == ["protected many"]
    missing = parse(make_source(text, [override("drop_policy", "", policy="no-such")]), Registry())
    assert [d.code for d in missing.diagnostics] == ["BK201"]


def test_parse_many_on_two_processes_equals_parse_one_by_one():
    from briefkit.parse import parse_many

    sources = [make_source(OPED.replace("three", str(n)) * 3, slug=f"b{n}") for n in range(12)]
    one_by_one = [parse(s) for s in sources]
    assert parse_many(sources, workers=2, min_bytes=0) == one_by_one
