"""The role of each body sentence, from small named rules you can read.

Each rule looks at one sentence (and what came before it) and may return a ``Cue``:
a role, a strength and a one-line reason. The strongest cue wins; ties go to the rule
listed first. A sentence with no cue is the author's own claim, which is what most of
an op-ed is. Rules are general English argument markers — attribution and reporting
verbs, refutation and contrast markers, anaphora that points back to an opposing
claim, figures and sources, narrative past tense — never the wording of one text.

To add a rule: write a function ``(Context) -> Cue | None``, add it to ``RULES`` and
give it a table of invented examples in ``tests/test_roles.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from . import lexicon as lx
from .prefilter import _VOCABULARY, prefiltered

# How many sentences back a counterclaim may stand and still be answered.
DEBATE_WINDOW = 4


class Cue(NamedTuple):
    """A rule's answer. A named tuple: a sentence makes one or two, and a tuple is
    made three times faster than a frozen dataclass."""

    role: str
    strength: float
    why: str
    rule: str = ""


@dataclass(slots=True)  # one per sentence: no ``__dict__`` to make
class Context:
    """One sentence and what the classifier has decided before it."""

    text: str
    index: int  # position among body sentences
    first_in_paragraph: bool
    paragraph_index: int
    previous: list[tuple[str, str, int]] = field(default_factory=list)  # (text, role, paragraph)
    _flags: int | None = None

    def has_word(self, stems: tuple[str, ...]) -> bool:
        """A cheap test run before a rule's regexes: does any word start with a stem?

        Each stem group is a factor of the prefilter's vocabulary (``_STEM_BITS``): each
        distinct word is checked against it once per process, and a sentence is split
        into words once for these tests and the prefiltered regexes alike."""
        if self._flags is None:
            text = self.text
            if text.isascii() and "'" not in text and "-" not in text and "_" not in text \
                    and "$" not in text and "%" not in text:
                # Without those, a token is a run of letters and digits: the words the
                # prefilter splits a text into, so its bits for the text serve (and
                # are remembered for the rules' prefiltered regexes).
                self._flags = _VOCABULARY.of_text(text) or 0
            else:
                self._flags = _VOCABULARY.bits_of_words(_TOKEN.findall(text.lower()))
        return bool(self._flags & _STEM_BITS[id(stems)])

    def since_counterclaim(self) -> int | None:
        """Sentences back to the last counterclaim, if the debate is still open.

        The debate stays open while sentences after the counterclaim are
        counterclaims, rebuttals or evidence for them.
        """
        for distance, (_, role, _) in enumerate(reversed(self.previous), start=1):
            if role == "counterclaim":
                return distance
            if role not in ("rebuttal", "evidence") or distance > 2 * DEBATE_WINDOW:
                return None
        return None

    @property
    def previous_role(self) -> str | None:
        return self.previous[-1][1] if self.previous else None


_TOKEN = re.compile(r"[a-z0-9$€£%][\w’'-]*")
Rule = Callable[[Context], "Cue | None"]


def rule(strongest: float):
    """Declare the strongest cue a rule can give: ``decide`` skips a rule that could
    not beat the cue it already has (ties go to the earlier rule anyway)."""
    def mark(function):
        function.strongest = strongest
        return function
    return mark

_THIRD_PARTY = re.compile(
    r"(?:\b" + lx.OPINION_SUBJECTS + r"\b|\b[A-Z][a-z’'-]+(?:’s|'s)?\b(?<!\bI)|[A-Z]{2,})", re.I * 0
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|us|our|Our|my|My)\b")
# Run on a subject's few words, not on sentences: no prefilter (see ``prefilter``).
_RESEARCH = re.compile(r"\b" + lx.RESEARCH_SUBJECTS + r"\b", re.I)
_ARGUMENT_VERB = lx.compile_i(r"\b" + lx.ARGUMENT_VERBS + r"\b")
_SCARE_QUOTE = re.compile(r"[“\"‘]([\w-]+)[”\"’]")
_CLAUSE_BREAK = re.compile(r"[,;:—–(“\"]|\b(?:that|which|because|but|and|while|when|if|although)\b")
_SENTENCE_FUNCTION_WORDS = frozenset(
    "The This That These Those A An And But Or So Yet In On At As If When While After Before "
    "Since Because Although Though However For With Without By From To Of Despite Still "
    "Instead Officially Finally Now Then Even Only Not It There Here What Why How".split()
)


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_OPINION_SUBJECT = re.compile(r"\b" + lx.OPINION_SUBJECTS + r"\b", re.I)
_YOU = re.compile(r"\byou\b", re.I)
_IT_THERE = re.compile(r"\b(?:it|there)\b", re.I)
_CAPITAL = re.compile(r"[A-Z]")
_BARE_IT = re.compile(r"(?:It|it)(?:\s+\w+ly)?")
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
_PROGRESSIVE_BEFORE = re.compile(r"\b(?:by|is|are|was|were|been|keeps?|kept)\s*$")
_PASSIVE_BEFORE = re.compile(r"\b(?:of|to|been|be|is|are|was|were|being|get|gets|got)\s*$")
_THAT_AFTER = re.compile(r"\s+that\b")
_MODAL = re.compile(r"\b(?:can|could|may|might|would)\b", re.I)


def _mask_scare_quotes(text: str) -> str:
    """“expert” -> ‹expert›: a one-word quotation is a distancing mark, not a quotation.
    Same length, so offsets still hold."""
    if "“" not in text and '"' not in text and "‘" not in text:
        return text  # no opening quote: nothing to mask (and no regex pass)
    return _SCARE_QUOTE.sub(lambda m: "‹" + m.group(1) + "›", text)


def _subject_before(text: str, at: int) -> str:
    """The words of the clause just before offset ``at`` (the verb's likely subject)."""
    head = _mask_scare_quotes(text[:at])
    cut = 0
    last = len(head.rstrip()) - 1
    for match in _CLAUSE_BREAK.finditer(head):
        if match.end() < last or match.group(0) in ",;:—–(":
            cut = match.end()
    tail = head[cut:].strip()
    if not tail:  # a parenthetical "A green card, the government argued, would ..."
        tail = head.rstrip(" ,").rsplit(",", 1)[-1].strip()
    return " ".join(tail.split()[-8:])


def _wider_subject(text: str, at: int) -> str:
    """The last words before ``at`` across clause breaks: the main clause's subject
    when the verb sits in a participle ('…, he did so by claiming …')."""
    head = _QUOTED.sub(" ", text[:at])
    return " ".join(head.split()[-12:])


_NOUN_PHRASE = re.compile(r"\b(?:the|a|an|this|that|these|those|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}?[a-z][\w’'-]{2,}\s*$", re.I)


def _subject_kind(subject: str, any_noun: bool = False) -> str | None:
    """'author', 'research', 'you', 'third-party' or None for no subject found.

    ``any_noun``: for verbs that only ever report a position (argue, contend, insist),
    any noun phrase is a third party ('the landlord insists ...').

    Remembered: a subject is a few words ('the administration', 'critics', 'he'),
    and the same ones come back sentence after sentence."""
    key = (subject, any_noun)
    kind = _SUBJECT_KINDS.get(key, _UNKNOWN)
    if kind is _UNKNOWN:
        if len(_SUBJECT_KINDS) >= 20_000:
            _SUBJECT_KINDS.clear()
        kind = _SUBJECT_KINDS[key] = _read_subject_kind(subject, any_noun)
    return kind  # type: ignore[return-value]


_UNKNOWN = object()
_SUBJECT_KINDS: dict[tuple[str, bool], str | None] = {}


def _read_subject_kind(subject: str, any_noun: bool) -> str | None:
    if not subject:
        return None
    if _FIRST_PERSON.search(subject):
        return "author"
    if "‹" in subject:
        return "third-party"  # a scare-quoted subject: the government's "expert"
    if _RESEARCH.search(subject.split()[-1] if subject.split() else ""):
        return "research"
    if _RESEARCH.search(subject) and not _OPINION_SUBJECT.search(subject):
        return "research"
    if _YOU.search(subject):
        return "you"
    if _IT_THERE.search(subject) and not _CAPITAL.search(subject, 1):
        return "pronoun" if _BARE_IT.fullmatch(subject) else None
    if _OPINION_SUBJECT.search(subject):
        return "third-party"
    for word in _CAPITALISED.findall(subject):
        if word not in _SENTENCE_FUNCTION_WORDS:
            return "third-party"
    if any_noun and _NOUN_PHRASE.search(subject):
        return "third-party"
    return None


# --- counterclaim ------------------------------------------------------------------

_QUOTE_ATTRIBUTION = re.compile(
    r"^[“\"‘'][^”\"]{8,}[”\"’'],?\s+(?:[\w.’'-]+\s+){0,6}?" + lx.ARGUMENT_VERBS + r"\b"
    r"|^[“\"‘'][^”\"]{8,}[”\"’'],?\s+" + lx.ARGUMENT_VERBS + r"\s+[A-Z]",
)
_FIRST_PERSON_QUOTE = re.compile(r"[“\"][^”\"]*\b(?:I|my|me|I’m|I'm)\b[^”\"]*[”\"]")


@rule(strongest=3)
def reported_quotation(ctx: Context) -> Cue | None:
    """A quotation followed by who said it: '"…," gushed the minister.'"""
    if _QUOTE_ATTRIBUTION.match(ctx.text):  # every branch opens with '^'
        if _FIRST_PERSON_QUOTE.search(ctx.text):
            return Cue("evidence", 2.5, "a first-person quotation with its speaker: testimony")
        return Cue("counterclaim", 3, "a quotation attributed to someone else with a reporting verb")
    return None


_ARGUMENT_STEMS = ("argu", "claim", "contend", "assert", "insist", "maint", "alleg", "sa", "stat", "sugg",
                   "beli", "think", "thought", "warn", "reason", "point", "cit", "blam", "accus", "dismiss",
                   "den", "boast", "gush", "tout", "compl", "decl", "wr", "tell", "told", "prom", "vow",
                   "justif", "portray", "charact", "descr", "call", "pred", "add", "contin", "expl",
                   "insin", "impl", "concl", "hold", "held", "tweet", "posit", "counter", "retort", "rul",
                   "find", "found", "decid", "seem")


_THAT_STEMS = ("that",)
_IMPERSONAL_STEMS = ("said", "argued", "claimed", "suggested", "asserted", "alleged", "believed", "some", "many",
                     "others", "critics", "opponents", "supporters", "told")
_DISTANCING_STEMS = ("suppos", "alleged", "purport", "ostensib", "what")


@rule(strongest=3)
def reported_argument(ctx: Context) -> Cue | None:
    """A third party argues, claims or says something: 'He argues that …'."""
    if not ctx.has_word(_ARGUMENT_STEMS):
        return None
    text = ctx.text
    for verb in _ARGUMENT_VERB.regex.finditer(text):  # has_word above is the prefilter
        word = verb.group(0).lower()
        at = verb.start()
        before = text[max(0, at - 12):at].lower()
        # the cheap tests first: the subject is read only for a verb that may report
        if word.endswith("ing"):
            if not _PROGRESSIVE_BEFORE.search(before):
                continue  # "the way of thinking", "a warning": not a report
        elif _PASSIVE_BEFORE.search(before):
            continue  # passive or infinitive: "was called", "to say"
        rest = text[verb.end():verb.end() + 60]
        subject = _subject_before(text, at)
        kind = _subject_kind(subject, any_noun=bool(_POSITION_VERB.match(word)))
        if kind is None and word.endswith("ing"):
            subject = _wider_subject(text, at)
            kind = _subject_kind(subject)
        if word.startswith(("rul", "found", "find", "decid", "held", "hold")):
            if kind == "research":
                return Cue("evidence", 2.5, f"a study or data source '{subject}' {verb.group(0)}")
            if kind == "third-party" and _THAT_AFTER.match(rest):
                return Cue("evidence", 2, f"an authority's holding reported: '{verb.group(0)} that'")
            continue
        if kind == "author":
            return None
        if kind == "pronoun" and ctx.previous_role == "counterclaim":
            kind = "third-party"  # "The agency contends … It insists …": the report goes on
        if kind == "research":
            return Cue("evidence", 2.5, f"a study or data source '{subject}' {verb.group(0)}")
        if kind == "you" and _MODAL.search(subject + " " + word):
            return Cue("counterclaim", 2, "a hypothetical position put to the reader: 'you may believe'")
        if kind == "third-party" and (_REPORTED_CONTENT.match(rest)
                                      or word.startswith(("point", "cit", "blam", "accus", "claim", "argu",
                                                          "insist", "contend", "assert", "alleg", "seem"))):
            return Cue("counterclaim", 3, f"reporting verb '{verb.group(0)}' with a third-party subject '{subject}'")
    return None


# What follows a reporting verb when it reports content: "that …", a quotation, or a
# clause with its own finite verb ("suggested the plan would hurt …").
_REPORTED_CONTENT = re.compile(
    r"\s*(?:that\b|[,:“\"]|(?:[\w’'-]+\s+){1,4}?(?:is|are|was|were|would|will|could|can|should|must|has|have|had|"
    r"does|did|isn['’]t|wasn['’]t|won['’]t|wouldn['’]t)\b)")
_POSITION_VERB = re.compile(r"(?:argu|contend|insist|assert|alleg|claim|maintain|gush|boast|tout)")
_POSITION_THAT = prefiltered(
    r"\b(?:makes?|made|making|offers?|offered|advances?|advanced|repeats?|repeated|puts?\s+forward|floats?|floated|pushes|pushed|peddles?)\b"
    r"[^.;]{0,60}?\b" + lx.POSITION_NOUNS + r"\s+that\b",
    re.I,
)


@rule(strongest=3)
def position_statement(ctx: Context) -> Cue | None:
    """'X makes unsubstantiated assertions that …': a position reported as a noun."""
    match = ctx.has_word(_THAT_STEMS) and _POSITION_THAT.search(ctx.text)
    if match and _subject_kind(_subject_before(ctx.text, match.start()), any_noun=True) == "third-party":
        return Cue("counterclaim", 3, "a third party 'makes assertions/claims that …'")
    return None


_IMPERSONAL_CLAIM = prefiltered(
    r"\b(?:it\s+is|it's|it\s+has\s+been)\s+(?:often\s+|widely\s+|commonly\s+|sometimes\s+)?"
    r"(?:said|argued|claimed|suggested|asserted|alleged|believed)\s+that\b"
    r"|\b(?:some|many|others|critics|opponents|supporters)\s+(?:\w+\s+)?(?:argue|say|claim|insist|believe|contend|suggest)\b"
    r"|\b(?:we|you)\s+(?:are|were|have\s+been|['’]ve\s+been|keep\s+being|get)\s+(?:\w+\s+)?told\s+that\b",
    re.I,
)


@rule(strongest=3)
def impersonal_position(ctx: Context) -> Cue | None:
    """'It is often argued that …', 'Some say …': an opposing view without a name."""
    if ctx.has_word(_IMPERSONAL_STEMS) and _IMPERSONAL_CLAIM.search(ctx.text):
        return Cue("counterclaim", 3, "an opposing view reported without a name ('some argue', 'it is said')")
    return None


_DISTANCED = lx.compile_i(r"\b" + lx.DISTANCING + r"\b|\bwhat\s+(?:he|she|they|the\s+\w+)\s+(?:called|calls|termed|dubbed)\b")


@rule(strongest=2)
def distanced_report(ctx: Context) -> Cue | None:
    """'… were supposedly to blame': the author keeps a reported view at arm's length."""
    if not ctx.has_word(_DISTANCING_STEMS) or ctx.since_counterclaim() is None:
        return None
    match = _DISTANCED.search(ctx.text)
    if match and match.group(0).lower() != "so-called":
        return Cue("counterclaim", 2, f"distancing word '{match.group(0)}' in a reported view")
    return None


# --- rebuttal -----------------------------------------------------------------------

_ANAPHORA = prefiltered(
    r"\b(?:this|that|these|those|such|his|her|their|its|the)\s+(?:\w+\s+){0,2}?" + lx.POSITION_NOUNS + r"\b"
    r"|\b(?:this|that|these|those)\s+(?:announcement|decision|order|ruling|move|policy|idea|framework|view)\b",
    re.I,
)
_DEMONSTRATIVE_ANAPHORA = prefiltered(
    r"\b(?:this|that|these|those|such)\s+(?:\w+\s+){0,1}?" + lx.POSITION_NOUNS + r"\b", re.I)
_OPENING_ANAPHORA = re.compile(r"^(?:\w+,\s+)?(?:This|That|These|Those|Such)\s+(?:\w+\s+){0,1}?" + lx.POSITION_NOUNS + r"\b", re.I)
_STRONG_REFUTATION = lx.compile_i(r"\b" + lx.STRONG_REFUTATION + r"(?!\w)")
_WEAK_REFUTATION = lx.compile_i(r"\b" + lx.WEAK_REFUTATION + r"(?!\w)")
_CONCESSIVE_OPENING = re.compile(
    r"^(?:Despite\s+(?:this|that|these|those|such|his|her|their)\b|(?:This|That),\s+despite\b|Regardless\b|"
    r"Perhaps,?\s+but\b|Still,|Nonetheless|Nevertheless|Even\s+so|Not\s+so\b|Wrong\b|Hardly\b|"
    r"(?:But|Yet)\s+(?:this|that|these|those|the\s+(?:truth|reality|fact|record|evidence))\b|"
    r"(?:In\s+fact|Actually|In\s+reality|On\s+the\s+contrary|To\s+the\s+contrary|The\s+(?:truth|reality|fact)\s+is)\b|"
    r"However,|True,|Sure,|Of\s+course,)",
)
_CONTRAST_OPENING = re.compile(r"^(?:But|Yet|However|In\s+truth|Not\s+so)\b")
_OPPONENT_FAILS = re.compile(
    r"^(?:\w+\s+)?(?:He|She|They|It|[A-Z][a-z]+)\s+(?:\w+ly\s+)?(?:provides?|offers?|gives?|cites?|presents?|has|have|had)\s+no\b"
    r"|^(?:\w+\s+)?(?:He|She|They|[A-Z][a-z]+)\s+(?:\w+ly\s+)?(?:ignores?|ignored|neglects?|overlooks?|forgets?|omits?|fails?\s+to|misreads?|misstates?)\b",
)
_DOUBT = prefiltered(r"\b(?:whether|if)\s+(?:that|this|it|any\s+of\s+(?:that|this))\s+(?:is|was|were|are|holds?)\s+(?:true|so|right|correct|the\s+case|accurate)\b", re.I)
_CHALLENGE_QUESTION = re.compile(r"(?:^|\b(?:then|so|but)\s+)(?:why|how)\b", re.I)
_COUNTERFACTUAL = prefiltered(r"\bif\b[^.?!]{3,120}\bwere\b[^.?!]{3,160}\bwould\b", re.I)
_CONDITIONAL_ANSWER = re.compile(r"^If\s+so,", re.I)


@rule(strongest=4.5)
def refutation(ctx: Context) -> Cue | None:
    """Answers to a counterclaim just made: anaphora, refutation words, concession.

    The signs add up to a score, given with their reasons in a fixed order. The two
    weak signs (plain anaphora, a weak refutation marker: 1.5 each) are the costliest
    to look for, so they are looked for last, and only while the score can still
    reach 2.5: the same cue as looking for everything."""
    distance = ctx.since_counterclaim()
    if distance is None:
        return None
    text = ctx.text
    anaphora: tuple[float, str] | None = None  # None: plain anaphora still to look for
    if distance <= 3 and _OPENING_ANAPHORA.search(text):
        anaphora = (2.5, "opens by pointing back at the opposing claim")
    elif distance <= 3 and (match := _DEMONSTRATIVE_ANAPHORA.search(text)):
        anaphora = (2.5, f"points back at the opposing claim ('{match.group(0)}')")
    marker: tuple[float, str] | None = None  # None: a weak marker still to look for
    if (match := _STRONG_REFUTATION.search(text)):
        marker = (2.5, f"refutation marker '{match.group(0)}'")
    others: list[tuple[float, str]] = []
    if distance == 1 and (match := _CONTRAST_OPENING.search(text)):
        others.append((2.5, f"answers it at once ('{match.group(0).strip(',')}')"))
    elif (match := _CONCESSIVE_OPENING.search(text)):
        weak = match.group(0).startswith(("However", "True", "Sure", "Of course", "Still"))
        others.append((2.5 if distance <= 2 and not weak else 1.5, f"turns against it ('{match.group(0).strip(',')}')"))
    if _OPPONENT_FAILS.match(text):  # every branch opens with '^'
        others.append((2.5, "says the opponent offers no support or ignores something"))
    if _DOUBT.search(text):
        others.append((2.5, "doubts that the claim is true"))
    if text.rstrip().endswith("?") and _CHALLENGE_QUESTION.search(text):
        others.append((3, "a challenging 'why/how' question"))
    if _COUNTERFACTUAL.search(text) or _CONDITIONAL_ANSWER.search(text):
        others.append((2.5 if distance <= DEBATE_WINDOW else 1.5, "a counterfactual drawn from the opposing claim"))
    found = [part for part in (anaphora, marker) if part is not None] + others
    reachable = sum((points for points, _ in found), 0.0) + 1.5 * ((anaphora is None) + (marker is None))
    if reachable < 2.5:
        return None
    if marker is None:
        if (match := _WEAK_REFUTATION.regex.search(text)):
            marker = (1.5, f"refutation marker '{match.group(0)}'")
        else:
            reachable -= 1.5
            if reachable < 2.5:
                return None
    if anaphora is None and (match := _ANAPHORA.regex.search(text)):
        anaphora = (1.5, f"points back at the opposing claim ('{match.group(0)}')")
    parts = [part for part in (anaphora, marker) if part is not None] + others
    score = sum((points for points, _ in parts), 0.0)  # as 0.0 + each, in order
    if score >= 2.5:
        reasons = [reason for _, reason in parts]
        return Cue("rebuttal", min(score, 4.5), "; ".join(reasons) + f" ({distance} sentence(s) after a counterclaim)")
    return None


# --- evidence -----------------------------------------------------------------------

# "According to the administration, …": a party's claim, not a source's finding.
_ACCORDING_PARTY = prefiltered(
    r"\baccording\s+to\s+((?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:administration|president|white\s+house|government|"
    r"officials?|spokes(?:man|woman|person)|critics|opponents|supporters|proponents|defenders|industry|lobby(?:ists)?|"
    r"campaign|ministry|prosecutors?|mayor|governor|senator|secretary))\b(?![’']s\s+(?:own\s+)?(?:data|figures|records|report))",
    re.I)
_ACCORDING = prefiltered(r"\baccording\s+to\b|\breportedly\b|\bestimated\b|\bdocumented\b|\bon\s+average\b", re.I)
_RESEARCH_VERB = lx.compile_i(
    r"\b" + lx.RESEARCH_SUBJECTS + r"\b[^.;]{0,80}?\b(?:show(?:s|ed|n)?|suggest(?:s|ed)?|f(?:ou|i)nds?|found|indicat(?:e|es|ed)|reveal(?:s|ed)?|"
    r"document(?:s|ed)?|estimat(?:e|es|ed)|demonstrat(?:e|es|ed|ing)|conclud(?:e|es|ed))\b"
    r"|\breleased\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:report|study|paper|survey|analysis|data|audit)\b"
)
_FIGURE = re.compile(
    # what every branch opens with, first: the engine then skips other places at once
    r"(?=[\d$€£oOtTfFhHmM])(?:"
    r"\d[\d,.]*\s*(?:%|percent|per\s+cent|million|billion|trillion|thousand)\b|[$€£]\s?\d"
    r"|\b\d{1,3}(?:,\d{3})+\b|\b(?:one|two|three|four|five)[- ](?:thirds?|quarters?|fifths?|in\s+(?:\w+))\b"
    r"|\bhalf\s+of\b|\bmajority\s+of\b|\b\d+\s+(?:in|out\s+of)\s+(?:\d+|ten|five|four|three)\b)",
    re.I,
)
_EXAMPLE = prefiltered(lx.EXAMPLE_MARKERS, re.I)
# Anchored at the start: one try there, cheaper than any prefilter.
_CITATION_SENTENCE = re.compile(r"^(?:See(?:,\s+e\.g\.,|\s+also)?|Cf\.|Id\.|Accord|Compare)\s", re.I)


_SOURCE_STEMS = ("accord", "report", "estimat", "document", "average", "stud", "data", "survey", "research",
                 "analys", "poll", "statist", "figur", "record", "audit", "census", "finding", "paper",
                 "evidence", "econom", "scien", "scholar", "investig", "expert", "review", "testimon",
                 "number", "released")


@rule(strongest=2.6)  # an attribution to a party gives 2.6
def sourced_fact(ctx: Context) -> Cue | None:
    """'According to …', 'data show …', 'a report found …'."""
    if not ctx.has_word(_SOURCE_STEMS):
        return None
    if (match := _ACCORDING_PARTY.search(ctx.text)) and not _RESEARCH.search(match.group(1)):
        return Cue("counterclaim", 2.6, f"attributed to a party to the dispute ('{match.group(0)[:40]}')")
    if (match := _ACCORDING.search(ctx.text)) or (match := _RESEARCH_VERB.search(ctx.text)):
        return Cue("evidence", 2.5, f"attributed to a source ('{match.group(0)[:40]}')")
    return None


_EXAMPLE_STEMS = ("example", "instance", "take", "consider", "one", "such")
_FIGURE_HINT = re.compile(r"[0-9$€£]")
_FIGURE_WORDS = ("half", "majorit", "third", "quarter", "fifth", " in ten", " in five", " in four", " in three")


@rule(strongest=2)
def figures(ctx: Context) -> Cue | None:
    """Statistics, amounts and counts offered as fact."""
    if not _FIGURE_HINT.search(ctx.text):
        lower = ctx.text.lower()
        if not any(word in lower for word in _FIGURE_WORDS):
            return None
    if (match := _FIGURE.search(ctx.text)):
        return Cue("evidence", 2, f"a figure ('{match.group(0)}')")
    return None


@rule(strongest=2.5)
def example(ctx: Context) -> Cue | None:
    """'Take X, for example' opens a documented example."""
    if ctx.has_word(_EXAMPLE_STEMS) and _EXAMPLE.search(ctx.text):
        return Cue("evidence", 2.5, "opens an example ('for example', 'take …')")
    return None


@rule(strongest=3)
def citation_sentence(ctx: Context) -> Cue | None:
    """A legal citation sentence: 'See …', 'Id.', 'Cf. …'."""
    if _CITATION_SENTENCE.match(ctx.text):
        return Cue("evidence", 3, "a citation sentence ('See', 'Id.', 'Cf.')")
    return None


# --- background ---------------------------------------------------------------------

# "\b[a-z]{5,}+(?<=ed)\b" is "\b[a-z]{3,}ed\b" without backtracking through every
# word: either matches a whole run of five or more letters ending in "ed".
_PAST = lx.compile_i(r"\b" + lx.IRREGULAR_PAST + r"\b|\b[a-z]{5,}+(?<=ed)\b")
_NOT_PAST_ED = re.compile(r"\b(?:is|are|am|be|been|being|the|a|an|so-called|very|more|most|less|get|gets|got|has|have)\s+\w+ed\b", re.I)
_PRESENT_WORD = lx.compile_i(r"\b" + lx.PRESENT_FINITE + r"\b")
_PRESENT_THIRD_PERSON = re.compile(r"\b(?=[HhSsIi])(?:[Hh]e|[Ss]he|[Ii]t)\s+[a-z]+s\b")


def _present(text: str) -> bool:
    return bool("n't" in text or "n’t" in text or _PRESENT_WORD.regex.search(text) or _PRESENT_THIRD_PERSON.search(text))
_TIME_SETTING = re.compile(
    r"^(?:(?:In|On|By|Since|During|Until|After|Before|Earlier|Later|Last|This|Back)\s+(?:\w+\s+){0,3}?"
    r"(?:\d{3,4}|\d{1,2}/\d{1,2}|January|February|March|April|May|June|July|August|September|October|November|December|"
    r"week|month|year|spring|summer|fall|autumn|winter|weekend|decade|century|time)\b|"
    r"(?:Last|Earlier\s+this|This\s+past)\s+(?:week|month|year|spring|summer|fall|winter)\b|Yesterday\b|On\s+\w+day\b)",
)
_OFFICIAL_ACTION = re.compile(
    r"\b(?:announced|ordered|signed|issued|imposed|enacted|passed|ruled|decided|overturned|overruled|granted|"
    r"denied|launched|introduced|suspended|ended|rescinded|revoked|proposed|released|appointed|vetoed|"
    r"approved|upheld|struck\s+down|blocked|filed|sued|arrested|detained|deported|established|created)\b",
)
_LEADING_SUBORDINATE = re.compile(r"^(?:Although|Though|While|When|After|Because|Since|As|If|Once|Before|Until)\b[^,]{0,120},")
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:\w+ed|" + lx.IRREGULAR_PARTICIPLE + r")\b", re.I)
_IMAGINE = re.compile(r"^(?:Imagine|Picture\s+this|Suppose)\b|^(?:This|That|Such|Hers|His|Theirs)\s+(?:is|was)\s+the\s+(?:story|case|experience|plight)\s+of\b")


