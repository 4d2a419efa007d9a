"""Each role rule with a table of invented sentences (none from the dev texts)."""
import pytest

from briefkit.parse import roles


def ctx(text, previous=()):
    """A sentence after ``previous`` sentences given as (text, role) pairs."""
    return roles.Context(text=text, index=len(previous), first_in_paragraph=True, paragraph_index=len(previous),
                         previous=[(t, r, i) for i, (t, r) in enumerate(previous)])


AFTER_COUNTERCLAIM = (("The mayor insists that the new curfew keeps teenagers safe.", "counterclaim"),)
AFTER_CLAIM = (("The curfew is a poor answer to a real problem.", "claim"),)


def role_of(rule, text, previous=()):
    cue = rule(ctx(text, previous))
    return None if cue is None else cue.role


@pytest.mark.parametrize("text, expected", [
    ("The senator argues that the tax cut will pay for itself.", "counterclaim"),
    ("Critics of the plan say it will raise rents in every borough.", "counterclaim"),
    ("She claims the library closures were never about money.", "counterclaim"),
    ("A new subsidy, the minister argued, would help small farms compete.", "counterclaim"),
    ("The company also pointed to its safety record as a reason to expand.", "counterclaim"),
    ("In his memo, the commissioner contends that the rules are too costly.", "counterclaim"),
    ("The agency's “expert” pointed to rainfall as the only cause of the flooding.", "counterclaim"),
    ("When the governor vetoed the bill, she did so by claiming that it was unaffordable.", "counterclaim"),
    ("The mayor has suggested the levy would drive shoppers away.", "counterclaim"),
    # sources of evidence are not parties to the argument
    ("A 2020 study by the university found that wages fell in every county.", "evidence"),
    ("Researchers at the institute warned that the levee would fail.", "evidence"),
    # the author's own voice is not a counterclaim
    ("I argue that the curfew does more harm than good.", None),
    ("We believe the city can do better.", None),
    # no reporting verb, a passive, or an infinitive: nothing to report
    ("The bridge was called unsafe years ago.", None),
    ("The river rose three feet overnight.", None),
    ("It is hard to say what the council wants.", None),
])
def test_reported_argument(text, expected):
    assert role_of(roles.reported_argument, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("“The program has never been stronger,” boasted the agency director in a press release.", "counterclaim"),
    ("\"Our schools are the safest they have been,\" the superintendent said.", "counterclaim"),
    ("“I was afraid every single night,” said one mother who fled the fighting.", "evidence"),
    ("The report is “deeply flawed” and should be withdrawn.", None),
])
def test_reported_quotation(text, expected):
    assert role_of(roles.reported_quotation, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The mayor makes sweeping claims that crime has doubled since spring.", "counterclaim"),
    ("Opponents have advanced the argument that the clinic will attract crime.", "counterclaim"),
    ("This makes the claim that we need more police hard to believe.", None),
])
def test_position_statement(text, expected):
    assert role_of(roles.position_statement, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("It is often argued that rent control reduces the supply of housing.", "counterclaim"),
    ("Some economists say that tariffs protect jobs.", "counterclaim"),
    ("Many people in this town work two jobs.", None),
    ("We are told that the new stadium will pay for itself.", "counterclaim"),
])
def test_impersonal_position(text, expected):
    assert role_of(roles.impersonal_position, text) == expected


