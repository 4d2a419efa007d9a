"""A failed build leaves the previous site byte for byte; the theme can be overridden."""
import re

import pytest

from site_check import build, copy_content, run, snapshot


@pytest.fixture
def built(tmp_path):
    """The default content copied to tmp/content, built into tmp/site (cwd tmp)."""
    copy_content(tmp_path)
    build(tmp_path / "site", cwd=tmp_path)
    return tmp_path, snapshot(tmp_path / "site")


def test_invalid_utf8_brief_fails_and_keeps_the_old_site(built):
    tmp, before = built
    (tmp / "content" / "briefs" / "broken.txt").write_bytes(b"A fine line.\nThen \xff\xfe garbage.\n")
    done = run("build", "--out", "site", cwd=tmp)
    assert done.returncode == 1
    assert re.search(r"content/briefs/broken\.txt:2:\d+: BK102", done.stderr), done.stderr
    assert "unchanged" in done.stderr
    assert snapshot(tmp / "site") == before
    leftovers = sorted(p.name for p in tmp.iterdir() if p.name != ".briefkit-cache")  # the parse cache is kept
    assert leftovers == ["content", "site"]  # no leftovers


def test_template_syntax_error_names_file_and_line(built):
    tmp, before = built
    (tmp / "templates").mkdir()
    (tmp / "templates" / "brief.html").write_text('{% extends "base.html" %}\n{% block content %}\n{% if %}\n',
                                                  encoding="utf-8")
    done = run("--out", "site", cwd=tmp)
    assert done.returncode == 1
    assert re.search(r"^templates/brief\.html:3: ", done.stderr, re.M), done.stderr
    assert snapshot(tmp / "site") == before


def test_undefined_variable_names_file_and_line(built):
    tmp, before = built
    (tmp / "templates").mkdir()
    (tmp / "templates" / "about.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n<p>{{ no_such_thing }}</p>\n{% endblock %}\n',
        encoding="utf-8")
    done = run("--out", "site", cwd=tmp)
    assert done.returncode == 1
    assert re.search(r"^templates/about\.html:3: 'no_such_thing' is undefined", done.stderr, re.M), done.stderr
    assert snapshot(tmp / "site") == before


def test_templates_and_assets_beside_the_content_override_the_theme(built):
    tmp, _ = built
    (tmp / "templates" / "static").mkdir(parents=True)
    (tmp / "templates" / "static" / "site.css").write_text("body { color: teal; }\n", encoding="utf-8")
    (tmp / "templates" / "about.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n<h1>Our own about page</h1>\n{% endblock %}\n',
        encoding="utf-8")
    build(tmp / "site", cwd=tmp)
    assert (tmp / "site" / "static" / "site.css").read_text() == "body { color: teal; }\n"
    assert "Our own about page" in (tmp / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert (tmp / "site" / "static" / "print.css").is_file()  # the rest comes from the default theme
    assert "Full text" in (tmp / "site" / "briefs/sessions-asylum-ruling/index.html").read_text(encoding="utf-8")


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    copy_content(tmp_path)
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me\n")
    done = run("--out", "precious", cwd=tmp_path)
    assert done.returncode == 1 and "refusing to replace" in done.stderr
    assert (tmp_path / "precious" / "notes.txt").read_text() == "keep me\n"


def test_content_errors_do_not_build(tmp_path):
    copy_content(tmp_path)
    (tmp_path / "content" / "site.yaml").write_text("title: x\n", encoding="utf-8")  # no base_url
    done = run("--out", "site", cwd=tmp_path)
    assert done.returncode == 1 and "content/site.yaml:" in done.stderr
    assert not (tmp_path / "site").exists()
