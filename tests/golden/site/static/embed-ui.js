/* The "Embed this" box: copy button (navigator.clipboard, else select the text for the
   reader to copy), absolute URLs in the snippet, the preview sized to the card, and on a
   brief page the choice of section. */
(function () {
  "use strict";
  var box = document.querySelector(".embed-this");
  if (!box) { return; }
  var code = box.querySelector(".embed-code");
  var preview = box.querySelector(".embed-preview");
  var status = box.querySelector(".embed-copy-status");
  var button = box.querySelector(".embed-copy");
  var choice = box.querySelector(".embed-choice");

  function absolute(snippet) {  // a base_url that is a path gives root-relative URLs
    return snippet.replace(/(href|src|cite)="\/(?!\/)/g, function (_, name) {
      return name + '="' + window.location.origin + "/";
    });
  }
  code.value = absolute(code.value);

  function say(text) { if (status) { status.textContent = text; } }
  function selectCode() { code.focus(); code.select(); code.setSelectionRange(0, code.value.length); }
  if (button) {
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(function () {
          say("Copied.");
        }, function () {
          selectCode();
          say("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
        });
      } else {
        selectCode();
        say("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
      }
    });
  }
  if (choice) {
    choice.addEventListener("change", function () {
      var option = choice.options[choice.selectedIndex];
      code.value = absolute(option.getAttribute("data-snippet"));
      if (preview) { preview.src = option.value; }
      say("");
    });
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin && event.origin !== "null") { return; }
    var data = event.data;
    if (!preview || event.source !== preview.contentWindow || !data ||
        data.type !== "briefkit:embed-height" || typeof data.height !== "number") { return; }
    preview.style.height = Math.max(0, Math.min(Math.round(data.height), 5000)) + "px";
  });
})();