@rule(strongest=3.2)
def scene(ctx: Context) -> Cue | None:
    """'Imagine …', 'This is the story of …': the author sets a scene."""
    if (match := _IMAGINE.match(ctx.text)):  # every branch opens with '^'
        return Cue("background", 3.2, f"sets a scene for the reader ('{match.group(0)}')")
    return None


@rule(strongest=2.1)
def narrative(ctx: Context) -> Cue | None:
    """What happened: past-tense narration or an official act, told without judgement."""
    text = ctx.text
    if _present(text):
        if text.startswith("Since") and _TIME_SETTING.match(text) and _PERFECT.search(text):
            return Cue("background", 1.6, "what has happened since a time ('Since …, … has')")
        return None
    past = next((m for m in _PAST.regex.finditer(text)
                 if not _NOT_PAST_ED.search(text, max(0, m.start() - 12), m.end())), None)
    if past:
        if _OFFICIAL_ACTION.search(_LEADING_SUBORDINATE.sub("", text)):
            return Cue("background", 2.1, "an official action reported in the past tense")
        if (setting := _TIME_SETTING.match(text)):  # read only where it is used
            return Cue("background", 1.6, f"a past event with its time ('{setting.group(0)}')")
        return Cue("background", 1.2, f"narrative past tense ('{past.group(0)}')")
    return None


