"""themes: where a build finds its templates (no Jinja2 here: ``stamp`` needs the folders
before anything heavy is imported).

Themes are folders searched in order: a user's ``templates/`` beside the content folder
first, then the default theme (inside the package in a wheel, the checkout's top-level
``templates/`` otherwise).
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_THEME = Path(__file__).resolve().parent / "theme"  # inside a wheel
CHECKOUT_THEME = Path(__file__).resolve().parents[2] / "templates"  # a checkout or editable install


def default_theme() -> Path:
    return PACKAGE_THEME if PACKAGE_THEME.is_dir() else CHECKOUT_THEME


def theme_dirs(content: Path) -> list[Path]:
    """The user's ``templates/`` beside the content folder (if any), then the default theme."""
    dirs = []
    for folder in (Path(content).absolute().parent / "templates", default_theme()):
        if folder.is_dir() and all(folder.resolve() != d.resolve() for d in dirs):
            dirs.append(folder)
    return dirs
