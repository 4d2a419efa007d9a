"""The default theme: role colours readable (WCAG 2.1 AA) in light and dark, nothing remote."""
import re

import pytest

from site_check import ROOT

THEME = ROOT / "templates"
CSS = (THEME / "static" / "site.css").read_text(encoding="utf-8")
ROLES = ("claim", "counterclaim", "rebuttal", "evidence", "background")


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


LIGHT = variables(CSS[CSS.index(":root {"):CSS.index("}", CSS.index(":root {"))])
DARK_START = CSS.index("@media (prefers-color-scheme: dark)")
DARK = {**LIGHT, **variables(CSS[DARK_START:CSS.index("}\n}", DARK_START)])}


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PAIRS = [(f"{role}-fg", f"{role}-bg", 4.5) for role in ROLES] + [
    ("text", "bg", 4.5), ("muted", "bg", 4.5), ("muted", "surface", 4.5), ("link", "bg", 4.5),
    ("link", "surface", 4.5), ("text", "surface", 4.5), ("focus", "bg", 3.0),
] + [(f"{role}-edge", "bg", 3.0) for role in ROLES]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("fg,bg,minimum", PAIRS)
def test_colours_meet_wcag_aa(scheme, fg, bg, minimum):
    colours = LIGHT if scheme == "light" else DARK
    assert contrast(colours[fg], colours[bg]) >= minimum, (scheme, fg, bg, contrast(colours[fg], colours[bg]))


def test_dark_mode_redefines_every_colour():
    assert set(variables(CSS[DARK_START:])) >= {k for k in LIGHT}


def test_theme_loads_nothing_from_elsewhere():
    for path in THEME.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
            assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", text), path


def test_print_stylesheet_keeps_role_labels_and_authorities():
    css = (THEME / "static" / "print.css").read_text(encoding="utf-8")
    assert ".role-label" in css and ".authorities" in css
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", css).group(1)
    assert ".role-label" not in hidden and ".authorities" not in hidden and ".site-header" in hidden
