"""Paragraph and sentence segmentation: tables of invented text."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefkit.parse.text import Block, _word_before, paragraphs, sentences


def split(text):
    return [text[s.start:s.end] for p in paragraphs(text) for s in sentences(text, p)]


@pytest.mark.parametrize("text, expected", [
    ("The court ruled. The agency appealed.", ["The court ruled.", "The agency appealed."]),
    ("The U.S. Supreme Court agreed.", ["The U.S. Supreme Court agreed."]),
    ("She moved to the U.S. The next year she applied.", ["She moved to the U.S.", "The next year she applied."]),
    ("See 8 U.S.C. § 1158. The statute is short.", ["See 8 U.S.C. § 1158.", "The statute is short."]),
    ("The board cited 27 I&N Dec. 316. It did not explain why.",
     ["The board cited 27 I&N Dec. 316.", "It did not explain why."]),
    ("Id. at 320. The panel disagreed.", ["Id. at 320.", "The panel disagreed."]),
    ("Mr. Ruiz and Dr. Okafor testified.", ["Mr. Ruiz and Dr. Okafor testified."]),
    ("In Brown v. Board of Education, the Court spoke.", ["In Brown v. Board of Education, the Court spoke."]),
    ("The case is No. 17-1234 on the docket.", ["The case is No. 17-1234 on the docket."]),
    ("I said no. Then I left.", ["I said no.", "Then I left."]),
    ("John F. Kennedy said so.", ["John F. Kennedy said so."]),
    ("He said “enough.” Then he left.", ["He said “enough.”", "Then he left."]),
    ('He said "enough." Then he left.', ['He said "enough."', "Then he left."]),
    ("Why now? Because the deadline passed!", ["Why now?", "Because the deadline passed!"]),
    ("It was — in a word — absurd. Nobody laughed.", ["It was — in a word — absurd.", "Nobody laughed."]),
    ("We waited… and waited. Nothing.", ["We waited… and waited.", "Nothing."]),
    ("The U.N. Refugee Agency agreed.", ["The U.N. Refugee Agency agreed."]),
    ("It rose 0.2 percent. Then it fell.", ["It rose 0.2 percent.", "Then it fell."]),
])
def test_sentences(text, expected):
    assert split(text) == expected


def test_paragraphs_split_at_blank_lines_and_keep_offsets():
    text = "First line\nstill first.\n\n  \nSecond.\n\n\tThird.  "
    blocks = paragraphs(text)
    assert [text[b.start:b.end] for b in blocks] == ["First line\nstill first.", "Second.", "Third."]


def test_markdown_headings_are_their_own_paragraphs():
    text = "# Title\nBody starts here. It goes on."
    assert [text[b.start:b.end] for b in paragraphs(text)] == ["# Title", "Body starts here. It goes on."]


def test_sentences_cover_the_paragraph():
    text = "One. Two?  Three!\nFour"
    block = Block(0, len(text))
    got = sentences(text, block)
    covered = "".join(text[s.start:s.end] for s in got)
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")


# The word before a stop is found by walking back; it must be what the regex it
# replaced finds, "$" before a final newline included.
_WORD_BEFORE_RE = re.compile(r"([\w&.§'’-]+)$")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab1_&.§'’- \n\tÉ,x", max_size=14), st.data())
def test_word_before_is_what_the_regex_finds(text, data):
    end = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, end))
    found = _WORD_BEFORE_RE.search(text, lo, end)
    assert _word_before(text, lo, end) == (found.group(1) if found else None)
