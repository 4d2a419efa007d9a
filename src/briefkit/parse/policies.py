"""Find the policies a text cites: rulings, statutes, regulations, programs, treaties,
agency actions and practices with a common name.

Three passes over the regions of the text the caller names, then a merge:

1. naming rules propose candidate mentions: the registry's names and aliases, case
   names, numbered instruments ("Executive Order 13769", "Section 230"), capitalised
   names that end in a policy word ("... Act", "... Convention", "... Program"),
   acronyms beside their expansion, quoted or "so-called" common names, possessive
   names ("Trump's executive order"), instruments aimed at a country ("tariffs on Swiss
   imports"), formal citations found by eyecite. Overlapping candidates are settled by
   rank (the registry first), then by length;
2. every name and acronym found so far is looked for again everywhere: in title-case
   headlines (where pass 1 does not trust capitals) and as later bare acronyms
   ("NSEERS" after "National Security Entry Exit Registration System");
3. short references with a determiner ("the ruling", "Sessions's ruling", "the
   program") become mentions of the only policy of a compatible kind mentioned before.

Matching runs on a copy of the text in which curly quotes and apostrophes, non-breaking
hyphens and non-breaking spaces are replaced one for one by plain ones, so its offsets
are the text's offsets. Each rule is a small function yielding candidates with a
one-line reason, which becomes the mention's and the policy's ``why``.

Speed: every regex starts with a literal or a small set of literals (Python's ``re``
then skips ahead fast); word boundaries before a match are checked in Python, and
case-insensitive names are matched on a lowercased copy of the text.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Sequence

from ..model import CitedPolicy, Mention, Registry, RegistryPolicy

__all__ = ["find_policies"]

# ---------------------------------------------------------------- text normalisation

_LOOK_ALIKES = (
    ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"), ("\u2032", "'"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u201f", '"'), ("\u2033", '"'),
    ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u2010", "-"), ("\u2011", "-"), ("\u00ad", "-"),
    ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\u2009", " "),
)


def _plain(text: str) -> str:
    """The text with look-alike characters replaced one for one (offsets unchanged)."""
    for fancy, plain in _LOOK_ALIKES:
        if fancy in text:  # str.replace is fast; str.translate with a dict is not
            text = text.replace(fancy, plain)
    return text


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(text: str) -> str:
    """Lowercase with offsets unchanged (``str.lower`` may lengthen a few letters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def _key(name: str) -> str:
    """What two names must share to be one policy: case, quotes, hyphens and a leading
    'the' do not count."""
    name = _plain(name).casefold().replace('"', "").replace("-", " ")
    name = re.sub(r"[^\w'&§ .]", " ", name)
    name = " ".join(name.split()).strip(" .")
    return name[4:] if name.startswith("the ") else name


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "policy"


def _starts_word(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-")


def _ends_word(text: str, pos: int) -> bool:
    return pos >= len(text) or not (text[pos].isalnum() or text[pos] == "_")


# ---------------------------------------------------------------- word lists

# Capitalised policy words and what a name ending in them is.
_HEAD_KIND = {
    **dict.fromkeys(("Act", "Acts", "Amendment", "Amendments", "Clause", "Bill", "Code",
                     "Statute", "Law", "Charter"), "statute"),
    **dict.fromkeys(("Rule", "Rules", "Regulation", "Regulations", "Directive"), "regulation"),
    **dict.fromkeys(("Program", "Programme", "Programs", "Initiative", "Status", "System",
                     "Plan", "Action", "Lottery", "Protocols", "Waiver", "Scheme", "Deal"),
                    "program"),
    **dict.fromkeys(("Policy", "Doctrine"), "practice"),
    **dict.fromkeys(("Convention", "Conventions", "Treaty", "Agreement", "Accord", "Accords",
                     "Protocol", "Covenant", "Pact", "Compact", "Declaration"), "treaty"),
    **dict.fromkeys(("Order", "Proclamation", "Memorandum", "Ban"), "agency-action"),
}
# What a short reference may point to ("the Act" -> a name ending in Act).
_HEAD_FAMILY = {"Act": "act", "Acts": "act", "Amendment": "amendment", "Order": "order",
                "Proclamation": "order", "Ban": "ban"}
# Heads after which an of-phrase is part of the name ("Convention against Torture").
_EXTENDING_HEADS = {"Convention", "Conventions", "Treaty", "Covenant", "Declaration",
                    "Protocol", "Action", "Charter", "Order"}
# Heads that need a particular modifier to name a policy.
_HEAD_NEEDS = {
    "Action": {"deferred", "affirmative", "executive"},
    "Order": {"executive", "presidential", "secretarial", "administrative"},
    "Memorandum": {"presidential", "policy", "executive"},
}
# A name made only of these words is a field of law or policy, not an instrument
# ("Immigration Law", "Foreign Policy", "Justice System").
_GENERIC = frozenset("""
    international immigration criminal civil federal state constitutional administrative
    common case family refugee human rights humanitarian islamic sharia martial natural
    canon tax environmental labor labour election corporate contract property public
    private military maritime space asylum customary american u.s. us english european
    foreign economic trade energy social fiscal monetary domestic national security health
    care education school justice legal judicial political electoral court prison banking
    financial solar highway party welfare new current old global world local city county
    marital reserve the of and
""".split())
_GENERIC_SENSITIVE_HEADS = {"Law", "Policy", "System", "Status", "Program", "Programs", "Plan",
                            "Code", "Rule", "Rules", "Regulations", "Scheme", "Initiative"}
_NOT_A_POLICY = {"declaration of independence", "rule of law", "bill of rights"}

# Words that make a capitalised name an organisation, a place or a publication.
_ORG = frozenset("""
    Agency Administration Association Authority Board Bureau Center Centre Coalition
    Commission Committee Council Court Department Division Foundation Fund Group Institute
    Institution League Ministry Network Office Organization Organisation Party Project
    Service Services Society School University College Union Alliance Corporation Company
    Inc Caucus Senate House Congress Assembly Parliament Tribunal Panel Team Unit Force
    Guard Patrol Police Army Navy Times Post Journal News Press Magazine Review Museum
    Library Bank Clinic Hospital Church Laboratory Lab Forum Watch Airport Station
    Campaign Conference Summit Report Paper Studies Affairs Movement Trust Industries
""".split())

_CONNECTORS = frozenset({"of", "for", "and", "on", "the", "to", "in", "against", "&", "de",
                         "la", "del", "von", "van"})
_PREPOSITIONS = frozenset({"of", "for", "on", "to", "in", "against"})
# Capitalised words that open a sentence or a phrase and are never part of a name.
_LEADING_STOP = frozenset("""
    The This That These Those A An In Under Since After Before With Without For From By At
    On Of To And But Or Although Though While When Whenever Where If Unless Because As
    Despite Unlike Like During Through Per Via Following Until Upon Whether Even Yet So
    Its Their Our His Her My Your Any Every No Each Such Another Some All Both Many Most
    Only Also Then Now Here There Why How What Which Who Whom Once Still Meanwhile Instead
    Indeed However Moreover Furthermore Thus Hence Today Yesterday Last Next See Cf
    Against Among Amid Between Within Toward Towards Into Onto Over Regarding
    Is Was Are Were Be Been Has Have Had Do Does Did Will Would Can Could Should Must May
    Might Not It He She They We You I
""".split())
_PERSON_TITLES = frozenset("""
    President Senator Sen Rep Representative Gov Governor Judge Secretary Attorney
    General Mr Mrs Ms Dr Chief Mayor Minister Commissioner Director Chairman Chair Speaker
    Leader Ambassador Officer Agent Professor Prof
""".split())

# Lowercase policy words that may follow a capitalised name ("the DACA program").
_LOWER_HEAD_KIND = {"program": "program", "programme": "program", "initiative": "program",
                    "policy": "practice", "process": "practice", "ban": "agency-action",
                    "rule": "regulation", "regulation": "regulation", "doctrine": "practice",
                    "plan": "program"}
# Lowercase words that cannot sit between a name and its policy word ('Switzerland had
# tariffs'): verbs, articles, pronouns, prepositions.
_TAIL_STOP = frozenset("""
    a an the this that these those its it their his her our my your is was are were be been
    being has have had do does did will would can could should must may might not no and or
    but if as at by from with without to into of for on in over under about after before
    than then so such which who whom whose what when where why how all any each every some
    many much more most less few other own same very also only just even still yet again
    made make makes says said say told called gave give gives took take takes new
""".split())
# Lowercase words that make "the X policy" a description, not the name of a practice.
_VAGUE_MODIFIERS = frozenset("""
    new old current existing same previous prior former proposed original total complete
    blanket outright permanent temporary partial nationwide federal global statewide
    government state administration official general overall entire whole other own
    latest recent final similar broader broad strict harsh tough cruel
    immigration foreign trade economic energy tax domestic security health education
    public social fiscal monetary border refugee asylum pilot key major main core big
    such this that these those its their his her our my your which what whose any every
    some no each one two first second last next
""".split())
_VAGUE_SUFFIXES = ("al", "ive", "ous", "ic", "ful", "able", "ible", "ent", "ant", "ary",
                   "less", "ish", "est", "er", "ly")


_VAGUE_ADJECTIVES = frozenset("""
    new old current existing same previous prior former proposed original total complete
    blanket outright permanent temporary partial nationwide federal global statewide
    latest recent final similar broader broad strict harsh tough cruel higher lower
""".split())


def _vague(word: str, head: str = "") -> bool:
    """Whether a modifier describes rather than names ('the new policy', 'immigration
    policy'); a ban or a tariff is named by what it targets ('the asylum ban')."""
    if head in ("ban", "tariffs"):
        return word in _VAGUE_ADJECTIVES or word.endswith(_VAGUE_SUFFIXES)
    return word in _VAGUE_MODIFIERS or word.endswith(_VAGUE_SUFFIXES)


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    """One proposed mention. ``key`` says which policy it names; ``link`` names another
    key that is the same policy (a case name and the citation right after it)."""

    start: int
    end: int
    key: str
    name: str
    kind: str
    why: str
    rank: int
    family: str = ""  # what a short reference may call it: "act", "order", "ban", or its kind
    registry_id: str | None = None
    citation: str | None = None
    aliases: tuple[str, ...] = ()  # names to look for again in pass 2
    link: str | None = None
    title_safe: bool = True  # may fire inside a title-case headline


# Ranks: who wins an overlap, and whose name a merged policy takes.
_RANK_REGISTRY = 100
_RANK_CITATION = 90
_RANK_CASE = 80
_RANK_NUMBERED = 70
_RANK_EXTENDED = 61
_RANK_NAME = 60
_RANK_COMMON = 50
_RANK_POSSESSIVE = 45
_RANK_OBJECT = 40
_RANK_LOWER = 35
_RANK_KNOWN = 30
_RANK_SHORT = 10

# ---------------------------------------------------------------- capitalised chunks

# Atomic and possessive: a word matches one way only, so a failed match of a long run of
# capitalised words backs off word by word, never letter by letter (no blow-up).
_WORD = (r"(?>[A-Z](?:[a-z][A-Za-z]*+|[A-Z]++s?)?(?:[-'][A-Za-z0-9]++)*+"
         r"|(?:[A-Z]\.){2,}+(?:-[A-Z][A-Za-z]++)*+|\d{4}|\d{1,2}(?:st|nd|rd|th))")
_WORD_RE = re.compile(_WORD)
_CHUNK = rf"{_WORD}(?:[ \t]+(?:(?:of|for|and|on|the|to|in|against|&|de)[ \t]+){{0,2}}{_WORD})*"
_TOKEN_RE = re.compile(r"\S+")
_ABBREVIATION_RE = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.")
_COMPANY_ENDINGS = frozenset({"Inc.", "Co.", "Corp.", "Ltd.", "Bros.", "Ass'n", "Dep't", "LLC"})
_OPENERS = "\"'(["
_CLOSERS = "\"')],;:!?"


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    words: tuple[str, ...]
    sentence_start: bool
    starts: tuple[int, ...] = ()  # where each word starts

    def after(self, i: int, nt: str, lo: int) -> "_Chunk":
        """The chunk without its first ``i`` words."""
        return _Chunk(self.starts[i], self.end, self.words[i:],
                      _sentence_start(nt, self.starts[i], lo), self.starts[i:])

    def name_part(self, nt: str, lo: int) -> "_Chunk | None":
        """The part that can be a policy's name: not what comes before 'of the' or 'and
        the' ('Title VII of the Civil Rights Act'), before the 'the' after a sentence's
        first word ('Consider the ... Rule') or before a person's title, nor what comes
        after a possessive policy word ('Fourteenth Amendment's Equal Protection Clause')."""
        cut = 0
        for i, word in enumerate(self.words[:-1]):
            # 'of the', 'and the'; 'Consider the ...' when a sentence opens with a verb
            after_connector = i > 0 and (self.words[i - 1] in _CONNECTORS
                                         or (i == 1 and self.sentence_start))
            if (word == "the" and after_connector) or word.rstrip(".") in _PERSON_TITLES or (
                    word.endswith("'s") and (word[:-2] in _HEAD_KIND or word[:-2] in _ORG)):
                cut = i + 1
        while cut < len(self.words) and self.words[cut] in _CONNECTORS:
            cut += 1
        if cut >= len(self.words):
            return None
        return self.after(cut, nt, lo) if cut else self


def _chunk_before(nt: str, pos: int, lo: int, max_tokens: int = 14) -> _Chunk | None:
    """The run of capitalised words (with connectors) that ends at ``pos``, on one line,
    not crossing punctuation; words that open a sentence or phrase are left out."""
    window_start = max(lo, pos - 240)
    tokens = [(m.start() + window_start, m.end() + window_start, m.group())
              for m in _TOKEN_RE.finditer(nt[window_start:pos])]
    if not tokens or tokens[-1][1] != pos:
        return None
    words: list[tuple[int, int, str]] = []
    for start, end, token in reversed(tokens[-max_tokens:]):
        if words and "\n" in nt[end:words[-1][0]]:
            break
        if words and token[-1] in _CLOSERS:
            break
        stripped = token.lstrip(_OPENERS)
        if words and token.endswith(".") and not _ABBREVIATION_RE.fullmatch(stripped) \
                and stripped not in _COMPANY_ENDINGS:
            break  # a sentence ends here
        if _WORD_RE.fullmatch(stripped) or (stripped in _COMPANY_ENDINGS and not words):
            words.append((end - len(stripped), end, stripped))
        elif stripped in _CONNECTORS and words:
            words.append((start, end, stripped))
        else:
            break
        if stripped != token:
            break
    words.reverse()
    first = 0
    while first < len(words):
        word = words[first][2]
        if word in _CONNECTORS or word in _LEADING_STOP or word.rstrip(".") in _PERSON_TITLES:
            first += 1
        elif _sentence_start(nt, words[first][0], lo) and word.endswith(("ing", "ly")):
            first += 1
        else:
            break
    words = words[first:]
    if not words:
        return None
    return _Chunk(words[0][0], words[-1][1], tuple(w for _, _, w in words),
                  _sentence_start(nt, words[0][0], lo), tuple(start for start, _, _ in words))


def _sentence_start(nt: str, pos: int, lo: int) -> bool:
    i = pos - 1
    while i >= lo and nt[i] in " \t\"'([":
        i -= 1
    return i < lo or nt[i] in ".!?:;\n"


def _true_head(words: Sequence[str]) -> str:
    """The word before the first preposition: 'School' in 'NYU School of Law'."""
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i:
            return words[i - 1]
    return words[-1]


def _bare(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def _is_org(words: Sequence[str]) -> bool:
    return _bare(_true_head(words)) in _ORG or any(_bare(w) in _ORG for w in words[:-1])


def _classify(words: Sequence[str], head: str) -> tuple[str, str] | None:
    """(kind, reason) when a capitalised name ending in ``head`` names a policy."""
    modifiers = [w for w in words[:-1] if w not in _CONNECTORS]
    if not modifiers or _is_org(words):
        return None
    lower = {_bare(w).casefold() for w in modifiers}
    needs = _HEAD_NEEDS.get(head)
    if needs is not None and not (lower & needs):
        return None
    if head == "Law" and not any(w.endswith("'s") for w in modifiers):
        return None  # 'Megan's Law' is a statute; 'Ada Law' is a person
    if head in _GENERIC_SENSITIVE_HEADS and lower <= _GENERIC:
        return None
    kind = _HEAD_KIND[head]
    if head == "Action" and "affirmative" in lower:
        kind = "practice"
    elif head == "Action" and "executive" in lower:
        kind = "agency-action"
    return kind, f"capitalised name ending in '{head}'"


def _initials(name: str, with_connectors: bool = False) -> str:
    letters = []
    for word in re.split(r"[\s-]+", name):
        if not word or (word in _CONNECTORS and not with_connectors):
            continue
        if word.isupper() and word.isalpha() and len(word) > 1:
            letters.append(word)
        elif word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)


def _expands(acronym: str, name: str) -> bool:
    letters = re.sub(r"[^A-Z]", "", acronym[:-1] if acronym.endswith("s") else acronym)
    return len(letters) >= 2 and letters in (_initials(name), _initials(name, True))


def _name_aliases(name: str) -> tuple[str, ...]:
    """A policy name and, when it has three or more, its initials ('TPS')."""
    initials = _initials(name)
    return (name, initials) if len(initials) >= 3 and not name.isupper() else (name,)


# ---------------------------------------------------------------- regions


def _clip_regions(text: str, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted((max(0, s), min(len(text), e)) for s, e in regions)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")
_TITLE_SMALL = frozenset("a an the and or but nor of on in to for at by with from as vs v "
                         "via per up so yet is".split())


def _title_lines(nt: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short lines written in title case, where capitals say nothing about names: nine
    in ten of their words (other than articles, short prepositions and conjunctions)
    are capitalised, and they do not end with a full stop as a sentence would."""
    found = []
    for lo, hi in regions:
        pos = lo
        while pos < hi:
            end = nt.find("\n", pos, hi)
            end = hi if end < 0 else end
            if end - pos <= 250 and not nt[pos:end].rstrip(" \t\"')").endswith("."):
                words = [w for w in _TITLE_WORD_RE.findall(nt, pos, end)
                         if w.casefold() not in _TITLE_SMALL]
                if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.9 * len(words):
                    found.append((pos, end))
            pos = end + 1
    return found


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# ---------------------------------------------------------------- names to look for


def _is_case_sensitive(label: str) -> bool:
    """Acronyms and initials ('TPS', 'A-B-') match only in capitals; words in any case."""
    return " " not in label and not any(c.islower() for c in label)


def _label_regex(label: str, sensitive: bool) -> str:
    """Spaces match any whitespace or a hyphen, a hyphen any whitespace or a hyphen
    (but a final hyphen, as in 'A-B-', only itself), quotes are optional."""
    if not sensitive:
        label = label.lower()
    parts = re.split(r"([\s-]+)", label)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append("".join(re.escape(c) + "?" if c in "'\"" else re.escape(c) for c in part))
        elif i == len(parts) - 2 and parts[-1] == "" and part == "-":
            out.append("-")
        else:
            out.append(r"[\s-]+")
    return "".join(out)


@dataclass(frozen=True)
class _Labels:
    """Names and aliases in one regex per case mode; ``key`` of what matched -> value."""

    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    values: dict[str, object]

    @staticmethod
    def build(pairs: Iterable[tuple[str, object]]) -> "_Labels":
        values: dict[str, object] = {}
        sensitive: dict[str, str] = {}
        insensitive: dict[str, str] = {}
        for label, value in pairs:
            label = " ".join(_plain(label).split())
            if not label:
                continue
            if _is_case_sensitive(label):
                values.setdefault(label, value)
                sensitive.setdefault(label, _label_regex(label, True))
            else:
                values.setdefault(_key(label), value)
                insensitive.setdefault(label.lower(), _label_regex(label, False))

        def compile_(bodies: dict[str, str]) -> re.Pattern[str] | None:
            if not bodies:
                return None
            ordered = sorted(bodies, key=len, reverse=True)  # longest name first
            return re.compile("|".join(bodies[label] for label in ordered))

        return _Labels(compile_(sensitive), compile_(insensitive), values)

    def finditer(self, nt: str, lt: str, lo: int, hi: int) -> Iterator[tuple[int, int, object, str]]:
        """(start, end, value, matched label) for each whole-word match in [lo, hi)."""
        for pattern, haystack, sensitive in ((self.sensitive, nt, True), (self.insensitive, lt, False)):
            if pattern is None:
                continue
            pos = lo
            while (m := pattern.search(haystack, pos, hi)) is not None:
                start, end = m.span()
                if not (_starts_word(nt, start) and _ends_word(nt, end)):
                    pos = start + 1
                    continue
                matched = nt[start:end]
                value = self.values.get(matched if sensitive else _key(matched))
                if value is not None:
                    yield start, end, value, matched
                pos = end


@lru_cache(maxsize=16)
def _registry_labels(registry: Registry) -> _Labels:
    """Every registry name and alias -> (policy, label), compiled once per registry."""
    return _Labels.build((label, (policy, label))
                         for policy in registry.policies
                         for label in (policy.name, *policy.aliases) if label)


def _registry_label_for(registry: Registry, name: str) -> tuple[RegistryPolicy, str] | None:
    labels = _registry_labels(registry)
    name = " ".join(_plain(name).split())
    found = labels.values.get(name if _is_case_sensitive(name) else _key(name))
    return found  # type: ignore[return-value]


def _family_of(name: str, kind: str) -> str:
    words = name.split()
    return _HEAD_FAMILY.get(words[-1], kind) if words else kind


# ---------------------------------------------------------------- rule: registry


def _rule_registry(nt: str, lt: str, lo: int, hi: int, registry: Registry) -> Iterator[_Candidate]:
    for start, end, value, _ in _registry_labels(registry).finditer(nt, lt, lo, hi):
        policy, label = value  # type: ignore[misc]
        what = "name" if label == policy.name else "alias"
        yield _Candidate(start, end, f"reg:{policy.id}", policy.name, policy.kind,
                         f"registry {what} '{label}'", _RANK_REGISTRY,
                         family=_family_of(policy.name, policy.kind),
                         registry_id=policy.id, citation=policy.citation)


# ---------------------------------------------------------------- rule: case names

_CASE_NAME_WORD = r"[A-Z][\w'-]*"
_MATTER_RE = re.compile(
    rf"(?:Matter[ \t]+of|In[ \t]+re)[ \t]+({_CASE_NAME_WORD}(?:[ \t]+{_CASE_NAME_WORD}){{0,2}})")
_NOT_A_PARTY = frozenset("Fact Course Time Principle Law Life Death Record Urgency Concern "
                         "Days Months Years Weeks Hours Minutes Seconds Debate Opinion Taste "
                         "Conscience Trust Faith Degree Policy Public".split())
_VERSUS_RE = re.compile(r" (?:v\.?|vs\.) (?=[A-Z])")
_PARTY_WORD = r"(?:[A-Z][\w'&.-]*|(?:[A-Z]\.){2,})"
_RIGHT_PARTY_RE = re.compile(
    rf"{_PARTY_WORD}(?:[ \t]+(?:(?:of|the|and|for|&|de|la|del|ex[ \t]+rel\.)[ \t]+){{0,3}}"
    rf"{_PARTY_WORD}){{0,7}}(?:,[ \t]+(?:Inc|Co|Corp|Ltd|LLC)\.)?")
_INITIALS_RE = re.compile(r"(?:[A-Z]-)+[A-Z]?-?")


def _rule_case_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Matter of A-B-', 'In re Gault', 'Brown v. Board of Education'."""
    for m in _MATTER_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        words = m.group(1).split()
        while words and (words[-1] in _NOT_A_PARTY or words[-1] in _LEADING_STOP):
            words.pop()
        if not words:
            continue
        end = list(re.finditer(r"\S+", m.group(1)))[len(words) - 1].end() + m.start(1)
        name = " ".join(nt[m.start():end].split())
        party = words[-1] if len(words) == 1 else " ".join(words)
        aliases = (name, party) if _INITIALS_RE.fullmatch(party) else (name,)
        yield _Candidate(m.start(), end, _key(name), name, "ruling",
                         f"pattern: case name '{name}'", _RANK_CASE, family="ruling",
                         aliases=aliases, title_safe=False)
    for m in _VERSUS_RE.finditer(nt, lo, hi):
        left = _chunk_before(nt, m.start(), lo, max_tokens=8)
        right = _RIGHT_PARTY_RE.match(nt, m.end(), hi)
        if left is None or right is None:
            continue
        tokens: list[re.Match[str]] = []
        for token in _TOKEN_RE.finditer(right.group()):
            tokens.append(token)
            word = token.group()
            if word.endswith(".") and not _ABBREVIATION_RE.fullmatch(word) and word not in _COMPANY_ENDINGS:
                break  # 'Trump v. Hawaii. The Court ...': the sentence ends
        while tokens and tokens[-1].group().rstrip(",.;:") in _CONNECTORS | _LEADING_STOP:
            tokens.pop()
        if not tokens:
            continue
        last = tokens[-1].group()
        if last in _COMPANY_ENDINGS or _ABBREVIATION_RE.fullmatch(last):
            last = last.rstrip(",;:")
        else:
            last = last.rstrip(",.;:")
        last = last[:-2] if last.endswith("'s") else last
        end = m.end() + tokens[-1].start() + len(last)
        name = " ".join(nt[left.start:end].split())
        yield _Candidate(left.start, end, _key(name), name, "ruling",
                         f"pattern: case name '{name}'", _RANK_CASE, family="ruling",
                         aliases=(name,), title_safe=False)


# ---------------------------------------------------------------- rule: numbered instruments

_NUMBER = r"(?:No\.[ \t]*)?(\d{1,3}(?:,\d{3})+|\d{3,6})\b"
_NUMBERED: list[tuple[re.Pattern[str], str, str, str, Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"(?:Executive|Presidential)[ \t]+Order[ \t]+{_NUMBER}"),
     "agency-action", "order", "executive order number",
     lambda m: f"Executive Order {m.group(1).replace(',', '')}"),
    (re.compile(rf"Proclamation[ \t]+{_NUMBER}"),
     "agency-action", "order", "proclamation number",
     lambda m: f"Proclamation {m.group(1).replace(',', '')}"),
    (re.compile(r"Title[ \t]+([IVXL]+|\d{1,3})\b(?![-'])"),
     "statute", "statute", "statute title number", lambda m: f"Title {m.group(1)}"),
    (re.compile(r"Section[ \t]+(\d{1,4}[A-Za-z]?(?:\([A-Za-z0-9]{1,4}\))*)"),
     "statute", "statute", "statute section number", lambda m: f"Section {m.group(1)}"),
    (re.compile(r"Article[ \t]+([IVX]+|\d{1,3})\b(?![-'])"),
     "statute", "statute", "article number", lambda m: f"Article {m.group(1)}"),
    (re.compile(r"(?:Proposition|Prop\.?)[ \t]+(\d{1,3})\b"),
     "statute", "statute", "ballot proposition", lambda m: f"Proposition {m.group(1)}"),
    (re.compile(r"(?:SB|HB|AB|SF|HF)[ \t]?(\d{1,4})\b"),
     "statute", "statute", "state bill number", lambda m: m.group().replace("\t", " ")),
    (re.compile(r"H\.[ \t]?R\.[ \t]?(\d{1,5})\b"),
     "statute", "statute", "House bill number", lambda m: f"H.R. {m.group(1)}"),
    (re.compile(r"Operation[ \t]+((?:[A-Z][a-z]+[ \t]+){0,2}[A-Z][a-z]+)\b"),
     "program", "program", "named operation", lambda m: " ".join(m.group().split())),
    (re.compile(r"§§?[ \t]*(\d[\w.-]*(?:\([A-Za-z0-9]{1,4}\))*)"),
     "statute", "statute", "section sign", lambda m: f"§ {m.group(1).rstrip('.')}"),
]
_ACRONYM_BEFORE_RE = re.compile(r"([A-Z]{2,6})[ \t]+$")


def _rule_numbered(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Executive Order 13769', 'Proclamation 9645', 'Title VII', 'Section 230',
    'Article III', 'INA § 208'."""
    for pattern, kind, family, what, name_of in _NUMBERED:
        for m in pattern.finditer(nt, lo, hi):
            start, name = m.start(), name_of(m)
            if name.startswith("§"):
                code = _ACRONYM_BEFORE_RE.search(nt, max(lo, start - 8), start)
                if code is not None and _starts_word(nt, code.start()):
                    start, name = code.start(), f"{code.group(1)} {name}"
            elif not _starts_word(nt, start):
                continue
            end = m.end()
            while end > start and nt[end - 1] == ".":
                end -= 1
            yield _Candidate(start, end, _key(name), name, kind,
                             f"pattern: {what} '{name}'", _RANK_NUMBERED, family=family,
                             aliases=(name,))


# ---------------------------------------------------------------- rule: capitalised names

_HEAD_RE = re.compile("(?:" + "|".join(sorted(_HEAD_KIND, key=len, reverse=True)) + r")\b(?!-)")
_EXTENSION_RE = re.compile(
    rf"[ \t]+(?:of|on|against|for|[Rr]elating[ \t]+to|to)[ \t]+(?:the[ \t]+)?{_CHUNK}")
_YEAR_EXTENSION_RE = re.compile(r",?[ \t]+of[ \t]+\d{4}\b")
_ACRONYM_AFTER_RE = re.compile(r"[ \t]*\(([A-Z][A-Za-z&.-]*[A-Z]s?)\)")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Z][\w'-]*)")


def _name_at_head(nt: str, head: re.Match[str], lo: int, hi: int) -> tuple[_Chunk, int, str, str] | None:
    """The capitalised name ending in the policy word ``head``: (chunk, end, kind, reason)."""
    word = head.group()
    chunk = _chunk_before(nt, head.end(), lo)
    chunk = chunk.name_part(nt, lo) if chunk is not None else None
    if chunk is None or chunk.words[-1] != word:
        return None
    end = head.end()
    ext = _EXTENSION_RE.match(nt, end, hi) if word in _EXTENDING_HEADS else None
    if ext is None and _NEXT_WORD_RE.match(nt, head.end(), hi):
        return None  # 'Migration Policy Institute', 'Bill Clinton': the name goes on
    if ext is not None:
        joined = re.search(r"[ \t]+and[ \t]+the[ \t]", ext.group())  # the next name begins
        end = ext.start() + joined.start() if joined else ext.end()
    found = _classify(chunk.words, word)
    if found is None and ext is not None and len(chunk.words) == 1 and word != "Action":
        # 'the Convention against Torture', 'the Treaty of Versailles'
        found = _HEAD_KIND[word], f"capitalised name '{word} {ext.group().split()[0]} ...'"
    if found is None:
        return None
    kind, why = found
    if word in ("Act", "Acts") and (year := _YEAR_EXTENSION_RE.match(nt, end, hi)) is not None:
        end = year.end()
    return chunk, end, kind, why


def _rule_capitalised_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Affordable Care Act', 'the Refugee Convention', 'Temporary Protected Status',
    'the Equal Protection Clause', 'the Fourteenth Amendment', 'the Paris Agreement'."""
    for head in _HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, head.start()):
            continue
        found = _name_at_head(nt, head, lo, hi)
        if found is None:
            continue
        chunk, end, kind, why = found
        name = " ".join(nt[chunk.start:end].split())
        if any(_key(name).startswith(known) for known in _NOT_A_POLICY):
            continue
        aliases = _name_aliases(name)
        acronym = _ACRONYM_AFTER_RE.match(nt, end, hi)
        if acronym is not None and _expands(acronym.group(1), name):
            aliases += (acronym.group(1),)
            why += f", acronym {acronym.group(1)} defined by its expansion"
        yield _Candidate(chunk.start, end, _key(name), name, kind, f"pattern: {why}",
                         _RANK_NAME, family=_HEAD_FAMILY.get(head.group(), kind),
                         aliases=aliases, title_safe=False)


_PARENTHESISED_RE = re.compile(rf"\(({_CHUNK})\)")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]{1,9}s?")


def _rule_acronym_first(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'NSEERS (National Security Entry-Exit Registration System)': an expansion in
    parentheses names a policy when it ends in a policy word."""
    for m in _PARENTHESISED_RE.finditer(nt, lo, hi):
        before = nt[max(lo, m.start() - 12):m.start()].rstrip(" \t").rsplit(None, 1)
        acronym = before[-1] if before else ""
        expansion = m.group(1)
        words = expansion.split()
        if (not _ACRONYM_RE.fullmatch(acronym) or words[-1] not in _HEAD_KIND
                or not _expands(acronym, expansion)):
            continue
        found = _classify(words, words[-1])
        if found is None:
            continue
        kind, _ = found
        start = nt.rindex(acronym, 0, m.start())
        name = " ".join(words)
        yield _Candidate(start, start + len(acronym), _key(name), name, kind,
                         f"pattern: acronym {acronym} defined by its expansion", _RANK_NAME,
                         family=_HEAD_FAMILY.get(words[-1], kind),
                         aliases=(acronym, *_name_aliases(name)), title_safe=False)


_LOWER_HEAD_RE = re.compile("(" + "|".join(_LOWER_HEAD_KIND) + r")\b(?!-)")
_LOWER_TAIL_RE = re.compile(r"(?:[ \t]+[a-z][a-z-]*){0,3}[ \t]*$")


def _rule_name_with_lowercase_head(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Deferred Action for Childhood Arrivals program', 'the DACA program', 'the
    Federal Bureau of Investigation name check process', 'the Muslim ban'."""
    for head in _LOWER_HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, head.start()):
            continue
        word = head.group(1)
        tail = _LOWER_TAIL_RE.search(nt, max(lo, head.start() - 60), head.start())
        tail_words = tail.group().split() if tail else []
        if any(w in _TAIL_STOP for w in tail_words):
            continue
        chunk_end = head.start() - (len(tail.group()) if tail else 0)
        chunk = _chunk_before(nt, chunk_end, lo)
        chunk = chunk.name_part(nt, lo) if chunk is not None else None
        if chunk is None or chunk.end != chunk_end:
            continue
        words = chunk.words
        if chunk.sentence_start and len(words) == 1 and not words[0].isupper():
            continue
        last = words[-1]
        if last in _HEAD_KIND and (found := _classify(words, last)) is not None:
            # A policy name followed by a description of it: the name names, the span grows.
            kind, why = found
            proper = " ".join(nt[chunk.start:chunk.end].split())
            yield _Candidate(chunk.start, head.end(), _key(proper), proper, kind,
                             f"pattern: {why}", _RANK_EXTENDED,
                             family=_HEAD_FAMILY.get(last, kind), aliases=_name_aliases(proper),
                             title_safe=False)
            continue
        if tail_words and all(_vague(w, word) for w in tail_words):
            continue
        org = _is_org(words)
        acronym = len(words) == 1 and _ACRONYM_RE.fullmatch(words[0]) is not None
        if org and not tail_words:
            continue  # 'Justice Department policy' is whatever the department does
        if word in ("policy", "process", "rule", "regulation", "doctrine"):
            if not org and not acronym and len(words) < 2 and not tail_words:
                continue  # 'Trump policy'
        if word == "plan" and not tail_words:
            continue
        name = " ".join(nt[chunk.start:head.end()].split())
        kind = _LOWER_HEAD_KIND[word]
        yield _Candidate(chunk.start, head.end(), _key(name), name, kind,
                         f"pattern: capitalised name with '{word}'", _RANK_NAME - 1,
                         family="ban" if word == "ban" else kind, aliases=(name,),
                         title_safe=False)


_CASE_WORD_RE = re.compile(r"(decision|ruling|opinion|holding)\b")
_PARTY_BEFORE_RE = re.compile(r"[Tt]he[ \t]+([A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)[ \t]+$")
_NOT_AFTER_RULING_RE = re.compile(r"[ \t]+(?:to|that)\b")


def _rule_case_by_party(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the Dobbs decision', 'the A-B- ruling': a ruling named by a party; it is the
    case of that party when exactly one such case is cited (see ``_link_parties``)."""
    for m in _CASE_WORD_RE.finditer(nt, lo, hi):
        before = _PARTY_BEFORE_RE.search(nt, max(lo, m.start() - 40), m.start())
        if before is None or not _starts_word(nt, before.start()):
            continue
        party = before.group(1)
        words = party.split()
        if (words[0] in _LEADING_STOP or words[0].rstrip(".") in _PERSON_TITLES or _is_org(words)
                or words[-1] in _ORG or _NOT_AFTER_RULING_RE.match(nt, m.end(), hi)):
            continue
        name = f"{party} {m.group(1)}"
        yield _Candidate(before.start(1), m.end(), _key(name), name, "ruling",
                         f"pattern: ruling named by a party '{name}'", _RANK_LOWER,
                         family="ruling", link=f"party:{words[0]}", title_safe=False)


def _first_party(case_name: str) -> str:
    for opening in ("Matter of ", "In re "):
        if case_name.startswith(opening):
            return case_name[len(opening):].split()[0]
    return case_name.split()[0]


def _link_parties(chosen: list[_Candidate], keys: "_Keys") -> None:
    """'the Lopez decision' is Lopez v. Ramirez when that is the only case of a Lopez."""
    cases: dict[str, set[str]] = {}
    for c in chosen:
        if c.rank == _RANK_CASE:
            cases.setdefault(_first_party(c.name), set()).add(keys.find(c.key))
    for party, case_keys in cases.items():
        if len(case_keys) == 1:
            keys.union(next(iter(case_keys)), f"party:{party}")


# ---------------------------------------------------------------- rule: common names

_WORD_KIND = {"tariff": "agency-action", "tariffs": "agency-action", "ban": "agency-action",
              "policy": "practice", "rule": "regulation", "program": "program",
              "law": "statute", "bill": "statute", "doctrine": "practice",
              "order": "agency-action", "exception": "practice"}
_QUOTED_HEAD_RE = re.compile(
    r"(?:\"(\w[\w' -]{0,38}\w)\"|'(\w[\w -]{0,38}\w)')"
    r"[ \t]+(tariffs?|ban|policy|rule|program|law|bill|doctrine|order|exception)\b")
_QUOTED_ENDING_RE = re.compile(
    r"\"((?:\w[\w'-]*[ \t]+){1,3}(ban|rule|policy|program|doctrine|tariffs))\"")
_SO_CALLED_RE = re.compile(
    r"so-called[ \t]+(?:\"([A-Z][^\"\n]{1,60}?)[.,]?\"|((?:[a-z][\w-]*[ \t]+){1,3}"
    r"(tariffs?|ban|policy|rule|program|law|doctrine|order)\b))")
_WAR_ON_RE = re.compile(r"War[ \t]+on[ \t]+(?:the[ \t]+)?[A-Z][a-z]+"
                        r"|war[ \t]+on[ \t]+(?:drugs|terror|terrorism|poverty|crime)\b")


def _family_of_word(word: str) -> str:
    return word if word in ("ban", "order") else _WORD_KIND[word]


def _rule_common_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'"reciprocal" tariffs', 'the "Muslim ban"', 'so-called "War on Terror"', 'the
    so-called public charge rule', 'the war on drugs'."""
    for m in _QUOTED_HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue  # "Sessions' policy": an apostrophe, not a quote
        quoted, word = m.group(1) or m.group(2), m.group(3)
        name = f"{quoted} {word}"
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: quoted name '{quoted}' before '{word}'", _RANK_COMMON,
                         family=_family_of_word(word), aliases=(name,))
    for m in _QUOTED_ENDING_RE.finditer(nt, lo, hi):
        name, word = m.group(1), m.group(2)
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: quoted name '{name}'", _RANK_COMMON,
                         family=_family_of_word(word), aliases=(name,))
    for m in _SO_CALLED_RE.finditer(nt, lo, hi):
        if m.group(1):
            name = m.group(1)
            start, end, kind = m.start(1), m.start(1) + len(name), "practice"
        else:
            name = " ".join(m.group(2).split())
            start, end, kind = m.start(), m.end(2), _WORD_KIND[m.group(3)]
        if _key(name) in _NOT_A_POLICY or not _starts_word(nt, m.start()):
            continue
        yield _Candidate(start, end, _key(name), name, kind, f"pattern: so-called '{name}'",
                         _RANK_COMMON, family=kind, aliases=(name,))
    for m in _WAR_ON_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        name = " ".join(m.group().split())
        yield _Candidate(m.start(), m.end(), _key(name), name, "practice",
                         f"pattern: common name '{name}'", _RANK_COMMON, family="practice",
                         aliases=(name,))


_POSSESSIVE_RE = re.compile(
    r"'s?[ \t]+((?:[a-z][\w-]*[ \t]+){1,2})"
    r"(executive[ \t]+order|order|war|ban|policy|program|plan|law|tariffs|crackdown)\b")
_OWNER_RE = re.compile(
    r"(?:(?:[A-Z][\w-]*[ \t]+){0,2}[A-Z][\w-]*"
    r"|(?:[Tt]he[ \t]+)(?:[A-Z][\w-]*[ \t]+)?(?:administration|government|department|agency"
    r"|ministry|president|court|board|state|city|county|governor))$")
_POSSESSIVE_KIND = {"order": "agency-action", "war": "practice", "ban": "agency-action",
                    "policy": "practice", "program": "program", "plan": "program",
                    "law": "statute", "tariffs": "agency-action", "crackdown": "practice"}
_NATIONS = frozenset({"America", "U.S.", "US", "United States", "Nation", "Country", "Washington"})


def _rule_possessive_names(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'Trump's executive order', 'Trump's trade war', 'Obama's health care law'."""
    for m in _POSSESSIVE_RE.finditer(nt, lo, hi):
        owner_match = _OWNER_RE.search(nt, max(lo, m.start() - 50), m.start())
        if owner_match is None or not _starts_word(nt, owner_match.start()):
            continue
        owner = owner_match.group().split()
        while owner and (owner[0] in _LEADING_STOP or owner[0] in _PERSON_TITLES or owner[0] == "the"):
            owner.pop(0)
        if not owner or " ".join(owner) in _NATIONS:
            continue
        head = m.group(2).split()[-1]
        modifiers = m.group(1).split()
        if m.group(2).startswith("executive"):
            modifiers.append("executive")
        if any(w in _TAIL_STOP for w in modifiers):
            continue
        if head == "war" and modifiers[-1] != "trade":
            continue
        if head != "war" and modifiers != ["executive"] and all(_vague(w, head) for w in modifiers):
            continue
        start = owner_match.start() + owner_match.group().find(owner[0])
        name = " ".join(nt[start:m.end()].split())
        kind = _POSSESSIVE_KIND[head]
        yield _Candidate(start, m.end(), _key(name), name, kind,
                         f"pattern: possessive name '{name}'", _RANK_POSSESSIVE,
                         family=head if head in ("order", "ban") else kind)


_AT_COUNTRY_RE = re.compile(
    rf"(tariffs?|sanctions|embargo)[ \t]+(?:on|against)[ \t]+(?:all[ \t]+)?"
    rf"(?:(imports|goods|products)[ \t]+from[ \t]+)?({_CHUNK})"
    rf"(?:[ \t]+(imports|goods|products|exports|steel|aluminum|cars))?")
_WITH_COUNTRY_RE = re.compile(rf"(deals?|agreements?|accords?|pacts?)[ \t]+with[ \t]+({_CHUNK})")
_DEAL_QUALIFIER_RE = re.compile(
    r"(?:trade|nuclear|peace|free-trade|bilateral|security|migration|new|landmark|historic)"
    r"[ \t]+$")
_QUANTITY_RE = re.compile(r"\d+(?:\.\d+)?[ \t]*(?:percent|per[ \t]+cent|%)[ \t]+$")


def _rule_instrument_objects(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'tariffs on Swiss imports', 'a 39 percent tariff on all imports from Switzerland',
    'sanctions against Russia', 'a nuclear deal with Iran'."""
    for m in _AT_COUNTRY_RE.finditer(nt, lo, hi):
        target = m.group(3).split()
        if not _starts_word(nt, m.start()) or target[0] in _LEADING_STOP:
            continue
        what = "tariffs" if m.group(1) == "tariff" else m.group(1)
        goods = m.group(4) or ""
        if m.group(2):
            name = f"{what} on {goods or 'imports'} from {m.group(3)}"
        else:
            name = f"{what} on {m.group(3)}{' ' + goods if goods else ''}"
        name = " ".join(name.split())
        quantity = _QUANTITY_RE.search(nt, max(lo, m.start() - 20), m.start())
        start = quantity.start() if quantity else m.start()
        yield _Candidate(start, m.end(), _key(name), name, "agency-action",
                         f"pattern: {what} aimed at '{m.group(3)}'", _RANK_OBJECT,
                         family="tariffs", aliases=(name,), title_safe=False)
    for m in _WITH_COUNTRY_RE.finditer(nt, lo, hi):
        qualifier = _DEAL_QUALIFIER_RE.search(nt, max(lo, m.start() - 12), m.start())
        target = m.group(2).split()
        if (qualifier is None or not _starts_word(nt, qualifier.start())
                or target[0] in _LEADING_STOP or target[0] in _PERSON_TITLES):
            continue
        keep_qualifier = qualifier.group().split()[0] not in ("new", "landmark", "historic")
        start = qualifier.start() if keep_qualifier else m.start()
        name = " ".join(nt[start:m.end()].split())
        yield _Candidate(start, m.end(), _key(name), name, "treaty",
                         f"pattern: {m.group(1)} with '{m.group(2)}'", _RANK_OBJECT,
                         family="treaty", aliases=(name,), title_safe=False)


_ON_GOODS_RE = re.compile(
    r"(tariffs?|duties|quotas)[ \t]+(?:on|targeting|against)[ \t]+"
    r"((?:imported[ \t]+)?[a-z][a-z-]*(?:[ \t]+[a-z][a-z-]*){0,4})")
_GENERIC_GOODS = frozenset("imports goods products exports trade countries partners allies "
                           "everything things items consumers americans".split())


def _rule_tariffs_on_goods(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'tariffs on steel and aluminum', 'tariffs targeting high-end computer chips'."""
    for m in _ON_GOODS_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        words = m.group(2).split()
        kept: list[str] = []
        for i, word in enumerate(words):
            if word in _TAIL_STOP and not (word == "and" and kept and i + 1 < len(words)):
                break
            if kept and word.endswith(("ed", "ing")):
                break
            kept.append(word)
        while kept and kept[-1] == "and":
            kept.pop()
        if not kept or set(kept) - {"imported"} <= _GENERIC_GOODS:
            continue
        end = m.start(2)
        for word in kept:  # the end of the last kept word, whatever the spacing
            end = nt.index(word, end) + len(word)
        what = "tariffs" if m.group(1) == "tariff" else m.group(1)
        target = " ".join(kept)
        name = f"{what} on {target}"
        quantity = _QUANTITY_RE.search(nt, max(lo, m.start() - 20), m.start())
        yield _Candidate(quantity.start() if quantity else m.start(), end, _key(name), name,
                         "agency-action", f"pattern: {what} aimed at '{target}'",
                         _RANK_OBJECT - 1, family="tariffs", aliases=(name,))


_THE_LOWER_RE = re.compile(
    r"[Tt]he[ \t]+((?:[a-z][a-z]+(?:-[a-z]+)*[ \t]+){1,2})(policy|program|rule|ban|tariffs)\b(?![ \t]+of\b)")


def _rule_the_lowercase_name(nt: str, lo: int, hi: int) -> Iterator[_Candidate]:
    """'the zero-tolerance policy', 'the travel ban', 'the public charge rule', 'the
    steel tariffs'."""
    for m in _THE_LOWER_RE.finditer(nt, lo, hi):
        modifiers = m.group(1).split()
        word = m.group(2)
        if not _starts_word(nt, m.start()) or any(_vague(w, word) or w in _TAIL_STOP for w in modifiers):
            continue
        name = " ".join(nt[m.start(1):m.end()].split())
        yield _Candidate(m.start(), m.end(), _key(name), name, _WORD_KIND[word],
                         f"pattern: the named {word} '{name}'", _RANK_LOWER,
                         family=_family_of_word(word), aliases=(name,))


# ---------------------------------------------------------------- rule: formal citations

_CITATION_TRIGGER_RE = re.compile(
    r"U\.[ \t]?S\.(?:C\.)?|F\.[ \t]?(?:\d[a-z]{1,2}|Supp\.|App'x)|S\.[ \t]?Ct\.|L\.[ \t]?Ed\."
    r"|I[ \t]?&[ \t]?N[ \t]+Dec\.|C\.F\.R\.|Fed\.[ \t]?Reg\.|Stat\.|Pub\.[ \t]?L\.|§"
    r"|[23]d\b|4th\b|App\.")
_DIGIT_RE = re.compile(r"\d")
# eyecite looks a court up for every parenthetical by trying every court it knows
# (tens of milliseconds a citation); the parenthetical is blanked out before eyecite
# reads a window and added back to the citation afterwards.
_YEAR_PAREN_RE = re.compile(r"\([^()\n]{0,60}?\d{4}\)")
@lru_cache(maxsize=4096)
def _label_pattern(label: str, sensitive: bool) -> re.Pattern[str]:
    return re.compile(_label_regex(label, sensitive))


class _LabelList(_Labels):
    """Like ``_Labels``, but one small regex per label instead of one alternation: for
    the few names found in one text, compiling an alternation costs more than it saves,
    and each label's regex is reused (``re``'s cache) by every text that names it."""

    labels: tuple[tuple[str, bool], ...] = ()

    @staticmethod
    def build(pairs: Iterable[tuple[str, object]]) -> "_LabelList":
        values: dict[str, object] = {}
        labels: dict[str, bool] = {}
        for label, value in pairs:
            label = " ".join(_plain(label).split())
            if not label:
                continue
            sensitive = _is_case_sensitive(label)
            values.setdefault(label if sensitive else _key(label), value)
            labels.setdefault(label if sensitive else label.lower(), sensitive)
        found = _LabelList(None, None, values)
        object.__setattr__(found, "labels", tuple(labels.items()))
        return found

    def finditer(self, nt: str, lt: str, lo: int, hi: int) -> Iterator[tuple[int, int, object, str]]:
        for label, sensitive in self.labels:
            pattern = _label_pattern(label, sensitive)
            haystack = nt if sensitive else lt
            pos = lo
            while (m := pattern.search(haystack, pos, hi)) is not None:
                start, end = m.span()
                if not (_starts_word(nt, start) and _ends_word(nt, end)):
                    pos = start + 1
                    continue
                matched = nt[start:end]
                value = self.values.get(matched if sensitive else _key(matched))
                if value is not None:
                    yield start, end, value, matched
                pos = end


_CITATION_TAIL_RE = re.compile(r"(?:,[ \t]*(?:at[ \t]+)?\d[\d, \t-]*?)?[ \t]*\([^()\n]{0,60}?\d{4}\)")


class _QuietOverlaps(logging.Filter):
    """eyecite warns about its own bookkeeping when two citations overlap; that says
    nothing about the text, and would be printed on every build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unknown overlap case")


_QUIET = _QuietOverlaps()


def _citation_windows(nt: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Small stretches of text around reporter-like tokens next to a number."""
    windows: list[tuple[int, int]] = []
    for m in _CITATION_TRIGGER_RE.finditer(nt, lo, hi):
        # A reporter sits between a volume and a page ("410 U.S. 113"), a code between a
        # title and a section ("8 U.S.C. § 1158"); "§" needs a number after it.
        after = _DIGIT_RE.search(nt, m.end(), min(hi, m.end() + 8))
        before = m.group() == "§" or _DIGIT_RE.search(nt, max(lo, m.start() - 6), m.start())
        if not (after and before):
            continue
        start, end = max(lo, m.start() - 250), min(hi, m.end() + 120)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_WINDOW_JOIN = "\n\n\u2029\n\n"  # between windows: no citation runs across it


def _eyecite_windows(text: str, windows: list[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[object, int]]]:
    """eyecite over every window of a text in ONE call (its per-call setup costs more
    than reading a window): window -> [(citation, offset to add to its spans)]."""
    if not windows:
        return {}
    from eyecite import get_citations  # slow to import: only when a text needs it

    helpers_log = logging.getLogger("eyecite.helpers")
    if _QUIET not in helpers_log.filters:
        helpers_log.addFilter(_QUIET)
    pieces, starts, position = [], [], 0
    for base, w_end in windows:
        starts.append(position)
        pieces.append(_YEAR_PAREN_RE.sub(lambda m: " " * len(m.group()), text[base:w_end]))
        position += w_end - base + len(_WINDOW_JOIN)
    try:
        citations = get_citations(_WINDOW_JOIN.join(pieces))
    except Exception:  # eyecite failing on odd text must not fail a build
        return {}
    found: dict[tuple[int, int], list[tuple[object, int]]] = {w: [] for w in windows}
    for citation in citations:
        i = bisect_right(starts, citation.span()[0]) - 1
        found[windows[i]].append((citation, windows[i][0] - starts[i]))
    return found


def _rule_citations(text: str, nt: str, lo: int, hi: int, names: list[_Candidate],
                    found: dict[tuple[int, int], list[tuple[object, int]]]) -> Iterator[_Candidate]:
    """Formal citations found by eyecite (run only on windows around reporter-like
    tokens: it reads about 80 KB a second). A case citation right after a case name is
    linked to that name; a short form is a mention of the full citation it repeats."""
    windows = _citation_windows(nt, lo, hi)
    if not windows:
        return
    from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation

    case_ends = sorted((c.end, c.key) for c in names if c.kind == "ruling")
    full_cases: dict[tuple[str, str], str] = {}  # (volume, reporter) -> key
    for window in windows:
        for citation, base in found.get(window, ()):
            start = citation.span()[0] + base
            full_start = max(citation.full_span()[0] + base, window[0])
            end = min(max(citation.span()[1], citation.full_span()[1]) + base, window[1])
            tail = _CITATION_TAIL_RE.match(nt, end, hi)
            end = tail.end() if tail else end
            cited = text[start:end].rstrip(" ,;.")
            end = start + len(cited)
            groups = citation.groups
            if isinstance(citation, FullLawCitation):
                name = citation.corrected_citation()
                reporter = groups.get("reporter", "")
                kind = "regulation" if "C.F.R" in reporter or "Reg" in reporter else "statute"
                yield _Candidate(start, end, _key(name), name, kind,
                                 f"eyecite: FullLawCitation {name}", _RANK_CITATION,
                                 family=kind, citation=cited)
            elif isinstance(citation, FullCaseCitation):
                meta = citation.metadata
                parties = " v. ".join(p for p in (meta.plaintiff, meta.defendant) if p)
                i = bisect_right(case_ends, (start, "\uffff")) - 1
                link = None
                if i >= 0 and (case_ends[i][0] > full_start
                               or not nt[case_ends[i][0]:start].strip(" ,\"'")):
                    link = case_ends[i][1]  # the name eyecite saw is the case name found
                elif parties and full_start < start:
                    start = full_start
                name = parties or citation.corrected_citation()
                key = link or _key(name)
                full_cases[(groups.get("volume", ""), groups.get("reporter", ""))] = key
                yield _Candidate(start, end, key, name, "ruling",
                                 f"eyecite: FullCaseCitation {citation.corrected_citation()}",
                                 _RANK_CITATION, family="ruling", citation=cited, link=link)
            elif isinstance(citation, ShortCaseCitation):
                key = full_cases.get((groups.get("volume", ""), groups.get("reporter", "")))
                if key is not None:
                    yield _Candidate(start, end, key, cited, "ruling",
                                     f"eyecite: ShortCaseCitation {cited}", _RANK_KNOWN,
                                     family="ruling")


# ---------------------------------------------------------------- rule: short references

_SHORT_REF_WORD = {
    **dict.fromkeys(("ruling", "decision", "opinion", "holding", "judgment"), "ruling"),
    **dict.fromkeys(("program", "programme"), "program"),
    "Act": "act", "order": "order",
    **dict.fromkeys(("treaty", "convention", "agreement", "accord", "framework", "pact"), "treaty"),
    **dict.fromkeys(("rule", "regulation"), "regulation"),
    "ban": "ban", "policy": "policy", "amendment": "amendment",
}
_SHORT_REF_FITS: dict[str, Callable[[str, str], bool]] = {
    "ruling": lambda kind, family: kind == "ruling",
    "program": lambda kind, family: kind == "program",
    "act": lambda kind, family: family == "act",
    "order": lambda kind, family: family == "order",
    "treaty": lambda kind, family: kind == "treaty",
    "regulation": lambda kind, family: kind == "regulation",
    "ban": lambda kind, family: family == "ban",
    "policy": lambda kind, family: kind in ("practice", "program"),
    "amendment": lambda kind, family: family == "amendment",
}
_SHORT_REF_HEAD_RE = re.compile("(" + "|".join(sorted(_SHORT_REF_WORD, key=len, reverse=True)) + r")\b")
_SHORT_REF_MODIFIERS = ("latest", "new", "recent", "same", "original", "landmark",
                        "controversial", "earlier", "previous", "final", "unanimous",
                        "sweeping", "historic", "executive", "majority")
_SHORT_REF_OPENING_RE = re.compile(
    r"(?:([Tt]he|[Tt]his|[Tt]hat)|([A-Za-z][\w.-]*)(?:'s|(?<=s)'))[ \t]+"
    r"(?:(?:" + "|".join(_SHORT_REF_MODIFIERS) + r")[ \t]+)?$")
# 'the ruling party', 'the order of', 'the decision to leave': not references.
_SHORT_REF_NOT_BEFORE_RE = re.compile(
    r"[ \t]+(?:party|class|coalition|elites?|junta|family|of|in|to|that|which|makers?"
    r"|[a-z]+ing)\b")
_NOT_OWNERS = frozenset({"it", "he", "she", "they", "one", "everyone", "nobody", "let",
                         "that", "what", "there", "here", "who"})


def _short_references(nt: str, lo: int, hi: int) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, family, phrase) for 'the ruling', 'This latest ruling', 'Sessions's
    ruling', 'the court's decision', 'the Act', 'the executive order', 'this framework'."""
    for m in _SHORT_REF_HEAD_RE.finditer(nt, lo, hi):
        if not _starts_word(nt, m.start()):
            continue
        opening = _SHORT_REF_OPENING_RE.search(nt, max(lo, m.start() - 40), m.start())
        if opening is None or not _starts_word(nt, opening.start()):
            continue
        owner = opening.group(2)
        if owner is not None and (owner.casefold() in _NOT_OWNERS or nt[opening.end(2)] != "'"):
            continue
        if m.group(1) != "Act" and _SHORT_REF_NOT_BEFORE_RE.match(nt, m.end(), hi):
            continue
        if m.group(1) == "framework" and (opening.group(1) or "").casefold() not in ("this", "that"):
            continue  # 'the framework' is as often an idea as an agreement
        phrase = " ".join(nt[opening.start():m.end()].split())
        yield opening.start(), m.end(), _SHORT_REF_WORD[m.group(1)], phrase


# ---------------------------------------------------------------- merge


class _Spans:
    """Non-overlapping spans, kept sorted, with a fast overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return False
        return i + 1 >= len(self.starts) or self.starts[i + 1] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class _Keys:
    """Union-find over policy keys; a registry key always represents its group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while (parent := self.parent.setdefault(root, root)) != root:
            root = parent
        while key != root:
            key, self.parent[key] = self.parent[key], root
        return root

    def union(self, a: str, b: str) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            if b.startswith("reg:") and not a.startswith("reg:"):
                a, b = b, a
            self.parent[b] = a


def _select(candidates: Iterable[_Candidate], taken: _Spans) -> list[_Candidate]:
    """The candidates that win their overlaps: higher rank, then longer, then earlier."""
    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.rank, c.start - c.end, c.start)):
        if c.end > c.start and taken.free(c.start, c.end):
            taken.add(c.start, c.end)
            chosen.append(c)
    return chosen


def _as_registry(c: _Candidate, registry: Registry) -> _Candidate:
    """A pattern match whose name, or acronym, is a registry name or alias is that
    registry policy."""
    if c.registry_id is not None or not registry.policies:
        return c
    found = next(filter(None, (_registry_label_for(registry, label)
                               for label in (c.name, *c.aliases))), None)
    if found is None:
        return c
    policy = found[0]
    return _Candidate(c.start, c.end, f"reg:{policy.id}", policy.name, policy.kind,
                      f"{c.why}, registry alias '{found[1]}'", _RANK_REGISTRY,
                      family=_family_of(policy.name, policy.kind), registry_id=policy.id,
                      citation=policy.citation, aliases=c.aliases, link=c.link)


def _pass_names(text: str, nt: str, lt: str, spans: list[tuple[int, int]],
                titles: list[tuple[int, int]], registry: Registry) -> list[_Candidate]:
    found: list[_Candidate] = []
    cited = _eyecite_windows(text, [w for lo, hi in spans for w in _citation_windows(nt, lo, hi)])
    for lo, hi in spans:
        found.extend(_rule_registry(nt, lt, lo, hi, registry))
        local: list[_Candidate] = []
        for rule in (_rule_case_names, _rule_numbered, _rule_capitalised_names,
                     _rule_acronym_first, _rule_name_with_lowercase_head, _rule_common_names,
                     _rule_possessive_names, _rule_instrument_objects, _rule_case_by_party,
                     _rule_tariffs_on_goods, _rule_the_lowercase_name):
            local.extend(c for c in rule(nt, lo, hi)
                         if c.title_safe or not _inside(titles, c.start))
        local.extend(_rule_citations(text, nt, lo, hi, local, cited))
        found.extend(local)
    return [_as_registry(c, registry) for c in found]


def _pass_known_names(nt: str, lt: str, spans: list[tuple[int, int]],
                      chosen: list[_Candidate]) -> list[_Candidate]:
    pairs = [(label, c) for c in chosen for label in c.aliases if len(label) >= 3]
    # A few names: a small regex each; many (a long text): one alternation.
    labels = _LabelList.build(pairs) if len(pairs) <= 24 else _Labels.build(pairs)
    again = []
    for lo, hi in spans:
        for start, end, source, matched in labels.finditer(nt, lt, lo, hi):
            assert isinstance(source, _Candidate)
            if _is_case_sensitive(matched) and matched not in source.name:
                why = f"pattern: acronym {matched} from the initials of '{source.name}'"
            else:
                why = f"name '{matched}' found earlier ({source.why})"
            again.append(_Candidate(start, end, source.key, source.name, source.kind, why,
                                    _RANK_KNOWN, family=source.family,
                                    registry_id=source.registry_id))
    return again


def _pass_short_references(nt: str, spans: list[tuple[int, int]], chosen: list[_Candidate],
                           keys: _Keys, taken: _Spans) -> list[_Candidate]:
    """Walks the text once: for each short reference, the policies of a compatible
    kind mentioned before it must be exactly one."""
    ordered = sorted(chosen, key=lambda c: c.start)
    seen: dict[str, dict[str, _Candidate]] = {family: {} for family in _SHORT_REF_FITS}
    i = 0
    refs = []
    for lo, hi in spans:
        for start, end, family, phrase in _short_references(nt, lo, hi):
            while i < len(ordered) and ordered[i].start < start:
                c = ordered[i]
                for name, fits in _SHORT_REF_FITS.items():
                    if fits(c.kind, c.family):
                        seen[name][keys.find(c.key)] = c
                i += 1
            if len(seen[family]) != 1 or not taken.free(start, end):
                continue
            (source,) = seen[family].values()
            refs.append(_Candidate(start, end, source.key, source.name, source.kind,
                                   f"short reference '{phrase}' to the only {family} "
                                   "mentioned before", _RANK_SHORT, family=source.family,
                                   registry_id=source.registry_id))
    return refs


def find_policies(text: str, regions: Sequence[tuple[int, int]],
                  registry: Registry) -> tuple[CitedPolicy, ...]:
    """The policies ``text`` cites inside ``regions``, one per policy, ordered by first
    mention, each with its mentions (absolute offsets into ``text``, end exclusive)."""
    spans = _clip_regions(text, regions)
    if not spans:
        return ()
    nt = _plain(text)
    lt = _lower(nt)
    titles = _title_lines(nt, spans)

    taken = _Spans()
    chosen = _select(_pass_names(text, nt, lt, spans, titles, registry), taken)
    chosen += _select(_pass_known_names(nt, lt, spans, chosen), taken)
    keys = _Keys()
    for c in chosen:
        keys.find(c.key)
        if c.link:
            keys.union(c.link, c.key)
    _link_parties(chosen, keys)
    chosen += _select(_pass_short_references(nt, spans, chosen, keys, taken), taken)
    return _policies(text, chosen, keys, registry)


def _policies(text: str, chosen: list[_Candidate], keys: _Keys,
              registry: Registry) -> tuple[CitedPolicy, ...]:
    groups: dict[str, list[_Candidate]] = {}
    for c in sorted(chosen, key=lambda c: c.start):
        groups.setdefault(keys.find(c.key), []).append(c)
    used_ids = {p.id for p in registry.policies}
    policies = []
    for members in groups.values():
        registry_id = next((c.registry_id for c in members if c.registry_id), None)
        policy = registry.get(registry_id) if registry_id else None
        if policy is not None:
            naming = next(c for c in members if c.registry_id)
            policy_id, name, kind = policy.id, policy.name, policy.kind
            citation = policy.citation or next((c.citation for c in members if c.citation), None)
        else:
            # A case name names its policy even when its citation outranks it.
            cases = [c for c in members if c.rank == _RANK_CASE]
            naming = cases[0] if cases else min(members, key=lambda c: (-c.rank, c.start))
            name, kind = naming.name, naming.kind
            citation = next((c.citation for c in members if c.citation), None)
            policy_id = base = _slug(name)
            n = 2
            while policy_id in used_ids:
                policy_id, n = f"{base}-{n}", n + 1
        used_ids.add(policy_id)
        mentions = tuple(Mention(c.start, c.end, text[c.start:c.end], c.why) for c in members)
        policies.append(CitedPolicy(policy_id, name, kind, citation, mentions,
                                    in_registry=policy is not None, why=naming.why))
    return tuple(policies)
