"""`python build.py serve`: builds, prints the URL, serves only the site folder."""
import contextlib
import json
import queue
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from site_check import ROOT, copy_content


@contextlib.contextmanager
def serving(folder, stderr=subprocess.PIPE):
    """``build.py serve`` in ``folder`` on a free port: (the process, the lines it printed
    up to the one with its URL); stopped on leaving."""
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--out", "site", "--port", "0"],
                               cwd=folder, stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Serving http"):
                break
        yield process, lines
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture
def server(tmp_path):
    copy_content(tmp_path)
    (tmp_path / "secret.txt").write_text("outside the site\n")
    with serving(tmp_path) as (process, lines):
        assert lines and lines[-1].startswith("Serving http://127.0.0.1:"), (lines, process.poll())
        yield lines[-1].split()[1]


def raw_get(url: str, path: str) -> bytes:
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        return b"".join(iter(lambda: connection.recv(65536), b""))


def test_serves_the_built_site_on_localhost(server):
    assert server.endswith("/")
    with urllib.request.urlopen(server, timeout=10) as response:
        assert response.status == 200 and b"<main" in response.read()
    with urllib.request.urlopen(server + "briefs/sessions-asylum-ruling/", timeout=10) as response:
        assert b"Table of authorities" in response.read()


def test_missing_pages_get_the_404_page(server):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(server + "no/such/page/", timeout=10)
    assert error.value.code == 404 and b"Page not found" in error.value.read()


def test_no_path_leaves_the_site_folder(server):
    for path in ("/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/static/../../secret.txt"):
        answer = raw_get(server, path)
        assert b"outside the site" not in answer, path
        assert answer.split(b"\r\n", 1)[0].split()[1] in (b"404", b"400", b"301"), (path, answer[:80])


def test_a_site_built_before_is_served_at_once_and_reloads_after_the_first_build(tmp_path):
    """serve on a folder a build made: the old site is served while the first build runs
    (a large site's takes half a minute), then the new one, with the build number the
    reload script polls raised."""
    from bench.corpus import write_corpus

    content = copy_content(tmp_path)
    write_corpus(150, content / "briefs")  # a first build of seconds, not milliseconds
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", "site"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    brief = content / "briefs" / "sessions-asylum-ruling.txt"
    brief.write_text(brief.read_text(encoding="utf-8").replace("Sessions", "Flamingo", 1), encoding="utf-8")
    with serving(tmp_path, stderr=subprocess.DEVNULL) as (process, lines):
        url = lines[-1].split()[1]
        assert lines[0].startswith("Serving the site built before"), lines
        with urllib.request.urlopen(url + "briefs/sessions-asylum-ruling/", timeout=10) as response:
            page = response.read()
        with urllib.request.urlopen(url + "__briefkit__/version", timeout=10) as response:
            assert json.loads(response.read()) == {"build": 1, "errors": []}
        assert b"Flamingo" not in page and b"Sessions" in page  # the old site, while the build runs
        for line in process.stdout:
            if line.startswith("built "):
                break
        with urllib.request.urlopen(url + "briefs/sessions-asylum-ruling/", timeout=10) as response:
            assert b"Flamingo" in response.read()
        with urllib.request.urlopen(url + "__briefkit__/version", timeout=10) as response:
            assert json.loads(response.read())["build"] == 2


def test_the_terminal_logs_page_requests_but_not_the_reload_scripts_polling(tmp_path):
    """Each open page asks for the build's version ten times a second: those requests are
    not logged, or they would bury a failed build's errors in the terminal."""
    copy_content(tmp_path)
    with serving(tmp_path) as (process, lines):
        url = lines[-1].split()[1]
        for _ in range(3):
            with urllib.request.urlopen(url + "__briefkit__/version", timeout=10) as response:
                assert json.loads(response.read())["build"] == 1
        with urllib.request.urlopen(url + "__briefkit__/reload.js", timeout=10) as response:
            assert b"__briefkit__/version" in response.read()
        with urllib.request.urlopen(url + "briefs/sessions-asylum-ruling/", timeout=10) as response:
            assert b"__briefkit__/reload.js" in response.read()
        process.terminate()
        logged = process.stderr.read()
    assert "GET /briefs/sessions-asylum-ruling/ -> 200" in logged
    assert "__briefkit__" not in logged


def _lines_of(process) -> queue.Queue[str]:
    """The process's further output lines, read on a thread as they come."""
    import threading

    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    return lines


def _until(lines, prefix: str, timeout: float = 60) -> list[str]:
    """The lines up to and including the first that starts with ``prefix``."""
    seen = []
    while True:
        seen.append(lines.get(timeout=timeout))
        if seen[-1].startswith(prefix):
            return seen


def test_the_ids_a_build_records_start_no_build_but_an_editors_ledger_edit_does(tmp_path):
    """A build that gives a new section its id appends it to content/ids.tsv, which the
    watcher then reports. Building again for that would change nothing and hold up the
    reload of every open page; a change an editor makes to the ledger is built."""
    content = copy_content(tmp_path)
    ledger = content / "ids.tsv"
    with serving(tmp_path, stderr=subprocess.DEVNULL) as (process, lines):
        lines = _lines_of(process)
        recorded = ledger.read_text(encoding="utf-8")
        time.sleep(1)  # (the watcher starts on a thread of its own as the URL is printed)
        brief = content / "briefs" / "sessions-asylum-ruling.txt"
        paragraphs = brief.read_text(encoding="utf-8").split("\n\n")
        paragraphs.insert(6, "Critics say the ruling only restored the law. They are wrong: the board must "
                             "restore the protections this ruling took away from women fleeing violence.")
        brief.write_text("\n\n".join(paragraphs), encoding="utf-8")
        assert [line for line in _until(lines, "built ") if line.startswith("changed:")] \
            == ["changed: sessions-asylum-ruling.txt; rebuilding\n"]
        assert len(ledger.read_text(encoding="utf-8")) > len(recorded)  # the new section's id
        with pytest.raises(queue.Empty):
            print(lines.get(timeout=2))  # no "changed: ids.tsv; rebuilding", no build
        with ledger.open("a", encoding="utf-8") as file:  # an editor's note: built
            file.write("# checked by the editor\n")
        assert [line for line in _until(lines, "built ") if line.startswith("changed:")] \
            == ["changed: ids.tsv; rebuilding\n"]
