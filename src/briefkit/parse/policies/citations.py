"""Formal citations found by eyecite, read only in windows around reporter-like tokens."""
from __future__ import annotations

import logging
import re
from bisect import bisect_right
from typing import Iterator

from .candidates import _RANK_CITATION, _RANK_KNOWN, _Candidate
from ..prefilter import required_words
from ..text import Block, sentences
from .text import _key
from .words import _LEADING_STOP

_CITATION_TRIGGER_RE = re.compile(
    r"U\.[ \t]?S\.(?:C\.)?|F\.[ \t]?(?:\d[a-z]{1,2}|Supp\.|App'x)|S\.[ \t]?Ct\.|L\.[ \t]?Ed\."
    r"|I[ \t]?&[ \t]?N[ \t]+Dec\.|C\.F\.R\.|Fed\.[ \t]?Reg\.|Stat\.|Pub\.[ \t]?L\.|§"
    r"|2d\b|3d\b|4th\b|App\.")  # every branch opens with a literal: the engine skips fast
_DIGIT_RE = re.compile(r"\d")
# eyecite looks a court up for every parenthetical by trying every court it knows
# (tens of milliseconds a citation); the parenthetical is blanked out before eyecite
# reads a window and added back to the citation afterwards.
_YEAR_PAREN_RE = re.compile(r"\([^()\n]{0,60}?\d{4}\)")



_CITATION_TAIL_RE = re.compile(r"(?:,[ \t]*(?:at[ \t]+)?\d[\d, \t-]*?)?[ \t]*\([^()\n]{0,60}?\d{4}\)")


class _QuietOverlaps(logging.Filter):
    """eyecite warns about its own bookkeeping when two citations overlap; that says
    nothing about the text, and would be printed on every build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unknown overlap case")


_QUIET = _QuietOverlaps()


class _FirstHits:
    """An eyecite prefilter (an Aho-Corasick automaton whose values are groups of
    extractors) that reports each group at its first hit only. eyecite adds the group
    of every hit to a set, hashing each extractor by its repr (its whole regex) again,
    and a short string such as "v" or "re" hits hundreds of times in a window. The set
    eyecite builds is the same: the same new members arrive in the same order."""

    def __init__(self, automaton):
        self._automaton = automaton

    def iter(self, text: str, *args):
        seen: set[int] = set()
        for end, group in self._automaton.iter(text, *args):
            if id(group) not in seen:
                seen.add(id(group))
                yield end, group


def _references_only_when_named(extract):
    """eyecite's ``extract_pincited_reference_citations`` compiles a regex for every full
    case citation (about a millisecond) to look for its party names after it ('Smith,
    at 5'); the regex matches only where one of those names occurs literally (they are
    ``re.escape``d), so when none occurs after the citation the answer is no
    references, found without the regex. Same results as ``extract``."""

    def extract_when_named(citation, plain_text):
        end = citation.span()[-1]
        metadata = citation.metadata
        for key in _REFERENCE_NAME_FIELDS:
            value = getattr(metadata, key, None)
            if value and (not isinstance(value, str) or plain_text.find(value, end) >= 0):
                return extract(citation, plain_text)
        return []

    extract_when_named.briefkit_prefiltered = True
    return extract_when_named


_REFERENCE_NAME_FIELDS: tuple[str, ...] = ()
_TOKENIZER: list = []  # built on first use: importing eyecite is slow


def _tokenizer():
    """eyecite's default tokenizer with ``_FirstHits`` filters (itself if it has none)."""
    if not _TOKENIZER:
        from copy import copy
        from eyecite.tokenizers import default_tokenizer

        tokenizer = default_tokenizer
        filters = ("case_sensitive_filter", "case_insensitive_filter")
        if all(hasattr(default_tokenizer, name) for name in filters):
            tokenizer = copy(default_tokenizer)
            for name in filters:
                setattr(tokenizer, name, _FirstHits(getattr(default_tokenizer, name)))
            _read_extractors_only_where_they_can_match(tokenizer)
        _prefilter_references()
        _remember_extractor_hashes()
        _compile_helper_patterns_once()
        _TOKENIZER.append(tokenizer)
    return _TOKENIZER[0]


