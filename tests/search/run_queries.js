// Runs briefkit's search in Node with the real lunr.js 2.3.9 (and lunr-languages) for
// tests/test_search_*.py and bench/. Reads a JSON job on stdin, prints JSON on stdout:
//   {"site": DIR, "single": FILE|null, "lang": "en",
//    "queries": [{"q", "typing", "role", "want", "maxTierDocs"}],
//    "texts": [...], "weights": true}
// For each query: the clauses the engine ran (engine.plan, less any costly prefix), the
// results of lunr.js over the single index (if given) with those clauses, and over the
// chunks and tiers the engine fetches from DIR/search/ (with the files it fetched and
// whether the results are complete). "weights": every field vector the browser would
// compute, from every chunk and tier: {"field/key": [[term order, weight], ...]}.
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
const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

function weights(manifest, lang) {
  const info = manifest.languages[lang], out = {};
  const boosts = {};
  manifest.fields.forEach((f, i) => { boosts[f] = manifest.boosts[i]; });
  for (let n = 0; n < info.chunks.length; n++) {
    for (const e of read(path.join(job.site, "search", lang, n + ".json")).terms) {
      let postings = engine.parsePostings(e[3]);
      if (e[4]) {
        for (const name of e[4][0]) {
          postings = postings.concat(engine.parsePostings(read(path.join(job.site, "search", lang, "t", name + ".json")).p));
        }
      }
      const termIdf = engine.idf(info.count, e[2]);
      for (const p of postings) {
        for (const [field, tf, length] of p.fields) {
          const average = info.lengths[manifest.fields.indexOf(field)] / info.count;
          (out[field + "/" + p.key] = out[field + "/" + p.key] || []).push([e[1], engine.weight(termIdf, tf, length, average, boosts[field])]);
        }
      }
    }
  }
  return out;
}

async function main() {
  const out = { queries: [], terms: {} };
  for (const [lang, names] of Object.entries(job.pipelines || {})) {
    const pipeline = lunr.Pipeline.load(names);
    out.terms[lang] = (job.texts || []).map((t) =>
      [].concat(...text.tokenize(t).map((raw) => pipeline.runString(raw))));
  }
  const single = job.single ? lunr.Index.load(read(job.single)) : null;
  const manifest = job.site ? read(path.join(job.site, "search/manifest.json")) : null;
  if (job.weights) out.weights = weights(manifest, job.lang);
  for (const q of job.queries || []) {
    const planned = engine.plan(q.q, q);
    const entry = { q: q.q, clauses: planned.clauses, phrases: planned.phrases };
    if (manifest) {
      const fetched = [];
      const accept = q.role ? (key) => manifest.roles[key.charAt(0)] === q.role : null;
      const found = await engine.search(manifest, job.lang, planned.clauses, (name) => {
        fetched.push(name);
        return Promise.resolve(read(path.join(job.site, "search", job.lang, name + ".json")));
      }, { want: q.want, accept: accept, maxTierDocs: q.maxTierDocs });
      entry.clauses = found.clauses;
      entry.capped = !!found.capped;
      entry.chunked = pairs(found.results);
      entry.complete = found.complete;
      entry.fetched = fetched;
    }
    if (single) entry.single = pairs(single.query((query) => engine.addClauses(query, entry.clauses)));
    out.queries.push(entry);
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e.stack || e); process.exit(1); });