# --- claim --------------------------------------------------------------------------

_NORMATIVE = lx.compile_i(r"\b" + lx.NORMATIVE + r"\b")
_EVALUATIVE = lx.WordClass(lx.EVALUATIVE)
_STANCE = prefiltered(r"\b(?:I|We)\s+(?:\w+\s+)?(?:believe|think|argue|hope|urge|know|contend|must|should|cannot)\b|^(?:Clearly|Surely|Certainly|Obviously|Make\s+no\s+mistake)\b")


@rule(strongest=2.2)
def stance(ctx: Context) -> Cue | None:
    """The author's own judgement: ought, must, evaluative words, 'I believe'."""
    if (match := _STANCE.search(ctx.text)):
        return Cue("claim", 2.2, f"the author's stance ('{match.group(0)}')")
    if (match := _NORMATIVE.search(ctx.text)):
        return Cue("claim", 2.0, f"a recommendation or obligation ('{match.group(0)}')")
    if (word := _EVALUATIVE.first(ctx.text)):
        return Cue("claim", 1.9, f"evaluative language ('{word}')")
    return None


_STEM_GROUPS = [_ARGUMENT_STEMS, _SOURCE_STEMS, _THAT_STEMS, _IMPERSONAL_STEMS, _DISTANCING_STEMS, _EXAMPLE_STEMS]
# Each group of stems is one factor of the prefilter's vocabulary ("some word starts
# with one of these"): its bit is set for a text when one of its words starts so.
_STEM_BITS = {id(group): _VOCABULARY.bits_of((frozenset(group),)) for group in _STEM_GROUPS}