def warm() -> None:
    """Import and build now what the first text with a citation would (eyecite, its
    tokenizer, the courts data: half a second), e.g. in a pool's worker while the parent
    reads the content."""
    _tokenizer()
    from eyecite import get_citations  # noqa: F401
    from eyecite.models import FullCaseCitation  # noqa: F401
    try:
        import courts_db
        courts_db.courts  # noqa: B018 - loaded on first use
    except (ImportError, AttributeError):
        pass


def _read_extractors_only_where_they_can_match(tokenizer) -> None:
    """Give our copy of eyecite's tokenizer an ``extract_tokens`` that skips an extractor
    whose regex cannot match the text, one that needs a literal string ("N.Y. ", " at",
    ") at") the text does not contain, and starts the others where a match can begin
    (``_OPENINGS``). eyecite's prefilter selects extractors by their reporter's
    spellings only, and some two dozen regexes (most with no literal opening, so tried
    at every position) then run over each window; about half of them need a string
    the window lacks. A regex that cannot match yields no tokens, so the tokens, and
    their order, are the same. Applied only when the tokenizer uses eyecite's own
    ``extract_tokens``, the one written out again here."""
    try:
        from eyecite.tokenizers import Tokenizer
    except ImportError:
        return
    if getattr(type(tokenizer), "extract_tokens", None) is not Tokenizer.extract_tokens \
            or not callable(getattr(tokenizer, "get_extractors", None)):
        return
    get_extractors = tokenizer.get_extractors

    def extract_tokens(text):
        starts: dict[object, int] = {}  # opening -> where a match may begin, once per text
        for extractor in get_extractors(text):
            if not _has_literals(text, _literals_needed(extractor)):
                continue
            opening = _opening(extractor)
            if opening is None:
                matches = extractor.get_matches(text)
            else:
                start = starts.get(opening)
                if start is None:
                    found = opening.search(text)
                    start = starts[opening] = -1 if found is None else max(0, found.start() - 1)
                if start < 0:
                    continue  # no number where one must be: no match
                matches = extractor.compiled_regex.finditer(text, start)
            for match in matches:
                yield extractor.get_token(match)

    tokenizer.extract_tokens = extract_tokens


# Most eyecite extractors open with a number and a space ("410 U.S. 113": a volume; "8
# U.S.C. § 1158": a title), after the start of the text or a character that is neither
# a letter nor a digit. A match then begins at most one character before the first place
# such a number stands, and reading from there finds the same matches (a look-behind
# or "\b" still sees the text before that place; "^" matches only where the text
# starts, and there the number would be the first place). The regex is tried at every
# position of the window otherwise: the stretch before the first number (most of the
# window's 250 characters before a citation) is skipped.
_OPENINGS = {
    "(?:^|[^a-zA-Z0-9])((?P<volume>[1-9]\\d*) ": re.compile(r"[1-9]\d* "),
    "(?:^|[^a-zA-Z0-9])((?P<title>\\d+),?\\s+": re.compile(r"\d+,?\s"),
}


def _opening(extractor) -> re.Pattern[str] | None:
    """Where a match of ``extractor`` may first begin is found by the regex returned
    (see ``_OPENINGS``); None when the extractor is not of that shape."""
    opening = extractor.__dict__.get("_briefkit_opening", False)
    if opening is False:
        opening = None
        regex = getattr(extractor, "regex", None)
        if isinstance(regex, str) and not getattr(extractor, "flags", 0) & ~re.UNICODE \
                and type(extractor).get_matches is _stock_get_matches():
            opening = next((found for start, found in _OPENINGS.items() if regex.startswith(start)), None)
        extractor.__dict__["_briefkit_opening"] = opening
    return opening


def _stock_get_matches():
    """eyecite's own ``TokenExtractor.get_matches`` (its compiled regex's ``finditer``),
    which ``extract_tokens`` stands in for with a start position."""
    from eyecite.models import TokenExtractor

    return TokenExtractor.__dict__.get("get_matches")


def _has_literals(text: str, needs: tuple[frozenset[str], ...]) -> bool:
    """Whether ``text`` contains one string of each factor (loops, not ``any``: this
    runs for every extractor of every window)."""
    for factor in needs:
        for needed in factor:
            if needed in text:
                break
        else:
            return False
    return True


