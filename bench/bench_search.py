"""Search index: build and update time, size, bytes a browser fetches per query, query time.

    python bench/bench_search.py                       # 100 and 1,000 generated briefs
    python bench/bench_search.py --briefs 100,1000,5000
    python bench/bench_search.py --no-lunr-py          # skip lunr.py's (slow) single index
    python bench/bench_search.py --no-browser          # skip the timings in Chromium

For each size: generate a corpus (bench/corpus.py), load, parse and assemble it as a
build does (not timed), then time briefkit's index stage cold (``index.index_files``:
records, postings, tiers, chunks, documents) and, in a warm ``index.SearchIndexer``,
the update after one sentence of one brief changed (the brief parsed and the site
assembled again, not timed; ``files changed``: how many index files differ). Beside it,
in the same run, lunr.py's own Builder over the same records (one index, the classic way).
Sizes are the sum of the files, raw and gzip (level 6, what a static host typically sends).

Bytes per query are what the browser fetches, gzip: for the first query the search
scripts (lunr.js, search.js, search-engine.js, search-pipeline.js), the manifest, the
chunks and tiers the query needs (found by the real lunr.js in Node:
tests/search/run_queries.js) and the documents of the first 8 results (the header box
shows 8); a further query adds only files not fetched yet. ``frequent`` is a query of
the corpus's most frequent words; ``keystroke`` the most any one keystroke adds while
typing the three queries letter by letter (results as you type, which fetch at most
TYPING_TIER_DOCS postings from tier files per query and otherwise show the best results
known and "press Enter"). For the single index:
lunr.js and the whole index, then nothing.

Query time: headless Chromium on a page with the header search box, served from
localhost: from typing the query to the results shown (first query: scripts and index
fetched; then a second and the frequent one). For lunr.py's index: fetching lunr.js and
the index, ``lunr.Index.load`` and one query, then a second query.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from briefkit import index, search_text  # noqa: E402
from briefkit.assemble import assemble  # noqa: E402
from briefkit.load import load_content  # noqa: E402
from briefkit.parse import parse  # noqa: E402
from briefkit.themes import default_theme  # noqa: E402
from briefkit.write import write  # noqa: E402

SCRIPTS = ("static/lunr.js", "search/manifest.json")                            # in the built index
THEME_SCRIPTS = ("static/search.js", "static/search-engine.js", "static/search-pipeline.js")  # theme
FIRST, SECOND = "asylum detention", "immigration judges"
FREQUENT = "temporary protected status"
SHOWN = 8
TYPING_TIER_DOCS = 7000   # static/search.js: results as you type fetch at most 7,000 postings from tiers
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="static/search.js" defer></script></head><body>
<form class="site-search" role="search"><input id="site-search-q" type="search"></form></body></html>"""
SINGLE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head>
<body></body></html>"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def write_content(count: int, folder: Path) -> Path:
    content = folder / "content"
    write_corpus(count, content / "briefs")
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    return content


def site_of(content: Path):
    loaded = load_content(content)
    briefs = [parse(source, loaded.registry) for source in loaded.sources]
    return assemble(loaded.site, briefs, loaded.registry), loaded.registry


def edit_one_brief(content: Path) -> None:
    """One sentence of the brief in the middle gets a few more words."""
    briefs = sorted((content / "briefs").iterdir())
    brief = briefs[len(briefs) // 2]
    paragraphs = brief.read_text(encoding="utf-8").split("\n\n")
    middle = len(paragraphs) // 2
    sentence = paragraphs[middle].split(". ")[0]
    paragraphs[middle] = paragraphs[middle].replace(sentence, sentence + " and the committee reviewed it", 1)
    brief.write_text("\n\n".join(paragraphs), encoding="utf-8")


def lunr_py(records):
    from lunr.builder import Builder
    builder = Builder()
    builder.pipeline = search_text.pipeline("en")
    builder.search_pipeline = search_text.pipeline("en")
    builder.ref("ref")
    for name, boost in index.FIELDS:
        builder.field(name, boost)
    for record in records:
        builder.add({"ref": record.ref, **{f: search_text.tokenize(v) for f, v in record.fields.items()}})
    return builder.build()


def typed(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1)]


