// A page that comes back with errors puts focus on its error summary, so keyboard and
// screen-reader users start there rather than at the top of the page (WCAG 3.3.1), unless the
// address names a place to go. Each of the summary's links then moves focus to its field (for
// a radio or checkbox group, its first choice), with the field's label or legend in view.
(function () {
  "use strict";
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
})();
