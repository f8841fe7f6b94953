/*
 * femur_explorer.js: the static femur explorer's page script (book page "The femur explorer").
 *
 * The page carries the model's data (JSON in <script id="hip-x-data">, made by
 * widgets.femur_view.explorer_data) and pathkernel.js (the path kernel). Every control change
 * evaluates the model for that pose and femur shape right here, then updates only what
 * changed: one Plotly.restyle of the moving traces of the 3-D view (muscle lines, and the
 * femur and tibia only when they move), one Plotly.restyle of the ranked chart, and the
 * readouts. Words and numbers are built exactly as widgets/femur_view.py builds them in
 * Python (muscle_text, changed_actions, action_html, bar_data, ...); the tests compare the two.
 *
 * The pose lives in the URL fragment, e.g.
 *   #flexion=90&adduction=0&rotation=-30&knee=0&anteversion=9.7&neck_shaft=129.2
 * (also muscle=<id>, action=<name>, labels=1, view=<name>). Invalid values are not used: a
 * notice names them and their valid range, and the last valid pose stays.
 *
 * Under node, require() returns the pure functions for the tests; in a page it boots itself.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./pathkernel.js"), require("./explorer_common.js"));
  } else {
    root.HipExplorer = factory(root.PathKernel, root.HipExplorerCommon);
    root.HipExplorer.boot(root.document, root.Plotly);
  }
}(typeof self !== "undefined" ? self : this, function (PathKernel, C) {
  "use strict";

  var POSE = ["flexion", "adduction", "rotation", "knee"];
  var FEMUR = ["anteversion", "neck_shaft"];
  var PARAMS = POSE.concat(FEMUR);
  // formatting as Python's, and the other helpers shared with the capsule explorer
  var fixed = C.fixed, signed = C.signed, general = C.general, escapeHtml = C.escapeHtml;
  var capitalize = C.capitalize, place = C.place;

  // --------------------------------------------------------------- model words and numbers
  function roleOf(v, weak, strong) {          // HipResult.roles for one moment arm (m)
    var a = Math.abs(v), size = a >= strong ? 2 : (a >= weak ? 1 : 0);
    return (v > 0 ? 1 : (v < 0 ? -1 : 0)) * size;
  }
  function roleWord(words, axis, role) {
    var w = words[axis][role > 0 ? 0 : 1];
    return Math.abs(role) === 2 ? w : "weak " + w;
  }
  function describe(data, ma) {               // widgets.model.hip.describe (ma in m)
    var order = [0, 1, 2, 3].sort(function (a, b) { return Math.abs(ma[b]) - Math.abs(ma[a]); });
    var parts = [];
    order.forEach(function (ax) {
      var v = ma[ax];
      if (Math.abs(v) < data.weak_m) { return; }
      var w = data.role_words[ax][v > 0 ? 0 : 1];
      parts.push(Math.abs(v) >= data.strong_m ? w : "weak " + w);
    });
    return parts.length ? parts.join(", ") : "no clear action at this pose";
  }
  function rolesOf(data, ma) {
    return ma.map(function (row) {
      return row.map(function (v) { return roleOf(v, data.weak_m, data.strong_m); });
    });
  }
  // femur_view.pose_state for one pose: lengths, changes, moment arms, roles, words, paths.
  function poseState(data, model, pose) {
    var r = model.evaluate(pose, {polylines: true, arcPoints: 8}), L0 = model.neutral;
    var st = {
      pose: POSE.map(function (k) { return pose[k]; }),
      paths: r.polylines, length_m: r.length, ma: r.ma,
      change_mm: r.length.map(function (l, j) { return (l - L0[j]) * 1000.0; }),
      change_pct: r.length.map(function (l, j) { return (l / L0[j] - 1.0) * 100.0; }),
      ma_mm: r.ma.map(function (row) { return row.map(function (v) { return v * 1000.0; }); })
    };
    st.roles = rolesOf(data, r.ma);
    st.actions = r.ma.map(function (row) { return describe(data, row); });
    return st;
  }
  function groupOf(data, pct) {
    return Math.abs(pct) < data.same_pct ? "same" : (pct > 0 ? "longer" : "shorter");
  }
  function muscleText(data, st, j) {          // femur_view.muscle_text
    var ma = st.ma_mm[j];
    return "<b>" + escapeHtml(data.names[j]) + "</b><br>length " + fixed(st.length_m[j] * 1000, 0) +
      " mm (" + signed(st.change_mm[j], 1) + " mm, " + signed(st.change_pct[j], 1) + " %)<br>" +
      "moment arms (mm): flex " + signed(ma[0], 1) + ", add " + signed(ma[1], 1) + ", rot " +
      signed(ma[2], 1) + ", knee " + signed(ma[3], 1) + "<br>" + escapeHtml(st.actions[j]);
  }
  function muscleDetails(data, st, j) {       // femur_view.muscle_details
    var note = data.notes[j];
    return muscleText(data, st, j) +
      (note ? '<br><small class="hip-x-note">' + escapeHtml(note, false) + "</small>" : "");
  }
  // femur_view.changed_actions: axes where a muscle acts in both poses, with opposite signs
  function changedActions(data, rolesNeutral, rolesNow) {
    var out = [];
    for (var j = 0; j < data.names.length; j++) {
      var parts = [];
      for (var ax = 0; ax < 4; ax++) {
        var a = rolesNeutral[j][ax], b = rolesNow[j][ax];
        if (a * b < 0) {
          parts.push(roleWord(data.role_words, ax, a) + " \u2192 " + roleWord(data.role_words, ax, b));
        }
      }
      if (parts.length) { out.push(data.names[j] + ": " + parts.join("; ")); }
    }
    return out;
  }
  function argsort(values) {                  // numpy argsort(kind="stable")
    var idx = values.map(function (v, j) { return j; });
    return idx.sort(function (a, b) { return values[a] - values[b] || a - b; });
  }
  function actionTable(data, st, action) {    // femur_view.action_table
    var spec = data.actions[action];
    if (!spec) { throw new Error("action must be one of " + Object.keys(data.actions).join(", ") + "; got " + action); }
    var weak = data.weak_m * 1000.0;
    var ma = st.ma_mm.map(function (row) { return row[spec[0]] * spec[1]; });
    var neg = ma.map(function (v) { return -v; });
    return {
      produce: argsort(neg).filter(function (j) { return ma[j] >= weak; })
        .map(function (j) { return [data.names[j], ma[j]]; }),
      oppose: argsort(ma).filter(function (j) { return ma[j] <= -weak; })
        .map(function (j) { return [data.names[j], ma[j]]; })
    };
  }
  function actionHtml(data, st, action) {     // femur_view.action_html
    var t = actionTable(data, st, action);
    function rows(items) {
      return items.map(function (it) {
        return "<li>" + escapeHtml(it[0]) + " (" + fixed(it[1], 0) + " mm)</li>";
      }).join("") || "<li>none</li>";
    }
    return "<b>" + escapeHtml(capitalize(action)) + " at this pose</b> (moment arm, this model):<br>" +
      "produce it:<ul class='hip-produce'>" + rows(t.produce) + "</ul>" +
      "oppose it:<ul class='hip-oppose'>" + rows(t.oppose) + "</ul>";
  }
  function pctColour(data, pct) {             // femur_view.pct_colour
    return C.scaleColour(data.colorscale, (pct + data.pct_limit) / (2 * data.pct_limit));
  }
  function barData(data, st) {                // femur_view.bar_data
    var order = argsort(st.change_pct);
    return {
      y: order.map(function (j) { return data.names[j]; }),
      x: order.map(function (j) { return st.change_pct[j]; }),
      color: order.map(function (j) { return pctColour(data, st.change_pct[j]); }),
      pattern: order.map(function (j) { return data.bar_pattern[groupOf(data, st.change_pct[j])]; }),
      text: order.map(function (j) {
        return signed(st.change_pct[j], 1) + " % (" + signed(st.change_mm[j], 0) + " mm)";
      }),
      hover: order.map(function (j) { return muscleText(data, st, j); })
    };
  }
  // femur_view.group_data: one polyline per muscle, null between muscles, per line group
  function groupData(data, st) {
    var out = {};
    data.groups.forEach(function (k) { out[k] = {x: [], y: [], z: [], c: [], text: [], idx: []}; });
    for (var j = 0; j < data.names.length; j++) {
      var pct = st.change_pct[j], g = out[groupOf(data, pct)], p = st.paths[j];
      var txt = muscleText(data, st, j);
      for (var i = 0; i < p.length; i += 3) {
        g.x.push(p[i]); g.y.push(p[i + 1]); g.z.push(p[i + 2]);
        g.c.push(pct); g.text.push(txt); g.idx.push(j);
      }
      g.x.push(null); g.y.push(null); g.z.push(null);
      g.c.push(pct); g.text.push(""); g.idx.push(j);
    }
    return out;
  }
  function poseTitle(pose) {                  // femur_view._pose_title
    return "hip flexion " + general(pose[0]) + "\u00b0, adduction " + general(pose[1]) +
      "\u00b0, rotation " + general(pose[2]) + "\u00b0, knee flexion " + general(pose[3]) + "\u00b0";
  }
  function femurStatus(data, av, ns) {        // femur_view.femur_status
    var r = data.femur_ref;
    return "femur anteversion " + fixed(av, 1) + "\u00b0, neck-shaft " + fixed(ns, 1) +
      "\u00b0 (this model; gait2392's own femur measures " + fixed(r.anteversion.model, 1) +
      "\u00b0 and " + fixed(r.neck_shaft.model, 1) + "\u00b0; for comparison, the mean of 375 " +
      "adult femurs is " + fixed(r.anteversion.population, 1) + "\u00b0 and " +
      fixed(r.neck_shaft.population, 1) + "\u00b0, Toogood et al. 2009)";
  }
  // --------------------------------------------------------------------- URL fragment
  // Read a fragment ("#a=1&b=2"): {values, settings, errors}; null if it is no explorer link
  // (e.g. a section anchor). Invalid values are left out and explained in errors.
  function parseFragment(data, hash) {
    return C.parseFragment(data.controls, hash, function (key, raw, out) {
      if (key === "muscle") {
        var j = data.kernel.ids.indexOf(raw);
        if (j < 0) { out.errors.push("muscle=" + raw + " is not a muscle of the model"); }
        else { out.settings.muscle = j; }
      } else if (key === "action") {
        var a = raw.replace(/_/g, " ");
        if (!data.actions[a]) {
          out.errors.push("action=" + raw + " is not one of: " + Object.keys(data.actions).join(", "));
        } else { out.settings.action = a; }
      } else if (key === "labels") {
        if (["1", "on", "true", "0", "off", "false"].indexOf(raw) < 0) {
          out.errors.push("labels=" + raw + " must be 1 (on) or 0 (off)");
        } else { out.settings.labels = ["1", "on", "true"].indexOf(raw) >= 0; }
      } else if (key === "view") {
        if (!data.views[raw]) { out.errors.push("view=" + raw + " is not one of: " + Object.keys(data.views).join(", ")); }
        else { out.settings.view = raw; }
      } else { return false; }
      return true;
    }, ["muscle", "action", "labels", "view"]);
  }
  function formatFragment(state) { return C.formatFragment(PARAMS, state); }

  // ----------------------------------------------------------------------- the page
  function boot(doc, Plotly) {
    var dataEl = doc && doc.getElementById("hip-x-data");
    if (!dataEl || !Plotly) { return null; }
    var data = JSON.parse(dataEl.textContent);
    var el = function (id) { return doc.getElementById(id); };
    var view = el("hip-explorer-view"), barsDiv = el("hip-explorer-bars");
    var inputs = {};
    PARAMS.forEach(function (k) { inputs[k] = el("hip-x-" + k); });
    var state = {}, model = null, femurShape = null, neutralRoles = null, st = null;
    var traceIndex = null;         // filled on first use: plotly may still be drawing at boot
    function trace(name) {
      if (!traceIndex) {
        traceIndex = {};
        view.data.forEach(function (t, i) { traceIndex[t.name] = i; });
      }
      return traceIndex[name];
    }
    var marks = data.landmarks;
    var labelsOn = false;
    Object.keys(data.default).forEach(function (k) { state[k] = data.default[k]; });

    function showValue(k) {
      var v = state[k], femur = FEMUR.indexOf(k) >= 0;
      var text = femur ? fixed(v, 1) : general(v);
      el("hip-x-" + k + "-out").textContent = text + "\u00b0";
      inputs[k].setAttribute("aria-valuetext", text + " degrees");
    }
    function setModel() {
      model = PathKernel.create(data.kernel, state.anteversion, state.neck_shaft);
      femurShape = model.femurPoints(data.femur_mesh);
      marks = data.landmarks.map(function (m) {
        return m.body === "femur" ? {id: m.id, body: m.body, xyz: model.femurPoints(m.xyz)} : m;
      });
      neutralRoles = rolesOf(data, model.evaluate({}).ma);
    }
    function pose() { return {flexion: state.flexion, adduction: state.adduction, rotation: state.rotation, knee: state.knee}; }
    function annotationUpdate(femurT, all) {
      var upd = {};
      marks.forEach(function (m, i) {
        if (m.body === "femur") {
          var p = place(femurT, m.xyz);
          upd["scene.annotations[" + i + "].x"] = p[0][0];
          upd["scene.annotations[" + i + "].y"] = p[1][0];
          upd["scene.annotations[" + i + "].z"] = p[2][0];
        }
        if (all) { upd["scene.annotations[" + i + "].visible"] = labelsOn; }
      });
      return upd;
    }
    // Evaluate and draw. what: {femur, hip, knee} = which inputs changed.
    function apply(what) {
      if (what.femur) { setModel(); }
      var p = pose();
      st = poseState(data, model, p);
      var g = groupData(data, st), names = [], idx = [];
      var upd = {x: [], y: [], z: [], text: [], customdata: [], "line.color": [], "marker.color": []};
      data.groups.forEach(function (k) {
        var d = g[k];
        idx.push(trace("muscles " + k));
        upd.x.push(d.x); upd.y.push(d.y); upd.z.push(d.z); upd.text.push(d.text);
        upd.customdata.push(d.idx); upd["line.color"].push(d.c); upd["marker.color"].push(d.c);
      });
      var femurT = model.femurTransform(p);
      if (what.femur || what.hip) { names.push(["femur", place(femurT, femurShape)]); }
      names.push(["tibia", place(model.tibiaTransform(p), data.tibia_mesh)]);  // moves with every input
      names.forEach(function (b) {
        idx.push(trace(b[0]));
        upd.x.push(b[1][0]); upd.y.push(b[1][1]); upd.z.push(b[1][2]);
        ["text", "customdata", "line.color", "marker.color"].forEach(function (k) { upd[k].push(undefined); });
      });
      var done = [];
      if (labelsOn && (what.femur || what.hip)) {
        done.push(Plotly.update(view, upd, annotationUpdate(femurT, false), idx));
      } else {
        done.push(Plotly.restyle(view, upd, idx));
      }
      var b = barData(data, st);
      // the chart's categories follow the data's order (categoryorder "trace"): a restyle re-ranks
      done.push(Plotly.restyle(barsDiv, {x: [b.x], y: [b.y], text: [b.text], hovertext: [b.hover],
        "marker.color": [b.color], "marker.pattern.shape": [b.pattern]},
        [0]));
      readouts();
      writeFragment();
      return Promise.all(done);
    }
    function readouts() {
      var flips = changedActions(data, neutralRoles, st.roles);
      el("hip-x-status").textContent = "Pose: " + poseTitle(st.pose) + "; " +
        femurStatus(data, state.anteversion, state.neck_shaft) + ".";
      var ul = el("hip-x-flips");
      ul.innerHTML = "";
      (flips.length ? flips : ["none"]).forEach(function (t) {
        var li = doc.createElement("li"); li.textContent = t; ul.appendChild(li);
      });
      showDetail();
      showAction();
    }
    function showDetail() {
      el("hip-x-detail").innerHTML = muscleDetails(data, st, parseInt(el("hip-x-muscle").value, 10));
    }
    function showAction() {
      el("hip-x-action-view").innerHTML = actionHtml(data, st, el("hip-x-action").value);
    }
    // One update now; inputs that arrive while a frame is drawn are merged into the next.
    var updates = C.scheduler(apply, window), request = updates.request;
    var writeFragment = C.fragmentWriter(window, function () { return formatFragment(state); });
    function kindOf(k) { return FEMUR.indexOf(k) >= 0 ? "femur" : (k === "knee" ? "knee" : "hip"); }
    function setValues(values) {     // values checked already; returns what changed
      var what = {};
      Object.keys(values).forEach(function (k) {
        if (state[k] === values[k]) { return; }
        state[k] = values[k];
        inputs[k].value = String(values[k]);
        showValue(k);
        what[kindOf(k)] = true;
      });
      return what;
    }
    function notice(errors) {
      var n = el("hip-x-notice");
      if (!errors.length) { n.hidden = true; n.textContent = ""; return; }
      n.textContent = "Not used from the link: " + errors.join("; ") + ". The explorer keeps its last valid settings.";
      n.hidden = false;
    }
    function setView(name) {
      Plotly.relayout(view, {"scene.camera": data.views[name]});
      Array.prototype.forEach.call(doc.querySelectorAll(".hip-x-view"), function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === name));
      });
    }
    function setLabels(on) {
      labelsOn = on;
      el("hip-x-labels").checked = on;
      return Plotly.relayout(view, annotationUpdate(model.femurTransform(pose()), true));
    }
    function applyFragment(hash) {
      var f = parseFragment(data, hash);
      if (!f) { return false; }
      notice(f.errors);
      if (f.settings.muscle !== undefined) { el("hip-x-muscle").value = String(f.settings.muscle); }
      if (f.settings.action) { el("hip-x-action").value = f.settings.action; }
      var what = setValues(f.values);
      if (Object.keys(what).length) { el("hip-x-preset").value = ""; el("hip-x-preset-note").textContent = ""; }
      if (Object.keys(what).length) { request(what); } else { showDetail(); showAction(); }
      if (f.settings.view) { setView(f.settings.view); }
      if (f.settings.labels !== undefined && f.settings.labels !== labelsOn) { setLabels(f.settings.labels); }
      return true;
    }

    // wiring
    PARAMS.forEach(function (k) {
      inputs[k].addEventListener("input", function () {
        var v = parseFloat(inputs[k].value), w = {};
        if (!isFinite(v)) { return; }
        w[k] = v;
        el("hip-x-preset").value = "";
        el("hip-x-preset-note").textContent = "";
        request(setValues(w));
      });
    });
    el("hip-x-preset").addEventListener("change", function () {
      var id = el("hip-x-preset").value, p = data.presets.filter(function (q) { return q.id === id; })[0];
      var note = el("hip-x-preset-note");
      if (!p) { note.textContent = ""; return; }
      var values = {};
      POSE.forEach(function (k, i) { values[k] = p.pose[i]; });
      note.innerHTML = "<b>" + escapeHtml(p.label) + "</b> (basis: " + escapeHtml(p.basis) +
        (p.source ? ", source: " + escapeHtml(p.source) : "") + "). " + escapeHtml(p.note);
      request(setValues(values));
    });
    el("hip-x-reset").addEventListener("click", function () {
      el("hip-x-preset").value = "";
      el("hip-x-preset-note").textContent = "";
      notice([]);
      request(setValues(data.default));
    });
    el("hip-x-femur-population").addEventListener("click", function () {
      request(setValues({anteversion: data.femur_ref.anteversion.population,
                         neck_shaft: data.femur_ref.neck_shaft.population}));
    });
    el("hip-x-femur-default").addEventListener("click", function () {
      request(setValues({anteversion: data.default.anteversion, neck_shaft: data.default.neck_shaft}));
    });
    el("hip-x-muscle").addEventListener("change", showDetail);
    el("hip-x-action").addEventListener("change", showAction);
    el("hip-x-labels").addEventListener("change", function () { setLabels(el("hip-x-labels").checked); });
    Array.prototype.forEach.call(doc.querySelectorAll(".hip-x-view"), function (b) {
      b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
    });
    if (view.on) {
      view.on("plotly_click", function (e) {
        var pt = e && e.points && e.points[0];
        if (pt && pt.data && /^muscles /.test(pt.data.name) && pt.customdata !== undefined) {
          el("hip-x-muscle").value = String(pt.customdata);
          showDetail();
        }
      });
    }
    window.addEventListener("hashchange", function () { applyFragment(window.location.hash); });
    // Narrow screens (phones): the colour bar goes under the picture and the landmark labels
    // sit closer to their points, so the bones keep most of the width. Only on a change of
    // width class, never on a pose change.
    var narrow = null;
    function fitToWidth() {
      var now = view.clientWidth < 560;
      if (now === narrow || !view.layout) { return; }
      narrow = now;
      var k = now ? 0.45 : 1, rel = {"legend.font.size": now ? 10 : 13};
      (view.layout.scene.annotations || []).forEach(function (a, i) {
        var base = data.landmark_offsets[i];
        rel["scene.annotations[" + i + "].ax"] = base[0] * k;
        rel["scene.annotations[" + i + "].ay"] = base[1] * k;
      });
      Plotly.relayout(view, rel);
      var ci = trace("colour scale");
      if (ci !== undefined) {      // a slim bar in the top right corner, short labels
        Plotly.restyle(view, {
          "marker.colorbar.thickness": now ? 8 : 14, "marker.colorbar.len": now ? 0.4 : 0.6,
          "marker.colorbar.x": now ? 0.99 : 1.0, "marker.colorbar.xanchor": now ? "right" : "left",
          "marker.colorbar.y": now ? 0.78 : 0.5, "marker.colorbar.tickfont.size": now ? 10 : 13,
          "marker.colorbar.ticktext": [now ? data.colorbar_ticks_short : data.colorbar_ticks],
          "marker.colorbar.title.text": now ? "change<br>(%)" : "length<br>change (%)"}, [ci]);
      }
    }
    window.addEventListener("resize", fitToWidth);
    fitToWidth();

    setModel();
    st = poseState(data, model, pose());
    PARAMS.forEach(showValue);
    readouts();
    if (window.location.hash) { applyFragment(window.location.hash); }
    var api = {
      data: data, state: state,
      current: function () { return st; },
      settled: updates.settled,
      request: request, applyFragment: applyFragment,
      trace: trace
    };
    window.hipExplorer = api;
    return api;
  }

  return {
    boot: boot, poseState: poseState, describe: describe, rolesOf: rolesOf,
    muscleText: muscleText, muscleDetails: muscleDetails, changedActions: changedActions,
    actionTable: actionTable, actionHtml: actionHtml, barData: barData, groupData: groupData,
    poseTitle: poseTitle, femurStatus: femurStatus, place: place,
    parseFragment: parseFragment, formatFragment: formatFragment,
    signed: signed, general: general, escapeHtml: escapeHtml
  };
}));
