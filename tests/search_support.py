"""Helpers of the search tests: a site from a content folder, lunr.py's own index of
its records, and the Node runner (tests/search/run_queries.js) with the real lunr.js."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Clause, QueryPresence

from briefkit import index, search_text
from briefkit.assemble import assemble
from briefkit.load import load_content
from briefkit.parse import parse
from briefkit.write import write

ROOT = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).resolve().parent / "search" / "run_queries.js"
SPANISH = ROOT / "tests" / "fixtures" / "search-es" / "briefs"


def content_with_spanish(folder: Path) -> Path:
    """A content folder: the default content plus the Spanish test brief."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for path in SPANISH.iterdir():
        shutil.copy(path, content / "briefs" / path.name)
    return content


def generated_content(folder: Path, briefs: int) -> Path:
    """``folder/content``: ``briefs`` generated briefs with the default site.yaml and
    policies.yaml (none of the default briefs)."""
    from bench.corpus import write_corpus
    content = folder / "content"
    write_corpus(briefs, content / "briefs")
    for name in ("site.yaml", "policies.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    return content


def site_of(content_dir: Path):
    content = load_content(content_dir)
    briefs = [parse(source, content.registry) for source in content.sources]
    return assemble(content.site, briefs, content.registry), content.registry


def write_index(site, registry, out: Path, chunk_bytes: int = index.CHUNK_BYTES) -> Path:
    write(index.index_files(site, registry, chunk_bytes), out)
    return out


def lunr_py_index(records, lang: str) -> Index:
    """lunr.py's Builder over the same records and pipeline (the reference)."""
    builder = Builder()
    builder.pipeline = search_text.pipeline(lang)
    builder.search_pipeline = search_text.pipeline(lang)
    builder.ref("ref")
    for name, boost in index.FIELDS:
        builder.field(name, boost)
    for record in records:
        if record.lang == lang:
            builder.add({"ref": record.ref, **{f: search_text.tokenize(v) for f, v in record.fields.items()}})
    return builder.build()


def lunr_py_query(idx: Index, clauses: list[dict]) -> list[tuple[str, float]]:
    query = idx.create_query()
    for clause in clauses:
        query.clause(Clause(term=clause["term"], fields=clause.get("fields"),
                            use_pipeline=clause.get("usePipeline", True), boost=clause.get("boost", 1),
                            wildcard=clause.get("wildcard", 0),
                            presence=QueryPresence(clause.get("presence", 1))))
    return [(r["ref"], r["score"]) for r in idx.query(query)]


def run_node(job: dict) -> dict:
    if shutil.which("node") is None:
        pytest.fail("node is missing: install Node.js (scripts/setup expects it)", pytrace=False)
    if not (ROOT / "node_modules" / "lunr" / "lunr.js").is_file():
        pytest.fail("node_modules/lunr is missing: run scripts/setup (npm ci)", pytrace=False)
    done = subprocess.run(["node", str(RUNNER)], input=json.dumps(job), capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
