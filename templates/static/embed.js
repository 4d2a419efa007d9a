/* briefkit embeds. Include once on a page:
     <script async src="(the site)/static/embed.js"></script>
   Each <blockquote class="briefkit-embed"> holding a link to a section permalink of the
   site that served this script (.../briefs/<brief>/<section>/ on its origin) becomes a
   sandboxed iframe of its embed card (…/embed/<brief>/<section>/), sized to its content.
   Without this script the blockquote stays a readable quotation with a link back.
   Options on the blockquote: data-theme="light|dark" (default: the reader's system). */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script ? script.src : "static/embed.js", document.baseURI);
  var origin = base.origin;
  var root = base.pathname.replace(/static\/embed\.js$/, "");  // the site's base path
  var frames = [];
  var SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox";

  function embedUrl(href) {
    var url;
    try { url = new URL(href, document.baseURI); } catch (error) { return null; }
    if (url.origin !== origin || url.pathname.indexOf(root) !== 0) { return null; }
    var rest = url.pathname.slice(root.length);
    var match = /^briefs\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/.exec(rest);
    if (!match) { return null; }
    return new URL(root + "embed/" + match[1] + "/" + match[2] + "/", origin);
  }

  function upgrade(quote) {
    if (quote.getAttribute("data-briefkit-state")) { return; }
    var links = quote.querySelectorAll("a[href]");
    var target = null;
    for (var i = 0; i < links.length && !target; i++) { target = embedUrl(links[i].getAttribute("href")); }
    if (!target) { return; }
    var theme = quote.getAttribute("data-theme");
    if (theme === "light" || theme === "dark") { target.searchParams.set("theme", theme); }
    var frame = document.createElement("iframe");
    frame.src = target.href;
    frame.title = "Quotation from " + (links[links.length - 1].textContent || "a brief");
    frame.setAttribute("sandbox", SANDBOX);
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "briefkit-embed-frame";
    frame.style.cssText = "display:block;width:100%;max-width:700px;min-width:280px;height:240px;border:0;margin:1em 0;";
    quote.setAttribute("data-briefkit-state", "embedded");
    quote.parentNode.insertBefore(frame, quote);
    quote.hidden = true;
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    // A sandboxed frame (no allow-same-origin) has an opaque origin, reported as "null";
    // what binds a message to a frame is its window, checked below.
    if (event.origin !== origin && event.origin !== "null") { return; }
    var data = event.data;
    if (!data || data.type !== "briefkit:embed-height" || typeof data.height !== "number") { return; }
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.max(0, Math.min(Math.round(data.height), 5000));
        frames[i].style.height = height + "px";
        return;
      }
    }
  });

  function run() {
    var quotes = document.querySelectorAll("blockquote.briefkit-embed");
    for (var i = 0; i < quotes.length; i++) { upgrade(quotes[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
