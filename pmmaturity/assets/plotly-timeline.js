// plotly for the roadmap board: the timeline of actions as horizontal bars.
var Plotly = require("./plotly-partial");

Plotly.register([require("plotly.js/src/traces/bar")]);

module.exports = Plotly;
