// pmmaturity page behaviour: no inline scripts, so a strict CSP stays possible.
(function () {
  "use strict";

  // Draw every plotly figure whose JSON sits in a <script type="application/json">.
  function drawCharts() {
    if (typeof window.Plotly === "undefined") return;
    document.querySelectorAll("[data-plotly]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly"));
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, figure.data, figure.layout || {}, {
        displayModeBar: false,
        responsive: true,
        staticPlot: el.hasAttribute("data-static"),
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
  });
})();
