"""The parser against the gold dev set, scored by the shared scorer exactly as the issue states.

The scorer and the dev texts live in ../shared/eval (beside the checkout, as in CI). The
parser never reads them; only this test does.
"""
import re
import subprocess
import sys

import pytest

from conftest import EVAL_DEV, ROOT

SCORER = EVAL_DEV.parent / "score.py"


@pytest.fixture(scope="module")
def total_line():
    assert SCORER.is_file(), f"the shared scorer is missing at {SCORER}: check out shared/ beside the repo"
    result = subprocess.run(
        [sys.executable, str(SCORER), "--dir", str(EVAL_DEV), "--run", f"{sys.executable} build.py extract {{path}}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout)
    return result.stdout


def figure(line, name):
    return float(re.search(name + r" ([0-9.]+)", line).group(1))


def test_dev_set_meets_the_targets(total_line):
    total = [l for l in total_line.splitlines() if l.startswith("TOTAL")][0]
    assert "3/3 texts" in total
    assert figure(total, "mean macro-F1") >= 0.80, total
    assert figure(total, "link recall") >= 0.8, total
    assert figure(total, "policy recall") >= 0.9, total
    assert figure(total, "policy precision") >= 0.8, total


def test_every_front_part_is_found(total_line):
    for line in total_line.splitlines():
        if line.startswith("TOTAL") or ": " not in line:
            continue
        found, wanted = re.search(r"front (\d+)/(\d+)", line).groups()
        assert found == wanted, line
