"""The built default site, byte for byte, against the checked-in copy in tests/golden/site/.

When a change to the templates, the parser or the content changes the site on purpose,
regenerate the copy from the repository root with ONE command:

    python build.py --out tests/golden/site

then review `git diff tests/golden` like any other change, and commit it.
"""
import difflib

from briefkit.index import SCRIPTS
from site_check import ROOT, build, snapshot

GOLDEN = ROOT / "tests" / "golden" / "site"
# lunr.js and lunr-languages, copied from node_modules by every build: not ours, never
# committed (.gitignore), so not compared.
VENDORED = {f"static/{name}" for name, _ in SCRIPTS}
REGENERATE = "python build.py --out tests/golden/site"


def test_built_site_matches_the_golden_copy(tmp_path):
    assert GOLDEN.is_dir(), f"no golden copy: run `{REGENERATE}` from the repository root"
    built, golden = snapshot(build(tmp_path / "site")), snapshot(GOLDEN)
    built, golden = ({k: v for k, v in files.items() if k not in VENDORED} for files in (built, golden))
    hint = f"\nIf the change is intended, run `{REGENERATE}` from the repository root and review git diff."
    assert sorted(built) == sorted(golden), (
        f"files differ: new {sorted(set(built) - set(golden))}, gone {sorted(set(golden) - set(built))}{hint}")
    changed = [name for name in sorted(built) if built[name] != golden[name]]
    if changed:
        name = changed[0]
        diff = "".join(difflib.unified_diff(golden[name].decode("utf-8", "replace").splitlines(True),
                                            built[name].decode("utf-8", "replace").splitlines(True),
                                            f"golden/{name}", f"built/{name}", n=2))
        raise AssertionError(f"{len(changed)} file(s) differ from the golden copy: {changed}\n"
                             f"{diff[:3000]}{hint}")
