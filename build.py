#!/usr/bin/env python3
"""Thin entry point: ``python build.py [build|serve|extract|check] ...``.

Works from a checkout without installing the package: ``src/`` is put on the path.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from briefkit.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
