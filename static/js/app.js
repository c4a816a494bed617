// pmmaturity page behaviour: no inline scripts, so a strict CSP stays possible.
(function () {
  "use strict";

  // Draw every plotly figure whose JSON sits in a <script type="application/json">, each as
  // soon as plotly has arrived and the page has been read past it, not only once the whole
  // page has: a big round's report is long (its comments) and its chart sits near the top.
  // window.pmChartsDrawn turns true once all are drawn (the PDF renderer waits for it).
  var drawing = [];

  function drawParsedCharts() {
    if (typeof window.Plotly === "undefined") return;
    var parsing = document.readyState === "loading";
    document.querySelectorAll("[data-plotly]").forEach(function (el) {
      if (el.pmDrawn) return;
      var source = document.getElementById(el.getAttribute("data-plotly"));
      // While the page is read, a figure's JSON is whole only once something follows it.
      if (!source || (parsing && !source.nextSibling)) return;
      el.pmDrawn = true;
      var figure = JSON.parse(source.textContent);
      drawing.push(window.Plotly.newPlot(el, figure.data, figure.layout || {}, {
        displayModeBar: false,
        responsive: !el.hasAttribute("data-static"),
        staticPlot: el.hasAttribute("data-static"),
      }));
    });
  }

  // Calls back once plotly is there, or will not come: the page links no bundle, or it
  // failed to load (the charts' tables still tell everything).
  function whenPlotly(callback) {
    var bundle = document.querySelector("script[data-plotly-bundle]");
    if (typeof window.Plotly !== "undefined" || !bundle) { callback(); return; }
    bundle.addEventListener("load", callback);
    bundle.addEventListener("error", callback);
  }

  function drawCharts() {
    whenPlotly(function () {
      drawParsedCharts();
      Promise.all(drawing).then(function () { window.pmChartsDrawn = true; });
    });
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

  function start() {
    drawCharts();
    wirePrintButtons();
    wireCopyButtons();
  }

  whenPlotly(drawParsedCharts);
  // Loaded with async on pages with charts, so the page may be read in full already.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
