/*
 * capsule_explorer.js: the capsule chapter's ligament explorer, computed in the page.
 *
 * The page carries the capsule model's data (JSON in <script id="cap-x-data">, made by
 * widgets.capsule_view.capsule_page_data), pathkernel.js (the course's path kernel: it
 * evaluates the four ligament paths exactly as the Python model's PathModel does) and
 * explorer_common.js. On top of the kernel's lengths this file repeats what
 * widgets.model.capsule.CapsuleModel adds: strain = length / (slack length x laxity) - 1,
 * taut when the strain is above 0, and the Blankevoort-Huiskes force. Colours, line styles,
 * hover text and readout words are built as widgets/capsule_figures.py and
 * widgets/capsule_view.py build them in Python; tests compare the two under node and in
 * Chromium.
 *
 * Every control change evaluates the posture and updates, with one Plotly.restyle, the
 * femur, the zona orbicularis, the four ligament lines and the strain bars, then the readout.
 * The posture and laxity live in the URL fragment (#flexion=-20&adduction=0&rotation=30&laxity=1,
 * also view=<name>); invalid values are named in a notice and not used.
 *
 * Under node, require() returns the pure functions for the tests; in a page it boots itself.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./pathkernel.js"), require("./explorer_common.js"));
  } else {
    root.CapsuleExplorer = factory(root.PathKernel, root.HipExplorerCommon);
    root.CapsuleExplorer.boot(root.document, root.Plotly);
  }
}(typeof self !== "undefined" ? self : this, function (PathKernel, C) {
  "use strict";

  var POSE = ["flexion", "adduction", "rotation"];
  var PARAMS = POSE.concat(["laxity"]);
  var PREFIX = "cap-x";

  function laxityControl(data) { return data.controls.filter(function (c) { return c.name === "laxity"; })[0]; }
  function checkLaxity(data, v) {     // widgets.model.capsule.check_laxity
    var c = laxityControl(data);
    if (typeof v !== "number" || !isFinite(v) || v < c.min || v > c.max) {
      throw new Error("laxity=" + String(v) + " is outside the allowed range [" + C.general(c.min) +
                      ", " + C.general(c.max) + "]");
    }
    return v;
  }
  // Blankevoort-Huiskes force (N) for one strain: widgets.model.capsule.blankevoort_force.
  function force(k, strain, et) {
    var e = Math.max(strain, 0);
    return k * (e < et ? e * e / (2 * et) : e - et / 2);
  }
  // CapsuleModel.evaluate for one posture (knee 0: no ligament crosses it), with the paths.
  function capsuleState(data, model, pose, laxity) {
    checkLaxity(data, laxity);
    var p = {flexion: pose.flexion, adduction: pose.adduction, rotation: pose.rotation, knee: 0};
    var r = model.evaluate(p, {polylines: true, arcPoints: 8});
    var st = {pose: p, laxity: laxity, length_m: r.length, paths: r.polylines,
              slack_m: [], strain: [], strain_pct: [], taut: [], force_n: []};
    for (var j = 0; j < r.length.length; j++) {
      var slack = data.slack_length_m[j] * laxity;
      var s = r.length[j] / slack - 1.0;
      st.slack_m.push(slack);
      st.strain.push(s);
      st.strain_pct.push(100 * s);
      st.taut.push(s > 0.0);
      st.force_n.push(force(data.stiffness_n[j], s, data.transition_strain));
    }
    return st;
  }

  // ------------------------------------------------------------ words and colours
  function stateWord(pct) { return pct > 0 ? "taut" : "slack"; }          // capsule_figures.state_word
  function strainColour(data, pct) {                                        // capsule_figures.strain_colour
    var lim = data.strain_limit_pct;
    return C.scaleColour(data.colorscale, (pct + lim) / (2 * lim));
  }
  function ligamentText(data, st, j) {                                      // capsule_figures.ligament_text
    var s = st.strain_pct[j];
    return "<b>" + C.escapeHtml(data.short_names[j]) + "</b><br>" + stateWord(s) + ": strain " +
      C.signed(s, 1) + " %<br>length " + C.fixed(st.length_m[j] * 1000, 1) + " mm, force " +
      C.fixed(st.force_n[j], 0) + " N";
  }
  function ligamentLine(data, st, j) {                                      // capsule_figures.ligament_traces
    var s = st.strain_pct[j], style = data.line_style[stateWord(s)];
    return {color: strainColour(data, s), width: style[0], dash: style[1]};
  }
  function barLength(data, pct) {                                           // capsule_figures.bar_length
    return Math.min(Math.max(pct, data.bar_range[0]), data.bar_range[1]);
  }
  function barData(data, st) {                                              // capsule_figures.bar_trace
    return {
      x: st.strain_pct.map(function (s) { return barLength(data, s); }),
      color: st.strain_pct.map(function (s) { return strainColour(data, s); }),
      pattern: st.strain_pct.map(function (s) { return data.bar_pattern[stateWord(s)]; }),
      text: st.strain_pct.map(function (s) { return C.signed(s, 1) + " % (" + stateWord(s) + ")"; })
    };
  }
  function poseWords(pose) {                                                // capsule_view.pose_words
    return "hip flexion " + C.general(pose.flexion) + "\u00b0, adduction " + C.general(pose.adduction) +
      "\u00b0, rotation " + C.general(pose.rotation) + "\u00b0";
  }
  function laxityWords(data, laxity) {                                      // capsule_view.laxity_words
    var word = null;
    Object.keys(data.levels).forEach(function (k) { if (data.levels[k] === laxity) { word = k; } });
    return "laxity " + C.general(laxity) + (word ? " (" + word + " hip)" : "");
  }
  function statusText(data, st) {                                           // capsule_view.status_text
    return "Posture: " + poseWords(st.pose) + "; " + laxityWords(data, st.laxity) + ". In this model:";
  }
  function readoutItems(data, st) {                                         // capsule_view.readout_items
    return data.names.map(function (name, j) {
      var s = st.strain_pct[j], word = stateWord(s);
      return name + ": strain " + C.signed(s, 1) + " %, " + word +
        (word === "taut" ? ", pulling " + C.fixed(st.force_n[j], 0) + " N" : "");
    });
  }

  // --------------------------------------------------------------------- URL fragment
  function parseFragment(data, hash) {
    return C.parseFragment(data.controls, hash, function (key, raw, out) {
      if (key !== "view") { return false; }
      if (!data.views[raw]) { out.errors.push("view=" + raw + " is not one of: " + Object.keys(data.views).join(", ")); }
      else { out.settings.view = raw; }
      return true;
    }, ["view"]);
  }
  function formatFragment(state) { return C.formatFragment(PARAMS, state, {laxity: 4}); }

  // ----------------------------------------------------------------------- the page
  function boot(doc, Plotly) {
    var dataEl = doc && doc.getElementById(PREFIX + "-data");
    if (!dataEl || !Plotly) { return null; }
    var data = JSON.parse(dataEl.textContent);
    var el = function (id) { return doc.getElementById(PREFIX + "-" + id); };
    var view = doc.getElementById("cap-explorer-view");
    var inputs = {}, state = {};
    PARAMS.forEach(function (k) { inputs[k] = el(k); });
    Object.keys(data.default).forEach(function (k) { state[k] = data.default[k]; });
    var model = PathKernel.create(data.kernel);            // the model's own femur
    var femurShape = model.femurPoints(data.femur_mesh), ring = model.femurPoints(data.ring);
    var st = null, traceIndex = null;
    function trace(name) {          // filled on first use: plotly may still be drawing at boot
      if (!traceIndex) {
        traceIndex = {};
        view.data.forEach(function (t, i) { traceIndex[t.name] = i; });
      }
      return traceIndex[name];
    }
    function showValue(k) {
      var text = C.general(state[k]);
      el(k + "-out").textContent = k === "laxity" ? text : text + "\u00b0";
      inputs[k].setAttribute("aria-valuetext", k === "laxity" ? laxityWords(data, state[k]) : text + " degrees");
    }
    function showLevels() {
      Array.prototype.forEach.call(doc.querySelectorAll("." + PREFIX + "-level"), function (b) {
        b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-laxity")) === state.laxity));
      });
    }
    // Evaluate and draw, with one Plotly.restyle. what.hip: the femur moved (else only the
    // laxity changed: the ligaments' colours, styles and the bars).
    function apply(what) {
      st = capsuleState(data, model, state, state.laxity);
      var u = data.unit, changes = [];
      if (what.hip) {
        var T = model.femurTransform(st.pose);
        [["femur", femurShape], ["zona orbicularis", ring]].forEach(function (b) {
          var xyz = C.place(T, b[1], u);
          changes.push([b[0], {x: xyz[0], y: xyz[1], z: xyz[2]}]);
        });
      }
      data.ids.forEach(function (id, j) {
        var line = ligamentLine(data, st, j), c = {text: ligamentText(data, st, j),
          "line.color": line.color, "line.width": line.width, "line.dash": line.dash};
        if (what.hip) {
          var p = st.paths[j], n = p.length / 3, x = new Array(n), y = new Array(n), z = new Array(n);
          for (var i = 0; i < n; i++) { x[i] = p[3 * i] * u; y[i] = p[3 * i + 1] * u; z[i] = p[3 * i + 2] * u; }
          c.x = x; c.y = y; c.z = z;
        }
        changes.push(["ligament " + id, c]);
      });
      var b = barData(data, st);
      changes.push(["strain", {x: b.x, text: b.text, "marker.color": b.color, "marker.pattern.shape": b.pattern}]);
      // restyle's form: {attribute: [value per trace]} (undefined = leave as it is)
      var upd = {}, idx = changes.map(function (c) { return trace(c[0]); });
      changes.forEach(function (c, n) {
        Object.keys(c[1]).forEach(function (k) {
          if (!upd[k]) { upd[k] = changes.map(function () { return undefined; }); }
          upd[k][n] = c[1][k];
        });
      });
      var done = Plotly.restyle(view, upd, idx);
      readout();
      writeFragment();
      return done;
    }
    function readout() {
      el("status").textContent = statusText(data, st);
      var ul = el("strains");
      ul.innerHTML = "";
      readoutItems(data, st).forEach(function (t) {
        var li = doc.createElement("li"); li.textContent = t; ul.appendChild(li);
      });
    }
    var updates = C.scheduler(apply, window), request = updates.request;
    var writeFragment = C.fragmentWriter(window, function () { return formatFragment(state); });
    function setValues(values) {     // values checked already; returns what changed
      var what = {};
      Object.keys(values).forEach(function (k) {
        if (state[k] === values[k]) { return; }
        state[k] = values[k];
        inputs[k].value = String(values[k]);
        showValue(k);
        what[k === "laxity" ? "laxity" : "hip"] = true;
      });
      if (what.laxity) { showLevels(); }
      return what;
    }
    function clearPreset() { el("preset").value = ""; el("preset-note").textContent = ""; }
    function notice(errors) {
      var n = el("notice");
      if (!errors.length) { n.hidden = true; n.textContent = ""; return; }
      n.textContent = "Not used from the link: " + errors.join("; ") + ". The explorer keeps its last valid settings.";
      n.hidden = false;
    }
    function setView(name) {
      Plotly.relayout(view, {"scene.camera": data.views[name]});
      Array.prototype.forEach.call(doc.querySelectorAll("." + PREFIX + "-view"), function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === name));
      });
    }
    function applyFragment(hash) {
      var f = parseFragment(data, hash);
      if (!f) { return false; }
      notice(f.errors);
      var what = setValues(f.values);
      if (Object.keys(what).length) { clearPreset(); request(what); }
      if (f.settings.view) { setView(f.settings.view); }
      return true;
    }

    // wiring
    PARAMS.forEach(function (k) {
      inputs[k].addEventListener("input", function () {
        var v = parseFloat(inputs[k].value), w = {};
        if (!isFinite(v)) { return; }
        w[k] = v;
        if (k !== "laxity") { clearPreset(); }
        request(setValues(w));
      });
    });
    el("preset").addEventListener("change", function () {
      var id = el("preset").value, p = data.presets.filter(function (q) { return q.id === id; })[0];
      var note = el("preset-note");
      if (!p) { note.textContent = ""; return; }
      var values = {};
      POSE.forEach(function (k, i) { values[k] = p.pose[i]; });
      note.innerHTML = "<b>" + C.escapeHtml(p.label) + "</b> (basis: " + C.escapeHtml(p.basis) +
        (p.source ? ", source: " + C.escapeHtml(p.source) : "") + "). " + C.escapeHtml(p.note);
      request(setValues(values));
    });
    el("reset").addEventListener("click", function () {
      clearPreset();
      notice([]);
      request(setValues(data.default));
    });
    Array.prototype.forEach.call(doc.querySelectorAll("." + PREFIX + "-level"), function (b) {
      b.addEventListener("click", function () { request(setValues({laxity: Number(b.getAttribute("data-laxity"))})); });
    });
    Array.prototype.forEach.call(doc.querySelectorAll("." + PREFIX + "-view"), function (b) {
      b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
    });
    window.addEventListener("hashchange", function () { applyFragment(window.location.hash); });

    PARAMS.forEach(showValue);
    showLevels();
    // the figure as the page computes it (the one written at build time has 0.1 mm steps)
    request({hip: true});
    if (window.location.hash) { applyFragment(window.location.hash); }
    var api = {
      data: data, state: state,
      current: function () { return st; },
      settled: updates.settled,
      request: request, applyFragment: applyFragment, trace: trace
    };
    window.capsuleExplorer = api;
    return api;
  }

  return {
    boot: boot, capsuleState: capsuleState, force: force, stateWord: stateWord,
    strainColour: strainColour, ligamentText: ligamentText, ligamentLine: ligamentLine,
    barData: barData, poseWords: poseWords, laxityWords: laxityWords, statusText: statusText,
    readoutItems: readoutItems, parseFragment: parseFragment, formatFragment: formatFragment
  };
}));
