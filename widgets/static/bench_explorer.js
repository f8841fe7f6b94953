/*
 * bench_explorer.js: timing harness for the static femur explorer (python -m
 * widgets.bench_explorer / make bench-explorer injects it into the built page; never part of
 * a page).
 *
 * hipBench.run(n, seed) alternates two measurements, so both see the same machine load:
 *  - explorer: a control change (a random slider, a new value in its range, set and an "input"
 *    event dispatched, as a reader's drag does) until both figures and every readout are
 *    updated (the explorer's Plotly promises settled) and the next frame is painted;
 *  - bare restyle: one Plotly.restyle of the same 3-D figure with the same kind of data the
 *    explorer sends for a hip change (the three muscle-line traces, femur and tibia),
 *    computed beforehand, until the next frame is painted.
 * Returns {explorer: [ms], restyle: [ms], controls: [name per explorer step]}.
 */
(function () {
  "use strict";

  function rng(seed) {              // small deterministic generator (mulberry32)
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function painted() {              // the frame after the update has been drawn
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(resolve); });
    });
  }

  function bareUpdate(H, data, model, view, api, pose) {
    var st = H.poseState(data, model, pose), g = H.groupData(data, st), idx = [];
    var upd = {x: [], y: [], z: [], text: [], customdata: [], "line.color": [], "marker.color": []};
    data.groups.forEach(function (k) {
      var d = g[k];
      idx.push(api.trace("muscles " + k));
      upd.x.push(d.x); upd.y.push(d.y); upd.z.push(d.z); upd.text.push(d.text);
      upd.customdata.push(d.idx); upd["line.color"].push(d.c); upd["marker.color"].push(d.c);
    });
    var f = H.place(model.femurTransform(pose), model.femurPoints(data.femur_mesh));
    var t = H.place(model.tibiaTransform(pose), data.tibia_mesh);
    [["femur", f], ["tibia", t]].forEach(function (b) {
      idx.push(api.trace(b[0]));
      upd.x.push(b[1][0]); upd.y.push(b[1][1]); upd.z.push(b[1][2]);
      ["text", "customdata", "line.color", "marker.color"].forEach(function (k) { upd[k].push(undefined); });
    });
    return {upd: upd, idx: idx};
  }

  async function run(n, seed) {
    var api = window.hipExplorer, H = window.HipExplorer, data = api.data;
    var view = document.getElementById("hip-explorer-view");
    var model = window.PathKernel.create(data.kernel);
    var random = rng(seed || 1);
    var out = {explorer: [], restyle: [], controls: []};
    var controls = data.controls;
    for (var i = 0; i < n; i++) {
      // explorer: one control change
      var c = controls[i % controls.length], input = document.getElementById("hip-x-" + c.name);
      var value = Math.round(c.min + random() * (c.max - c.min));
      if (String(value) === input.value) { value = value === c.max ? c.min : value + 1; }
      await painted();
      var t0 = performance.now();
      input.value = String(value);
      input.dispatchEvent(new Event("input", {bubbles: true}));
      await api.settled();
      await painted();
      out.explorer.push(performance.now() - t0);
      out.controls.push(c.name);
      // bare restyle of the same figure (data prepared before timing)
      var pose = {flexion: Math.round(-30 + random() * 160), adduction: Math.round(-50 + random() * 90),
                  rotation: Math.round(-60 + random() * 120), knee: Math.round(random() * 120)};
      var b = bareUpdate(H, data, model, view, api, pose);
      await painted();
      t0 = performance.now();
      await Plotly.restyle(view, b.upd, b.idx);
      await painted();
      out.restyle.push(performance.now() - t0);
    }
    return out;
  }

  window.hipBench = {run: run};
}());