@pytest.mark.parametrize("text, previous, expected", [
    ("This argument ignores the families who depend on late buses.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("That claim has no basis in the city's own figures.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("Despite this rhetoric, arrests of teenagers have not fallen at all.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("He offers no evidence for that conclusion.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("Police records show the opposite.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("Whether that is true is another question.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("Then why did youth crime rise in the summer the curfew began?", AFTER_COUNTERCLAIM, "rebuttal"),
    ("If teenagers were the problem, the curfew would have changed the numbers by now.", AFTER_COUNTERCLAIM,
     "rebuttal"),
    ("That reading cannot be squared with the ordinance's text.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("Yet most teenagers are home by nine anyway.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("But the savings are illusory.", AFTER_COUNTERCLAIM, "rebuttal"),
    ("The county's own records tell a different story.", AFTER_COUNTERCLAIM, "rebuttal"),
    # the same sentences with no counterclaim before them answer nothing
    ("This argument ignores the families who depend on late buses.", AFTER_CLAIM, None),
    ("Police records show the opposite.", (), None),
    # a plain follow-up after a counterclaim is not a rebuttal
    ("The curfew starts at ten on weeknights.", AFTER_COUNTERCLAIM, None),
])
def test_refutation(text, previous, expected):
    assert role_of(roles.refutation, text, previous) == expected


def test_a_pronoun_continues_a_report():
    previous = (("The agency contends that the rule is modest.", "counterclaim"),)
    assert role_of(roles.reported_argument, "It insists that Congress allowed it.", previous) == "counterclaim"
    assert role_of(roles.reported_argument, "It insists that Congress allowed it.", AFTER_CLAIM) is None


def test_refutation_window_closes_after_a_claim():
    previous = AFTER_COUNTERCLAIM + (("Cities need parks more than curfews.", "claim"),)
    assert role_of(roles.refutation, "That claim is simply wrong.", previous) is None


@pytest.mark.parametrize("rule, text, expected", [
    (roles.sourced_fact, "According to the state auditor, half of the grants were never spent.", "evidence"),
    (roles.sourced_fact, "The clinic reportedly turned away forty patients.", "evidence"),
    (roles.sourced_fact, "Last month the foundation released a report on school lunches.", "evidence"),
    (roles.sourced_fact, "The council meets on Tuesdays.", None),
    (roles.sourced_fact, "According to the administration, the tolls will cut traffic by half.", "counterclaim"),
    (roles.sourced_fact, "According to the administration's own data, traffic rose.", "evidence"),
    (roles.figures, "Rents rose 14 percent in two years.", "evidence"),
    (roles.figures, "The program costs $2.3 billion a year.", "evidence"),
    (roles.figures, "More than 12,000 families are on the waiting list.", "evidence"),
    (roles.figures, "Two-thirds of the applicants were women.", "evidence"),
    (roles.figures, "The law is 15 years old.", None),
    (roles.example, "Take Maria Lopez, a nurse from Fresno, for example.", "evidence"),
    (roles.example, "Consider the case of the Hartford schools.", "evidence"),
    (roles.example, "The example is instructive.", None),
    (roles.citation_sentence, "See 42 U.S.C. § 1983.", "evidence"),
    (roles.citation_sentence, "Id. at 412.", "evidence"),
    (roles.citation_sentence, "Seeing is believing.", None),
])
def test_evidence_rules(rule, text, expected):
    assert role_of(rule, text) == expected


@pytest.mark.parametrize("rule, text, expected", [
    (roles.narrative, "In 2015, the county closed its last public pool.", "background"),
    (roles.narrative, "The governor signed the bill in March.", "background"),
    (roles.narrative, "The family moved to the valley and opened a bakery.", "background"),
    (roles.narrative, "Since 2010, the district has lost a third of its teachers.", "background"),
    (roles.narrative, "The bill is a disaster for renters.", None),
    (roles.narrative, "The council should have acted sooner.", None),
    (roles.scene, "Imagine waking up to find your street under water.", "background"),
    (roles.scene, "This is the story of a town that lost its hospital.", "background"),
    (roles.scene, "Imagination is a public good.", None),
])
def test_background_rules(rule, text, expected):
    assert role_of(rule, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Congress should restore the funding before winter.", "claim"),
    ("We must stop treating refugees as suspects.", "claim"),
    ("Make no mistake: this is a choice, not an accident.", "claim"),
    ("The new rule is cruel and arbitrary.", "claim"),
    ("The bus leaves at noon.", None),
])
def test_stance(text, expected):
    assert role_of(roles.stance, text) == expected


@pytest.mark.parametrize("text", [
    "Survey data show that most tenants never see their landlord.",
    "An analysis of court records found that most evictions were never contested.",
])
def test_research_is_evidence_whichever_rule_sees_it(text):
    assert roles.decide(ctx(text)).role == "evidence"


def test_decide_prefers_the_strongest_cue_and_keeps_its_reason():
    cue = roles.decide(ctx("According to the auditor, 40 percent of the money was lost."))
    assert cue.role == "evidence" and cue.rule == "sourced_fact"
    assert "According to" in cue.why
    default = roles.decide(ctx("The harbour is the heart of the town."))
    assert default.role == "claim" and default.rule == "default" and default.why


def test_classify_an_invented_exchange():
    sentences = [
        ("In 2019, the city council closed three branch libraries.", 0, True),
        ("The council president argues that the branches were rarely used.", 1, True),
        ("This claim ignores the children who did their homework there every evening.", 2, True),
        ("According to the library's own logs, visits rose 18 percent in the branches' final year.", 2, False),
        ("The council should reopen them before the school year begins.", 3, True),
    ]
    got = [cue.role for cue in roles.classify(sentences)]
    assert got == ["background", "counterclaim", "rebuttal", "evidence", "claim"]


def test_an_example_runs_on_through_its_narration():
    sentences = [
        ("Take Omar, a cook from Dayton, for example.", 0, True),
        ("He applied for a permit in 2016.", 0, False),
        ("The office lost his file twice.", 0, False),
        ("Stories like his are far too common.", 1, True),
    ]
    got = [cue.role for cue in roles.classify(sentences)]
    assert got == ["evidence", "evidence", "evidence", "claim"]


# ---------------------------------------------------------------- prefilters and lexicons
# Speed helpers under the rules: they must never change what a rule's regex finds.

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefkit.parse import lexicon  # noqa: E402
from briefkit.parse.prefilter import Prefiltered, prefiltered, required_words  # noqa: E402

PREFILTERED = {name: value for name, value in vars(roles).items() if isinstance(value, Prefiltered)}


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\bno\s+basis\b", re.I, [{"basis"}, {"no"}]),
    # re's parser takes out the common "th": a word beginning "th" is what it needs
    (r"\b(?:the|this)\s+(?:claims?|arguments?)\b", re.I, [{"argument", "claim"}, {"th"}]),
    (r"^(?:See|Cf\.)\s", 0, [{"see", "cf"}]),
    (r"\bso-called\b", re.I, [{"called"}, {"so"}]),  # a word begins after the hyphen
    (r"(?:tariffs?|sanctions)\s+on", 0, [{"on"}]),  # no word start is known before "tariff"
    (r"\b[a-z]{3,}ed\b", re.I, []),  # nothing literal at a word start
    (r"(?i:Some)\s+say", 0, [{"say"}]),  # inline flags: claims nothing inside them
    (r"\b(?:maybe\s+)?not\b", re.I, [{"not"}]),  # an optional word is not needed
])
def test_required_words(pattern, flags, expected):
    assert [set(factor) for factor in required_words(pattern, flags)] == expected


