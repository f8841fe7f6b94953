/* Single-leg stance, computed in the page (chapter 4).
 *
 * The same frontal-plane statics as widgets/model/stance.py (`statics`,
 * `interpolate_abductor`, `lean_for_capacity`); the abductor's moment arm and line of pull
 * against hip adduction come from the Python hip model at build time (the page's JSON data).
 * tests/foothip/test_stance_js.py runs this file under node and compares it with Python.
 * Frame: seen from behind, right leg standing; z lateral (toward the stance side), y up,
 * origin at the stance hip centre. Lengths in m, forces in N, angles in degrees.
 */
(function () {
  "use strict";
  var SIDES = ["stance", "opposite"];

  function deg(x) { return x * Math.PI / 180; }
  function rotate(p, angle) {  // swing side (z < 0) goes down for angle > 0
    var c = Math.cos(angle), s = Math.sin(angle);
    return [p[0] * c - p[1] * s, p[0] * s + p[1] * c];
  }
  function interp(xs, ys, x) {
    if (x <= xs[0]) { return ys[0]; }
    for (var i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        var t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return ys[i - 1] + t * (ys[i] - ys[i - 1]);
      }
    }
    return ys[ys.length - 1];
  }
  function interpolateAbductor(table, adduction) {
    var a = table.adduction;
    if (!(adduction >= a[0] && adduction <= a[a.length - 1])) {
      throw new Error("adduction=" + adduction + " deg is outside the table (" + a[0] + " to " +
                      a[a.length - 1] + " deg)");
    }
    var f = function (k) { return interp(a, table[k], adduction); };
    return {moment_arm_m: f("moment_arm_m"), pull_z: f("pull_z"), pull_y: f("pull_y"),
            origin: [f("origin_z"), f("origin_y")], insertion: [f("insertion_z"), f("insertion_y")]};
  }

  // The statics for given body numbers and abductor; inputs assumed checked.
  function statics(body, ab, inp) {
    var g = body.gravity, scale = inp.body_mass / body.total_mass, half = body.hip_half_width;
    var lean = deg(inp.lean || 0), drop = deg(inp.pelvic_drop || 0), backY = body.back_above_hip;
    var load = inp.load || 0, cane = inp.cane || 0;
    var mid = [-half, 0];
    var trunkPoint = function (h) {
      var up = h - backY;
      return [mid[0] + up * Math.sin(lean), backY + up * Math.cos(lean)];
    };
    var pelvis = rotate([mid[0], body.pelvis_com_above_hip], drop);
    var torso = rotate(trunkPoint(body.torso_com_above_hip), drop);
    var shoulder = rotate(trunkPoint(body.shoulder_above_hip), drop);
    var swingHip = rotate([-2 * half, 0], drop);
    var back = rotate([mid[0], backY], drop);
    var hand = {stance: [shoulder[0] + body.hand_lateral, shoulder[1] - body.shoulder_above_hip],
                opposite: [shoulder[0] - body.hand_lateral, shoulder[1] - body.shoulder_above_hip]};
    var wPelvis = body.pelvis_mass * scale * g, wTorso = body.torso_mass * scale * g;
    var wLeg = body.leg_mass * scale * g, wLoad = load * g;
    var weights = [["pelvis", pelvis, wPelvis], ["trunk, head and arms", torso, wTorso],
                   ["lifted leg", [swingHip[0], swingHip[1] - body.leg_com_below_hip], wLeg]];
    if (load > 0) { weights.push(["load", hand[inp.load_side], wLoad]); }
    var sup = wPelvis + wTorso + wLeg;
    var comZ = (wPelvis * pelvis[0] + wTorso * torso[0] + wLeg * swingHip[0]) / sup;
    var tau = 0, wsum = 0;
    weights.forEach(function (w) { tau += w[2] * w[1][0]; wsum += w[2]; });
    tau -= cane * hand[inp.cane_side][0];
    var required = -tau;
    var pull = rotate([ab.pull_z, ab.pull_y], drop);
    var needed = required <= 0;
    var force = needed ? 0 : required / ab.moment_arm_m;
    var fz = -force * pull[0], fy = -force * pull[1];
    var rz = -fz, ry = -(fy - wsum + cane);
    var joint = Math.hypot(rz, ry), bw = inp.body_mass * g;
    var origin = rotate(ab.origin, drop);
    var forces = weights.map(function (w) { return {name: w[0], at: w[1], vector: [0, -w[2]]}; });
    if (cane > 0) { forces.push({name: "cane", at: hand[inp.cane_side], vector: [0, cane]}); }
    forces.push({name: "abductors", at: origin, vector: [fz, fy]});
    forces.push({name: "joint", at: [0, 0], vector: [rz, ry]});
    return {
      body_weight_n: bw, superincumbent_weight_n: sup,
      abductor_moment_arm_m: ab.moment_arm_m, body_weight_moment_arm_m: -comZ,
      required_moment_nm: required, abductor_force_n: force, abductor_force_bw: force / bw,
      joint_force_n: joint, joint_force_bw: joint / bw,
      abductor_angle_deg: Math.atan2(-pull[0], pull[1]) * 180 / Math.PI,
      joint_force_angle_deg: Math.atan2(-rz, ry) * 180 / Math.PI,
      adductors_needed: needed, forces: forces,
      points: {stance_hip: [0, 0], swing_hip: swingHip, back: back, shoulder: shoulder,
               pelvis_com: pelvis, trunk_com: torso, hand_stance: hand.stance,
               hand_opposite: hand.opposite, abductor_origin: origin,
               abductor_insertion: rotate(ab.insertion, drop),
               head: rotate(trunkPoint(body.shoulder_above_hip + 0.22), drop)}
    };
  }

  function checkRange(data, name, value, unit) {
    var lim = data.limits[name];
    if (!(isFinite(value) && value >= lim[0] && value <= lim[1])) {
      throw new Error(name + "=" + value + " " + unit + " is outside the range this model supports (" +
                      lim[0] + " to " + lim[1] + " " + unit + ")");
    }
  }
  // Checked inputs -> result (the page's controls stay inside these ranges).
  function solve(data, inp) {
    ["body_mass", "load"].forEach(function (k) { checkRange(data, k, inp[k], "kg"); });
    ["lean", "adduction", "pelvic_drop"].forEach(function (k) { checkRange(data, k, inp[k] || 0, "deg"); });
    if (SIDES.indexOf(inp.load_side) < 0 || SIDES.indexOf(inp.cane_side) < 0) {
      throw new Error("a side must be 'stance' or 'opposite'");
    }
    if (!(inp.cane >= 0 && inp.cane <= (inp.body_mass + inp.load) * data.body.gravity)) {
      throw new Error("cane=" + inp.cane + " N must be between 0 and the weight of body and load");
    }
    var ab = interpolateAbductor(data.abductor, (inp.adduction || 0) + (inp.pelvic_drop || 0));
    return statics(data.body, ab, inp);
  }
  // Smallest lean toward the stance side (from inp.lean) that brings the need down to capacity.
  function leanForCapacity(data, inp, capacity, steps) {
    var ab = interpolateAbductor(data.abductor, (inp.adduction || 0) + (inp.pelvic_drop || 0));
    var need = function (lean) {
      var q = Object.assign({}, inp, {lean: lean});
      return statics(data.body, ab, q).required_moment_nm - capacity;
    };
    var a = inp.lean || 0, b = data.limits.lean[1];
    if (need(a) <= 0) { return a; }
    if (need(b) > 0) { return null; }
    for (var i = 0; i < (steps || 60); i++) {
      var m = 0.5 * (a + b);
      if (need(m) <= 0) { b = m; } else { a = m; }
    }
    return b;
  }

  // ------------------------------------------------------------ the free-body diagram
  var COLORS = {weight: "#0072B2", load: "#56B4E9", cane: "#009E73", abductors: "#D55E00",
                joint: "#CC79A7", body: "#555555"};
  function label(name, newtons, bw) {
    var short = name === "trunk, head and arms" ? "trunk, head, arms" : name;
    return short + ": " + Math.round(newtons) + " N (" + (newtons / bw).toFixed(2) + " \u00d7 BW)";
  }
  // Plotly traces and layout for one result; widgets/foot_hip_view.py builds the same.
  function figureSpec(data, inp, res) {
    var p = res.points, s = data.scale_m_per_bw / res.body_weight_n, NaN_ = null;
    var add = deg(inp.adduction || 0), thigh = data.thigh_length_m, shank = data.shank_length_m;
    var knee = [-thigh * Math.sin(add), -thigh * Math.cos(add)];
    var foot = [knee[0], knee[1] - shank];
    var sw = p.swing_hip, sh = p.shoulder, hl = data.body.hand_lateral;
    var shL = [sh[0] - hl, sh[1]], shR = [sh[0] + hl, sh[1]];
    var pts = [p.swing_hip, p.stance_hip, NaN_, p.back, sh, p.head, NaN_, shL, shR, NaN_,
               shL, p.hand_opposite, NaN_, shR, p.hand_stance, NaN_, [0, 0], knee, foot, NaN_,
               sw, [sw[0], sw[1] - thigh], [sw[0] - 0.05, sw[1] - thigh - 0.3], NaN_,
               [p.swing_hip[0] / 2, p.swing_hip[1] / 2], p.back, NaN_,
               p.abductor_origin, p.abductor_insertion];
    var body = {type: "scatter", mode: "lines", name: "body (frontal plane, seen from behind)",
                x: pts.map(function (q) { return q === null ? null : q[0]; }),
                y: pts.map(function (q) { return q === null ? null : q[1]; }),
                line: {color: COLORS.body, width: 3}, hoverinfo: "skip"};
    var coms = res.forces.filter(function (f) { return f.vector[0] === 0 && f.vector[1] < 0; });
    var markers = {type: "scatter", mode: "markers", name: "centres of mass",
                   x: coms.map(function (f) { return f.at[0]; }), y: coms.map(function (f) { return f.at[1]; }),
                   marker: {symbol: "circle-cross-open", size: 12, color: COLORS.weight},
                   text: coms.map(function (f) { return f.name; }), hovertemplate: "%{text}<extra></extra>"};
    var hip = {type: "scatter", mode: "markers", name: "hip centre (pivot)", x: [0], y: [0],
               marker: {symbol: "circle-open", size: 16, color: "#000000", line: {width: 2}},
               hovertemplate: "stance hip centre<extra></extra>"};
    var ann = res.forces.map(function (f) {
      var c = f.name === "abductors" ? COLORS.abductors : f.name === "joint" ? COLORS.joint :
        f.name === "cane" ? COLORS.cane : f.name === "load" ? COLORS.load : COLORS.weight;
      var mag = Math.hypot(f.vector[0], f.vector[1]);
      var tail = f.at, head = [f.at[0] + f.vector[0] * s, f.at[1] + f.vector[1] * s];
      if (f.name === "cane" || f.name === "joint") {  // pushes: draw the arrow ending at the point
        head = f.at; tail = [f.at[0] - f.vector[0] * s, f.at[1] - f.vector[1] * s];
      }
      // the abductors' label gives their whole pull; the arrow shows its frontal-plane part
      var shown = f.name === "abductors" ? res.abductor_force_n : mag;
      var right = f.name === "abductors" || f.name === "joint" || tail[0] > 0.05;
      return {x: head[0], y: head[1], ax: tail[0], ay: tail[1], xref: "x", yref: "y",
              axref: "x", ayref: "y", showarrow: mag > 0, arrowhead: 3, arrowsize: 1.2,
              arrowwidth: f.name === "abductors" || f.name === "joint" ? 3.5 : 2.5, arrowcolor: c,
              text: mag > 0 ? label(f.name, shown, res.body_weight_n) : "", name: f.name,
              font: {size: 12, color: c}, xanchor: right ? "left" : "right",
              bgcolor: "rgba(255,255,255,0.85)"};
    });
    var sx = data.scale_bar_at[0], sy = data.scale_bar_at[1];
    ann.push({x: sx + data.scale_m_per_bw, y: sy, ax: sx, ay: sy, xref: "x", yref: "y", axref: "x",
              ayref: "y", showarrow: true, arrowhead: 2, arrowwidth: 2, arrowcolor: "#000000",
              text: "scale: 1 \u00d7 body weight", name: "scale", font: {size: 12, color: "#000000"},
              xanchor: "left", bgcolor: "rgba(255,255,255,0.85)"});
    return {data: [body, markers, hip], annotations: ann};
  }

  var api = {rotate: rotate, interpolateAbductor: interpolateAbductor, statics: statics,
             solve: solve, leanForCapacity: leanForCapacity, figureSpec: figureSpec};
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  // ---------------------------------------------------------------- page wiring
  var el = function (id) { return document.getElementById(id); };
  var data = JSON.parse(el("stance-data").textContent);
  var fig = el("stance-fbd");
  function read() {
    return {body_mass: parseFloat(el("stance-mass").value), lean: parseFloat(el("stance-lean").value),
            load: parseFloat(el("stance-load").value), load_side: el("stance-load-side").value,
            cane: parseFloat(el("stance-cane").value), cane_side: el("stance-cane-side").value,
            adduction: parseFloat(el("stance-adduction").value), pelvic_drop: 0};
  }
  function fmt(v, d) { return (v < 0 ? "\u2212" : "") + Math.abs(v).toFixed(d); }
  function show() {
    var inp = read();
    // the cane cannot push more than the person weighs: the slider's top follows the mass
    var caneMax = Math.floor((inp.body_mass + inp.load) * data.body.gravity / 10) * 10;
    el("stance-cane").max = String(Math.min(data.cane_slider_max, caneMax));
    if (inp.cane > caneMax) { el("stance-cane").value = String(caneMax); inp.cane = caneMax; }
    ["mass", "lean", "load", "cane", "adduction"].forEach(function (k) {
      var unit = {mass: " kg", lean: "\u00b0", load: " kg", cane: " N", adduction: "\u00b0"}[k];
      var v = parseFloat(el("stance-" + k).value);
      el("stance-" + k + "-out").textContent = fmt(v, k === "load" ? 1 : 0) + unit;
    });
    var res = solve(data, inp);
    el("stance-abductor").textContent = Math.round(res.abductor_force_n) + " N = " + res.abductor_force_bw.toFixed(2) + " × body weight";
    el("stance-joint").textContent = Math.round(res.joint_force_n) + " N = " + res.joint_force_bw.toFixed(2) + " × body weight";
    el("stance-ma").textContent = (res.abductor_moment_arm_m * 1000).toFixed(1) + " mm";
    el("stance-bwma").textContent = (res.body_weight_moment_arm_m * 1000).toFixed(1) + " mm";
    el("stance-directions").textContent = "Abductors pull " + Math.abs(res.abductor_angle_deg).toFixed(0) +
      "\u00b0 from vertical; the femoral head pushes the pelvis up and " +
      (res.joint_force_angle_deg >= 0 ? "inward" : "outward") + ", " +
      Math.abs(res.joint_force_angle_deg).toFixed(0) + "\u00b0 from vertical.";
    el("stance-note").textContent = res.adductors_needed ?
      "The weight now passes outside the hip: the abductors are silent and this model's single " +
      "lever cannot hold the pelvis (the adductors or passive tissues would have to)." : "";
    var frac = parseFloat(el("stance-strength").value) / 100;
    el("stance-strength-out").textContent = Math.round(frac * 100) + " %";
    var lean = res.adductors_needed ? null : leanForCapacity(data, inp, frac * res.required_moment_nm);
    el("stance-weak").textContent = res.adductors_needed ? "The abductors are not needed in this posture." :
      (lean === null ? "No trunk lean up to " + data.limits.lean[1] + "\u00b0 is enough in this model." :
       (lean <= inp.lean + 1e-9 ? "Enough: no extra lean needed." :
        "Lean the trunk to " + lean.toFixed(1) + "\u00b0 toward the stance leg (" +
        fmt(lean - inp.lean, 1) + "\u00b0 more)."));
    var spec = figureSpec(data, inp, res);
    Plotly.react(fig, spec.data, Object.assign({}, fig.layout, {annotations: spec.annotations}));
    fig.setAttribute("data-abductor-n", res.abductor_force_n.toFixed(3));
    fig.setAttribute("data-joint-n", res.joint_force_n.toFixed(3));
    el("stance-lean").setAttribute("aria-valuetext", fmt(inp.lean, 0) + " degrees " +
      (inp.lean > 0 ? "toward the stance leg" : inp.lean < 0 ? "away from the stance leg" : "upright"));
  }
  ["stance-mass", "stance-lean", "stance-load", "stance-cane", "stance-adduction", "stance-strength"]
    .forEach(function (id) { el(id).addEventListener("input", show); });
  ["stance-load-side", "stance-cane-side"].forEach(function (id) { el(id).addEventListener("change", show); });
  el("stance-reset").addEventListener("click", function () {
    Object.keys(data.defaults).forEach(function (id) { el(id).value = String(data.defaults[id]); });
    show();
  });
  show();
  window.hipStance = {data: data, api: api, show: show};
})();
