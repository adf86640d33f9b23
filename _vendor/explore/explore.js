/* Explorable figures of "Scaling Laws, Recomputed" (see lib/llmscale/explore.py).
 *
 * For every element with the class "explore": read its JSON grid (computed by llmscale at
 * build time), wire the labelled controls, and on every change select the grid rows that
 * match, show the selected row's text, and draw them as an SVG chart (lines, a band, a
 * reference line, the selected point, log or linear axes, a legend). The browser only selects
 * rows and places them on axes; no formula of the book lives here. Nothing is fetched: the
 * script needs no library, so it costs the page a few kilobytes. It runs after the first paint
 * (deferred), and not in the single-page build, which keeps the static figure.
 */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var PREFIX = {"-24": "y", "-21": "z", "-18": "a", "-15": "f", "-12": "p", "-9": "n", "-6": "\u00b5", "-3": "m",
                "0": "", "3": "k", "6": "M", "9": "G", "12": "T", "15": "P", "18": "E", "21": "Z", "24": "Y"};

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

  // --- number formats (a small subset of d3-format: "~s", "$~s", ".0e", "~g", "d", ".0%") ---
  function trim(s) { return s.indexOf("e") < 0 && s.indexOf(".") >= 0 ? s.replace(/\.?0+$/, "") : s; }

  function si(v) {
    if (v === 0) { return "0"; }
    var e = Math.max(-24, Math.min(24, 3 * Math.floor(Math.log10(Math.abs(v)) / 3)));
    return trim((v / Math.pow(10, e)).toPrecision(3)) + PREFIX[String(e)];
  }

  function formatter(fmt) {
    if (fmt === "$~s") { return function (v) { return "$" + si(v); }; }
    if (fmt === ".0e") { return function (v) { return v.toExponential(0); }; }
    if (fmt === "~g") { return function (v) { return trim(String(+v.toPrecision(6))); }; }
    if (fmt === "d") { return function (v) { return String(Math.round(v)); }; }
    if (fmt === ".0%") { return function (v) { return Math.round(v * 100) + "%"; }; }
    return si;
  }

  // --- scales and ticks ---
  function extent(values, log) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) {
      if (typeof v === "number" && isFinite(v) && (!log || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    if (lo === Infinity) { return log ? [1, 10] : [0, 1]; }
    if (lo === hi) { return log ? [lo / 2, hi * 2] : [lo - (Math.abs(lo) || 1) / 2, hi + (Math.abs(hi) || 1) / 2]; }
    return [lo, hi];
  }

  function scale(dom, range, log) {
    var f = log ? Math.log10 : function (v) { return v; };
    var a = f(dom[0]), b = f(dom[1]);
    return function (v) { return range[0] + (f(v) - a) / (b - a) * (range[1] - range[0]); };
  }

  function ticks(dom, log) {
    var out = [], k, v;
    if (log) {
      var a = Math.floor(Math.log10(dom[0]) + 1e-9), b = Math.ceil(Math.log10(dom[1]) - 1e-9);
      var step = Math.max(1, Math.ceil((b - a) / 8));
      for (k = a; k <= b; k += step) {
        v = Math.pow(10, k);
        if (v >= dom[0] * (1 - 1e-9) && v <= dom[1] * (1 + 1e-9)) { out.push(v); }
      }
      if (out.length < 2) {
        out = [];
        for (k = a - 1; k <= b; k++) {
          [1, 2, 5].forEach(function (m) {
            var t = m * Math.pow(10, k);
            if (t >= dom[0] * (1 - 1e-9) && t <= dom[1] * (1 + 1e-9)) { out.push(t); }
          });
        }
      }
      return out;
    }
    var raw = (dom[1] - dom[0]) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var st = [1, 2, 5, 10].map(function (m) { return m * mag; }).filter(function (s) { return s >= raw; })[0];
    for (v = Math.ceil(dom[0] / st - 1e-9) * st; v <= dom[1] + st * 1e-9; v += st) { out.push(+v.toPrecision(12)); }
    return out;
  }

  function node(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // --- the chart: the selected rows on axes ---
  function draw(mount, chart, rows, controls, state) {
    var x = chart.x, y = chart.y, color = chart.color, band = chart.band;
    var sel = {};
    controls.forEach(function (c, i) { sel[c.field] = state[i]; });
    var shown = rows.filter(function (r) {
      return chart.series.every(function (f) { return r[f] === sel[f]; });
    });
    var xlog = chart.x_scale === "log", ylog = chart.y_scale === "log";
    var ys = [];
    shown.forEach(function (r) { ys.push(r[y]); if (band) { ys.push(r[band[0]], r[band[1]]); } });
    if (chart.hline) { ys.push(chart.hline[0]); }
    var xs = shown.map(function (r) { return r[x]; });
    if (chart.diagonal) { xs = xs.concat(ys); ys = xs; }  // predicted against measured: one range on both axes
    var xd = extent(xs, xlog), yd = extent(ys, ylog);
    var groups = chart.groups.length ? chart.groups : [null];
    var legendRows = color ? Math.ceil(groups.length / 3) : 0;
    var W = chart.width, H = chart.height, m = {l: 72, r: 24, t: chart.title ? 30 : 12, b: 48 + 20 * legendRows};
    var sx = scale(xd, [m.l, W - m.r], xlog), sy = scale(yd, [H - m.b, m.t], ylog);
    var fx = formatter(chart.x_format), fy = formatter(chart.y_format);
    var svg = node("svg", {xmlns: SVGNS, viewBox: "0 0 " + W + " " + H, width: W, height: H,
                           "font-family": "sans-serif", "font-size": 11, "aria-hidden": "true"});
    if (chart.title) {
      svg.appendChild(node("text", {x: m.l, y: 18, "font-size": 13, "font-weight": "bold"}, chart.title));
    }
    var grid = node("g", {stroke: "#e5e5e5"});
    var axes = node("g", {fill: "#333"});
    ticks(xd, xlog).forEach(function (t) {
      var px = sx(t).toFixed(1);
      grid.appendChild(node("line", {x1: px, x2: px, y1: m.t, y2: H - m.b}));
      axes.appendChild(node("text", {x: px, y: H - m.b + 16, "text-anchor": "middle"}, fx(t)));
    });
    ticks(yd, ylog).forEach(function (t) {
      var py = sy(t).toFixed(1);
      grid.appendChild(node("line", {x1: m.l, x2: W - m.r, y1: py, y2: py}));
      axes.appendChild(node("text", {x: m.l - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle"}, fy(t)));
    });
    svg.appendChild(grid);
    svg.appendChild(node("rect", {x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none",
                                  stroke: "#888"}));
    axes.appendChild(node("text", {x: (m.l + W - m.r) / 2, y: H - m.b + 34, "text-anchor": "middle",
                                   "font-size": 12}, chart.x_title));
    axes.appendChild(node("text", {transform: "translate(14," + ((m.t + H - m.b) / 2) + ") rotate(-90)",
                                   "text-anchor": "middle", "font-size": 12}, chart.y_title));
    svg.appendChild(axes);
    var ok = function (v, log) { return typeof v === "number" && isFinite(v) && (!log || v > 0); };
    var plot = node("g", {fill: "none"}), drawn = 0;
    groups.forEach(function (g, i) {
      var pts = shown.filter(function (r) { return g === null || r[color] === g; })
        .sort(function (a, b) { return a[x] - b[x]; });
      var col = chart.palette[i % chart.palette.length];
      if (band) {
        var inb = pts.filter(function (r) { return ok(r[band[0]], ylog) && ok(r[band[1]], ylog) && ok(r[x], xlog); });
        if (inb.length > 1) {
          var d = inb.map(function (r, j) { return (j ? "L" : "M") + sx(r[x]).toFixed(1) + "," + sy(r[band[1]]).toFixed(1); })
            .concat(inb.slice().reverse().map(function (r) { return "L" + sx(r[x]).toFixed(1) + "," + sy(r[band[0]]).toFixed(1); }))
            .join("") + "Z";
          plot.appendChild(node("path", {d: d, fill: col, "fill-opacity": 0.2, stroke: "none"}));
        }
      }
      if (chart.mark === "point") {
        pts.forEach(function (r) {
          if (ok(r[x], xlog) && ok(r[y], ylog)) {
            plot.appendChild(node("circle", {cx: sx(r[x]).toFixed(1), cy: sy(r[y]).toFixed(1), r: 3.5, fill: col,
                                             "fill-opacity": 0.75, stroke: "none"}));
            drawn += 1;
          }
        });
        return;
      }
      var path = "", pen = false;
      pts.forEach(function (r) {
        if (ok(r[x], xlog) && ok(r[y], ylog)) {
          path += (pen ? "L" : "M") + sx(r[x]).toFixed(1) + "," + sy(r[y]).toFixed(1);
          pen = true;
          drawn += 1;
        } else { pen = false; }
      });
      var wide = g === null || !chart.highlight || g === sel[color];
      if (path) { plot.appendChild(node("path", {d: path, stroke: col, "stroke-width": wide ? 3 : 1.3})); }
    });
    svg.appendChild(plot);
    if (!drawn) {   // e.g. a model never measured on the chosen chip: say so inside the frame
      svg.appendChild(node("text", {x: (m.l + W - m.r) / 2, y: (m.t + H - m.b) / 2, "text-anchor": "middle",
                                    fill: "#555", "font-size": 13, "class": "explore-empty"}, "No point for this selection"));
    }
    if (chart.diagonal && drawn) {
      var lo = Math.max(xd[0], yd[0]), hi = Math.min(xd[1], yd[1]);
      svg.appendChild(node("line", {x1: sx(lo).toFixed(1), y1: sy(lo).toFixed(1), x2: sx(hi).toFixed(1), y2: sy(hi).toFixed(1),
                                    stroke: "#555", "stroke-dasharray": "6 4"}));
    }
    if (chart.hline) {
      var hy = sy(chart.hline[0]).toFixed(1);
      svg.appendChild(node("line", {x1: m.l, x2: W - m.r, y1: hy, y2: hy, stroke: "#555", "stroke-dasharray": "6 4"}));
      svg.appendChild(node("text", {x: m.l + 4, y: hy - 5, fill: "#555"}, chart.hline[1]));
    }
    if (chart.point) {
      shown.forEach(function (r) {
        if (controls.every(function (c) { return r[c.field] === sel[c.field]; }) && ok(r[x], xlog) && ok(r[y], ylog)) {
          svg.appendChild(node("circle", {cx: sx(r[x]).toFixed(1), cy: sy(r[y]).toFixed(1), r: 5, fill: "black"}));
        }
      });
    }
    if (color) {
      var legend = node("g", {});
      groups.forEach(function (g, i) {
        var lx = m.l + (i % 3) * ((W - m.l - m.r) / 3), ly = H - 20 * legendRows + 20 * Math.floor(i / 3) - 4;
        var lc = chart.palette[i % chart.palette.length];
        legend.appendChild(chart.mark === "point" ? node("circle", {cx: lx + 9, cy: ly, r: 4, fill: lc})
          : node("line", {x1: lx, x2: lx + 18, y1: ly, y2: ly, stroke: lc, "stroke-width": 3}));
        legend.appendChild(node("text", {x: lx + 24, y: ly, "dominant-baseline": "middle"}, String(g)));
      });
      svg.appendChild(legend);
    }
    mount.replaceChildren(svg);
  }

  function init(el) {
    var payload = JSON.parse(el.querySelector("script.explore-data").textContent);
    var rows = records(payload);
    var controls = payload.controls, chart = payload.chart;
    var key = function (vals) { return JSON.stringify(vals); };
    var texts = new Map();
    rows.forEach(function (r) {
      var k = key(controls.map(function (c) { return r[c.field]; }));
      if (!texts.has(k)) { texts.set(k, r._text); }
    });
    var inputs = Array.prototype.slice.call(el.querySelectorAll("[data-control]"));
    var state = controls.map(function () { return null; });
    var readout = el.querySelector(".explore-readout");
    var mount = el.querySelector(".explore-mount");
    var renders = 0;
    function render() {
      inputs.forEach(function (input) {
        var i = +input.dataset.control, c = controls[i], idx = +input.value;
        state[i] = c.values[idx];
        if (input.type === "range") {
          input.setAttribute("aria-valuetext", c.labels[idx]);
          var out = el.querySelector('output[for="' + input.id + '"]');
          if (out) { out.textContent = c.labels[idx]; }
        }
      });
      var text = texts.get(key(state));
      readout.textContent = text === undefined ? "This combination is not in the grid." : text;
      draw(mount, chart, rows, controls, state);
      el.setAttribute("data-explore-rendered", String(++renders));
    }
    inputs.forEach(function (input) {
      input.addEventListener(input.tagName === "SELECT" ? "change" : "input", render);
    });
    render();
    el.querySelector(".explore-controls").hidden = false;
    el.classList.add("explore-live");
  }

  function start() {
    var figures = document.querySelectorAll(".explore");
    if (!figures.length) { return; }
    // Sphinx declares it with "const": a global binding, not a property of window.
    var options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;  // eslint-disable-line no-undef
    if (options.BUILDER === "singlehtml") { return; }  // the printable page keeps the static figures
    Array.prototype.forEach.call(figures, function (el) {
      // one figure's failure leaves its static figure in place and the others working
      try { init(el); } catch (e) { console.error("explore.js: " + el.id + ": " + e); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
