// Runs briefkit's search in Node with the real lunr.js 2.3.9 (and lunr-languages) for
// tests/test_search_*.py. Reads a JSON job on stdin, prints JSON results on stdout:
//   {"site": DIR, "single": FILE|null, "lang": "en", "queries": [{"q", "typing", "role"}],
//    "texts": [...]}
// For each query: the clauses (engine.plan), the results of lunr.js over the single
// index (if given) and over the chunks the engine fetches from DIR/search/.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules/lunr/lunr.js"));
require(path.join(root, "node_modules/lunr-languages/lunr.stemmer.support.js"))(lunr);
require(path.join(root, "node_modules/lunr-languages/lunr.es.js"))(lunr);
const text = require(path.join(root, "templates/static/search-pipeline.js"))(lunr);
const engine = require(path.join(root, "templates/static/search-engine.js"))(lunr, text);

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const pairs = (results) => results.map((r) => [r.ref, r.score]);

async function main() {
  const out = { queries: [], terms: {} };
  for (const [lang, names] of Object.entries(job.pipelines || {})) {
    const pipeline = lunr.Pipeline.load(names);
    out.terms[lang] = (job.texts || []).map((t) =>
      [].concat(...text.tokenize(t).map((raw) => pipeline.runString(raw))));
  }
  const single = job.single ? lunr.Index.load(JSON.parse(fs.readFileSync(job.single, "utf8"))) : null;
  const manifest = job.site ? JSON.parse(fs.readFileSync(path.join(job.site, "search/manifest.json"), "utf8")) : null;
  for (const q of job.queries || []) {
    const planned = engine.plan(q.q, q);
    const entry = { q: q.q, clauses: planned.clauses, phrases: planned.phrases };
    if (manifest) entry.clauses = engine.affordable(manifest.languages[job.lang], planned.clauses);
    if (single) entry.single = pairs(single.query((query) => engine.addClauses(query, entry.clauses)));
    if (manifest) {
      const fetched = [];
      const chunks = manifest.languages[job.lang];
      entry.chunked = pairs(await engine.search(chunks, planned.clauses, (n) => {
        const file = path.join(job.site, "search", job.lang, n + ".json");
        fetched.push(n);
        return Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8")));
      }));
      entry.fetched = fetched;
    }
    out.queries.push(entry);
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e.stack || e); process.exit(1); });