RULES: tuple[Rule, ...] = (
    citation_sentence,
    scene,
    refutation,
    reported_quotation,
    reported_argument,
    position_statement,
    impersonal_position,
    distanced_report,
    sourced_fact,
    example,
    figures,
    stance,
    narrative,
)

DEFAULT = Cue("claim", 0.0, "no other cue: the author's own assertion", "default")


def decide(ctx: Context) -> Cue:
    """The strongest cue for one sentence (ties go to the earlier rule)."""
    best, strength, name = DEFAULT, DEFAULT.strength, ""
    for rule_ in RULES:
        if rule_.strongest > strength:
            cue = rule_(ctx)
            if cue is not None and cue.strength > strength:
                assert cue.strength <= rule_.strongest, f"{rule_.__name__} is stronger than it declares"
                best, strength, name = cue, cue.strength, rule_.__name__
    # the winner is named once, not each cue that was beaten later
    return best if best is DEFAULT else Cue(best.role, best.strength, best.why, name)


def classify(sentences: list[tuple[str, int, bool]]) -> list[Cue]:
    """Roles for body sentences given as (text, paragraph index, first in paragraph)."""
    previous: list[tuple[str, str, int]] = []
    cues: list[Cue] = []
    example_open = False
    for index, (text, paragraph, first) in enumerate(sentences):
        ctx = Context(text=text, index=index, first_in_paragraph=first, paragraph_index=paragraph,
                      previous=previous)
        cue = decide(ctx)
        # An example goes on while the narration goes on: "Take X, for example. He applied …"
        if example_open and cue.role in ("background", "claim") and cue.rule in ("narrative", "default"):
            if cue.rule == "narrative":
                cue = Cue("evidence", cue.strength, "continues the example begun above: " + cue.why, "example_run")
        example_open = (cue.rule in ("example", "example_run")) or (example_open and cue.role == "evidence")
        cues.append(cue)
        previous.append((text, cue.role, paragraph))
    return cues
