"""serve: the built site over HTTP for a local preview (``http.server``; no reload yet).

Binds 127.0.0.1 unless told otherwise, and answers only with files inside the site
folder: a path that resolves outside it (``..``, a symlink) gets the site's 404 page.
Sends the headers of the site's ``_headers`` file (Netlify / Cloudflare Pages format), as
those hosts do: so framing rules (embed cards only) behave in a preview as in production.
"""
from __future__ import annotations

import http.server
import sys
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


class SiteHandler(http.server.SimpleHTTPRequestHandler):
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

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # one short line per request, on stderr
        sys.stderr.write(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else ''}\n")


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    handler = partial(SiteHandler, directory=str(Path(folder).resolve()))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving http://{host}:{server.server_address[1]}/", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped", flush=True)
    return 0
