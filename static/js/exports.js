// Export progress: ask the server how the file is getting on, update the page, and show the
// download once ready. Only network failures are retried, with growing pauses.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-export-status");
  var text = box.querySelector("[data-export-text]");
  var bar = box.querySelector("[data-export-bar]");
  var fill = bar.querySelector(".progress-bar");
  var widths = { queued: 15, running: 60, ready: 100, failed: 100 };
  var delay = 1000;

  function show(state) {
    text.textContent = "";
    var label = document.createElement("strong");
    label.textContent = state.label + ".";
    text.appendChild(label);
    text.appendChild(document.createTextNode(" " + state.text));
    var width = widths[state.status] || 15;
    bar.setAttribute("aria-valuenow", String(width));
    fill.style.width = width + "%";
    box.querySelectorAll("[data-step]").forEach(function (step) {
      var order = ["queued", "running", "ready"];
      var here = order.indexOf(step.getAttribute("data-step"));
      var now = order.indexOf(state.status);
      step.className = here < now || state.status === "ready" ? "done" : here === now ? "current" : "";
    });
    if (state.finished) {
      fill.classList.remove("progress-bar-striped", "progress-bar-animated");
      fill.classList.add(state.status === "ready" ? "bg-success" : "bg-danger");
      box.querySelector("[data-export-waiting]").hidden = true;
      box.querySelector(state.status === "ready" ? "[data-export-ready]" : "[data-export-failed]").hidden = false;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        delay = 1000;
        if (!state.finished) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  if (!box.querySelector("[data-export-waiting]").hidden) { window.setTimeout(poll, delay); }
})();