def fetched_bytes(out: Path, queries: list[dict]) -> list[int]:
    """What each query adds, gzip, in order (the first with the scripts and manifest)."""
    job = {"site": str(out), "lang": "en", "queries": [dict(q, want=SHOWN) for q in queries]}
    done = subprocess.run(["node", str(ROOT / "tests" / "search" / "run_queries.js")], input=json.dumps(job),
                          capture_output=True, text=True, check=True, cwd=ROOT)
    seen: set[str] = set(SCRIPTS)
    costs = []
    for number, entry in enumerate(json.loads(done.stdout)["queries"]):
        costs.append(0 if number else sum(gz((out / name).read_bytes()) for name in SCRIPTS)
                     + sum(gz((default_theme() / name).read_bytes()) for name in THEME_SCRIPTS))
        files = [f"search/en/{name}.json" for name in entry["fetched"]]
        files += [index.doc_file(key) for key, _ in entry["chunked"][:SHOWN]]
        for name in files:
            if name not in seen:
                seen.add(name)
                costs[-1] += gz((out / name).read_bytes())
    return costs


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def browser_times(out: Path, single: Path | None) -> dict:
    """Milliseconds from typing a query to its results, in headless Chromium."""
    from playwright.sync_api import sync_playwright
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    for name in THEME_SCRIPTS:
        shutil.copy(default_theme() / name, out / name)
    if single:
        (out / "single.html").write_text(SINGLE_PAGE, encoding="utf-8")
        shutil.copy(single, out / "single.json")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    times = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"{url}/")
            page.wait_for_load_state("networkidle")
            for name, query in (("1st", FIRST), ("2nd", SECOND), ("frequent", FREQUENT)):
                started = time.perf_counter()
                page.evaluate("""q => { const input = document.querySelector('#site-search-q');
                    input.value = q; input.dispatchEvent(new Event('input')); }""", query)
                page.wait_for_function("q => { const s = document.querySelector('.search-status');"
                                       " return s && s.textContent.includes(q); }", arg=query, timeout=120_000)
                # the debounce (180 ms) is the page's, not the index's: take it off
                times[name] = (time.perf_counter() - started) * 1000 - 180
            if single:
                page.goto(f"{url}/single.html")
                page.add_script_tag(url=f"{url}/static/lunr.js")
                page.add_script_tag(url=f"{url}/static/search-pipeline.js")   # its pipeline functions
                found = page.evaluate("""async ([first, second]) => {
                    const started = performance.now();
                    const index = lunr.Index.load(await (await fetch('single.json')).json());
                    index.search(first);
                    const middle = performance.now();
                    index.search(second);
                    return [middle - started, performance.now() - middle]; }""", [FIRST, SECOND])
                times["single 1st"], times["single 2nd"] = found
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return times


