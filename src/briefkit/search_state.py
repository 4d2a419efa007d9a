"""search_state: a one-shot build's search index brought up to date from the last one.

``python build.py`` runs in a new process each time, with no indexer kept warm
(``index.SearchIndexer``): making the index again from every record cost 2.4 s of CPU at
1,000 briefs, for an edit that changes a few dozen terms. So a one-shot build keeps,
beside the site (``site-<name>/search.sqlite``, SQLite, never pickle):

- each brief's records (and the policies' records), as JSON, under a hash of them;
- the path and hash of every search file of the site those records were indexed into.

The postings themselves are not kept there: they are in the site's own chunk and tier
files, which the browser reads. A later build compares each group of records with the
kept one; for a group that changed it analyses the old records and the new ones, and
only the terms whose postings differ are decoded from the site (``decode_postings``,
the inverse of ``index.encode_postings``), updated and laid out again. Every other
term's entry is the site's own JSON text, cut out of its chunk unparsed; the "Did you
mean" counts and field length totals are the site's, updated by the same difference.
The files are the ones ``index.index_files`` makes from scratch (tests compare them
byte for byte, through a series of edits).

The state is trusted only while the site holds exactly the files it lists (a build
killed before its swap, a site built by a server since, a file edited by hand: all
make the next build index from scratch and keep a new state). Its format, the index's
code and its settings are part of it too.
"""
from __future__ import annotations

import hashlib
import json
import operator
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

from . import index
from .assemble import Site
from .index import (FIELD_NAMES, VOCABULARY_FIELDS, OutputFile, Record, _json, _vocabulary_words,
                    browser_scripts, chunk_files, content_hash, doc_group, language_manifest, make_posting,
                    manifest_of, rank_number, record_groups, record_postings, vocabulary_files)
from .model import Registry
from .write import digest

FORMAT = 1
FILE = "search.sqlite"
# More records changed than this share of them (a registry edit, a renumbering): the
# index is made from scratch, which is then cheaper than decoding most of it.
MOST_CHANGED = 0.2

_FIELDS_OF = operator.itemgetter(*FIELD_NAMES)
_SPEC_PART = re.compile(r"([nptabw])(?:(\d+)x)?(\d+)")
_CODE_HASH: list[str] = []


def code_hash() -> str:
    """A hash of the code that lays out the index: a state made by other code is not used."""
    if not _CODE_HASH:
        here = Path(__file__).resolve().parent
        hasher = hashlib.blake2b(digest_size=8)
        for name in ("index.py", "search_text.py", "porter.py", "search_state.py"):
            try:
                hasher.update((here / name).read_bytes())
            except OSError:
                hasher.update(name.encode())
        _CODE_HASH.append(hasher.hexdigest())
    return _CODE_HASH[0]


def settings(chunk_bytes: int) -> str:
    """What besides the records decides the files: format, code, chunk and tier sizes."""
    return json.dumps([FORMAT, code_hash(), chunk_bytes, index.HEAD_DOCS, index.TIER_DOCS, index.CUT_EVERY,
                       index.POLICY_GROUP_BITS])


def group_name(group: list[Record]) -> str:
    """A group's name in the state: its brief's documents group, or "policies"."""
    return doc_group(group[0].key) if group[0].kind == "brief" else "policies"


def stored(group: list[Record]) -> str:
    """A group's records as the state keeps them (JSON): everything a record is, its text
    field and brief title written once when they are its shown text and title."""
    rows = []
    for record in group:
        n, p, t, a, b, w = _FIELDS_OF(record.fields)
        rows.append([record.ref, record.key, record.lang, record.kind, record.role, record.label, record.url,
                     record.title, record.text, n, p, None if t == record.text else t, a,
                     None if b == record.title else b, w])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def fields_of(row: list) -> tuple:
    """(key, language, field texts in ``FIELD_NAMES`` order) of a stored record."""
    ref, key, lang, kind, role, label, url, title, text, n, p, t, a, b, w = row
    return key, lang, (n, p, text if t is None else t, a, title if b is None else b, w)


def decode_postings(text: str) -> list[tuple[tuple, str]]:
    """(spec, key) of each posting of a postings text (``index.encode_postings``)."""
    found: list[tuple[tuple, str]] = []
    if not text:
        return found
    base36 = index.base36
    for group in text.split(" "):
        spec_text, _, codes = group.partition("=")
        spec = tuple((FIELD_NAMES.index(field), int(tf) if tf else 1, int(length))
                     for field, tf, length in _SPEC_PART.findall(spec_text))
        if not spec or index._spec_text(spec) != spec_text or not codes:
            raise ValueError(f"not a postings group: {group[:80]!r}")
        before = 0
        for code in codes.split(","):
            letter = code[:1]
            if letter == "P":  # a policy's key is written whole
                found.append((spec, code))
                continue
            digits, dot, section = code[1:].partition(".")
            if digits:
                before += int(digits, 36)
            found.append((spec, letter + base36(before) + dot + section))
    return found


