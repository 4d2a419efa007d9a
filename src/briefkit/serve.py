"""serve: the built site over HTTP for a local preview, rebuilt on every save.

The folders given as ``watched`` (content and templates) are watched with
``watchfiles``; each change rebuilds the site through the usual atomic ``write``.
HTML is sent with one ``<script src="/__briefkit__/reload.js">`` added (only in the
response, never on disk): the script polls ``/__briefkit__/version`` (ten times a second:
a request on localhost costs a millisecond) and reloads the
page after a good build, or shows the errors of a failed one over the last good page.

Binds 127.0.0.1 unless told otherwise, and answers only with files inside the site
folder: a path that resolves outside it (``..``, a symlink) gets the site's 404 page.
Sends the headers of the site's ``_headers`` file (Netlify / Cloudflare Pages format), as
those hosts do: so framing rules (embed cards only) behave in a preview as in production.
"""
from __future__ import annotations

import http.server
import io
import json
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """``_headers``: a path pattern on its own line, then indented ``Name: value`` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, url_path: str) -> list[tuple[str, str]]:
    """The headers of every rule whose pattern matches (``*`` at the end: any rest)."""
    found = []
    for pattern, headers in rules:
        if pattern.endswith("*") and url_path.startswith(pattern[:-1]) or url_path == pattern:
            found += headers
    return found


DEV_PREFIX = "/__briefkit__/"
RELOAD_SCRIPT = Path(__file__).with_name("reload.js")


class DevState:
    """What the reload script asks about: the number of the last good build and the
    errors of the last build (empty when it succeeded)."""

    def __init__(self):
        self.build = 1
        self.errors: list[dict] = []
        self.lock = threading.Lock()  # held while rebuilding after an edit, so no page is read mid-swap
        self.building = threading.Lock()  # held by any build: one at a time

    def as_json(self) -> bytes:
        return json.dumps({"build": self.build, "errors": self.errors}).encode("utf-8")


def inject(html: bytes, build: int) -> bytes:
    tag = f'<script src="{DEV_PREFIX}reload.js?build={build}" defer></script>'.encode()
    at = html.find(b"</head>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    state: DevState | None = None  # set for a live preview
    def end_headers(self):
        rules = read_headers_file(Path(self.directory) / "_headers")
        for name, value in headers_for(rules, unquote(urlsplit(self.path).path)):
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        translated = Path(super().translate_path(path)).resolve()
        root = Path(self.directory).resolve()
        if translated != root and root not in translated.parents:
            return str(root / "__outside__")  # never exists: a 404
        return str(translated)

    def send_head(self):
        if self.state is None:
            return super().send_head()
        url_path = unquote(urlsplit(self.path).path)
        if url_path.startswith(DEV_PREFIX):
            return self._send_dev(url_path[len(DEV_PREFIX):])
        with self.state.lock:
            path = Path(self.translate_path(self.path))
            if path.is_dir() and url_path.endswith("/"):
                path = path / "index.html"
            if path.suffix != ".html" or not path.is_file():
                return super().send_head()
            body = inject(path.read_bytes(), self.state.build)
        return self._send_body(200, "text/html; charset=utf-8", body)

    def _send_dev(self, name: str):
        if name == "reload.js":
            return self._send_body(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        if name == "version":
            return self._send_body(200, "application/json", self.state.as_json())
        self.send_error(404)
        return None

    def _send_body(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        if self.state is not None:
            body = inject(body, self.state.build)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        """One short line per request, on stderr; none for the reload script's own
        requests (each open page asks for the version ten times a second), which would
        bury the build's errors in the terminal."""
        if not self.path.startswith(DEV_PREFIX):
            sys.stderr.write(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else ''}\n")


def watch(state: DevState, watched: list[Path], rebuild, first: bool = False, prepare=None,
          settled=None) -> None:
    """Rebuild after every batch of changes; runs until the process ends. ``first``: build
    once at the start too, on a thread of its own, while the site built before is served
    (``state.lock`` is not held then: pages are read from the old site until the build
    swaps the new one in, atomically); changes made meanwhile are built after it.
    ``prepare``: called (on a thread) after the first good build, to make the next quick.
    ``settled(paths)``: True when a batch of changed paths needs no build (the id ledger,
    as the last build itself appended to it)."""
    from watchfiles import watch as watch_changes

    if first:
        threading.Thread(target=_first_build, args=(state, rebuild, prepare), daemon=True).start()
    elif prepare is not None:
        threading.Thread(target=prepare, daemon=True).start()
    for changes in watch_changes(*[str(p) for p in watched if p.is_dir()], debounce=100, step=20):
        if settled is not None and settled({path for _, path in changes}):
            continue
        names = sorted({Path(path).name for _, path in changes})
        print(f"changed: {', '.join(names)}; rebuilding", flush=True)
        problems: list = []
        with state.building, state.lock:
            _built(state, rebuild(problems), problems)


def _first_build(state: DevState, rebuild, prepare) -> None:
    problems: list = []
    with state.building:
        status = rebuild(problems)
        with state.lock:
            _built(state, status, problems)
        if status == 0 and prepare is not None:
            prepare()


def _built(state: DevState, status: int, problems: list) -> None:
    """What the reload script is told of a build: a good one's number, or its errors."""
    if status == 0:
        state.build += 1
        state.errors = []
    else:
        state.errors = [{"file": file, "line": line, "message": message}
                        for file, line, message in problems] or [
            {"file": "", "line": 0, "message": "the build failed: see the terminal"}]


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8000,
          watched: list[Path] | None = None, rebuild=None, first: bool = False, prepare=None,
          settled=None) -> int:
    """Serve ``folder``; with ``watched`` and ``rebuild(problems) -> status``, a live preview
    (``first``, ``prepare``, ``settled``: ``watch``'s)."""
    state = DevState() if rebuild is not None else None
    handler = partial(type("Handler", (SiteHandler,), {"state": state}), directory=str(Path(folder).resolve()))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        server.daemon_threads = True
        if state is not None:
            if first:
                print("Serving the site built before while it is built again; its pages reload when it is done.",
                      flush=True)
            threading.Thread(target=watch, args=(state, watched or [], rebuild, first, prepare, settled),
                             daemon=True).start()
        print(f"Serving http://{host}:{server.server_address[1]}/", flush=True)
        print("Watching for changes; " if state else "", end="")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped", flush=True)
    return 0