def test_prefiltered_regex_matches_like_the_plain_one():
    rx = prefiltered(r"\b(?:no|little)\s+evidence\b", re.I)
    for text in ("There is NO evidence of that.", "Little  evidence exists.", "Evidence is thin.",
                 "noevidence", "The evidence is clear; there is no doubt."):
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in rx.regex.finditer(text)]
        assert bool(rx.search(text)) == bool(rx.regex.search(text))
    assert rx.sub("X", "No evidence.") == "X." and rx.sub("X", "Some proof.") == "Some proof."


def test_prefilter_lets_through_what_lowercasing_hides():
    """'ſ' (long s) matches 's' under re.I, yet 'ſ'.lower() is not 's'."""
    rx = prefiltered(r"\bstudy\b", re.I)
    assert rx.search("A ſtudy found it.") is not None


_WORDS = st.sampled_from(sorted({w for rx in PREFILTERED.values() for f in rx.needs for w in f}
                                | {"the", "that", "claim", "n't", "'s", "so-called", "U.S.", "I"}))
_GLUE = st.sampled_from([" ", "  ", "-", "'", "’", ", ", ". ", "\n", "“", "”", "s ", "ed ", "ing "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GLUE, st.booleans()), max_size=12))
def test_prefilters_never_skip_a_sentence_their_regex_matches(parts):
    text = "".join((word.capitalize() if upper else word) + glue for word, glue, upper in parts)
    for name, rx in PREFILTERED.items():
        if rx.regex.search(text):
            assert rx.may_match(text), (name, text)


def _plain_alternation(items):
    return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


@pytest.mark.parametrize("items", [
    ["was", "were", "went", "held", "help", "he"],
    ["claims?", "claim(?:ed|ing)", "call(?:s|ed)?", "c[ao]t"],
    ["seem(?:s|ed)?\\s+to\\s+think", "say", "sa(?:id|ys)"],
    ["'s", "'re", "is", "are"],
])
def test_grouping_by_first_letter_keeps_every_match(items):
    grouped = lexicon.words(" ".join(items))
    texts = ["He held the help, was it? They were there; he went.", "claims, claimed, called, cat cot call",
             "They seem to think so, she says; he said it.", "It's what they're: is, are, IS."]
    for flags in (0, re.I):
        plain, fast = re.compile(r"\b" + _plain_alternation(items), flags), re.compile(r"\b" + grouped, flags)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_list_with_an_item_that_opens_with_a_group_is_left_as_it_is():
    assert "(?:is|are)\\s+wrong" in lexicon.words(r"(?:is|are)\s+wrong isn't")
