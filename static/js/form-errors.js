// A page that comes back with errors puts focus on its error summary, so keyboard and
// screen-reader users start there rather than at the top of the page (WCAG 3.3.1). The
// summary's links then take them to each field. Not when the address names a place to go.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary && !window.location.hash) summary.focus();
})();
