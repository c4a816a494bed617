// Every page (no inline scripts: a strict CSP stays possible).
(function () {
  "use strict";

  // A table wider than the screen scrolls sideways inside its .table-responsive box, which
  // the keyboard can scroll only if the box can take focus (WCAG 2.1.1). So while it
  // overflows, and only then, the box is a focusable region named after its table.
  function markScrollingTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var name = caption ? caption.textContent.trim() + " (scrolls sideways)" : "Table, scrolls sideways";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
        box.setAttribute("data-scrolls", "");
      } else if (!scrolls && box.hasAttribute("data-scrolls")) {
        ["tabindex", "role", "aria-label", "data-scrolls"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  // A page that comes back with errors puts focus on its error summary, so keyboard and
  // screen-reader users start there rather than at the top of the page (WCAG 3.3.1), unless
  // the address names a place to go. Each of the summary's links then moves focus to its
  // field (for a radio or checkbox group, its first choice), with its label or legend in view.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      (field.closest("fieldset") || field.closest(".mb-3") || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
    if (!window.location.hash) summary.focus();
  }

  markScrollingTables();
  focusErrorSummary();
  var waiting;
  window.addEventListener("resize", function () {
    clearTimeout(waiting);
    waiting = setTimeout(markScrollingTables, 150);
  });
})();