def measure(count: int, with_lunr_py: bool, with_browser: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        content = write_content(count, folder)
        site, registry = site_of(content)
        started, cpu = time.perf_counter(), time.process_time()
        files = index.index_files(site, registry)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        indexer = index.SearchIndexer()
        before = {f.path: f.data for f in indexer.files(site, registry)}
        edit_one_brief(content)
        edited, registry = site_of(content)
        started, update_cpu = time.perf_counter(), time.process_time()
        after = {f.path: f.data for f in indexer.files(edited, registry)}
        update, update_cpu = time.perf_counter() - started, time.process_time() - update_cpu
        search = [f for f in files if f.path.startswith("search/")]
        chunks = [f for f in search if f.path.startswith("search/en/")]
        row = {"briefs": count, "records": len(index.records(site, registry)),
               "chunks": sum(1 for f in chunks if "/t/" not in f.path), "tiers": sum(1 for f in chunks if "/t/" in f.path),
               "build s": seconds, "update s": update, "build cpu": cpu, "update cpu": update_cpu,
               "changed": sum(1 for path in after.keys() | before.keys() if before.get(path) != after.get(path)),
               "raw": sum(len(f.data) for f in search), "gzip": sum(gz(f.data) for f in search),
               "chunks gzip": sum(gz(f.data) for f in chunks)}
        out = folder / "site"
        write(files, out)
        first, second, frequent = fetched_bytes(out, [{"q": FIRST}, {"q": SECOND}, {"q": FREQUENT}])
        keystrokes = fetched_bytes(out, [{"q": q, "typing": True, "maxTierDocs": TYPING_TIER_DOCS}
                                         for query in (FIRST, SECOND, FREQUENT) for q in typed(query)])
        row.update({"1st query": first, "2nd query": second, "frequent": frequent, "keystroke": max(keystrokes[1:]),
                    "1st keystroke": keystrokes[0]})
        single = None
        if with_lunr_py:
            started = time.perf_counter()
            reference = lunr_py(index.records(site, registry))
            data = json.dumps(reference.serialize(), separators=(",", ":")).encode("utf-8")
            lunr_js = gz((ROOT / "node_modules" / "lunr" / "lunr.js").read_bytes())
            row["lunr.py"] = {"build s": time.perf_counter() - started, "raw": len(data), "gzip": gz(data),
                              "1st query": lunr_js + gz(data), "2nd query": 0}
            single = folder / "single.json"
            single.write_bytes(data)
        if with_browser:
            row["ms"] = browser_times(out, single)
        return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", default="100,1000", help="comma-separated corpus sizes (default 100,1000)")
    parser.add_argument("--no-lunr-py", action="store_true", help="skip lunr.py's single index")
    parser.add_argument("--no-browser", action="store_true", help="skip the query timings in Chromium")
    args = parser.parse_args(argv)
    rows = [measure(int(n), not args.no_lunr_py, not args.no_browser) for n in args.briefs.split(",")]
    head = (f"{'briefs':>6} {'index':<30} {'build s':>7} {'edit s':>6} {'raw MB':>7} {'gzip MB':>7} "
            f"{'1st kB':>7} {'2nd kB':>7} {'freq kB':>7} {'key kB':>7} {'1st ms':>7} {'2nd ms':>7} {'freq ms':>7}")
    print(head)
    print("-" * len(head))
    for row in rows:
        ms = row.get("ms", {})
        label = f"briefkit, {row['chunks']} chunks+{row['tiers']} tiers"
        print(f"{row['briefs']:>6} {label:<30} {row['build s']:>7.2f} {row['update s']:>6.3f} "
              f"{row['raw'] / 1e6:>7.2f} {row['gzip'] / 1e6:>7.2f} {row['1st query'] / 1e3:>7.1f} "
              f"{row['2nd query'] / 1e3:>7.1f} {row['frequent'] / 1e3:>7.1f} {row['keystroke'] / 1e3:>7.1f} "
              f"{ms.get('1st', float('nan')):>7.0f} {ms.get('2nd', float('nan')):>7.0f} "
              f"{ms.get('frequent', float('nan')):>7.0f}")
        if "lunr.py" in row:
            ref = row["lunr.py"]
            print(f"{'':>6} {'lunr.py, one index':<30} {ref['build s']:>7.2f} {'–':>6} {ref['raw'] / 1e6:>7.2f} "
                  f"{ref['gzip'] / 1e6:>7.2f} {ref['1st query'] / 1e3:>7.1f} {ref['2nd query'] / 1e3:>7.1f} "
                  f"{'–':>7} {'–':>7} {ms.get('single 1st', float('nan')):>7.0f} "
                  f"{ms.get('single 2nd', float('nan')):>7.0f} {'–':>7}")
    print("\nrecords (sections + briefs + policies): "
          + ", ".join(f"{r['briefs']} briefs: {r['records']}" for r in rows))
    print("CPU time (process_time; the wall times above include whatever else the machine runs): build "
          + ", ".join(f"{r['briefs']} briefs: {r['build cpu']:.2f} s" for r in rows) + "; edit "
          + ", ".join(f"{r['briefs']} briefs: {r['update cpu']:.3f} s" for r in rows))
    print("index files rewritten after the one-sentence edit: "
          + ", ".join(f"{r['briefs']} briefs: {r['changed']}" for r in rows))
    print(f"queries: 1st {FIRST!r}, 2nd {SECOND!r} (after the 1st), frequent {FREQUENT!r} (after both; only the "
          f"corpus's most frequent words); key: the most one keystroke adds, typing all three letter by letter "
          f"(the first keystroke, with the scripts: "
          + ", ".join(f"{r['1st keystroke'] / 1e3:.1f} kB" for r in rows) + ")")
    print("targets: 1st <= 150 kB, each further query and keystroke <= 50 kB, build < 5 s at 1,000 briefs")
    print("build s: index_files cold; edit s: SearchIndexer.files after one brief's edit; raw/gzip: everything "
          "under search/ (chunks, tiers, one small document file per record, vocabulary)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
