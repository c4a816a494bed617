// pmmaturity page behaviour: no inline scripts, so a strict CSP stays possible.
(function () {
  "use strict";

  // Draw every plotly figure whose JSON sits in a <script type="application/json">.
  // window.pmChartsDrawn turns true once all are drawn (the PDF renderer waits for it).
  function drawCharts() {
    if (typeof window.Plotly === "undefined") { window.pmChartsDrawn = true; return; }
    var drawing = [];
    document.querySelectorAll("[data-plotly]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly"));
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      drawing.push(window.Plotly.newPlot(el, figure.data, figure.layout || {}, {
        displayModeBar: false,
        responsive: !el.hasAttribute("data-static"),
        staticPlot: el.hasAttribute("data-static"),
      }));
    });
    Promise.all(drawing).then(function () { window.pmChartsDrawn = true; });
  }

  // "Copy link" buttons copy the text of the field they name.
  function wireCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.getElementById(button.getAttribute("data-copy"));
        field.select();
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  function wirePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    wirePrintButtons();
    wireCopyButtons();
  });
})();
