"""The typed values that flow between pipeline stages.

Every value is a frozen dataclass: a stage returns new values and never edits the ones
it was given. Every span is a pair of Python ``str`` offsets into ``Source.text``
(the file as read with ``encoding="utf-8"``), ``end`` exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ROLES = ("claim", "counterclaim", "rebuttal", "evidence", "background")
Role = Literal["claim", "counterclaim", "rebuttal", "evidence", "background"]
FRONT_KINDS = ("headline", "caption", "byline", "related")
POLICY_KINDS = ("ruling", "statute", "regulation", "program", "treaty", "practice", "agency-action")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in content, printed as ``path:line:col: CODE message``."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


@dataclass(frozen=True)
class BriefMeta:
    """What the editor says about a brief (front matter or sidecar)."""

    slug: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 date, YYYY-MM-DD
    lang: str = "en"
    summary: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Override:
    """An editor's correction of the automatic analysis, keyed by text, not offsets.

    ``action`` is one of:
      - ``role``: give the sentence (``scope="sentence"``) or the whole section
        (``scope="section"``) containing ``match`` the role ``role``;
      - ``responds_to``: link the rebuttal containing ``match`` to the sections
        containing each text in ``targets``;
      - ``join``: make one section from the section containing ``match`` through the
        section containing ``targets[0]``;
      - ``split``: start a new section at the sentence containing ``match``;
      - ``add_policy`` / ``drop_policy``: add the policy ``policy`` at the text
        ``match`` / drop its mention at ``match`` (or every mention when ``match`` is
        empty).
    ``line`` and ``column`` locate the override in its file for diagnostics.
    """

    action: Literal["role", "responds_to", "join", "split", "add_policy", "drop_policy"]
    match: str
    path: str
    line: int
    column: int = 1
    role: str | None = None
    scope: Literal["sentence", "section"] = "sentence"
    targets: tuple[str, ...] = ()
    policy: str | None = None


@dataclass(frozen=True)
class Source:
    """A brief as read from ``content/``: its text, metadata and overrides.

    ``body_start`` is where the text to analyse begins (after Markdown front matter).
    """

    path: str
    text: str
    meta: BriefMeta
    format: Literal["txt", "md"] = "txt"
    body_start: int = 0
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class RegistryPolicy:
    """One entry of ``content/policies.yaml``."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    citation: str | None = None
    url: str | None = None
    summary: str | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Registry:
    policies: tuple[RegistryPolicy, ...] = ()

    def get(self, policy_id: str) -> RegistryPolicy | None:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        return None


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str
    lang: str = "en"
    organisation: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class FrontPart:
    kind: str
    start: int
    end: int
    text: str
    why: str = ""


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph it belongs to
    role: str = "claim"
    why: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    kind: str
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]
    responds_to: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    why: str = ""


@dataclass(frozen=True)
class CitedPolicy:
    id: str
    name: str
    kind: str
    citation: str | None
    mentions: tuple[Mention, ...]
    in_registry: bool = False
    why: str = ""


@dataclass(frozen=True)
class Brief:
    source: Source
    front: tuple[FrontPart, ...]
    sections: tuple[Section, ...]
    policies: tuple[CitedPolicy, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def title(self) -> str:
        if self.source.meta.title:
            return self.source.meta.title
        for part in self.front:
            if part.kind == "headline":
                return part.text
        return self.source.meta.slug
