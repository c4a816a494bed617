// The calendar feeds page: copy a new feed's address (shown only once) and say so aloud.
(function () {
  "use strict";

  function say(status, text) {
    if (status) { status.textContent = text; }
  }

  function wire(button) {
    var field = document.getElementById(button.getAttribute("data-copy-feed"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.addEventListener("click", function () {
      field.focus();
      field.select();
      var copied = function () { say(status, "Address copied. Paste it into your calendar app."); };
      var byHand = function () {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        if (ok) { copied(); } else { say(status, "Press Ctrl+C (or Cmd+C) to copy the selected address."); }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, byHand);
      } else {
        byHand();
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-copy-feed]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
