"""Carries the browser side of search into the wheel.

The built site needs lunr.js and lunr-languages (pinned in package.json, installed by
`npm ci`); they are never committed. `pip wheel .` / `pip install .` copy them from
node_modules/ into briefkit/vendor/ inside the wheel, so an installed briefkit builds
a working search without npm (briefkit/index.py looks in node_modules/ first, then in
vendor/). Everything else about the package is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (name in briefkit/vendor/, path under node_modules/): the same as briefkit.index.SCRIPTS.
SCRIPTS = (("lunr.js", "lunr/lunr.js"),
           ("lunr.stemmer.support.js", "lunr-languages/lunr.stemmer.support.js"),
           ("lunr.es.js", "lunr-languages/lunr.es.js"))


class BuildWithLunr(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads node_modules/ in the checkout
        vendor = Path(self.build_lib) / "briefkit" / "vendor"
        vendor.mkdir(parents=True, exist_ok=True)
        for name, path in SCRIPTS:
            for source in (ROOT / "node_modules" / path, ROOT / "src" / "briefkit" / "vendor" / name):
                if source.is_file():
                    shutil.copyfile(source, vendor / name)
                    break
            else:
                raise SystemExit(f"briefkit: node_modules/{path} is missing, and the wheel needs it for "
                                 f"search: run `npm ci` first (scripts/setup does)")


setup(cmdclass={"build_py": BuildWithLunr})
