// plotly for the reports (page and PDF): the radar of enabler scores. The dials are
// drawn on the server as SVG (frameworks/gauges.py), so no gauge code is needed here.
var Plotly = require("./plotly-partial");

Plotly.register([require("plotly.js/src/traces/scatterpolar")]);

module.exports = Plotly;
