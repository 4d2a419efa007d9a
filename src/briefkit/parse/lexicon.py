"""Word lists the role rules share: general English argument vocabulary, no outlet's.

Each list is a regular-expression fragment; ``words()`` turns a whitespace-separated
list into an alternation that matches whole words.
"""
from __future__ import annotations

import re

from .prefilter import Prefiltered, prefiltered


def words(spec: str) -> str:
    """``"a b c"`` -> ``(?:a|b|c)``; an item may itself be a regex fragment.

    The alternation is led by a look-ahead for the items' first letters: Python's
    regex engine then skips most positions at once (twice as fast on our lexicons).
    """
    items = sorted(spec.split(), key=len, reverse=True)
    firsts: set[str] = set()
    for item in items:
        opening = _first_characters(item)
        if opening is None:
            return "(?:" + "|".join(_by_first_letter(items)) + ")"
        firsts |= {c.lower() for c in opening}
    letters = "".join(re.escape(c) for c in sorted(firsts | {c.upper() for c in firsts}))
    return f"(?=[{letters}])(?:" + "|".join(_by_first_letter(items)) + ")"


def _first_characters(item: str) -> set[str] | None:
    """The characters a match of ``item`` can open with, when it must open with one
    of a few literal characters (``"(?:is|are)\\s+not"`` -> {"i", "a"}); else None."""
    from re import _constants as sre, _parser as sre_parse  # type: ignore[attr-defined]

    def first(items) -> set[str] | None:
        if not items:
            return None
        op, av = items[0]
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.SUBPATTERN and not (av[1] or av[2]):  # a group without inline flags
            return first(av[3].data)
        if op is sre.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                chars = first(branch.data)
                if chars is None:
                    return None
                found |= chars
            return found
        if op is sre.IN and av and all(kind is sre.LITERAL for kind, _ in av):
            return {chr(code) for _, code in av}
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            return first(av[2].data)
        return None

    try:
        return first(sre_parse.parse(item).data)
    except re.error:
        return None


def _by_first_letter(items: list[str]) -> list[str]:
    """``["still", "sat", "was"]`` -> ``["s(?:till|at)", "was"]``: the engine then
    tries one alternative per letter instead of every item (with ``re.I`` it cannot
    skip an item by its first letter). The same matches: items that open with
    different characters never match at the same place, and each group keeps its
    items' order. Unless every item opens with a plain character, the list is kept."""
    groups: dict[str, list[str]] = {}
    for item in items:
        if not _opens_plainly(item):
            return items
        groups.setdefault(item[0], []).append(item)
    if len({first.lower() for first in groups}) < len(groups):
        return items  # 'A…' and 'a…' would both match under re.I: keep the order
    return [f"{first}(?:{'|'.join(item[1:] for item in group)})" if len(group) > 1 else group[0]
            for first, group in groups.items()]


