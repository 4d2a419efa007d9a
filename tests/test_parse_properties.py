"""Hypothesis: parse never raises, and its spans tile the text's non-space characters."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_source

from briefkit.parse import parse

WORDS = st.sampled_from([
    "The", "court", "argues", "that", "U.S.", "v.", "No.", "§", "1158", "Id.", "I&N", "Dec.", "“quoted”",
    "'single'", "—", "…", "...", "?", "!", "(AP Photo/Jane Doe)", "By", "Read more:", "This", "claim",
    "ignores", "According", "to", "42", "percent", "\n", "\n\n", "  ", "DACA", "Matter of A-B-", "Roe v. Wade",
    "8 U.S.C. § 1158", "the Act", "Executive Order 13769", "#", "\t", "\u00a0", "\ufeff", "é", "再",
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=120).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_parse_never_raises_and_spans_tile_the_text(text):
    brief = parse(make_source(text))
    spans = sorted([(f.start, f.end, "front") for f in brief.front] +
                   [(s.start, s.end, "section") for s in brief.sections])
    position = 0
    for start, end, _ in spans:
        assert 0 <= start < end <= len(text)
        assert start >= position, "spans overlap or are out of order"
        position = end
    covered = set()
    for start, end, _ in spans:
        covered.update(range(start, end))
    for i, char in enumerate(text):
        if not char.isspace():
            assert i in covered, f"character {char!r} at {i} is in no section or front part"
    for section in brief.sections:
        assert section.text == text[section.start:section.end]
        assert section.kind in ("claim", "counterclaim", "rebuttal", "evidence", "background")
        assert section.why
        ids = {s.id for s in brief.sections}
        assert set(section.responds_to) <= ids
    for policy in brief.policies:
        for mention in policy.mentions:
            assert mention.text == text[mention.start:mention.end]
