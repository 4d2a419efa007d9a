"""Search index: build time, size, and bytes a browser fetches per query.

    python bench/bench_search.py                   # 100 and 1,000 generated briefs
    python bench/bench_search.py --briefs 100      # one size
    python bench/bench_search.py --no-lunr-py      # skip the (slow) lunr.py reference

For each size: generate a corpus (bench/corpus.py), load, parse and assemble it as a
build does (not timed), then time briefkit's index stage (``index.index_files``:
records, the lunr index, chunks, documents) and, beside it in the same run, lunr.py's
own Builder over the same records (one index, the classic way). Sizes are the sum of
the files, raw and gzip (level 6, what a static host typically sends).

Bytes per query are what the browser fetches, gzip: for the chunked index the search
scripts (lunr.js, search.js, search-engine.js, search-pipeline.js), the manifest, the chunks the
query needs (found by the real lunr.js in Node: tests/search/run_queries.js) and the
documents of the first 8 results (the header box shows 8); a second query adds only
chunks and documents not fetched yet. For the single index: lunr.js and the whole
index, then nothing.
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from briefkit import index, search_text  # noqa: E402
from briefkit.assemble import assemble  # noqa: E402
from briefkit.load import load_content  # noqa: E402
from briefkit.parse import parse  # noqa: E402
from briefkit.render import default_theme  # noqa: E402
from briefkit.write import write  # noqa: E402

SCRIPTS = ("static/lunr.js", "search/manifest.json")                            # in the built index
THEME_SCRIPTS = ("static/search.js", "static/search-engine.js", "static/search-pipeline.js")  # theme
FIRST, SECOND = "asylum detention", "immigration judges"
FREQUENT = "temporary protected status"
SHOWN = 8


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def site_for(count: int, folder: Path):
    content = folder / "content"
    write_corpus(count, content / "briefs")
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    loaded = load_content(content)
    briefs = [parse(source, loaded.registry) for source in loaded.sources]
    return assemble(loaded.site, briefs, loaded.registry), loaded.registry


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


def fetched_bytes(out: Path, queries: list[str]) -> list[int]:
    job = {"site": str(out), "lang": "en", "queries": [{"q": q} for q in queries]}
    done = subprocess.run(["node", str(ROOT / "tests" / "search" / "run_queries.js")], input=json.dumps(job),
                          capture_output=True, text=True, check=True, cwd=ROOT)
    seen: set[str] = set(SCRIPTS)
    costs = [sum(gz((out / name).read_bytes()) for name in SCRIPTS)
             + sum(gz((default_theme() / name).read_bytes()) for name in THEME_SCRIPTS)]
    for number, entry in enumerate(json.loads(done.stdout)["queries"]):
        if number:
            costs.append(0)
        files = [f"search/en/{n}.json" for n in entry["fetched"]]
        files += [index.doc_file(key) for key, _ in entry["chunked"][:SHOWN]]
        for name in files:
            if name not in seen:
                seen.add(name)
                costs[-1] += gz((out / name).read_bytes())
    return costs


def measure(count: int, with_lunr_py: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        site, registry = site_for(count, folder)
        started = time.perf_counter()
        files = index.index_files(site, registry)
        seconds = time.perf_counter() - started
        search = [f for f in files if f.path.startswith("search/")]
        row = {"briefs": count, "records": len(index.records(site, registry)),
               "chunks": sum(1 for f in search if f.path.startswith("search/en/")),
               "build s": seconds, "raw": sum(len(f.data) for f in search),
               "gzip": sum(gz(f.data) for f in search),
               "chunks gzip": sum(gz(f.data) for f in search if f.path.startswith("search/en/"))}
        out = folder / "site"
        write(files, out)
        first, second, frequent = fetched_bytes(out, [FIRST, SECOND, FREQUENT])
        row.update({"1st query": first, "2nd query": second, "frequent": frequent})
        if with_lunr_py:
            started = time.perf_counter()
            single = lunr_py(index.records(site, registry))
            data = json.dumps(single.serialize(), separators=(",", ":")).encode("utf-8")
            lunr_js = gz((ROOT / "node_modules" / "lunr" / "lunr.js").read_bytes())
            row["lunr.py"] = {"build s": time.perf_counter() - started, "raw": len(data), "gzip": gz(data),
                              "1st query": lunr_js + gz(data), "2nd query": 0}
        return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", default="100,1000", help="comma-separated corpus sizes (default 100,1000)")
    parser.add_argument("--no-lunr-py", action="store_true", help="skip lunr.py's single index")
    args = parser.parse_args(argv)
    rows = [measure(int(n), not args.no_lunr_py) for n in args.briefs.split(",")]
    head = f"{'briefs':>6} {'index':<22} {'build s':>8} {'raw MB':>8} {'gzip MB':>8} {'chunks gz MB':>12} {'1st query kB':>13} " \
           f"{'2nd query kB':>13} {'frequent kB':>12}"
    print(head)
    print("-" * len(head))
    for row in rows:
        print(f"{row['briefs']:>6} {'briefkit, ' + str(row['chunks']) + ' chunks':<22} {row['build s']:>8.2f} "
              f"{row['raw'] / 1e6:>8.2f} {row['gzip'] / 1e6:>8.2f} {row['chunks gzip'] / 1e6:>12.2f} "
              f"{row['1st query'] / 1e3:>13.1f} "
              f"{row['2nd query'] / 1e3:>13.1f} {row['frequent'] / 1e3:>12.1f}")
        if "lunr.py" in row:
            ref = row["lunr.py"]
            print(f"{'':>6} {'lunr.py, one index':<22} {ref['build s']:>8.2f} {ref['raw'] / 1e6:>8.2f} "
                  f"{ref['gzip'] / 1e6:>8.2f} {ref['gzip'] / 1e6:>12.2f} {ref['1st query'] / 1e3:>13.1f} "
                  f"{ref['2nd query'] / 1e3:>13.1f} "
                  f"{'–':>12}")
    print(f"\nrecords (sections + briefs + policies): "
          + ", ".join(f"{r['briefs']} briefs: {r['records']}" for r in rows))
    print(f"queries: 1st {FIRST!r}, 2nd {SECOND!r} (after the 1st), frequent {FREQUENT!r} (after both; "
          f"only the corpus's most frequent words); targets: 1st <= 150 kB, each further <= 50 kB, build < 5 s")
    print("briefkit build s: index_files (records, index, chunks, documents); raw/gzip: everything under "
          "search/ (chunks, one small document file per record, vocabulary); chunks gz: the index alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
