"""The schemas of briefkit's YAML files, checked node by node.

YAML is only composed into nodes (never constructed into objects), which keeps it safe
and lets each check point at the line of the key or value it is about.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Callable
from urllib.parse import urlparse

import yaml

from briefkit.diagnostics import diagnostic, did_you_mean, line_col
from briefkit.model import POLICY_KINDS, ROLES, Diagnostic, Override
from briefkit.sanitize import safe_url

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def suggest_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "brief"


# ---------------------------------------------------------------- checking YAML nodes

Check = Callable[["YamlChecker", yaml.Node, str], object]


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return f"'{node.value}'"


def _deepest(text: str) -> tuple[int, int]:
    """Where flow nesting (``[[[`` or ``{{{``) first gets deep: a place to point at."""
    depth = 0
    for offset, char in enumerate(text):
        depth += (char in "[{") - (char in "]}")
        if depth > 100:
            return line_col(text, offset)
    return 1, 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


class YamlChecker:
    """Checks one YAML document node by node, collecting diagnostics with their lines.

    Checks return the checked value, or None when the value is absent (null or empty)
    or wrong (then a diagnostic has been added).
    """

    def __init__(self, path: str, line_offset: int = 0):
        self.path = path
        self.line_offset = line_offset  # front matter starts below the opening '---'
        self.diagnostics: list[Diagnostic] = []
        self.unreadable = False  # compose failed: keys are not missing, just unread

    def at(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def report(self, code: str, where: yaml.Node | tuple[int, int], message: str) -> None:
        line, column = where if isinstance(where, tuple) else self.at(where)
        self.diagnostics.append(diagnostic(code, self.path, line, column, message))

    def compose(self, text: str) -> yaml.Node | None:
        self.unreadable = True  # until composed
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            self.unreadable = False
            return node
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = (mark.line + 1 + self.line_offset, mark.column + 1) if mark else (1 + self.line_offset, 1)
            problem = error.problem or error.context or "cannot parse"
            hint = "check the indentation, and quote text that contains ': ' or ' #'"
            self.report("BK110", where, f"malformed YAML: {problem}; {hint}")
        except yaml.YAMLError as error:  # ReaderError: a control character in the file
            line, column = line_col(text, getattr(error, "position", 0))
            where = (line + self.line_offset, column)
            self.report("BK110", where, f"malformed YAML: {error}; remove the character")
        except RecursionError:  # PyYAML composes nested lists and mappings recursively
            line, column = _deepest(text)
            self.report("BK110", (line + self.line_offset, column),
                        "malformed YAML: lists or mappings nested too deeply; metadata needs at most a few levels")
        return None

    def mapping(self, node: yaml.Node | None, what: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        """(key, key node, value node) of a mapping; [] for an empty document."""
        if node is None or _is_null(node):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.report("BK111", node, f"{what} must be a mapping of 'key: value' lines, not {_describe(node)}")
            return None
        first_line: dict[str, int] = {}
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report("BK111", key_node, f"a key in {what} must be a plain word, not {_describe(key_node)}")
                continue
            key = key_node.value
            if key in first_line:  # PyYAML would silently keep the last one
                self.report("BK120", key_node, f"'{key}' is set twice (first on line {first_line[key]}): keep one")
                continue
            first_line[key] = self.at(key_node)[0]
            items.append((key, key_node, value_node))
        return items

    def fields(
        self, node: yaml.Node | None, schema: dict[str, Check], what: str, required: tuple[str, ...] = ()
    ) -> tuple[dict[str, object], dict[str, tuple[int, int]]]:
        """Checked values by key, and where each key is."""
        values: dict[str, object] = {}
        where: dict[str, tuple[int, int]] = {}
        items = self.mapping(node, what)
        if items is None:
            return values, where
        reported = set()
        for key, key_node, value_node in items:
            where[key] = self.at(key_node)
            check = schema.get(key)
            if check is None:
                hint = " (the slug is the file name)" if key == "slug" else did_you_mean(key, schema)
                self.report("BK112", key_node, f"unknown key '{key}' in {what}{hint}: use one of {', '.join(schema)}")
                continue
            before = len(self.diagnostics)
            value = check(self, value_node, key)
            if value is not None:
                values[key] = value
            elif len(self.diagnostics) > before:
                reported.add(key)
        for key in required if not (node is None and self.unreadable) else ():
            if key not in values and key not in reported:
                at = where.get(key) or (self.at(node) if node else (1 + self.line_offset, 1))
                self.report("BK113", at, f"{what} needs '{key}': add '{key}: ...'")
        return values, where

    # ---- checks, one per kind of value

    def text(self, node: yaml.Node, key: str) -> str | None:
        if _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.report("BK111", node, f"'{key}' must be text, not {_describe(node)}")
            return None
        # The scalar as written: `title: 1984` means the text "1984", not a number.
        return node.value.strip() or None

    def text_list(self, node: yaml.Node, key: str) -> tuple[str, ...] | None:
        if _is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.report("BK111", node, f"'{key}' must be a list, e.g. {key}: [first, second]")
            return None
        items = [self.text(item, key) for item in node.value]
        return tuple(item for item in items if item)

    def date(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is None:
            return None
        try:  # YAML resolves 2018-06-13 to a date; the scalar as written is already ISO
            ok = bool(ISO_DATE.match(value)) and date.fromisoformat(value).isoformat() == value
        except ValueError:
            ok = False
        if not ok:
            self.report("BK114", node, f"'{key}' is not a date: write it as YYYY-MM-DD, e.g. 2018-06-13")
            return None
        return value

    def lang(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and not LANG.match(value):
            self.report("BK116", node, f"'{key}' must be a language tag such as en, es or pt-BR, not '{value}'")
            return None
        return value

    def http_url(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is None:
            return None
        try:
            parts = urlparse(value)
        except ValueError:  # "http://[x": an unclosed IPv6 address
            parts = urlparse("")
        if parts.scheme not in ("http", "https") or not parts.netloc or safe_url(value) is None:
            self.report("BK115", node, f"'{key}' must be an http:// or https:// URL, not '{value}'")
            return None
        return value

    def base_url(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and not value.startswith("/"):
            return self.http_url(node, key)
        # A path: it is written into _headers, the sitemap and every page, so no spaces,
        # line breaks or control characters (a line break would add a header to _headers).
        if value is not None and (value.startswith("//") or safe_url(value, relative=True) is None):
            self.report("BK115", node, f"'{key}' must be a path such as /briefs/ (no spaces or control "
                        f"characters) or an http:// or https:// URL, not {value!r}")
            return None
        return value

    def policy_id(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and not SLUG.match(value):
            suggestion = suggest_slug(value)
            message = f"policy id '{value}' must be lowercase letters, digits and hyphens, e.g. '{suggestion}'"
            self.report("BK130", node, message)
            return None
        return value

    def policy_kind(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and value not in POLICY_KINDS:
            hint = did_you_mean(value, POLICY_KINDS)
            self.report("BK131", node, f"unknown policy kind '{value}'{hint}: use one of {', '.join(POLICY_KINDS)}")
            return None
        return value

    def role(self, node: yaml.Node, key: str) -> str | None:
        value = self.text(node, key)
        if value is not None and value not in ROLES:
            hint = did_you_mean(value, ROLES)
            self.report("BK122", node, f"unknown role '{value}'{hint}: use one of {', '.join(ROLES)}")
            return None
        return value

    def match_text(self, node: yaml.Node, key: str) -> str | None:
        """Text that must occur in the brief (checked later, by the parser)."""
        if _is_null(node) or isinstance(node, yaml.ScalarNode) and not node.value.strip():
            self.report("BK123", node, f"'{key}' is empty: give the words of the brief it refers to")
            return None
        return self.text(node, key)

    def match_texts(self, node: yaml.Node, key: str) -> tuple[str, ...] | None:
        if isinstance(node, yaml.SequenceNode):
            texts = [self.match_text(item, key) for item in node.value]
            if not texts:
                self.report("BK123", node, f"'{key}' is an empty list: give at least one text")
            return tuple(texts) if texts and all(texts) else None
        value = self.match_text(node, key)
        return (value,) if value else None

    def nodes(self, node: yaml.Node, key: str) -> list[yaml.Node] | None:
        if _is_null(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.report("BK111", node, f"'{key}' must be a list, one '- ' item per entry")
            return None
        return list(node.value)

    def overrides(self, node: yaml.Node, key: str) -> tuple[Override, ...] | None:
        items = self.nodes(node, key)
        if items is None:
            return None
        found = (self.override(item) for item in items)
        return tuple(override for override in found if override is not None)

    def override(self, node: yaml.Node) -> Override | None:
        before = len(self.diagnostics)
        items = self.mapping(node, "an override")
        if not items:
            if items == []:
                self.report("BK121", node, f"empty override: start it with one of {', '.join(OVERRIDE_SHAPES)}")
            return None
        actions = [item for item in items if item[0] in OVERRIDE_SHAPES]
        if not actions:
            key, key_node, _ = items[0]
            message = f"unknown override '{key}'{did_you_mean(key, OVERRIDE_SHAPES)}"
            self.report("BK121", key_node, f"{message}: start it with one of {', '.join(OVERRIDE_SHAPES)}")
            return None
        if len(actions) > 1:
            first, second = actions[0][0], actions[1][0]
            self.report("BK121", actions[1][1], f"'{first}' and '{second}' in one override: make them two '- ' items")
            return None
        action, _, action_value = actions[0]
        required, optional = OVERRIDE_SHAPES[action]
        # A policy id that is not in the registry is reported by load_content, with did-you-mean.
        values = {action: self.match_text(action_value, action)}
        for key, key_node, value_node in items:
            if key == action:
                continue
            if key not in required + optional:
                hint = did_you_mean(key, required + optional)
                takes = ", ".join(required + optional) or "no other key"
                message = f"'{key}' does not belong in a '{action}' override{hint}: it takes {takes}"
                self.report("BK112", key_node, message)
                continue
            if key == "at" and action == "drop_policy" and self.text(value_node, key) is None:
                values[key] = ""  # empty `at` drops every mention, as documented
                continue
            values[key] = COMPANION_CHECKS[key](self, value_node, key)
        for key in required:
            if key not in values:
                self.report("BK113", node, f"the '{action}' override needs '{key}': add '{key}: ...'")
        if len(self.diagnostics) > before:
            return None
        return _make_override(action, values, self.path, *self.at(node))


# action key -> (required companion keys, optional companion keys)
OVERRIDE_SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sentence": (("role",), ()),
    "section": (("role",), ()),
    "rebuttal": (("responds_to",), ()),
    "join": (("through",), ()),
    "split": ((), ()),
    "add_policy": (("at",), ()),
    "drop_policy": ((), ("at",)),
}
COMPANION_CHECKS: dict[str, Check] = {
    "role": YamlChecker.role,
    "responds_to": YamlChecker.match_texts,
    "through": YamlChecker.match_text,
    "at": YamlChecker.match_text,
}


def _make_override(action: str, values: dict, path: str, line: int, column: int) -> Override:
    where = {"path": path, "line": line, "column": column}
    if action in ("sentence", "section"):
        return Override("role", values[action], role=values["role"], scope=action, **where)
    if action == "rebuttal":
        return Override("responds_to", values[action], targets=values["responds_to"], **where)
    if action == "join":
        return Override("join", values[action], targets=(values["through"],), **where)
    if action == "split":
        return Override("split", values[action], **where)
    return Override(action, values.get("at", ""), policy=values[action], **where)


META_SCHEMA: dict[str, Check] = {
    "title": YamlChecker.text,
    "author": YamlChecker.text,
    "date": YamlChecker.date,
    "lang": YamlChecker.lang,
    "summary": YamlChecker.text,
    "source_url": YamlChecker.http_url,
    "publisher": YamlChecker.text,
    "tags": YamlChecker.text_list,
    "overrides": YamlChecker.overrides,
}
POLICY_SCHEMA: dict[str, Check] = {
    "id": YamlChecker.policy_id,
    "name": YamlChecker.text,
    "kind": YamlChecker.policy_kind,
    "aliases": YamlChecker.text_list,
    "citation": YamlChecker.text,
    "url": YamlChecker.http_url,
    "summary": YamlChecker.text,
}
SITE_SCHEMA: dict[str, Check] = {
    "title": YamlChecker.text,
    "base_url": YamlChecker.base_url,
    "lang": YamlChecker.lang,
    "organisation": YamlChecker.text,
    "description": YamlChecker.text,
}
