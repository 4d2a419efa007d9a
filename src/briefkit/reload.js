// briefkit serve: reload the page after each good rebuild; show a failed build's errors.
// Served by the preview server only; the built site never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(new URL(script.src).searchParams.get("build"));
  var overlay = null;

  function showErrors(errors) {
    if (overlay) overlay.remove();
    overlay = document.createElement("div");
    overlay.id = "briefkit-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,0,0,.92);color:#fff;font:15px/1.5 monospace;white-space:pre-wrap";
    var heading = document.createElement("h2");
    heading.appendChild(document.createTextNode("Build failed: the last good page is shown underneath"));
    overlay.appendChild(heading);
    errors.forEach(function (error) {
      var line = document.createElement("p");
      var where = document.createElement("strong");
      where.appendChild(document.createTextNode(error.file + (error.line ? ":" + error.line : "")));
      line.appendChild(where);
      line.appendChild(document.createTextNode(" " + error.message));
      overlay.appendChild(line);
    });
    document.body.appendChild(overlay);
  }

  function check() {
    fetch("/__briefkit__/version", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.errors.length) {
          showErrors(state.errors);
        } else if (state.build !== shown) {
          location.reload();
          return;
        } else if (overlay) {
          overlay.remove();
          overlay = null;
        }
        setTimeout(check, 100);  // (at most a tenth of a second between a build and the reload)
      })
      .catch(function () { setTimeout(check, 1000); });
  }
  check();
})();
