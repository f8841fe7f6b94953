/*
 * explorer_common.js: helpers shared by the course's in-page explorers (femur_explorer.js,
 * capsule_explorer.js). Inline it in a page before them.
 *
 * - Python-like number formatting (fixed, signed, general), HTML escaping;
 * - scaleColour: a colour of a plotly colour scale, as widgets.femur_view.scale_colour;
 * - place: body-frame points -> pelvis frame with a kernel transform {R, o};
 * - the URL fragment: parseFragment / formatFragment over a list of numeric controls
 *   ({name, label, min, max, unit}), with a hook for other settings;
 * - scheduler: one update per animation frame, inputs arriving meanwhile merged.
 *
 * Browser: window.HipExplorerCommon; node: require("./explorer_common.js").
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) { module.exports = factory(); }
  else { root.HipExplorerCommon = factory(); }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ------------------------------------------------------------ formatting (as Python's)
  function fixed(v, d) { return Object.is(v, -0) ? "-" + (0).toFixed(d) : v.toFixed(d); }
  function signed(v, d) {       // Python format(v, "+.{d}f")
    return (v < 0 || Object.is(v, -0) ? "-" + (-v).toFixed(d) : "+" + v.toFixed(d));
  }
  function general(v) {         // Python format(v, "g") for the angles shown
    var s = String(Number(v.toPrecision(6)));
    return Object.is(v, -0) ? "-0" : s;
  }
  function escapeHtml(s, quote) {
    s = String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return quote === false ? s : s.replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  // A colour scale's colour at t in [0, 1] (clipped), "#rrggbb", linear in RGB between stops.
  function scaleColour(scale, t) {
    t = Math.min(Math.max(t, 0), 1);
    for (var i = 1; i < scale.length; i++) {
      if (t <= scale[i][0]) {
        var f = (t - scale[i - 1][0]) / (scale[i][0] - scale[i - 1][0]), out = "#";
        for (var k = 1; k < 7; k += 2) {
          var a = parseInt(scale[i - 1][1].slice(k, k + 2), 16), b = parseInt(scale[i][1].slice(k, k + 2), 16);
          var v = Math.floor(a + f * (b - a) + 0.5);
          out += (v < 16 ? "0" : "") + v.toString(16);
        }
        return out;
      }
    }
    return scale[scale.length - 1][1];
  }

  // Points (flat, body frame) -> [x[], y[], z[]] in the pelvis frame, times an optional unit.
  function place(T, flat, unit) {
    var R = T.R, o = T.o, u = unit || 1, n = flat.length / 3;
    var x = new Array(n), y = new Array(n), z = new Array(n);
    for (var i = 0, p = 0; i < n; i++, p += 3) {
      var a = flat[p], b = flat[p + 1], c = flat[p + 2];
      x[i] = (R[0] * a + R[1] * b + R[2] * c + o[0]) * u;
      y[i] = (R[3] * a + R[4] * b + R[5] * c + o[1]) * u;
      z[i] = (R[6] * a + R[7] * b + R[8] * c + o[2]) * u;
    }
    return [x, y, z];
  }

  // --------------------------------------------------------------------- URL fragment
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
  function controlOf(controls, name) {
    for (var i = 0; i < controls.length; i++) { if (controls[i].name === name) { return controls[i]; } }
    return null;
  }
  function rangeText(c) {
    return general(c.min) + " to " + general(c.max) + (c.unit === undefined ? "\u00b0" : c.unit);
  }
  // Read a fragment ("#a=1&b=2") against numeric controls: {values, settings, errors}; null if
  // it is no explorer link (e.g. a section anchor). Invalid values are left out and explained
  // in errors. other(key, raw, out) handles further settings and returns true if it knew the
  // key; otherKeys lists them for the message about unknown keys.
  function parseFragment(controls, hash, other, otherKeys) {
    var text = String(hash || "").replace(/^#/, "");
    if (text.indexOf("=") < 0) { return null; }
    var out = {values: {}, settings: {}, errors: []};
    text.split("&").forEach(function (part) {
      if (!part) { return; }
      var eq = part.indexOf("="), key, raw;
      try {
        key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
        raw = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      } catch (e) {
        out.errors.push("'" + part + "' is not a valid link setting"); return;
      }
      var c = controlOf(controls, key);
      if (c) {
        var v = Number(raw);
        if (!NUMBER.test(raw.trim()) || !isFinite(v)) {
          out.errors.push(key + "=" + raw + " is not a number: " + c.label.toLowerCase() + " takes " + rangeText(c));
        } else if (v < c.min || v > c.max) {
          out.errors.push(key + "=" + raw + " is outside the valid range: " + c.label.toLowerCase() +
                          " takes " + rangeText(c));
        } else { out.values[key] = v; }
      } else if (!(other && other(key, raw, out))) {
        out.errors.push("'" + key + "' is not a setting of this explorer (settings: " +
                        controls.map(function (q) { return q.name; }).concat(otherKeys || []).join(", ") + ")");
      }
    });
    return out;
  }
  // "a=1&b=2.5" for the named values; digits: decimals kept per name (default 2).
  function formatFragment(names, state, digits) {
    return names.map(function (k) {
      var d = (digits && digits[k] !== undefined) ? digits[k] : 2, f = Math.pow(10, d);
      return k + "=" + String(Math.round(state[k] * f) / f);
    }).join("&");
  }

  // ------------------------------------------------------------------- scheduling
  // apply(what) draws and returns a promise; request(what) runs it now, or merges what into
  // the next frame's update if one is being drawn. settled() resolves after the last update.
  function scheduler(apply, win) {
    var busy = false, pending = null, last = null;
    function flush() {
      var what = pending;
      pending = null;
      busy = true;
      last = apply(what);
      var next = function () {
        busy = false;
        if (pending) { flush(); }
      };
      if (win && win.requestAnimationFrame) { win.requestAnimationFrame(next); } else { setTimeout(next, 16); }
    }
    return {
      request: function (what) {
        if (!what || !Object.keys(what).length) { return; }
        pending = pending || {};
        Object.keys(what).forEach(function (k) { pending[k] = pending[k] || what[k]; });
        if (!busy) { flush(); }
      },
      settled: function () { return last || Promise.resolve(); }
    };
  }
  // Write the URL fragment a little after the last change (no history entry per step).
  function fragmentWriter(win, format) {
    var timer = null;
    return function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () {
        timer = null;
        if (win.history && win.history.replaceState) { win.history.replaceState(null, "", "#" + format()); }
      }, 250);
    };
  }

  return {
    fixed: fixed, signed: signed, general: general, escapeHtml: escapeHtml, capitalize: capitalize,
    scaleColour: scaleColour, place: place,
    parseFragment: parseFragment, formatFragment: formatFragment, rangeText: rangeText,
    scheduler: scheduler, fragmentWriter: fragmentWriter
  };
}));
