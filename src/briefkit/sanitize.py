"""What content may put into a page: the HTML allowlist, the URLs kept, the text XML accepts.

Everything from content is text and is escaped by the templates (Jinja2 autoescape).
Two things are not plain text and are cleaned here instead:

- Markdown briefs: python-markdown turns them into HTML, which nh3 then reduces to a
  short allowlist of inline tags and attributes; a link keeps its URL only when it is
  http(s), mailto or relative (``javascript:``, ``data:``, ``vbscript:`` ... are dropped).
- URLs from metadata and policies.yaml: ``safe_url`` keeps only http(s) and mailto.

python-markdown is slow (quadratic) on some pathological inputs and recursive on deeply
nested lists, so a paragraph beyond ``MARKDOWN_LIMITS`` is shown as plain, escaped text
instead of being rendered: bounded time, never a crash, and nothing of it executes.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import markdown
import nh3

# Inline tags only: a brief's paragraph is drawn inside the theme's own <p>.
TAGS = frozenset({"a", "em", "strong", "code", "br", "sub", "sup", "abbr", "cite", "q"})
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # relative URLs are kept too (nh3's default)
LINK_REL = "noopener noreferrer nofollow"

# Beyond these a paragraph is not given to python-markdown (see the module docstring).
MARKDOWN_LIMITS = {
    "characters": 20_000,   # quadratic cases ("[[[[...", "[a](b [a](b ...") stay well under 1 s
    "brackets": 1_000,      # '[' and '<' characters, the quadratic ones
    "nesting": 32,          # quote or list markers opening one line ("> > - 1. ...")
    "indent": 256,          # columns of indentation (nested lists, two or four per level)
}
_NESTING = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))){%d}|^[ \t]{%d}"
                      % (MARKDOWN_LIMITS["nesting"], MARKDOWN_LIMITS["indent"]), re.MULTILINE)

# Characters XML 1.0 does not allow anywhere in a document, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters a browser silently drops from a URL (so "java\tscript:" would be "javascript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def safe_url(url: str | None, relative: bool = False) -> str | None:
    """``url`` when it is an http(s) link with a host or a mailto: link (or, with
    ``relative``, a relative link); None for anything else (javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    if not url or _URL_NOISE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[x": an unclosed IPv6 address
        return None
    if parts.scheme in ("http", "https"):
        return url if parts.netloc else None
    if parts.scheme == "mailto":
        return url if parts.path else None
    if relative and not parts.scheme and not url.startswith("//") and ":" not in url.split("/", 1)[0]:
        return url
    return None


def too_complex(text: str) -> bool:
    """True when python-markdown could take too long or recurse too deep on ``text``."""
    return (len(text) > MARKDOWN_LIMITS["characters"]
            or text.count("[") + text.count("<") > MARKDOWN_LIMITS["brackets"]
            or _NESTING.search(text) is not None)


def clean_html(fragment: str) -> str:
    """HTML from content reduced to the allowlist: no script, style, event handler,
    SVG, MathML, form or frame survives, and links keep only safe URLs. A link whose
    URL was dropped becomes its text (an <a> without href is no link, and invalid)."""
    cleaned = nh3.clean(fragment, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                        url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)
    return _unwrap_dead_links(cleaned)


_LINK_TAG = re.compile(r"<a\b[^>]*>|</a>")


def _unwrap_dead_links(cleaned: str) -> str:
    # nh3's output is serialised HTML: attribute values are quoted with '>' escaped, and
    # links never nest, so each <a ...> is closed by the next </a>.
    parts, at, dropping = [], 0, False
    for tag in _LINK_TAG.finditer(cleaned):
        parts.append(cleaned[at:tag.start()])
        at = tag.end()
        if tag.group() == "</a>":
            if not dropping:
                parts.append(tag.group())
            dropping = False
        elif " href=" in tag.group():
            parts.append(tag.group())
        else:
            dropping = True
    parts.append(cleaned[at:])
    return "".join(parts)


def render_markdown(text: str) -> str:
    """A Markdown paragraph as sanitised inline HTML (no block wrapper)."""
    if too_complex(text):
        return html.escape(text, quote=False)
    try:
        rendered = markdown.markdown(text, output_format="html")
    except RecursionError:  # a nesting _NESTING does not know: show the text as it is
        return html.escape(text, quote=False)
    rendered = re.sub(r"\A<p>|</p>\Z", "", rendered.strip())
    return clean_html(rendered)


def markdown_text(text: str) -> str:
    """What a reader sees of Markdown as plain text (syntax and tags removed, unescaped)."""
    if not too_complex(text):
        try:
            return html.unescape(nh3.clean(markdown.markdown(text), tags=set()))
        except RecursionError:
            pass
    paragraphs = re.split(r"\n[ \t]*\n", text)
    if len(paragraphs) == 1:
        return text
    return "\n\n".join(markdown_text(paragraph) for paragraph in paragraphs)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, lone
    surrogates, U+FFFE/U+FFFF), which would make a feed or sitemap malformed."""
    return _NOT_XML.sub("", text)