class StateError(Exception):
    """The kept state does not describe the site: the index is made from scratch."""


class SearchState:
    """The search index of one-shot builds into one output folder (``files``)."""

    def __init__(self, path: Path, live: Path, current: dict | None, chunk_bytes: int = index.CHUNK_BYTES):
        self.path = Path(path)
        self.live = Path(live)  # the output folder, whose files the current manifest lists
        self.current = current or {}
        self.chunk_bytes = chunk_bytes
        self.incremental = False  # what the last ``files`` did (tests and benchmarks read it)

    def files(self, site: Site, registry: Registry, numbers: dict[str, int] | None = None,
              sections: dict[str, dict[str, int]] | None = None) -> Iterator[OutputFile | str]:
        """The search files of ``site``: each an ``OutputFile``, or the path of a file the
        current site holds as it must be (nothing to make). The state is kept up to date."""
        numbers = index.brief_numbers(site, numbers)
        groups = [group for group in record_groups(site, registry, numbers, sections) if group]
        made: dict[str, str] = {}  # path -> hash of every file the site will hold
        found: list[OutputFile | str] | None = None
        plan = None
        try:
            plan = self._plan(groups)
            if plan is not None:
                found = self._update(site, numbers, groups, plan)
        except (StateError, sqlite3.Error, OSError, ValueError, KeyError, IndexError, TypeError):
            found = None  # not a state to trust: from scratch
        self.incremental = found is not None
        if found is None:
            plan = None
        for file in found if found is not None else self._from_scratch(site, registry, numbers, sections):
            if isinstance(file, str):
                made[file] = self.current[file][0]
            else:
                made[file.path] = digest(file.data)
            yield file
        self._save(groups, made, plan)

    # -- the state

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, isolation_level=None)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("CREATE TABLE IF NOT EXISTS groups (name TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                           "records TEXT NOT NULL)")
        return connection

    def _plan(self, groups: list[list[Record]]) -> dict | None:
        """What changed since the state, or None when there is no state describing the
        site, or when the index is better made from scratch: the old records of the groups
        that changed or went, and the new groups' texts and hashes for the state."""
        if not self.path.is_file() or not self.current:
            return None
        connection = self._connect()
        try:
            meta = dict(connection.execute("SELECT name, value FROM meta"))
            if meta.get("settings") != settings(self.chunk_bytes):
                return None
            listed = json.loads(meta["files"])
            for path, hashed in listed:
                entry = self.current.get(path)
                if entry is None or entry[0] != hashed:
                    return None  # the site is not the one the state describes
            kept = dict(connection.execute("SELECT name, hash FROM groups"))
            texts: dict[str, tuple[str, str]] = {}  # name -> (hash, text) of a group new or changed
            changed_records = 0
            names = set()
            for group in groups:
                name = group_name(group)
                names.add(name)
                text = stored(group)
                hashed = digest(text.encode("utf-8"))
                if kept.get(name) != hashed:
                    texts[name] = (hashed, text)
                    changed_records += len(group)
            gone = [name for name in kept if name not in names]
            if changed_records > MOST_CHANGED * sum(map(len, groups)):
                return None
            old: dict[str, tuple] = {}
            wanted = [name for name in [*texts, *gone] if name in kept]
            for at in range(0, len(wanted), 500):
                part = wanted[at:at + 500]
                rows = connection.execute(f"SELECT records FROM groups WHERE name IN ({','.join('?' * len(part))})",
                                          part)
                for (text,) in rows:
                    for row in json.loads(text):
                        key, lang, fields = fields_of(row)
                        old[key] = (lang, fields)
            return {"changed": set(texts), "texts": texts, "gone": gone, "old": old,
                    "files": [path for path, _ in listed]}
        finally:
            connection.close()

    def _save(self, groups: list[list[Record]], made: dict[str, str], plan: dict | None) -> None:
        """Keep the records and files of this build: every group's after an index made from
        scratch (in a new file, not one that may be damaged), the changed groups' otherwise.
        A state that cannot be written is removed: the next build indexes from scratch."""
        try:
            if plan is None:
                for stale in (self.path, self.path.with_name(self.path.name + "-journal")):
                    stale.unlink(missing_ok=True)
            connection = self._connect()
            try:
                connection.execute("BEGIN")
                if plan is None:
                    rows: Iterator[tuple[str, str, str]] = (
                        (group_name(group), digest(text.encode("utf-8")), text)
                        for group in groups for text in [stored(group)])
                else:
                    connection.executemany("DELETE FROM groups WHERE name = ?", [(name,) for name in plan["gone"]])
                    rows = ((name, hashed, text) for name, (hashed, text) in plan["texts"].items())
                connection.executemany("INSERT OR REPLACE INTO groups VALUES (?, ?, ?)", rows)
                connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
                    ("settings", settings(self.chunk_bytes)),
                    ("files", json.dumps(sorted(made.items()), separators=(",", ":")))])
                connection.execute("COMMIT")
            finally:
                connection.close()
        except (sqlite3.Error, OSError):
            try:
                self.path.unlink()
            except OSError:
                pass

    # -- the index

    def _from_scratch(self, site: Site, registry: Registry, numbers: dict[str, int],
                      sections: dict[str, dict[str, int]] | None) -> Iterator[OutputFile]:
        yield from index.SearchIndexer(self.chunk_bytes, keep=False).iter_files(site, registry, numbers, sections)

    def _read(self, path: str) -> bytes:
        """A file of the current site, as its manifest says it is."""
        entry = self.current.get(path)
        if entry is None:
            raise StateError(f"{path} is not in the site")
        data = (self.live / path).read_bytes()
        if digest(data) != entry[0]:
            raise StateError(f"{path} is not the file the site's manifest lists")
        return data

    def _update(self, site: Site, numbers: dict[str, int], groups: list[list[Record]],
                plan: dict) -> list[OutputFile | str]:
        """The files of the index after the changes in ``plan`` (``_plan``)."""
        changed, old = plan["changed"], plan["old"]
        if not changed and not plan["gone"]:  # the same records: the same files (the scripts read again)
            scripts = browser_scripts()
            return scripts + [path for path in plan["files"] if path not in {file.path for file in scripts}]
        by_lang: dict[str, list[list[Record]]] = defaultdict(list)
        for group in groups:
            by_lang[group[0].lang].append(group)
        manifest = json.loads(self._read("search/manifest.json"))
        if set(manifest["languages"]) != set(by_lang):
            raise StateError("a language came or went")
        new: dict[str, tuple] = {}
        for group in groups:
            if group_name(group) in changed:
                for record in group:
                    new[record.key] = (record.lang, _FIELDS_OF(record.fields))
        out: list[OutputFile | str] = []
        head = manifest_of(site, numbers)
        changed_keys = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
        for key in changed_keys:
            if key in old and key in new and old[key][0] != new[key][0]:
                raise StateError(f"record {key} changed language")
        for lang in sorted(by_lang):
            keys = sorted(key for key in changed_keys if (old.get(key) or new.get(key))[0] == lang)
            files, starts, totals = self._language(lang, manifest["languages"][lang], keys, old, new, by_lang[lang])
            out += files
            head["languages"][lang] = language_manifest(lang, sum(map(len, by_lang[lang])), totals, starts)
        out.append(OutputFile("search/manifest.json", _json(head)))
        out += browser_scripts()
        for group in groups:
            name = group_name(group)
            for members in ([group] if group[0].kind == "brief" else _by_docs_file(group)):
                path = index.doc_file(members[0].key)
                if name in changed or path not in self.current:
                    out.append(index._docs_file(doc_group(members[0].key), members))
                else:
                    out.append(path)
        return out

    def _language(self, lang: str, before: dict, keys: list[str], old: dict, new: dict,
                  groups: list[list[Record]]) -> tuple[list[OutputFile | str], list[str], list[int]]:
        """One language's chunk, tier and vocabulary files, chunk starts and field length
        totals, after the records ``keys`` went from ``old`` to ``new``."""
        analyzer = index._Language(lang)
        totals = list(before["lengths"])
        vocabulary_change: Counter = Counter()
        removed: dict[str, dict[str, tuple]] = defaultdict(dict)   # term -> key -> posting
        added: dict[str, dict[str, tuple]] = defaultdict(dict)
        for key in keys:
            for sign, side, postings in ((-1, old, removed), (1, new, added)):
                found = side.get(key)
                if found is None:
                    continue
                texts = found[1]
                analysed = analyzer.analysed(texts)
                for field, (length, _, _) in enumerate(analysed):
                    totals[field] += sign * length
                for field in VOCABULARY_FIELDS:
                    for word, count in _vocabulary_words(texts[field]).items():
                        vocabulary_change[word] += sign * count
                for term, posting in record_postings(key, analysed).items():
                    postings[term][key] = posting
        dirty = {term for term in removed.keys() | added.keys()
                 if removed.get(term, {}) != added.get(term, {})}

        # every term's entry as the site has it: its JSON text, cut out of its chunk
        entries: dict[str, str] = {}
        parsed: dict[str, list] = {}
        decoder = json.JSONDecoder()
        for number in range(len(before["chunks"])):
            text = self._read(f"search/{lang}/{number}.json").decode("utf-8")
            if not text.startswith('{"terms":[') or not text.endswith("]}"):
                raise StateError(f"search/{lang}/{number}.json is not a chunk")
            at, end = len('{"terms":['), len(text) - 2
            while at < end:
                entry, stop = decoder.raw_decode(text, at)
                entries[entry[0]] = text[at:stop]
                parsed[entry[0]] = entry
                at = stop + 1 if stop < end else stop
        by_key = None
        made_tiers: dict[str, bytes] = {}
        for term in sorted(dirty):
            ranked, order, with_term = self._postings(lang, parsed.get(term), removed.get(term, {}),
                                                      added.get(term, {}))
            if not ranked:
                entries.pop(term, None)
                parsed.pop(term, None)
                continue
            if order is None:  # the record first holding the term changed: its order, found again
                if by_key is None:
                    by_key = {record.key: record for group in groups for record in group}
                lowest = min(ranked, key=operator.itemgetter(1))[2]
                order = record_postings(lowest, analyzer.analysed(_FIELDS_OF(by_key[lowest].fields)))[term][4]
            made = index.term_entry(lang, term, ranked, None, [order, with_term])
            entries[term] = made.json
            parsed[term] = None
            made_tiers.update(made.tiers)
        terms = sorted(entries)
        files: list[OutputFile | str]
        chunks, starts = chunk_files(lang, terms, [entries[term] for term in terms], self.chunk_bytes)
        files = list(chunks)
        kept: set[str] = set()
        for term in terms:
            entry = parsed[term]
            if entry is not None and entry[4]:
                kept.update(f"search/{lang}/t/{name}.json" for name in entry[4][0])
        files += [OutputFile(path, data, path) for path, data in made_tiers.items()]
        files += sorted(kept - made_tiers.keys())
        missing = [path for path in kept - made_tiers.keys() if path not in self.current]
        if missing:
            raise StateError(f"{missing[0]} is not in the site")
        prefix = f"search/vocab/{lang}/"
        vocabulary: Counter = Counter()
        for path in [path for path in self.current if path.startswith(prefix)]:
            vocabulary.update(json.loads(self._read(path)))
        for word, count in vocabulary_change.items():
            if count:
                vocabulary[word] += count
                if vocabulary[word] <= 0:
                    del vocabulary[word]
        files += vocabulary_files(lang, vocabulary)
        return files, starts, totals

    def _postings(self, lang: str, entry: list | None, removed: dict[str, tuple],
                  added: dict[str, tuple]) -> tuple[list, int | None, int]:
        """A term's ranked postings after the change, its order (None: to be found again)
        and how many fields hold it. Postings decoded from the site have no order of their
        own (-1): the order of the term is the lowest, its record's, which a record the
        change did not touch keeps."""
        postings: dict[str, tuple] = {}
        order, with_term = None, 0
        if entry is not None:
            term, order, with_term, head, tail = entry
            texts = [head]
            if tail:
                for name in tail[0]:
                    data = (self.live / f"search/{lang}/t/{name}.json").read_bytes()
                    if content_hash(data) != name:
                        raise StateError(f"search/{lang}/t/{name}.json is not the tier its name says")
                    texts.append(json.loads(data)["p"])
            holder = order >> 20  # the record of the term's order (``index.term_order``)
            for text in texts:
                for spec, key in decode_postings(text):
                    record = rank_number(key)
                    postings[key] = make_posting(spec, record, key, order if record == holder else -1)
            if len(postings) != (tail[1] if tail else 0) + min(index.HEAD_DOCS, len(postings)):
                raise StateError(f"the postings of {term!r} are not all in the site")
        for key, posting in removed.items():
            if key not in postings:
                raise StateError(f"a removed record {key} was not among the postings")
            with_term -= len(posting[3])
            del postings[key]
        for key, posting in added.items():
            with_term += len(posting[3])
            postings[key] = posting
        ranked = sorted(postings.values())
        if not ranked:
            return ranked, None, 0
        lowest = min(ranked, key=operator.itemgetter(1))
        return ranked, (lowest[4] if lowest[4] >= 0 else None), with_term


def _by_docs_file(group: list[Record]) -> list[list[Record]]:
    """The policies' records by documents file, in the order ``index`` writes them."""
    files: dict[str, list[Record]] = defaultdict(list)
    for record in group:
        files[doc_group(record.key)].append(record)
    return list(files.values())
