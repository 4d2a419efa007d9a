/* briefkit search engine: queries a lunr index that is split by term into chunks.
 *
 * Each chunk (search/<lang>/<n>.json) is a lunr 2.3.9 index holding a run of sorted
 * terms, their postings, and every document vector restricted to those terms, with the
 * term numbers of the whole index. For a query we fetch only the chunks holding its
 * terms, join them into one lunr.Index (postings side by side, each document's vector
 * pieces concatenated) and run lunr's own Index#query on it: every dot product and
 * magnitude is the whole index's, so refs, order and scores are the whole index's.
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

  /* Several chunks (serialised lunr indexes) as one lunr.Index over their terms. */
  function join(serialised) {
    var inverted = {}, pieces = {}, terms = [];
    serialised.forEach(function (chunk) {
      chunk.invertedIndex.forEach(function (pair) { inverted[pair[0]] = pair[1]; terms.push(pair[0]); });
      chunk.fieldVectors.forEach(function (pair) {
        (pieces[pair[0]] = pieces[pair[0]] || []).push(pair[1]);
      });
    });
    var vectors = {};
    for (var ref in pieces) {
      var parts = pieces[ref], elements = parts[0];
      if (parts.length > 1) {
        var pairs = [];
        parts.forEach(function (part) { for (var i = 0; i < part.length; i += 2) pairs.push([part[i], part[i + 1]]); });
        pairs.sort(function (a, b) { return a[0] - b[0]; });
        elements = [];
        pairs.forEach(function (p) { elements.push(p[0], p[1]); });
      }
      vectors[ref] = new lunr.Vector(elements);
    }
    terms.sort();
    var first = serialised[0];
    return new lunr.Index({
      invertedIndex: inverted, fieldVectors: vectors, tokenSet: lunr.TokenSet.fromArray(terms),
      fields: first.fields, pipeline: lunr.Pipeline.load(first.pipeline)
    });
  }

  /* Run clauses on the chunks of one language: fetchChunk(n) -> Promise(serialised). */
  function search(manifestLang, clauses, fetchChunk) {
    clauses = affordable(manifestLang, clauses);
    var pipeline = lunr.Pipeline.load(manifestLang.pipeline);
    var wanted = neededChunks(manifestLang.chunks, pipeline, clauses);
    if (!clauses.length || !wanted.length) return Promise.resolve([]);
    return Promise.all(wanted.map(fetchChunk)).then(function (chunks) {
      var index = join(chunks);
      return index.query(function (query) { addClauses(query, clauses); });
    });
  }

  return { plan: plan, search: search, join: join, neededChunks: neededChunks, addClauses: addClauses,
           affordable: affordable };
});
