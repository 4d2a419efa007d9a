/* Inside an embed card (embed/<brief>/<section>/): apply ?theme=light|dark, and tell the
   host page how tall the card is (on load and whenever it changes), so embed.js can size
   the iframe. The message carries only a height; no cookie, no storage, no request. */
(function () {
  "use strict";
  var theme = new URLSearchParams(window.location.search).get("theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.setAttribute("data-theme", theme);
  }
  if (window.parent === window) {
    return;
  }
  var last = -1;
  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "briefkit:embed-height", height: height }, "*");
    }
  }
  function start() {
    report();
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(report).observe(document.body);
    } else {
      window.addEventListener("resize", report);
    }
    window.addEventListener("load", report);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
