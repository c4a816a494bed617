// The plotly.js we serve: only the chart types the app draws (radar, gauge, timeline bars),
// bundled by esbuild at install time from the plotly.js npm package (`npm run build`).
// A quarter of the full library's size; half the work for the browser (and the PDF worker).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/scatterpolar"), // the radar of enabler scores
  require("plotly.js/lib/indicator"), // the dashboard gauges
  require("plotly.js/lib/bar"), // the roadmap timeline
]);

module.exports = Plotly;