def _literals_needed(extractor) -> tuple[frozenset[str], ...]:
    """The strings every match of an eyecite extractor's regex contains (each factor: one
    of its strings), worked out on first use and remembered on the extractor (they are
    constants); read from the pattern, so an extractor skipped is never compiled.
    Nothing for a case-insensitive regex, or one not of the expected shape."""
    needs = extractor.__dict__.get("_briefkit_literals")
    if needs is None:
        try:
            regex, flags = extractor.regex, extractor.flags
            needs = required_words(regex, flags, substrings=True) if isinstance(regex, str) else ()
        except Exception:  # an extractor of another shape: always run it
            needs = ()
        extractor.__dict__["_briefkit_literals"] = needs
    return needs


# _prefilter_references and _remember_extractor_hashes replace a function of eyecite's
# ``find`` module and ``TokenExtractor.__hash__``: same results, less work; each checks
# that eyecite has the shape it was written for and otherwise leaves it alone. Both
# belong upstream in eyecite; until then they stay small and guarded.
def _remember_extractor_hashes() -> None:
    """eyecite hashes an extractor by its repr (its whole regex, rebuilt on every call)
    each time its tokenizer collects the extractors a text may need, a few dozen times
    per text. The extractors are constants: each one's hash is remembered on it after
    the first time. The same values, so the same sets in the same order."""
    try:
        from eyecite.models import TokenExtractor
    except ImportError:
        return
    original = TokenExtractor.__dict__.get("__hash__")
    if original is None or getattr(original, "briefkit_remembered", False):
        return

    def __hash__(self) -> int:
        remembered = self.__dict__.get("_briefkit_hash")
        if remembered is None:
            remembered = self.__dict__["_briefkit_hash"] = original(self)
        return remembered

    __hash__.briefkit_remembered = True  # type: ignore[attr-defined]
    TokenExtractor.__hash__ = __hash__  # type: ignore[method-assign]


def _compile_helper_patterns_once() -> None:
    """eyecite's ``helpers`` calls ``regex``'s module functions (``regex.sub(pattern,
    ...)``) with pattern strings, some twenty times a citation window, and ``regex``
    finds each pattern in its cache at a cost of several microseconds (its flags are
    combined as enums, in Python): a tenth of eyecite's time on a window. Give
    ``helpers`` a stand-in for the module (``_CompiledOnce``) that keeps each compiled
    pattern; anything else it asks of the module is the module's own."""
    try:
        import regex
        from eyecite import helpers
    except ImportError:
        return
    if getattr(helpers, "re", None) is regex and all(
            callable(getattr(regex, name, None)) for name in ("compile", "match", "search", "sub", "split")):
        helpers.re = _CompiledOnce(regex)


class _CompiledOnce:
    """``regex``'s ``match``, ``search``, ``sub`` and ``split`` for string patterns with
    each pattern compiled once by ``regex.compile`` (with the same flags and the same
    default version: the pattern ``regex``'s own cache would return), at most a few
    hundred kept. Other calls, and other arguments, go to the module as they are."""

    _LIMIT = 512

    def __init__(self, module):
        self._module = module
        self._compiled: dict[tuple, object] = {}

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def _pattern(self, pattern: str, flags: int):
        key = (pattern, int(flags), getattr(self._module, "DEFAULT_VERSION", None))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._module.compile(pattern, flags)
            if compiled.flags & self._module.LOCALE:
                return compiled  # depends on the locale of the moment: never kept
            if len(self._compiled) >= self._LIMIT:
                self._compiled.clear()
            self._compiled[key] = compiled
        return compiled

    def match(self, pattern, string, flags=0, *more, **options):
        if more or options or not isinstance(pattern, str):
            return self._module.match(pattern, string, flags, *more, **options)
        return self._pattern(pattern, flags).match(string)

    def search(self, pattern, string, flags=0, *more, **options):
        if more or options or not isinstance(pattern, str):
            return self._module.search(pattern, string, flags, *more, **options)
        return self._pattern(pattern, flags).search(string)

    def sub(self, pattern, repl, string, count=0, flags=0, *more, **options):
        if more or options or not isinstance(pattern, str):
            return self._module.sub(pattern, repl, string, count, flags, *more, **options)
        return self._pattern(pattern, flags).sub(repl, string, count)

    def split(self, pattern, string, maxsplit=0, flags=0, *more, **options):
        if more or options or not isinstance(pattern, str):
            return self._module.split(pattern, string, maxsplit, flags, *more, **options)
        return self._pattern(pattern, flags).split(string, maxsplit)


