// The part of plotly.js's core we use, shared by our two bundles (plotly-radar.js,
// plotly-timeline.js), which esbuild makes at install time from the plotly.js npm package's
// own modules (`npm run build`). It mirrors plotly.js/src/core.js, leaving out what our
// charts never use, so every page downloads and parses less:
// - components: annotations, images, menus, sliders, range sliders and selectors, grids,
//   error bars and colour bars are not registered; only the legend (the radar's groups,
//   the timeline's statuses), hover, and two whose layout defaults plotly's drawing reads
//   (shapes, for the legend; the mode bar, which app.js turns off);
// - API methods: only drawing and redrawing (newPlot, react, relayout, ... for
//   `responsive`), not image export, validation or templates;
// - the Promise polyfill (every browser we serve has Promise).
// Plotly calls an unregistered component through the registry as a no-op.
"use strict";

require("plotly.js/build/plotcss");

var Registry = require("plotly.js/src/registry");
var plotApi = require("plotly.js/src/plot_api/plot_api");

exports.version = require("plotly.js/src/version").version;
exports.register = Registry.register;

[
  "_doPlot", "newPlot", "restyle", "relayout", "redraw", "update", "react", "purge",
  "_guiRestyle", "_guiRelayout", "_guiUpdate", "_storeDirectGUIEdit", "setPlotConfig",
].forEach(function (name) {
  // Names with "_" are internal, but plotly calls them through the registry.
  if (name.charAt(0) !== "_") exports[name] = plotApi[name];
  Registry.register({ moduleType: "apiMethod", name: name, fn: plotApi[name] });
});

Registry.register(require("plotly.js/src/traces/scatter")); // every trace type builds on it
Registry.register([
  require("plotly.js/src/components/shapes"), // the legend reads its layout defaults
  require("plotly.js/src/components/legend"),
  require("plotly.js/src/components/fx"), // hover labels; after the legend, as in core.js
  require("plotly.js/src/components/modebar"), // hidden, but its defaults are read
]);
Registry.register([require("plotly.js/src/locale-en"), require("plotly.js/src/locale-en-us")]);
