"""The load stage: files in ``content/`` become ``Source``, ``Registry`` and ``SiteConfig``.

Nothing here raises on content. Every problem becomes a ``Diagnostic`` with the file,
line and column it is on, and loading carries on so an editor sees all problems at once.
YAML is only composed into nodes (never constructed into objects), which keeps it safe
and lets each check point at the line of the key or value it is about.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefkit.diagnostics import diagnostic, did_you_mean, line_col
from briefkit.write import file_stamp
from briefkit.schema import META_SCHEMA, POLICY_SCHEMA, SITE_SCHEMA, SLUG, YamlChecker, suggest_slug
from briefkit.model import (
    BriefMeta,
    Diagnostic,
    Override,
    Registry,
    RegistryPolicy,
    SiteConfig,
    Source,
)

FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
CLOSING_FENCE = re.compile(r"^---[ \t]*(?:\n|\Z)", re.MULTILINE)
BRIEF_SUFFIXES = (".txt", ".md")


# ---------------------------------------------------------------- files and text


_SHOWN: dict[tuple[str, str], str] = {}


def display_path(path: Path) -> str:
    """How a file is named in diagnostics and ``Source.path``: relative to the working
    directory when it lies inside it (so ``content/briefs/x.txt``), else as given.
    (Remembered: a server's builds name the same thousand files again and again.)"""
    memo_key = (os.fspath(path), os.getcwd())
    found = _SHOWN.get(memo_key)
    if found is None:
        found = _SHOWN[memo_key] = _display_path(path)
    return found


def _display_path(path: Path) -> str:
    for base, target in ((Path.cwd(), path.absolute()), (Path.cwd().resolve(), path.resolve())):
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _universal_newlines(text: str) -> str:
    # What open(..., encoding="utf-8").read() does, so our offsets are the contract's.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    prefix = _universal_newlines(data[:offset].decode("utf-8", errors="replace"))
    return line_col(prefix, len(prefix))


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text exactly as ``open(path, encoding="utf-8").read()`` gives it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [diagnostic("BK101", display, 1, 1, f"cannot read file ({error.strerror or error}): check that it exists and is readable")]
    nul = data.find(b"\0")
    if nul >= 0:  # checked first: UTF-16 text is full of NULs and would also fail to decode
        line, column = _byte_position(data, nul)
        message = f"looks like a binary file (NUL byte at byte {nul}): save it as plain UTF-8 text"
        return None, [diagnostic("BK103", display, line, column, message)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = f"not valid UTF-8 at byte {error.start} (line {line}): save the file as UTF-8"
        return None, [diagnostic("BK102", display, line, column, message)]
    text = _universal_newlines(text)
    found = []
    if text.startswith("\ufeff"):  # the utf-8 codec keeps it, so the contract's offsets count it
        message = "byte-order mark at start of file; offsets count it (save as UTF-8 without BOM to drop it)"
        found.append(diagnostic("BK104", display, 1, 1, message))
    return text, found


def _read_yaml_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    text, found = read_text(path, display)
    # The YAML reader skips a BOM and no offsets point into YAML files: nothing to warn about.
    return text, [d for d in found if d.code != "BK104"]


# ---------------------------------------------------------------- briefs


@dataclass(frozen=True)
class _Meta:
    values: dict[str, object]
    where: dict[str, tuple[int, int]]
    path: str


def _read_meta(text: str, path: str, line_offset: int = 0) -> tuple[_Meta, list[Diagnostic]]:
    reader = YamlChecker(path, line_offset)
    values, where = reader.fields(reader.compose(text), META_SCHEMA, "brief metadata")
    return _Meta(values, where, path), reader.diagnostics


def _comparable(value: object) -> object:
    # Overrides differ in their line numbers even when they say the same thing.
    if isinstance(value, tuple) and value and isinstance(value[0], Override):
        return tuple((o.action, o.match, o.role, o.scope, o.targets, o.policy) for o in value)
    return value


def _merge(front: _Meta, sidecar: _Meta) -> tuple[dict[str, object], list[Diagnostic]]:
    """Front matter wins over the sidecar; each disagreement is a warning at the sidecar."""
    merged = dict(sidecar.values)
    found = []
    for key, value in front.values.items():
        if key in sidecar.values and _comparable(sidecar.values[key]) != _comparable(value):
            line, column = sidecar.where[key]
            message = (f"'{key}' is also set in the front matter of {front.path} (line {front.where[key][0]}), "
                       "which wins: remove it from one of them")
            found.append(diagnostic("BK119", sidecar.path, line, column, message))
        merged[key] = value
    return merged, found


def _front_matter(text: str, path: str) -> tuple[_Meta | None, int, list[Diagnostic]]:
    """Metadata between '---' lines at the very top of a Markdown file, and body_start."""
    start = 1 if text.startswith("\ufeff") else 0
    opening = FENCE.match(text, start)
    if not opening:
        return None, start, []
    closing = CLOSING_FENCE.search(text, opening.end())
    if not closing:
        message = "front matter opened with '---' on line 1 is never closed: add a line '---' where the metadata ends"
        return None, start, [diagnostic("BK118", path, 1, start + 1, message)]
    meta, found = _read_meta(text[opening.end():closing.start()], path, line_offset=1)
    return meta, closing.end(), found


# What load_brief made of a file, by (path, working directory, stat of the file and of its
# sidecar): a server's builds read the same thousand unchanged files again and again.
_LOADED: dict[tuple, tuple] = {}


def _load_brief(folder: Path, name: str, fresh: dict, cwd: str, sidecar: bool) -> tuple[Source | None, list[Diagnostic]]:
    """``load_brief`` of ``folder/name``, again only for a file (or sidecar) whose stat
    changed; what it used goes into ``fresh``. ``sidecar``: the folder lists a NAME.yaml
    beside it. (Paths as strings until one is read: at 5,000 briefs pathlib's objects
    cost a server's build ten times the stat calls.)"""
    full = os.path.join(folder, name)
    memo_key = (full, cwd, file_stamp(full), file_stamp(full[:-len(_suffix(name))] + ".yaml") if sidecar else None)
    found = _LOADED.get(memo_key)
    if found is None:
        source, problems = load_brief(folder / name, folder.parent)
        found = (source, tuple(problems))
    fresh[memo_key] = found
    return found[0], list(found[1])


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` of a file name, without making a path."""
    at = name.rfind(".")
    return name[at:] if 0 < at < len(name) - 1 else ""


def _stem(name: str) -> str:
    """``PurePath(name).stem`` of a file name, without making a path."""
    at = name.rfind(".")
    return name[:at] if 0 < at < len(name) - 1 else name


def load_brief(path: Path, root: Path) -> tuple[Source | None, list[Diagnostic]]:
    """One brief (.txt or .md) with its metadata from front matter and/or NAME.yaml beside it.

    ``root`` is the content folder (kept for callers; paths are shown relative to the
    working directory, see ``display_path``).
    Returns None only when there is no text to analyse (unreadable or empty file);
    otherwise a Source even when its metadata has errors, so later checks still run.
    """
    display = display_path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("txt", "md"):
        message = f"cannot load '{path.name}' as a brief: briefs are .txt or .md files"
        return None, [diagnostic("BK101", display, 1, 1, message)]
    text, found = read_text(path, display)
    if text is None:
        return None, found

    slug = path.stem
    if not SLUG.match(slug):
        suggestion = suggest_slug(slug)
        message = (f"file name '{path.name}' is not a valid slug (lowercase letters, digits, hyphens): "
                   f"rename it to '{suggestion}{path.suffix}'")
        found.append(diagnostic("BK106", display, 1, 1, message))
        slug = suggestion  # keep going so every other problem is reported too

    front, body_start = None, (1 if text.startswith("\ufeff") else 0)  # the parser skips a BOM
    if kind == "md":
        front, body_start, problems = _front_matter(text, display)
        found += problems
    if not text[body_start:].strip():
        line, column = line_col(text, body_start)
        message = "empty brief: write the text, paragraphs separated by blank lines"
        found.append(diagnostic("BK105", display, line, column, message))
        return None, found

    values: dict[str, object] = front.values if front else {}
    sidecar_path = path.with_suffix(".yaml")
    if sidecar_path.is_file():
        sidecar_display = display_path(sidecar_path)
        sidecar_text, problems = _read_yaml_text(sidecar_path, sidecar_display)
        found += problems
        if sidecar_text is not None:
            sidecar, problems = _read_meta(sidecar_text, sidecar_display)
            found += problems
            values, problems = _merge(front or _Meta({}, {}, display), sidecar)
            found += problems

    if not values.get("title") and not any(d.code == "BK110" for d in found):  # unread is not missing
        where = "the front matter" if kind == "md" else f"{path.stem}.yaml beside it"
        message = f"no title: add 'title: ...' to {where} (the headline found in the text is used meanwhile)"
        found.append(diagnostic("BK117", display, 1, 1, message))
    meta = BriefMeta(
        slug=slug,
        title=values.get("title"),
        author=values.get("author"),
        date=values.get("date"),
        lang=values.get("lang") or "en",
        summary=values.get("summary"),
        source_url=values.get("source_url"),
        publisher=values.get("publisher"),
        tags=values.get("tags") or (),
    )
    source = Source(display, text, meta, kind, body_start, values.get("overrides") or ())
    return source, found


# ---------------------------------------------------------------- registry and site


def load_registry(path: Path) -> tuple[Registry, list[Diagnostic]]:
    """``policies.yaml``: entries with a bad id, name or kind are left out (and reported)."""
    display = display_path(path)
    text, found = _read_yaml_text(path, display)
    if text is None:
        return Registry(), found
    reader = YamlChecker(display)
    what = "policies.yaml (start it with 'policies:')"
    top, _ = reader.fields(reader.compose(text), {"policies": YamlChecker.nodes}, what)
    policies: list[RegistryPolicy] = []
    labels: dict[str, RegistryPolicy] = {}  # casefolded name or alias -> first policy with it
    for entry in top.get("policies", ()):
        values, where = reader.fields(entry, POLICY_SCHEMA, "a policy", required=("id", "name", "kind"))
        if not all(key in values for key in ("id", "name", "kind")):
            continue
        line = reader.at(entry)[0]
        first = next((p for p in policies if p.id == values["id"]), None)
        if first:
            message = f"policy id '{first.id}' is used twice, on lines {first.line} and {line}"
            reader.report("BK132", where["id"], f"{message}: give each policy its own id")
            continue
        policy = RegistryPolicy(path=display, line=line, **values)
        for label in (policy.name, *policy.aliases):
            other = labels.setdefault(label.casefold(), policy)
            if other is not policy:
                where_label = where["aliases"] if label in policy.aliases else where["name"]
                message = (f"'{label}' names both '{other.id}' (line {other.line}) and '{policy.id}': "
                           f"a mention of it is credited to '{other.id}'; remove it from one")
                reader.report("BK133", where_label, message)
        policies.append(policy)
    return Registry(tuple(policies)), found + reader.diagnostics


def load_site(path: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """``site.yaml``; None when it cannot be read or lacks a required key."""
    display = display_path(path)
    text, found = _read_yaml_text(path, display)
    if text is None:
        return None, found
    reader = YamlChecker(display)
    values, _ = reader.fields(reader.compose(text), SITE_SCHEMA, "site.yaml", required=("title", "base_url"))
    found += reader.diagnostics
    if "title" not in values or "base_url" not in values:
        return None, found
    values.setdefault("lang", "en")
    return SiteConfig(**values), found


# ---------------------------------------------------------------- the whole content folder


@dataclass(frozen=True)
class Content:
    """What the rest of the build starts from; build only when it has no errors."""

    site: SiteConfig | None
    registry: Registry
    sources: tuple[Source, ...]
    diagnostics: tuple[Diagnostic, ...]


def _ignored_hint(path: Path) -> str:
    if path.is_dir():
        return " (folders inside briefs/ are not read)"
    if path.suffix == ".yml":
        return f" (a sidecar must be named {path.stem}.yaml)"
    return " (save it as plain text .txt or Markdown .md to publish it)"


def _looks_binary(path: Path) -> bool:
    """A NUL byte in the first 8 KiB: images, PDFs and word-processor files have one."""
    try:
        with path.open("rb") as file:
            return b"\0" in file.read(8192)
    except OSError:
        return False


def _load_briefs(folder: Path) -> tuple[list[Source], list[Diagnostic]]:
    if not folder.is_dir():
        message = "no briefs/ folder: create it and put each brief in it as a .txt or .md file"
        return [], [diagnostic("BK101", display_path(folder), 1, 1, message)]
    # Hidden files (.gitkeep, editor swap files, .DS_Store) are never content. (Listed with
    # their types at once: a server lists 5,000 briefs on every build.)
    with os.scandir(folder) as listing:
        files = {entry.name: entry.is_file() for entry in listing if not entry.name.startswith(".")}
    names = sorted(files)
    briefs = [name for name in names if files[name] and _suffix(name).lower() in BRIEF_SUFFIXES]
    found: list[Diagnostic] = []
    brief_set, stems = set(briefs), {_stem(name) for name in briefs}
    for name in names:
        if name in brief_set:
            continue
        if files[name] and _suffix(name) == ".yaml":  # (a brief's sidecar: one per brief, maybe)
            stem = _stem(name)
            if stem not in stems:
                message = f"sidecar with no brief: add {stem}.txt or {stem}.md beside it, or delete it"
                found.append(diagnostic("BK109", display_path(folder / name), 1, 1, message))
            continue
        path = folder / name
        if files[name] and _looks_binary(path):  # a document meant to be published: say so loudly
            message = (f"binary file in briefs/ ('{path.name}' is not text): export it as plain text .txt "
                       "or Markdown .md to publish it, or move it out of briefs/")
            found.append(diagnostic("BK100", display_path(path), 1, 1, message))
            continue
        message = f"ignored: not .txt or .md{_ignored_hint(path)}"
        found.append(diagnostic("BK108", display_path(path), 1, 1, message))

    sources: dict[str, Source] = {}
    fresh: dict[tuple, tuple] = {}
    cwd = os.getcwd()
    for name in briefs:
        source, problems = _load_brief(folder, name, fresh, cwd, f"{_stem(name)}.yaml" in files)
        found += problems
        if source is None:
            continue
        first = sources.get(source.meta.slug)
        if first:
            message = f"slug '{source.meta.slug}' is already used by {first.path}: rename one of the files"
            found.append(diagnostic("BK107", source.path, 1, 1, message))
            continue
        sources[source.meta.slug] = source
    _LOADED.clear()
    _LOADED.update(fresh)
    return list(sources.values()), found


def _check_policy_ids(sources: list[Source], registry: Registry) -> list[Diagnostic]:
    ids = [policy.id for policy in registry.policies]
    found = []
    for source in sources:
        for override in source.overrides:
            if override.policy is not None and registry.get(override.policy) is None:
                message = (f"policy '{override.policy}' is not in policies.yaml{did_you_mean(override.policy, ids)}: "
                           "add it there or correct the id")
                found.append(diagnostic("BK124", override.path, override.line, override.column, message))
    return found


def load_content(content_dir: Path) -> Content:
    """Everything in ``content/``, with every problem found (never only the first)."""
    site, found = load_site(content_dir / "site.yaml")
    registry = Registry()
    registry_path = content_dir / "policies.yaml"
    if registry_path.exists():  # a site may cite no policies at all
        registry, problems = load_registry(registry_path)
        found += problems
    sources, problems = _load_briefs(content_dir / "briefs")
    found += problems
    found += _check_policy_ids(sources, registry)
    return Content(site, registry, tuple(sources), tuple(found))