def _prefilter_references() -> None:
    """Put ``_references_only_when_named`` in front of eyecite's reference finder (a
    wrapper with the same results), when eyecite has the shape it was written for."""
    global _REFERENCE_NAME_FIELDS
    try:
        from eyecite import find
        from eyecite.models import ReferenceCitation
    except ImportError:
        return
    extract = getattr(find, "extract_pincited_reference_citations", None)
    fields = getattr(ReferenceCitation, "name_fields", None)
    if extract is None or getattr(extract, "briefkit_prefiltered", False) or not fields:
        return
    _REFERENCE_NAME_FIELDS = tuple(fields)
    find.extract_pincited_reference_citations = _references_only_when_named(extract)


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


_WINDOW_JOIN = "\n\n\u2029\n\n"  # between windows read in one call: no citation runs across it


def _eyecite_windows(text: str, windows: list[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[object, int]]]:
    """eyecite over the windows of a text, one call per window. eyecite runs every
    extractor its prefilter selects for a call's text over all of that text; a window
    read alone selects only the extractors its own reporters need (a call costs a few
    microseconds of setup), nothing can run from one window into another, and each
    full case citation's scan for later references stays inside its window.
    Returns window -> [(citation, offset to add to its spans)]."""
    found: dict[tuple[int, int], list[tuple[object, int]]] = {w: [] for w in windows}
    for window in windows:
        _eyecite_batch(text, [window], found)
    return found


def _eyecite_batch(text: str, windows: list[tuple[int, int]],
                   found: dict[tuple[int, int], list[tuple[object, int]]]) -> None:
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
        citations = get_citations(_WINDOW_JOIN.join(pieces), tokenizer=_tokenizer())
    except Exception:  # eyecite failing on odd text must not fail a build
        return
    for citation in citations:
        i = bisect_right(starts, citation.span()[0]) - 1
        found[windows[i]].append((citation, windows[i][0] - starts[i]))


def _party(party: str) -> str | None:
    """A party of a case as eyecite read it from the words before the citation, without
    what belongs to the sentence before: eyecite takes the capitalised words before the
    volume, across a full stop and through a sentence's opening word ('... Human Rights
    Watch. Under 26 I&N Dec. 388' gives 'Human Rights Watch. Under'). What is left is
    no party when it is one such opening word ('Under', 'In', 'See')."""
    last = sentences(party, Block(0, len(party)))
    party = party[last[-1].start:] if last else party
    if " " not in party and party.rstrip(",.") in _LEADING_STOP:
        return None
    return party


def _rule_citations(text: str, nt: str, hi: int, names: list[_Candidate],
                    windows: list[tuple[int, int]],
                    found: dict[tuple[int, int], list[tuple[object, int]]]) -> Iterator[_Candidate]:
    """Formal citations found by eyecite (run only on ``windows``, the windows around
    reporter-like tokens of one region ending at ``hi``: eyecite reads about 80 KB a
    second). A case citation right after a case name is linked to that name; a short
    form is a mention of the full citation it repeats."""
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
                read = [p for p in (meta.plaintiff, meta.defendant) if p]
                kept = [p for p in map(_party, read) if p]
                parties = " v. ".join(kept)
                i = bisect_right(case_ends, (start, "\uffff")) - 1
                link = None
                if i >= 0 and (case_ends[i][0] > full_start
                               or not nt[case_ends[i][0]:start].strip(" ,\"'")):
                    link = case_ends[i][1]  # the name eyecite saw is the case name found
                elif parties and full_start < start:
                    if kept != read:  # the name starts where its first kept party does
                        full_start = max(full_start, nt.rfind(kept[0], full_start, start))
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
