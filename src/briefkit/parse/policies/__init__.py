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

Where each step lives: the passes and ``find_policies`` here; the naming rules of pass 1
in ``names`` (registry, numbered, capitalised names, acronyms), ``cases``,
``common_names`` and ``citations`` (eyecite); names looked for as they are (the registry,
pass 2) in ``labels``; pass 3's short references in ``references``; settling overlaps,
merging keys and building ``CitedPolicy`` values in ``select``. Helpers: ``text``
(look-alike folding, keys, slugs), ``words`` (word lists), ``chunks`` (runs of
capitalised words), ``regions`` (where to look, title-case lines), ``candidates``.
"""
from __future__ import annotations

from typing import Sequence

from ...model import CitedPolicy, Registry
from .candidates import _RANK_KNOWN, _RANK_SHORT, _Candidate
from .cases import _link_parties, _rule_case_by_party, _rule_case_names
from .citations import _citation_windows, _eyecite_windows, _rule_citations
from .common_names import (_rule_common_names, _rule_instrument_objects, _rule_possessive_names,
                           _rule_tariffs_on_goods, _rule_the_lowercase_name)
from .labels import _is_case_sensitive, _LabelList, _Labels
from .names import (_rule_acronym_first, _rule_capitalised_names, _rule_name_with_lowercase_head,
                    _rule_numbered, _rule_registry)
from .references import _SHORT_REF_FITS, _short_references
from .regions import _clip_regions, _inside, _title_lines
from .select import _as_registry, _Keys, _policies, _select, _Spans
from .text import _lower, _plain

__all__ = ["find_policies"]


_NAMING_RULES = (_rule_case_names, _rule_numbered, _rule_capitalised_names,
                 _rule_acronym_first, _rule_name_with_lowercase_head, _rule_common_names,
                 _rule_possessive_names, _rule_instrument_objects, _rule_case_by_party,
                 _rule_tariffs_on_goods, _rule_the_lowercase_name)


def _pass_names(text: str, nt: str, lt: str, spans: list[tuple[int, int]],
                titles: list[tuple[int, int]], registry: Registry) -> list[_Candidate]:
    found: list[_Candidate] = []
    windows = [_citation_windows(nt, lo, hi) for lo, hi in spans]
    cited = _eyecite_windows(text, [w for span_windows in windows for w in span_windows])
    for (lo, hi), span_windows in zip(spans, windows):
        found.extend(_rule_registry(nt, lt, lo, hi, registry))
        local: list[_Candidate] = []
        for rule in _NAMING_RULES:
            for c in rule(nt, lo, hi):  # a loop, not a generator: 11 rules for each region
                if c.title_safe or not titles or not _inside(titles, c.start):
                    local.append(c)
        local.extend(_rule_citations(text, nt, hi, local, span_windows, cited))
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
    # a family no policy mentioned fits can never have exactly one: not looked for
    families = {name for name, fits in _SHORT_REF_FITS.items()
                if any(fits(c.kind, c.family) for c in chosen)}
    i = 0
    refs = []
    for lo, hi in spans:
        for start, end, family, phrase in _short_references(nt, lo, hi, families):
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
