"""Speed helpers of the parser that stand in for slower code: each must find exactly
what the code it replaced finds."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.parse.policies import labels, references
from briefkit.parse.policies.citations import _has_literals, _literals_needed, _tokenizer
from briefkit.parse.prefilter import _VOCABULARY, _WORD_RE

_LABEL_CHARS = "abAB .-&\t\n\u00a0\u2009"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="abAB.&", min_size=1, max_size=4), st.lists(st.tuples(st.sampled_from([" ", "-", " - ", "  "]),
       st.text(alphabet="abAB.&", min_size=1, max_size=4)), max_size=3),
       st.text(alphabet=_LABEL_CHARS, max_size=40), st.data())
def test_a_label_of_plain_words_matches_like_its_regex(first, rest, text, data):
    label = first + "".join(gap + word for gap, word in rest)
    for sensitive in (True, False):
        plain = labels._label_pattern(label, sensitive)
        assert isinstance(plain, labels._Words)
        regex = re.compile(labels._label_regex(label, sensitive))
        haystack = text if sensitive else text.lower()
        # the label itself somewhere in the text, now and then
        at = data.draw(st.integers(0, len(haystack)))
        haystack = haystack[:at] + (label if sensitive else label.lower()) + haystack[at:]
        pos = data.draw(st.integers(0, len(haystack)))
        end = data.draw(st.integers(pos, len(haystack)))
        found = regex.search(haystack, pos, end)
        assert plain.search(haystack, pos, end) == (found.span() if found else None)


def test_labels_with_quotes_or_a_final_hyphen_keep_their_regex():
    for label in ('the "Muslim" ban', "A-B-", "Sessions' ruling"):
        assert isinstance(labels._label_pattern(label, True), re.Pattern)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "ruling", "order", "Act", "program", "pact", "ban", "rule",
                                 "policy", "treaty", "a", "s", "border", "accords", "programme"]),
                max_size=12),
       st.sets(st.sampled_from(sorted(set(references._SHORT_REF_WORD.values())))))
def test_short_references_of_some_families_are_those_of_all_families(words, families):
    text = "The " + " ".join(words) + " the order."
    every = list(references._short_references(text, 0, len(text)))
    assert list(references._short_references(text, 0, len(text), families)) == \
        [found for found in every if found[2] in families]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab cd,.'\n\t-_1é\u00a0", max_size=60))
def test_text_bits_from_runs_of_non_space_are_those_from_words(text):
    from functools import reduce
    from operator import or_

    _VOCABULARY._texts.clear()
    bits = _VOCABULARY.of_text(text)
    if bits is not None:
        lowered = text.lower()
        assert bits == reduce(or_, map(_VOCABULARY._words.__getitem__, _WORD_RE.findall(lowered)), 0)


def test_eyecite_extractors_skipped_for_a_missing_literal_find_nothing():
    texts = ["See Lopez v. Ramirez, 599 U.S. 101, 110 (2029); 8 U.S.C. § 1158; 30 I&N Dec. 55.",
             "Smith v. Jones, 480 U.S. 421 (1987), and 12 F.3d 45; 5 S.W.2d 9, 10; Cal. Penal Code § 5"]
    tokenizer = _tokenizer()
    for text in texts:
        for extractor in tokenizer.get_extractors(text):
            if not _has_literals(text, _literals_needed(extractor)):
                assert list(extractor.get_matches(text)) == []


def test_eyecite_tokens_are_those_of_eyecites_own_extract_tokens():
    from eyecite.tokenizers import Tokenizer

    tokenizer = _tokenizer()
    texts = ["410 U.S. 113 (1973)", "8 U.S.C. § 1158", "See 8, U.S.C. § 1158 and 42 U.S.C.A. § 1983.",
             "x410 U.S. 113, 0123 U.S. 45, -12 U.S. 4", "\n12 F. Supp. 2d 34; 5 F.3d 10, 12 (2d Cir. 1999)",
             "In 1999 the Court in Roe v. Wade, 410 U.S. 113, 120 (1973), held; id. at 121; supra.",
             "Year 2019: 12 and 13 U.S. 45, 46; 99 S. Ct. 1 (2000); 2 U.S.C. 5; 7 C.F.R. § 9; 30 I&N Dec. 55"]
    for text in texts:
        ours = [(t.start, t.end, type(t).__name__, str(t)) for t in tokenizer.extract_tokens(text)]
        assert ours == [(t.start, t.end, type(t).__name__, str(t)) for t in Tokenizer.extract_tokens(tokenizer, text)]


def test_eyecite_helpers_regex_stand_in_answers_like_the_module():
    import regex

    from briefkit.parse.policies.citations import _CompiledOnce

    once = _CompiledOnce(regex)
    for _ in range(2):  # compiled, then kept
        assert once.sub(r"\s+", "-", "a  b\tc") == regex.sub(r"\s+", "-", "a  b\tc")
        assert once.sub(r"^(?i)In\s+", "", "in re Gault") == regex.sub(r"^(?i)In\s+", "", "in re Gault")
        assert once.split(r"\s+v\.?\s+", "A V. B v C", maxsplit=1, flags=regex.IGNORECASE) == \
            regex.split(r"\s+v\.?\s+", "A V. B v C", maxsplit=1, flags=regex.IGNORECASE)
        assert once.match(r"\(\d{4}\)", "(1999) x").span() == regex.match(r"\(\d{4}\)", "(1999) x").span()
        assert once.search(r"\b\d+\b$", "Smith 12").span() == regex.search(r"\b\d+\b$", "Smith 12").span()
        assert once.search("b", "abc", 0, 2) is None  # more arguments: the module's own
    assert once.IGNORECASE is regex.IGNORECASE


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["bad", "Bad", "cruel", "cruel-ish", "law", "law.", "’s", "don't", "the", "un-fair",
                                 "unfair", "GOOD", "good,", "x1", "é"]), max_size=10),
       st.lists(st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u2009", "-", ",", ""]), min_size=10, max_size=10))
def test_word_class_first_reads_runs_of_non_space_like_the_whole_text(words, gaps):
    from briefkit.parse import lexicon, roles

    text = "".join(word + gap for word, gap in zip(words, gaps))
    known = lexicon._Known(roles._EVALUATIVE._pattern)
    expected = next(filter(known.__getitem__, lexicon._WORD.findall(text)), None)
    assert roles._EVALUATIVE.first(text) == expected
