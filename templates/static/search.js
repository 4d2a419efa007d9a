/* briefkit search box and search page. Loaded (deferred) on every page; the index and
 * lunr.js are fetched only once a search box is used. Results are built as DOM nodes
 * (text nodes and <mark>), never from HTML strings. */
(function () {
  "use strict";
  var script = document.currentScript;
  var ROOT = new URL("../", script.src);
  var PAGE_SIZE = 20, POPUP_SIZE = 8, PHRASE_CANDIDATES = 60, DEBOUNCE_MS = 180;
  /* Results as you type fetch at most this many postings of frequent words from tier
   * files per query (about 4 bytes each, gzip), so a keystroke stays cheap; Enter ranks
   * them all. */
  var TYPING_TIER_DOCS = 7000;
  var ready = null, manifest = null, chunkCache = {}, docCache = {}, vocabCache = {};

  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = new URL("static/" + name, ROOT).href;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + name)); };
      document.head.appendChild(tag);
    });
  }

  function getJSON(path) {
    return fetch(new URL(path, ROOT).href).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  function engine() {
    if (!ready) {
      ready = Promise.all([getJSON("search/manifest.json"), loadScript("lunr.js")]).then(function (got) {
        manifest = got[0];
        var chain = Promise.resolve();
        if (manifest.languages.es) {
          chain = chain.then(function () { return loadScript("lunr.stemmer.support.js"); })
            .then(function () { return loadScript("lunr.es.js"); });
        }
        return chain.then(function () { return loadScript("search-pipeline.js"); })
          .then(function () { return loadScript("search-engine.js"); });
      });
    }
    return ready;
  }

  /* search/<lang>/<name>.json: a chunk ("3") or a tier ("t/<hash>/2"), fetched once. */
  function loader(lang) {
    return function (name) {
      var key = lang + "/" + name;
      if (!chunkCache[key]) chunkCache[key] = getJSON("search/" + key + ".json");
      return chunkCache[key];
    };
  }

  /* A key: role letter, brief number (base 36), "." section number; "P<n>" a policy.
   * Its document is in its brief's file (docs/<brief number>.json) or, for a policy, in
   * its group's (docs/p/<number's top bits>.json): {key: document}. */
  function docFile(key) {
    if (key.charAt(0) === "P") {
      var group = Math.floor(parseInt(key.slice(1), 36) / Math.pow(2, manifest.policyGroupBits));
      return "search/docs/p/" + group.toString(36) + ".json";
    }
    return "search/docs/" + key.slice(1).split(".")[0] + ".json";
  }

  function briefSlug(key) {
    return key.charAt(0) === "P" ? null : manifest.briefs[parseInt(key.slice(1).split(".")[0], 36)];
  }

  function roleOf(key) {
    return manifest.roles[key.charAt(0)];
  }

  /* A result's document (undefined if its file does not hold it); each file is fetched once. */
  function doc(ref) {
    var file = docFile(ref);
    if (!docCache[file]) docCache[file] = getJSON(file);
    return docCache[file].then(function (docs) {
      return Object.prototype.hasOwnProperty.call(docs, ref) ? docs[ref] : undefined;
    });
  }

  /* Every language searched for its first ``options.want`` results (of the role and
   * brief asked for); results by score. Each language gives its exact first results (or
   * all of them: ``complete``); merged, they are exact down to the lowest score of any
   * language that gave only its first ones. */
  function run(query, options) {
    var planned = window.briefkitEngine.plan(query, options);
    var langs = Object.keys(manifest.languages);
    var accept = function (key) {
      return (!options.role || roleOf(key) === options.role) && (!options.brief || briefSlug(key) === options.brief);
    };
    return Promise.all(langs.map(function (lang) {
      return window.briefkitEngine.search(manifest, lang, planned.clauses, loader(lang),
                                          { want: options.want, accept: accept, maxTierDocs: options.maxTierDocs });
    })).then(function (lists) {
      var all = [], complete = true, floor = -Infinity, capped = false;
      lists.forEach(function (list) {
        all = all.concat(list.results);
        capped = capped || !!list.capped;
        if (!list.complete) {
          complete = false;
          if (list.results.length) floor = Math.max(floor, list.results[list.results.length - 1].score);
        }
      });
      all.sort(function (a, b) { return b.score - a.score; });
      if (!complete) all = all.filter(function (r) { return r.score >= floor; });
      return { results: all, phrases: planned.phrases, complete: complete, capped: capped };
    });
  }

  function terms(results) {
    var found = {};
    results.forEach(function (r) {
      Object.keys(r.matchData.metadata).forEach(function (t) { found[t] = true; });
    });
    return found;
  }

  /* "Did you mean": each word not in the vocabulary replaced by its most frequent
   * neighbour at edit distance 1 (lunr's term~1), looked up by its first letter. */
  function suggest(query) {
    var text = window.briefkitPipeline, words = text.tokenize(query.replace(/"/g, " "));
    return Promise.all(words.map(function (raw) {
      var word = text.trim(raw)[0];
      if (!word || word.length < 3 || /^[0-9§]/.test(word)) return Promise.resolve(word || raw);
      var letter = /^[a-z0-9]$/.test(word.charAt(0)) ? word.charAt(0) : "u" + ("000" + word.charCodeAt(0).toString(16)).slice(-4);
      return Promise.all(Object.keys(manifest.languages).map(function (lang) {
        var key = lang + "/" + letter;
        if (!vocabCache[key]) {
          vocabCache[key] = getJSON("search/vocab/" + key + ".json").catch(function () { return {}; });
        }
        return vocabCache[key];
      })).then(function (vocabs) {
        var counts = {};
        vocabs.forEach(function (v) { for (var w in v) counts[w] = (counts[w] || 0) + v[w]; });
        if (counts[word]) return word;
        var near = lunr.TokenSet.fromArray(Object.keys(counts).sort())
          .intersect(lunr.TokenSet.fromFuzzyString(word, 1)).toArray();
        near.sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
        return near.length ? near[0] : word;
      });
    })).then(function (fixed) { return fixed.join(" "); });
  }

  /* Snippet of text around the first matched word, words matching ``matched`` marked. */
  function snippet(text, matched, limit) {
    var pipeline = window.briefkitPipeline;
    var pipelines = Object.keys(manifest.languages).map(function (lang) {
      return lunr.Pipeline.load(manifest.languages[lang].pipeline);
    });
    var re = /§+|[\p{L}\p{N}]+(?:[&.'\u2019\-]+[\p{L}\p{N}]+)*[.\-]*/gu, m, marks = [];
    while ((m = re.exec(text)) !== null) {
      var raw = pipeline.fold(m[0]), hit = false;
      pipelines.forEach(function (p) {
        if (!hit) p.runString(raw).forEach(function (t) { if (matched[t]) hit = true; });
      });
      if (hit) marks.push([m.index, m.index + m[0].replace(/[.\-]+$/, "").length]);
    }
    var start = 0, end = text.length;
    if (text.length > limit) {
      var first = marks.length ? marks[0][0] : 0;
      start = Math.max(0, first - Math.floor(limit / 3));
      start = start ? text.indexOf(" ", start) + 1 || start : 0;
      end = Math.min(text.length, start + limit);
      var space = text.lastIndexOf(" ", end);
      if (end < text.length && space > start) end = space;
    }
    var out = document.createDocumentFragment(), at = start;
    if (start > 0) out.appendChild(document.createTextNode("… "));
    marks.forEach(function (mark) {
      if (mark[0] < at || mark[1] > end) return;
      out.appendChild(document.createTextNode(text.slice(at, mark[0])));
      var tag = document.createElement("mark");
      tag.textContent = text.slice(mark[0], mark[1]);
      out.appendChild(tag);
      at = mark[1];
    });
    out.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return out;
  }

  function folded(text) {
    return window.briefkitPipeline.fold(text).replace(/[^\p{L}\p{N}§&]+/gu, " ").trim();
  }

  /* The top ``size`` results that pass the phrase filter, with their documents. */
  function shown(found, size) {
    var candidates = found.results;
    var phrases = found.phrases.map(folded);
    var limit = phrases.length ? Math.min(candidates.length, PHRASE_CANDIDATES) : Math.min(candidates.length, size);
    return Promise.all(candidates.slice(0, limit).map(function (r) { return doc(r.ref); })).then(function (docs) {
      var kept = [];
      docs.forEach(function (d, i) {
        if (!d || kept.length >= size) return;
        var hay = " " + folded(d.text + " " + d.title) + " ";
        if (phrases.every(function (p) { return hay.indexOf(" " + p + " ") !== -1; })) {
          kept.push({ result: candidates[i], doc: d });
        }
      });
      var total = phrases.length ? (kept.length < size && found.complete ? kept.length : null) :
        (found.complete ? candidates.length : null);
      return { items: kept, total: total };
    });
  }

  /* ------------------------------------------------------------- one search UI */

  function Box(input, output, options) {
    this.input = input;
    this.output = output;
    this.options = options;
    this.status = output.querySelector(".search-status");
    this.list = output.querySelector(".search-results");
    this.suggestion = output.querySelector(".search-suggest");
    this.timer = null;
    this.serial = 0;
    var box = this;
    input.addEventListener("input", function () {
      clearTimeout(box.timer);
      box.timer = setTimeout(function () { box.search(true); }, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () { engine().catch(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { box.move(0); event.preventDefault(); }
      if (event.key === "Escape") { box.close(); }
    });
    output.addEventListener("keydown", function (event) {
      var links = box.links(), at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { box.move(at + 1); event.preventDefault(); }
      if (event.key === "ArrowUp") {
        if (at <= 0) box.input.focus(); else box.move(at - 1);
        event.preventDefault();
      }
      if (event.key === "Escape") { box.close(); box.input.focus(); }
    });
  }

  Box.prototype.links = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("a.search-result-link"));
  };

  Box.prototype.move = function (n) {
    var links = this.links();
    if (links.length) links[Math.max(0, Math.min(n, links.length - 1))].focus();
  };

  Box.prototype.close = function () {
    if (this.options.popup) this.output.hidden = true;
  };

  Box.prototype.search = function (typing) {
    var box = this, query = this.input.value.trim(), serial = ++this.serial;
    var role = this.options.role ? this.options.role.value : "";
    var brief = this.options.brief ? this.options.brief.value : "";
    if (this.options.onQuery) this.options.onQuery(query);
    if (!query) {
      this.list.textContent = "";
      this.status.textContent = "";
      this.suggestion.hidden = true;
      this.close();
      return Promise.resolve();
    }
    var size = box.options.popup ? POPUP_SIZE : PAGE_SIZE;
    var want = /"/.test(query) ? PHRASE_CANDIDATES : size, tiers = typing ? TYPING_TIER_DOCS : undefined;
    var asked = { typing: typing, role: role, brief: brief, want: want, maxTierDocs: tiers };
    var again = { role: role, brief: brief, want: want, maxTierDocs: tiers };
    return engine().then(function () {
      return run(query, asked);
    }).then(function (found) {
      if (found.results.length || found.capped) return [found, null];
      return suggest(query).then(function (fixed) {
        if (!fixed || fixed === window.briefkitPipeline.fold(query).replace(/"/g, "").trim()) return [found, null];
        return run(fixed, again).then(function (other) {
          return other.results.length ? [other, fixed] : [found, null];
        });
      });
    }).then(function (pair) {
      var choices = box.options.brief ? box.unfiltered(pair[1] || query, pair[1] ? again : asked, pair[0]) : null;
      return Promise.all([shown(pair[0], size), choices]).then(function (got) {
        return [pair[0], pair[1], got[0], got[1]];
      });
    }).then(function (got) {
      if (serial !== box.serial || !got[3]) return got;
      return box.options.briefTitles(got[3].results, got[2].items).then(function () { return got; });
    }).then(function (got) {
      if (serial !== box.serial) return;
      box.render(query, got[0], got[1], got[2], got[3]);
    }).catch(function (error) {
      if (serial !== box.serial) return;
      box.status.textContent = "Search is not available right now (" + error.message + ").";
    });
  };

  /* The results of ``query`` with the role filter but without the brief filter, for the
   * brief menu: ``found`` itself when no brief is chosen; else the same query run once
   * more without it (the chunks it needs are cached: little or nothing more to fetch),
   * or the last such results when they were for the same query and role. */
  Box.prototype.unfiltered = function (query, options, found) {
    var box = this, key = [options.typing ? "typing" : "", options.role, query].join("\n");
    if (!options.brief) {
      this.lastUnfiltered = { key: key, found: found };
      return Promise.resolve(found);
    }
    if (this.lastUnfiltered && this.lastUnfiltered.key === key) return Promise.resolve(this.lastUnfiltered.found);
    return run(query, { typing: options.typing, role: options.role, brief: "", want: options.want,
                        maxTierDocs: options.maxTierDocs }).then(function (all) {
      box.lastUnfiltered = { key: key, found: all };
      return all;
    });
  };

  Box.prototype.render = function (query, found, fixed, page, choices) {
    var list = this.list;
    list.textContent = "";
    if (this.options.popup) this.output.hidden = false;
    this.suggestion.textContent = "";
    this.suggestion.hidden = !fixed;
    if (fixed) {
      this.suggestion.appendChild(document.createTextNode("No results for “" + query + "”. Did you mean "));
      var link = document.createElement("a");
      link.href = new URL("search/?q=" + encodeURIComponent(fixed), ROOT).href;
      link.textContent = fixed;
      this.suggestion.appendChild(link);
      this.suggestion.appendChild(document.createTextNode("? Showing its results."));
    }
    if (choices) this.options.fillBriefs(choices.results);
    var matched = terms(found.results);
    page.items.forEach(function (item) {
      var d = item.doc, li = document.createElement("li");
      li.className = "search-result role-" + d.role;
      var a = document.createElement("a");
      a.className = "search-result-link";
      a.href = new URL(d.url, ROOT).href;
      var label = document.createElement("span");
      label.className = "role-label role-" + d.role;
      label.textContent = d.label;
      a.appendChild(label);
      a.appendChild(document.createTextNode(" " + d.title));
      li.appendChild(a);
      var p = document.createElement("p");
      p.className = "search-snippet";
      p.appendChild(snippet(d.text, matched, 260));
      li.appendChild(p);
      list.appendChild(li);
    });
    var count = page.total === null ? "More than " + page.items.length : String(page.total);
    var n = page.total === null ? 2 : page.total;
    var shownQuery = "“" + (fixed || query) + "”";
    if (found.capped && page.total === null && page.items.length < (this.options.popup ? POPUP_SIZE : PAGE_SIZE)) {
      // results as you type stopped short: the ones shown are the best, but there are more
      this.status.textContent = (page.items.length ? "The " + page.items.length + " best of many results for " :
        "Many results for ") + shownQuery + ": press Enter to rank them all.";
    } else if (!page.items.length) {
      this.status.textContent = "No results for " + shownQuery + ". Try fewer or other words.";
    } else {
      this.status.textContent = count + " result" + (n === 1 ? "" : "s") + " for “" + (fixed || query) + "”" +
        (page.total !== null && page.total > page.items.length ? ", showing the first " + page.items.length : "") + ".";
    }
    if (this.options.popup && (page.items.length || found.capped)) {
      var more = document.createElement("li");
      more.className = "search-more";
      var all = document.createElement("a");
      all.className = "search-result-link";
      all.href = new URL("search/?q=" + encodeURIComponent(query), ROOT).href;
      all.textContent = "All results on the search page";
      more.appendChild(all);
      list.appendChild(more);
    }
  };

  /* ------------------------------------------------------------- wiring */

  function searchPage() {
    var input = document.getElementById("search-q"), output = document.getElementById("search-output");
    var role = document.getElementById("search-role"), brief = document.getElementById("search-brief");
    var form = document.getElementById("search-form");
    var titles = {};
    function read() {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      role.value = params.get("role") || "";
      var b = params.get("brief") || "";
      if (b && !brief.querySelector("option[value='" + CSS.escape(b) + "']")) {
        var option = document.createElement("option");
        option.value = b;
        option.textContent = b;
        brief.appendChild(option);
      }
      brief.value = b;
    }
    function url() {
      var params = new URLSearchParams();
      if (input.value.trim()) params.set("q", input.value.trim());
      if (role.value) params.set("role", role.value);
      if (brief.value) params.set("brief", brief.value);
      var s = params.toString();
      return location.pathname + (s ? "?" + s : "");
    }
    var box = new Box(input, output, {
      role: role, brief: brief,
      onQuery: function () {
        if (url() !== location.pathname + location.search) history.replaceState(null, "", url());
      },
      /* The titles of the briefs of ``results``: from the results shown, else, for the
       * briefs of the first PAGE_SIZE results, from the document of the brief's first
       * result (in the brief's docs file, fetched once); a brief with neither shows its slug. */
      briefTitles: function (results, items) {
        items.forEach(function (item) {
          var slug = briefSlug(item.result.ref);
          if (slug) titles[slug] = item.doc.title;
        });
        var first = {};
        results.slice(0, PAGE_SIZE).forEach(function (r) {   // (a few fetches at most; the rest by slug)
          var slug = briefSlug(r.ref);
          if (slug && !titles[slug] && !first[slug]) first[slug] = r.ref;
        });
        return Promise.all(Object.keys(first).map(function (slug) {
          return doc(first[slug]).then(function (d) {
            if (d && d.title) titles[slug] = d.title;
          }, function () {});   // (the slug stands in for its title)
        }));
      },
      /* The brief menu: every brief the query matches without the brief filter (with
       * the role filter), and the one chosen, by title. */
      fillBriefs: function (results) {
        var keep = brief.value, seen = {};
        results.forEach(function (r) { var slug = briefSlug(r.ref); if (slug) seen[slug] = true; });
        if (keep) seen[keep] = true;
        brief.textContent = "";
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "All briefs";
        brief.appendChild(all);
        Object.keys(seen).sort(function (a, b) { return (titles[a] || a).localeCompare(titles[b] || b); })
          .forEach(function (slug) {
            var option = document.createElement("option");
            option.value = slug;
            option.textContent = titles[slug] || slug;
            brief.appendChild(option);
          });
        brief.value = keep;
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.pushState(null, "", url());
      box.search(false);
    });
    role.addEventListener("change", function () { history.pushState(null, "", url()); box.search(false); });
    brief.addEventListener("change", function () { history.pushState(null, "", url()); box.search(false); });
    window.addEventListener("popstate", function () { read(); box.search(false); });
    read();
    if (input.value) box.search(false);
    return input;
  }

  function headerBox() {
    var form = document.querySelector("form.site-search");
    if (!form) return null;
    var input = form.querySelector("input");
    var output = document.createElement("div");
    output.className = "search-popup";
    output.id = "site-search-popup";
    output.hidden = true;
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var suggestion = document.createElement("p");
    suggestion.className = "search-suggest";
    suggestion.hidden = true;
    var list = document.createElement("ol");
    list.className = "search-results";
    list.setAttribute("aria-label", "Search results");
    output.appendChild(status);
    output.appendChild(suggestion);
    output.appendChild(list);
    form.appendChild(output);
    input.setAttribute("aria-controls", output.id);
    var box = new Box(input, output, { popup: true });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) box.close(); });
    return input;
  }

  function start() {
    var input = document.getElementById("search-q") ? searchPage() : headerBox();
    document.addEventListener("keydown", function (event) {
      var target = event.target, editing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !editing && !event.ctrlKey && !event.metaKey && !event.altKey && input) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