def _opens_plainly(item: str) -> bool:
    """A first character that matches only itself (no quantifier after it), and no
    alternation outside parentheses: then ``item[0] + "(?:" + item[1:] + ")"`` is ``item``."""
    if item[0] in "\\.^$*+?{}[]|()" or item[1:2] in ("?", "*", "+", "{"):
        return False
    depth, i = 0, 0
    while i < len(item):
        char = item[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = item.index("]", i + 2)  # a class: its "(" and "|" are plain characters
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        i += 1
    return True


# Verbs that report someone's position (the -s/-ed/-ing forms are matched by stems).
ARGUMENT_VERBS = words(
    r"argu(?:e|es|ed|ing) claim(?:s|ed|ing)? contend(?:s|ed|ing)? assert(?:s|ed|ing)? "
    r"insist(?:s|ed|ing)? maintain(?:s|ed|ing)? alleg(?:e|es|ed|ing) "
    r"sa(?:y|ys|id|ying) stat(?:e|es|ed|ing) suggest(?:s|ed|ing)? believ(?:e|es|ed|ing) "
    r"think(?:s|ing)? thought warn(?:s|ed|ing)? reason(?:s|ed|ing)? "
    r"point(?:s|ed|ing)?\s+(?:to|toward|towards|at) cit(?:e|es|ed|ing) "
    r"blam(?:e|es|ed|ing) accus(?:e|es|ed|ing) dismiss(?:es|ed|ing)? "
    r"den(?:y|ies|ied|ying) boast(?:s|ed|ing)? gush(?:es|ed|ing)? tout(?:s|ed|ing)? "
    r"complain(?:s|ed|ing)? declar(?:e|es|ed|ing) wr(?:ite|ites|ote|iting) "
    r"t(?:ell|ells|old|elling) promis(?:e|es|ed|ing) vow(?:s|ed|ing)? "
    r"justif(?:y|ies|ied|ying) portray(?:s|ed|ing)? characteri[sz](?:e|es|ed|ing) "
    r"describ(?:e|es|ed|ing) call(?:s|ed|ing)? predict(?:s|ed|ing)? "
    r"add(?:s|ed)? continu(?:e|es|ed) explain(?:s|ed|ing)? "
    r"insinuat(?:e|es|ed|ing) imply implie[sd] conclud(?:e|es|ed|ing) "
    r"hold(?:s|ing)? held "
    r"tweet(?:s|ed)? posit(?:s|ed)? counter(?:s|ed) retort(?:s|ed)? "
    r"rul(?:e|es|ed|ing) find(?:s|ing)? found decid(?:e|es|ed) "
    r"seem(?:s|ed)?\s+to\s+(?:believe|think|assume|argue)"
)
# Nouns for a position someone holds, as in "makes assertions that ...".
POSITION_NOUNS = words(
    r"claims? assertions? arguments? allegations? contentions? suggestions? insistence "
    r"premises? notions? ideas? assumptions? theor(?:y|ies) views? beliefs? narratives? "
    r"rationales? justifications? excuses? talking\s+points? charges? accusations? "
    r"points? logic reasoning rhetoric positions? stance framing line\s+of\s+reasoning "
    r"statements? characteri[sz]ations? factors? reasons? thinking case promises? "
    r"readings? interpretations? constructions? accounts? versions? story "
    r"contention conclusions? predictions? warnings? complaints? proposals?"
)
# Subjects that are sources of evidence rather than parties to the argument.
RESEARCH_SUBJECTS = words(
    r"stud(?:y|ies) reports? data survey(?:s)? research(?:ers)? analys[ie]s polls? "
    r"statistics figures records documents? audits? census findings papers? "
    r"evidence estimates? economists? scientists? scholars? investigat(?:ion|ions|ors) "
    r"experts? review(?:s)? testimony numbers"
)
# Words with which an author sets a reported claim at a distance.
DISTANCING = words(r"supposedly allegedly purportedly ostensibly so-called")
# Evaluative, judging vocabulary: its presence marks the author's own stance.
EVALUATIVE = words(
    r"assault(?:s|ed)? attacks? cruel(?:ty)? insidious thuggish devastat\w* dangerous\w* "
    r"troubling shameful outrageous cynical disgrace\w* unjust\w* injustice inhuman\w* "
    r"abus(?:e|es|ive) alarming appalling absurd(?:ly)? reckless\w* callous\w* "
    r"egregious harmful damaging destructive wrongheaded misguided deplorable "
    r"heartless immoral unconscionable unacceptable indefensible disastrous "
    r"draconian xenophobic racist bigot\w* hateful vile brutal\w* chilling "
    r"discriminat\w* unlawful illegitimate arbitrary capricious baseless "
    r"urgent\w* "
    r"fortunately unfortunately sadly tragic\w* remarkabl[ey] "
    r"legitimate fair unfair fairness dignity betray\w* "
    r"fail(?:s|ed|ing|ure)? succeed\w* better worse best worst"
)
NORMATIVE = words(
    r"should must ought need\s+to needs\s+to have\s+to has\s+to let's let\s+us "
    r"it\s+is\s+time it's\s+time urge\w* call\s+on calls\s+on demand\w* "
    r"cannot\s+afford make\s+no\s+mistake"
)
# Markers that deny or correct what was just reported, strong enough alone ...
STRONG_REFUTATION = words(
    r"no\s+basis no\s+evidence no\s+proof not\s+true untrue false(?:ly|hood)? "
    r"misunderstand\w* distort\w* misrepresent\w* myths? baseless unfounded specious nonsense "
    r"does\s+not\s+(?:hold|stand|follow|add\s+up|make\s+sense) doesn't\s+(?:hold|stand|follow|add\s+up|make\s+sense) "
    r"doesn’t\s+(?:hold|stand|follow|add\s+up|make\s+sense) "
    r"didn['’]t\s+make\s+(?:much\s+|a\s+whole\s+lot\s+of\s+|any\s+)?sense makes?\s+no\s+sense "
    r"the\s+opposite on\s+the\s+contrary nothing\s+could\s+be\s+further debunk\w* disprov\w* refut\w* "
    r"is\s+not\s+well\s+taken simply\s+(?:not|wrong|false) "
    r"cannot\s+be\s+(?:squared|reconciled) (?:is|are)\s+(?:inconsistent\s+with|belied\s+by|contradicted\s+by) "
    r"misreads? misstates? (?:say|says|tell|tells|show|shows|suggest|suggests)\s+otherwise "
    r"tell\s+a\s+different\s+story tells\s+a\s+different\s+story"
)
# ... and weaker ones that need another sign (anaphora, a contrastive opening).
WEAK_REFUTATION = words(
    r"wrong\w* mistaken misguided misleading flawed unsubstantiated absurd "
    r"ignor(?:e|es|ed|ing) overlook\w* fails?\s+to\s+(?:account|recogni[sz]e|consider|mention|acknowledge|explain|address) "
    r"contrary\s+to in\s+fact in\s+reality actually far\s+from undermin\w* contradict\w* "
    r"belie[sd]? confus\w* dubious questionable hardly\s+(?:a|the|any) no\s+such cherry-pick\w* "
    r"illusory exaggerat\w* overstat\w* inflated"
)
OPINION_SUBJECTS = words(
    r"government administration president white\s+house officials? critics? opponents? "
    r"supporters? proponents? advocates? defenders? detractors? skeptics? lawmakers? "
    r"legislators? senators? representatives? republicans? democrats? conservatives? "
    r"liberals? progressives? court judges? justices? majority dissent prosecutors? "
    r"ministry department secretary spokes(?:man|woman|person) agency industry "
    r"companies company campaign side camp some many others commentators? pundits? "
    r"ministers? mayors? governors? commissioners? chiefs? directors? executives? ceos? "
    r"chair(?:man|woman|person)? leaders? candidates? attorneys?\s+general lawyers? "
    r"defendants? plaintiffs? petitioners? respondents? appellants? appellees? councils? "
    r"boards? regulators? landlords? employers? unions? part(?:y|ies) sponsors? backers? "
    r"boosters? activists? lobbyists? authorities state city ambassadors? generals? "
    r"superintendents? sheriffs? chancellors? premiers? spokespeople prime\s+minister "
    r"he she they"
)
EXAMPLE_MARKERS = (
    r"(?:\bfor\s+(?:example|instance)\b|^(?:Take|Consider)\s+(?:the\s+(?:case|example|story)\s+of\s+)?[A-Z]"
    r"|\bin\s+one\s+case\b|^One\s+(?:example|case)\b|\bsuch\s+as\s+the\s+case\s+of\b)"
)
IRREGULAR_PAST = words(
    r"was were had did took made went came gave found left led began brought held told sent "
    r"won lost met ran saw set stood got put paid spent wrote became knew fell grew rose fled "
    r"kept built sought caught taught bought fought struck drew chose broke spoke sat rode "
    r"drove flew threw wore hid bore tore shot fed felt heard meant lay laid sold sang swore "
    r"understood forgave forbade withdrew overtook undertook"
)
IRREGULAR_PARTICIPLE = words(
    r"been become grown seen taken made fallen risen left gone come given brought held kept "
    r"built found spent paid lost won shown known led begun done told sent set put cut"
)
PRESENT_FINITE = words(
    r"is are am isn't aren't has have hasn't haven't does do doesn't don't can can't cannot "
    r"will won't shall may must should 's 're seems appears remains "
    r"means matters"
)

def compile_i(pattern: str) -> Prefiltered:
    """Case-insensitive, behind a check for the words any match needs (see ``prefilter``)."""
    return prefiltered(pattern, re.I)


_WORD = re.compile(r"[A-Za-z][a-z’'-]*")


class WordClass:
    """A one-word lexicon tested word by word, with a cache: a long alternation run at
    every position of every sentence is the parser's slowest step otherwise."""

    def __init__(self, pattern: str):
        self._pattern = re.compile(pattern + r"\Z", re.I)
        self._known: dict[str, bool] = _Known(self._pattern)
        self._runs: dict[str, str] = _FirstInRun(self._known)

    def first(self, text: str) -> str | None:
        """The first word of ``text`` in the lexicon. A word never spans white space, so
        the text is split there (faster than the word regex) and each run of non-space
        is read for words once (remembered: runs come back, "the", "law.")."""
        runs = self._runs
        if len(runs) > 200_000:
            runs.clear()
            self._known.clear()
        return next(filter(None, map(runs.__getitem__, text.split())), None)


class _FirstInRun(dict):
    """run of non-space -> its first word in the lexicon ("" for none), worked out on
    first lookup."""

    def __init__(self, known: dict[str, bool]):
        super().__init__()
        self._known = known

    def __missing__(self, run: str) -> str:
        found = self[run] = next(filter(self._known.__getitem__, _WORD.findall(run)), "")
        return found


class _Known(dict):
    """word -> whether the lexicon's pattern matches all of it, worked out on first lookup."""

    def __init__(self, pattern: re.Pattern[str]):
        super().__init__()
        self._pattern = pattern

    def __missing__(self, word: str) -> bool:
        hit = self[word] = bool(self._pattern.match(word))
        return hit
