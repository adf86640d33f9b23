/* Explorable figures of "Scaling Laws, Recomputed" (see lib/llmscale/explore.py).
 *
 * For every element with the class "explore": read its JSON grid (computed by llmscale at
 * build time), draw the Vega-Lite spec with vega-embed (SVG, no actions), and wire the
 * labelled controls: a control change sets the matching Vega parameter and shows the text of
 * the selected grid row. The browser only selects rows; no formula lives here.
 * Vega is loaded (from ../vega/ next to this file, never a CDN) only on pages that have an
 * explorable figure, after the first paint, and not at all in the single-page build, which
 * keeps the static figure.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("../vega/", script ? script.src : document.baseURI).href;
  var LIBS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("explore.js: could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadVega() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    // The UMD builds register with an AMD loader (require.js) when one is present; hide it
    // while they load so that they become globals and do not clash with the page's loader.
    var hadDefine = Object.prototype.hasOwnProperty.call(window, "define");
    var define = window.define;
    window.define = undefined;
    function restore() { if (hadDefine) { window.define = define; } else { try { delete window.define; } catch (e) { window.define = undefined; } } }
    return LIBS.reduce(function (p, f) { return p.then(function () { return load(base + f); }); }, Promise.resolve())
      .then(function () { restore(); }, function (e) { restore(); throw e; });
  }

  function column(col, n) {
    if (Array.isArray(col)) { return col; }
    var out = new Array(n);
    for (var i = 0; i < n; i++) { out[i] = col.levels[col.codes[i]]; }
    return out;
  }

  function records(payload) {
    var names = Object.keys(payload.columns), cols = {}, rows = [], i, k;
    for (k = 0; k < names.length; k++) { cols[names[k]] = column(payload.columns[names[k]], payload.n); }
    for (i = 0; i < payload.n; i++) {
      var r = {};
      for (k = 0; k < names.length; k++) { r[names[k]] = cols[names[k]][i]; }
      rows.push(r);
    }
    return rows;
  }

  function init(el) {
    var payload = JSON.parse(el.querySelector("script.explore-data").textContent);
    var rows = records(payload);
    var controls = payload.controls;
    var key = function (vals) { return JSON.stringify(vals); };
    var texts = new Map();
    rows.forEach(function (r) {
      var k = key(controls.map(function (c) { return r[c.field]; }));
      if (!texts.has(k)) { texts.set(k, r._text); }
    });
    var inputs = Array.prototype.slice.call(el.querySelectorAll("[data-control]"));
    var state = inputs.map(function (input) { return controls[+input.dataset.control].values[+input.value]; });
    var readout = el.querySelector(".explore-readout");
    var spec = payload.spec;
    spec.datasets = {grid: rows};
    return vegaEmbed(el.querySelector(".explore-mount"), spec, {renderer: "svg", actions: false})
      .then(function (result) {
        var view = result.view, renders = 0;
        inputs.forEach(function (input, j) {
          var i = +input.dataset.control, c = controls[i];
          var update = function () {
            var idx = +input.value;
            state[j] = c.values[idx];
            if (input.type === "range") {
              input.setAttribute("aria-valuetext", c.labels[idx]);
              var out = el.querySelector('output[for="' + input.id + '"]');
              if (out) { out.textContent = c.labels[idx]; }
            }
            var text = texts.get(key(state));
            readout.textContent = text === undefined ? "This combination is not in the grid." : text;
            view.signal(c.param, state[j]);
            var n = ++renders;
            return view.runAsync().then(function () {
              if (n === renders) { el.setAttribute("data-explore-rendered", String(n)); }
            });
          };
          input.addEventListener(input.tagName === "SELECT" ? "change" : "input", update);
        });
        el.querySelector(".explore-controls").hidden = false;
        el.classList.add("explore-live");
      });
  }

  function start() {
    var figures = document.querySelectorAll(".explore");
    if (!figures.length) { return; }
    // Sphinx declares it with "const": a global binding, not a property of window.
    var options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;  // eslint-disable-line no-undef
    if (options.BUILDER === "singlehtml") { return; }  // the printable page keeps the static figures
    loadVega().then(function () {
      Array.prototype.forEach.call(figures, function (el) {
        // one figure's failure leaves its static figure in place and the others working
        Promise.resolve(el).then(init).catch(function (e) { console.error("explore.js: " + el.id + ": " + e); });
      });
    }, function (e) { console.error(e.message); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
