"""The commands as a user runs them: `python build.py extract|check`, real files, real processes."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT

BRIEF = CONTENT / "briefs" / "sessions-asylum-ruling.txt"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_extract_prints_the_brief_contract_in_stable_order():
    result = run("extract", BRIEF)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["schema", "source", "title", "front", "sections", "policies"]
    assert data["schema"] == "briefkit/brief@1"
    text = BRIEF.read_text(encoding="utf-8")
    for section in data["sections"]:
        assert list(section)[:5] == ["id", "kind", "start", "end", "text"]
        assert text[section["start"]:section["end"]] == section["text"]
    assert run("extract", BRIEF).stdout == result.stdout  # deterministic


def test_extract_text_view_for_editors():
    result = run("extract", BRIEF, "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "[REBUTTAL] #" in result.stdout and "why:" in result.stdout and "answers: #" in result.stdout
    assert "Cited policies" in result.stdout


def test_check_passes_on_the_default_content():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "checked 1 brief(s)" in result.stdout


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def content_dir(tmp_path, briefs: dict, policies: str = "policies: []\n") -> Path:
    root = tmp_path / "content"
    write(root / "site.yaml", "title: Test\nbase_url: /\n")
    write(root / "policies.yaml", policies)
    for name, data in briefs.items():
        write(root / "briefs" / name, data)
    return root


@pytest.mark.parametrize("name, data, code, needle", [
    ("bad.txt", b"Fine text.\n\nThen \xff\xfe bad bytes.", "BK102", "byte 17"),
    ("nul.txt", b"Text\x00with a NUL byte.", "BK103", "binary"),
    ("empty.txt", b"", "BK105", "empty brief"),
    ("blank.txt", b"  \n\n \t \n", "BK105", "empty brief"),
])
def test_extract_bad_text_is_a_clear_error(tmp_path, name, data, code, needle):
    path = write(tmp_path / name, data)
    result = run("extract", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert code in result.stderr and needle in result.stderr
    assert str(path) in result.stderr or name in result.stderr


def test_bom_and_crlf_are_read_like_open(tmp_path):
    path = write(tmp_path / "crlf.txt", "\ufeffThe board argues that rents must rise.\r\n\r\nThis claim is false.\r\n".encode())
    result = run("extract", path)
    assert result.returncode == 0, result.stderr
    assert "BK104" in result.stderr  # the BOM is a warning
    data = json.loads(result.stdout)
    text = open(path, encoding="utf-8").read()
    for section in data["sections"]:
        assert text[section["start"]:section["end"]] == section["text"]
    assert [s["kind"] for s in data["sections"]] == ["counterclaim", "rebuttal"]


def test_malformed_sidecar_yaml_names_file_and_line(tmp_path):
    write(tmp_path / "x.txt", "A sentence.")
    write(tmp_path / "x.yaml", "title: Fine\nauthor: [unclosed\n")
    result = run("extract", tmp_path / "x.txt")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "x.yaml:" in result.stderr and "BK110" in result.stderr


def test_check_reports_every_problem_with_file_line_and_code(tmp_path):
    root = content_dir(tmp_path, {
        "a.txt": "The agency argues that the rule is fair.\n\nThat claim is false.\n",
        "a.yaml": "titel: Oops\noverrides:\n  - sentence: not in the text\n    role: claim\n",
        "b.txt": b"\xff",
    }, policies="policies:\n  - {id: x, name: X, kind: program}\n  - {id: x, name: Y, kind: program}\n")
    result = run("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert "BK112" in err and "did you mean 'title'" in err  # unknown key
    assert "BK201" in err and "a.yaml:3:" in err            # override matches nothing
    assert "BK102" in err                                    # not UTF-8
    assert "BK132" in err                                    # duplicate policy id


def test_check_lists_policies_missing_from_the_registry(tmp_path):
    root = content_dir(tmp_path, {"a.txt": "The Clean Water Act protects rivers. Congress should fund it.\n"})
    result = run("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 0
    assert "BK301" in result.stderr and "clean-water-act" in result.stderr
    strict = run("check", "--content", root, "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_a_10_mb_text_parses(tmp_path):
    paragraph = ("The minister argues that the levy is fair. This claim ignores the farmers who pay it. "
                 "According to the 2021 census, 40 percent of farms lost money. ") * 4
    path = write(tmp_path / "big.txt", "\n\n".join([paragraph] * (10_000_000 // len(paragraph))))
    result = run("extract", path)
    assert result.returncode == 0, result.stderr[-500:]
    assert len(json.loads(result.stdout)["sections"]) > 10_000


def test_usage_errors_exit_2():
    assert run("--no-such-option").returncode == 2
    assert run("no-such-command").returncode == 2
    missing = run("extract", "no/such/file.txt")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_a_build_with_many_warnings_prints_fifty_and_points_to_check(tmp_path):
    from site_check import copy_content

    from bench.corpus import write_corpus

    content = copy_content(tmp_path)
    write_corpus(30, content / "briefs")  # generated briefs cite policies the registry lacks: BK301
    built = run("--content", content, "--out", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    shown = [line for line in built.stderr.splitlines() if " warning: " in line]
    checked = run("check", "--content", content)
    listed = [line for line in checked.stderr.splitlines() if " warning: " in line]
    assert len(listed) > 50 and len(shown) == 50
    assert shown == listed[:50]  # the first fifty, in the same order
    assert f"and {len(listed) - 50} more warning(s)" in built.stderr and "BK301 ×" in built.stderr
    assert f"run `python build.py check --content {content}` to list them all" in built.stderr
    strict = run("--content", content, "--out", tmp_path / "strict", "--strict")  # strict: every one is an error
    assert strict.returncode == 1 and len([line for line in strict.stderr.splitlines() if " warning: " in line]) == len(listed)
    # Built again with nothing changed, from the stamp the build recorded: the same warnings.
    again = run("--content", content, "--out", tmp_path / "site")
    assert again.returncode == 0 and "(0 written, " in again.stdout, again.stdout
    assert again.stderr == built.stderr
