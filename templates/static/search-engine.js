/* briefkit search engine: queries an index split by term into chunks and tiers.
 *
 * A chunk (search/<lang>/<n>.json) holds a run of sorted terms; for each, its lunr term
 * number (where lunr.py's builder first meets it), how many field postings it has, and
 * its postings, most impactful first: the first HEAD_DOCS records in the chunk, the rest
 * in tier files (search/<lang>/t/<hash>.json, named in the chunk) with, after each tier, a bound on what
 * the records not fetched yet can score. A posting carries raw statistics (term
 * frequency and field length); the manifest carries the record count and field length
 * totals. From these we compute lunr's BM25 weights exactly as lunr.py does (same
 * formula, operation order and rounding), build one lunr.Index over the query's terms
 * and run lunr's own Index#query on it: a document's score only involves the query's
 * terms, so it is the single index's score for every document whose postings we hold.
 *
 * Frequent terms (the threshold algorithm): we start from the heads and fetch a further
 * tier only while a record we have not seen whole could still rank among the results
 * asked for (``want``); the results returned are then exactly the single index's top
 * results, in its order, and ``complete`` says whether they are all of them.
 * Browser script (global briefkitEngine) and CommonJS module (tests). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.briefkitEngine = factory(root.lunr, root.briefkitPipeline);
  }
})(this, function (lunr, text) {
  "use strict";

  /* The clauses of a user's query. Quoted phrases: their words are required and the
   * phrase is returned for a post-filter on the text. typing: the last word is also
   * matched as a prefix (unstemmed). (The role filter needs no clause: a result's key
   * starts with its role's letter.) */
  function plan(query, options) {
    options = options || {};
    var clauses = [], phrases = [], match, quoted = /"([^"]*)"?/g;
    while ((match = quoted.exec(query)) !== null) {
      if (match[1].trim()) phrases.push(match[1].trim());
      text.tokenize(match[1]).forEach(function (raw) {
        clauses.push({ term: raw, presence: lunr.Query.presence.REQUIRED });
      });
    }
    var rest = query.replace(quoted, " ");
    var words = text.tokenize(rest);
    words.forEach(function (raw) { clauses.push({ term: raw }); });
    if (options.typing && words.length && !/\s$/.test(query) && !/"$/.test(query.trim())) {
      var last = text.trim(words[words.length - 1])[0];
      if (last && last.length >= 3 && last.charAt(0) !== "§") {
        clauses.push({ term: last, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
      }
    }
    return { clauses: clauses, phrases: phrases };
  }

  function addClauses(query, clauses) {
    clauses.forEach(function (clause) {
      var copy = {};
      for (var key in clause) copy[key] = clause[key];
      query.clause(copy);
    });
  }

  /* The index terms a clause can touch: its pipeline output, or its wildcard prefix. */
  function clauseTerms(pipeline, clause) {
    if (clause.usePipeline === false) return [{ term: clause.term, prefix: !!clause.wildcard }];
    return pipeline.runString(clause.term, { fields: clause.fields }).map(function (t) {
      return { term: t, prefix: false };
    });
  }

  /* Indexes of the chunks that may hold a term (or every term starting with it). */
  function chunksFor(starts, term, prefix) {
    var lo = 0, hi = starts.length - 1, first = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= term) { first = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var found = [first];
    if (prefix) {
      for (var n = first + 1; n < starts.length && starts[n].slice(0, term.length) === term; n++) found.push(n);
    }
    return found;
  }

  /* While typing, a short prefix can span many chunks ("a*"): a prefix clause that
   * needs more than MAX_PREFIX_CHUNKS chunks is left out (the word still counts whole). */
  var MAX_PREFIX_CHUNKS = 2;

  function affordable(manifestLang, clauses) {
    var pipeline = lunr.Pipeline.load(manifestLang.pipeline);
    return clauses.filter(function (clause) {
      if (!clause.wildcard) return true;
      return clauseTerms(pipeline, clause).every(function (t) {
        return chunksFor(manifestLang.chunks, t.term, true).length <= MAX_PREFIX_CHUNKS;
      });
    });
  }

  function neededChunks(starts, pipeline, clauses) {
    var wanted = {};
    clauses.forEach(function (clause) {
      clauseTerms(pipeline, clause).forEach(function (t) {
        chunksFor(starts, t.term, t.prefix).forEach(function (n) { wanted[n] = true; });
      });
    });
    return Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
  }

  /* While typing, a prefix whose words have more than PREFIX_REST_DOCS postings beyond
   * the chunks' heads is left out too: it would need tiers of many words at once. */
  var PREFIX_REST_DOCS = 2000;
  var K1 = 1.2, B = 0.75;

  /* Python's round(x, 3) (what lunr.py stores): the decimal nearest the exact binary value,
   * half to even. toFixed takes the nearest too but breaks a tie upwards, and a tie is
   * exactly an odd multiple of 1/16. */
  function round3(x) {
    var sixteenths = x * 16;
    if (sixteenths === Math.floor(sixteenths) && sixteenths % 2 === 1) {
      var n = Math.floor(x * 1000);
      return (n % 2 === 0 ? n : n + 1) / 1000;
    }
    return Number(x.toFixed(3));
  }

  /* lunr.py's idf (documents with the term counts field postings) and BM25 weight. */
  function idf(count, withTerm) {
    return Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
  }

  function weight(termIdf, tf, length, average, boost) {
    var score = termIdf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf);
    score *= boost;
    return round3(score);
  }

  /* Where lunr.py's builder meets a record (its postings are in that order): briefs by
   * number, each before its sections; policies after every brief. */
  function rankOf(key) {
    if (key.charAt(0) === "P") return ((1 << 20) + parseInt(key.slice(1), 36)) * 4096;
    var dot = key.indexOf(".");
    if (dot < 0) return parseInt(key.slice(1), 36) * 4096;
    return parseInt(key.slice(1, dot), 36) * 4096 + parseInt(key.slice(dot + 1), 36);
  }

  var SPEC = /([a-z])(?:(\d+)x)?(\d+)/g;

  /* "r2s.7|t23 B2s|n2x9b9" -> [{key, rank, fields: [[field, tf, length], ...]}] */
  /* A term's postings text (index.py, encode_postings): groups "<spec>=<key>,<key>..."
   * separated by spaces; in a group, each key's brief number is the difference from the
   * key before it (none: the same brief); a policy's key ("P...") is whole. */
  function parsePostings(text) {
    if (!text) return [];
    var out = [];
    text.split(" ").forEach(function (group) {
      var eq = group.indexOf("="), spec = group.slice(0, eq), fields = [], m, before = 0;
      SPEC.lastIndex = 0;
      while ((m = SPEC.exec(spec)) !== null) fields.push([m[1], m[2] ? +m[2] : 1, +m[3]]);
      group.slice(eq + 1).split(",").forEach(function (code) {
        var key = code, letter = code.charAt(0);
        if (letter !== "P") {
          var dot = code.indexOf("."), digits = dot < 0 ? code.slice(1) : code.slice(1, dot);
          if (digits) before += parseInt(digits, 36);
          key = letter + before.toString(36) + (dot < 0 ? "" : code.slice(dot));
        }
        out.push({ key: key, rank: rankOf(key), fields: fields });
      });
    });
    return out;
  }

  function parseChunk(chunk) {
    if (!chunk.parsed) {
      chunk.parsed = chunk.terms.map(function (e) {
        var rest = e[4] || null;
        return { term: e[0], order: e[1], withTerm: e[2], head: e[3], tiers: rest ? rest[0].length : 0,
                 restDocs: rest ? rest[1] : 0, bound: rest ? rest[2] : [], tierNames: rest ? rest[0] : [] };
      });
    }
    return chunk.parsed;
  }

  /* The terms each clause expands to in an index whose token set is ``tokenSet``, as
   * lunr's Index#query expands them. */
  function expand(tokenSet, pipeline, fields, clauses) {
    var query = new lunr.Query(fields);
    addClauses(query, clauses);
    return query.clauses.map(function (clause) {
      var words = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      var found = [];
      words.forEach(function (word) {
        var copy = {};
        for (var key in clause) copy[key] = clause[key];
        copy.term = word;
        found = found.concat(tokenSet.intersect(lunr.TokenSet.fromClause(copy)).toArray());
      });
      return { clause: clause, terms: found };
    });
  }

  /* Run clauses on the index of one language. load(name) -> Promise(JSON of
   * search/<lang>/<name>.json). options.want: how many results are needed (default all);
   * options.accept(key): which records count (a role or brief filter). Resolves to
   * {results: lunr results, complete: all of them or only the first ones, clauses: the
   * clauses run (a costly prefix left out)}. */
  function search(manifest, lang, clauses, load, options) {
    options = options || {};
    var want = options.want || Infinity, accept = options.accept || function () { return true; };
    var maxTierDocs = options.maxTierDocs === undefined ? Infinity : options.maxTierDocs;
    var info = manifest.languages[lang], fields = manifest.fields, boosts = {};
    fields.forEach(function (field, i) { boosts[field] = manifest.boosts[i]; });
    clauses = affordable(info, clauses);
    var pipeline = lunr.Pipeline.load(info.pipeline);
    var wanted = neededChunks(info.chunks, pipeline, clauses);
    if (!clauses.length || !wanted.length) return Promise.resolve({ results: [], complete: true, clauses: clauses });
    return Promise.all(wanted.map(function (n) { return load(String(n)); })).then(function (chunks) {
      var table = {}, all = [];
      chunks.forEach(function (chunk) {
        parseChunk(chunk).forEach(function (entry) { table[entry.term] = entry; all.push(entry.term); });
      });
      all.sort();
      var tokenSet = lunr.TokenSet.fromArray(all);
      var expansions = expand(tokenSet, pipeline, fields, clauses);
      var kept = clauses.filter(function (clause, i) {
        if (!clause.wildcard) return true;
        var rest = 0;
        expansions[i].terms.forEach(function (t) { rest += table[t].restDocs; });
        return rest <= PREFIX_REST_DOCS;
      });
      if (kept.length !== clauses.length) expansions = expand(tokenSet, pipeline, fields, kept);
      return new Run(info, pipeline, fields, boosts, table, tokenSet, kept, expansions, load, want, accept,
                     maxTierDocs).step();
    });
  }

  function Run(info, pipeline, fields, boosts, table, tokenSet, clauses, expansions, load, want, accept, maxTierDocs) {
    var run = this;
    this.tierDocsLeft = maxTierDocs;
    this.pipeline = pipeline;
    this.fields = fields; this.boosts = boosts; this.tokenSet = tokenSet; this.clauses = clauses;
    this.load = load; this.want = want; this.accept = accept; this.count = info.count;
    this.averages = {};
    fields.forEach(function (field, i) { run.averages[field] = info.lengths[i] / info.count; });
    this.terms = {};          // expanded term -> its state
    this.query = {};          // field -> {term: boost}: lunr's query vector, by term
    var prohibited = lunr.Query.presence.PROHIBITED, required = lunr.Query.presence.REQUIRED;
    this.relaxed = clauses.some(function (c) { return c.presence === required; }) ?
      clauses.map(function (c) {
        var copy = {};
        for (var key in c) copy[key] = c[key];
        if (copy.presence === required) delete copy.presence;
        return copy;
      }) : null;
    expansions.forEach(function (expansion) {
      expansion.terms.forEach(function (t) {
        if (!run.terms[t]) {
          var entry = table[t];
          run.terms[t] = { entry: entry, idf: idf(info.count, entry.withTerm), postings: parsePostings(entry.head),
                           seen: null, tiers: 0, bound: entry.bound, weights: {} };
        }
        if (expansion.clause.presence === prohibited) return;
        expansion.clause.fields.forEach(function (field) {
          var vector = run.query[field] = run.query[field] || {};
          vector[t] = (vector[t] || 0) + expansion.clause.boost;
        });
      });
    });
    this.magnitudes = {};
    Object.keys(this.query).forEach(function (field) {
      var sum = 0, vector = run.query[field];
      for (var t in vector) sum += vector[t] * vector[t];
      run.magnitudes[field] = Math.sqrt(sum);
    });
  }

  Run.prototype.weight = function (t, field, tf, length) {
    var state = this.terms[t], key = field + tf + "/" + length, found = state.weights[key];
    if (found === undefined) {
      found = state.weights[key] = weight(state.idf, tf, length, this.averages[field], this.boosts[field]);
    }
    return found;
  };

  /* One lunr.Index over the postings held of the query's terms. */
  Run.prototype.index = function () {
    var run = this, inverted = {}, pieces = {};
    Object.keys(this.terms).forEach(function (t) {
      var state = run.terms[t], posting = { _index: state.entry.order };
      run.fields.forEach(function (field) { posting[field] = {}; });
      state.postings.sort(function (a, b) { return a.rank - b.rank; });
      state.postings.forEach(function (p) {
        p.fields.forEach(function (f) {
          posting[f[0]][p.key] = {};
          var fieldRef = f[0] + "/" + p.key;
          (pieces[fieldRef] = pieces[fieldRef] || []).push([state.entry.order, run.weight(t, f[0], f[1], f[2])]);
        });
      });
      inverted[t] = posting;
    });
    var vectors = {};
    for (var fieldRef in pieces) {
      var pairs = pieces[fieldRef], elements = [];
      if (pairs.length > 1) pairs.sort(function (a, b) { return a[0] - b[0]; });
      pairs.forEach(function (p) { elements.push(p[0], p[1]); });
      vectors[fieldRef] = new lunr.Vector(elements);
    }
    return new lunr.Index({ invertedIndex: inverted, fieldVectors: vectors, tokenSet: this.tokenSet,
                            fields: this.fields, pipeline: this.pipeline });
  };

  /* The most a record whose postings of ``t`` are not held yet can score from ``t``: the
   * bound lists what the best of those records hold (field, tf, length), and a weight
   * grows with tf and shrinks with length. */
  Run.prototype.unseen = function (t) {
    var run = this, most = 0;
    this.terms[t].bound.forEach(function (spec) {
      var total = 0, m;
      SPEC.lastIndex = 0;
      while ((m = SPEC.exec(spec)) !== null) {
        var field = m[1], q = run.query[field] && run.query[field][t];
        if (q) total += q * run.weight(t, field, m[2] ? +m[2] : 1, +m[3]) / run.magnitudes[field];
      }
      if (total > most) most = total;
    });
    return most;
  };

  Run.prototype.step = function () {
    var run = this, index = this.index(), accept = this.accept;
    var strict = index.query(function (query) { addClauses(query, run.clauses); });
    var open = Object.keys(this.terms).filter(function (t) { return run.terms[t].tiers < run.terms[t].entry.tiers; });
    if (!open.length) {
      return { results: strict.filter(function (r) { return accept(r.ref); }), complete: true, clauses: this.clauses };
    }
    var relaxed = this.relaxed ? index.query(function (query) { addClauses(query, run.relaxed); }) : strict;
    var bounds = {}, limit = 0, whole = {};
    open.forEach(function (t) {
      bounds[t] = run.unseen(t);
      limit += bounds[t];
      var seen = run.terms[t].seen = {};
      run.terms[t].postings.forEach(function (p) { seen[p.key] = true; });
    });
    relaxed.forEach(function (r) {
      if (!accept(r.ref)) return;
      var extra = 0;
      open.forEach(function (t) { if (!run.terms[t].seen[r.ref]) extra += bounds[t]; });
      if (extra > 0) limit = Math.max(limit, r.score + extra);
      else whole[r.ref] = true;
    });
    limit = limit * (1 + 1e-9) + 1e-12;   // (float sums in another order)
    var sure = strict.filter(function (r) { return whole[r.ref] && accept(r.ref) && r.score > limit; });
    if (sure.length >= this.want) return { results: sure, complete: false, clauses: this.clauses };
    var next = open[0];
    open.forEach(function (t) { if (bounds[t] > bounds[next]) next = t; });
    var state = this.terms[next], size = Math.ceil(state.entry.restDocs / state.entry.tiers);
    if (size > this.tierDocsLeft) return { results: sure, complete: false, capped: true, clauses: this.clauses };
    this.tierDocsLeft -= size;
    return this.load("t/" + state.entry.tierNames[state.tiers]).then(function (tier) {
      if (!tier.parsed) tier.parsed = parsePostings(tier.p);
      state.postings = state.postings.concat(tier.parsed);
      state.tiers += 1;
      state.bound = tier.b || [];
      return run.step();
    });
  };

  return { plan: plan, search: search, addClauses: addClauses, affordable: affordable, weight: weight,
           idf: idf, round3: round3, parsePostings: parsePostings, rankOf: rankOf };
});
