/*
 * pathkernel.js: the hip course's path kernel in the browser.
 *
 * Evaluates any set of paths on gait2392's pelvis, femur and tibia (muscles, capsular
 * ligaments, ...) for a pose and a femur shape: lengths, moment arms (-dL/dq, analytic)
 * and polylines for drawing. It is a line-by-line port of the Python model
 * (widgets.model.hip.PathModel, widgets.model.femur.FemurGeometry, widgets.model.spline),
 * which stays the reference; a test compares the two on random poses and femur angles.
 *
 * Conventions (OpenSim / ISB): degrees at the interface; hip flexion, adduction, internal
 * rotation and knee flexion positive; lengths in metres; pelvis frame x forward, y up,
 * z right. Hip rotation R = Rz(flexion) Rx(adduction) Ry(rotation) (gait2392's hip_r).
 *
 * Input: the JSON made by widgets.model.kernel_data.kernel_data(model) (or
 * PathModel.export_kernel_data()), schema "hip-course-pathkernel/1":
 *   ids         path ids in model order; item: "muscle", "ligament", ...
 *   hip_centre  [x, y, z] of the hip centre in the pelvis frame (m)
 *   anchors     [{path, body: "pelvis"|"femur"|"tibia", kind: "fixed"|"moving"|
 *                 "sphere_wrap"|"cylinder_wrap", xyz: [x, y, z] (body frame; femur points
 *                 of the measured femur), splines: [sx, sy, sz] (moving points),
 *                 radius, axis (wraps; axis [0, 0, 0] = sphere)}], in path order; a wrap
 *                sits between the points before and after it
 *   splines     {name: {knee_deg: [...], value_m: [...]}} knots (SimmSpline, natural ends as
 *                OpenSim's Forsythe-Malcolm-Moler); knee: {tx, ty} names of the tibia
 *                origin's functions
 *   femur       {anteversion_deg, neck_shaft_deg (measured), shaft_axis, neck_axis,
 *                shaft_point, twist_top, twist_bottom, neck_bend_length,
 *                default: {anteversion, neck_shaft}}
 *   ranges      {flexion, adduction, rotation, knee, anteversion, neck_shaft: [lo, hi]}
 *
 * API (browser: window.PathKernel; node: require("./pathkernel.js")):
 *   var model = PathKernel.create(data, anteversion, neckShaft)  // femur angles (deg), optional
 *   model.evaluate({flexion, adduction, rotation, knee}, {polylines: true, arcPoints: 8})
 *     -> {length: [m per path], ma: [[flex, add, rot, knee] per path] (m),
 *         polylines: [[x, y, z, x, y, z, ...] per path] (pelvis frame, m; only if asked)}
 *   model.neutral         lengths at the neutral pose (all angles 0) of this femur
 *   model.femurPoints(flat) measured-femur points (femur frame) -> this femur's
 *   model.femurTransform(pose) / model.tibiaTransform(pose)
 *     -> {R: [9, row-major], o: [3]}: body frame -> pelvis frame
 * Invalid input throws an Error naming the parameter, the value and the valid range.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) { module.exports = factory(); }
  else { root.PathKernel = factory(); }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var SCHEMA = "hip-course-pathkernel/1";
  var DEG = Math.PI / 180;
  var TINY = 1e-10;

  // ---------------------------------------------------------------- small vectors
  function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  function cross(a, b) {
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  }
  function sub(a, b) { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
  function add(a, b) { return [a[0] + b[0], a[1] + b[1], a[2] + b[2]]; }
  function scale(a, s) { return [a[0] * s, a[1] * s, a[2] * s]; }
  function norm(a) { return Math.sqrt(dot(a, a)); }
  function unit(a) { var n = norm(a); return [a[0] / n, a[1] / n, a[2] / n]; }
  // 3x3 matrices as [9] row-major
  function mul(p, q) {
    var r = new Array(9);
    for (var i = 0; i < 3; i++) {
      for (var k = 0; k < 3; k++) {
        r[3 * i + k] = p[3 * i] * q[k] + p[3 * i + 1] * q[3 + k] + p[3 * i + 2] * q[6 + k];
      }
    }
    return r;
  }
  function apply(m, v) {
    return [m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
            m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
  }
  // Rotation about a body axis and its derivative d/dangle (as widgets.model.hip._rot).
  function rot(axis, a) {
    var c = Math.cos(a), s = Math.sin(a);
    if (axis === "x") { return {m: [1, 0, 0, 0, c, -s, 0, s, c], d: [0, 0, 0, 0, -s, -c, 0, c, -s]}; }
    if (axis === "y") { return {m: [c, 0, s, 0, 1, 0, -s, 0, c], d: [-s, 0, c, 0, 0, 0, -c, 0, -s]}; }
    return {m: [c, -s, 0, s, c, 0, 0, 0, 1], d: [-s, -c, 0, c, -s, 0, 0, 0, 0]};
  }
  // Rotation about a unit axis (Rodrigues), as widgets.model.femur._axis_rot.
  function axisRot(k, a) {
    var s = Math.sin(a), c1 = 1 - Math.cos(a);
    var K = [0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0];
    var KK = mul(K, K);
    var out = new Array(9);
    for (var i = 0; i < 9; i++) { out[i] = (i % 4 === 0 ? 1 : 0) + s * K[i] + c1 * KK[i]; }
    return out;
  }

  // ------------------------------------------------------------------- splines
  // OpenSim's SimmSpline (as widgets.model.spline.Spline): value and slope; linear outside.
  function Spline(x, y) {
    var n = x.length, b = new Array(n).fill(0), c = new Array(n).fill(0), d = new Array(n).fill(0);
    var i, t;
    if (n < 2) { throw new Error("spline needs at least 2 knots"); }
    for (i = 1; i < n; i++) {
      if (!(x[i] > x[i - 1])) { throw new Error("spline knots must increase"); }
    }
    if (n === 2) {
      b[0] = b[1] = (y[1] - y[0]) / Math.max(TINY, x[1] - x[0]);
    } else {
      var nm1 = n - 1, nm2 = n - 2;
      d[0] = Math.max(TINY, x[1] - x[0]);
      c[1] = (y[1] - y[0]) / d[0];
      for (i = 1; i < nm1; i++) {
        d[i] = Math.max(TINY, x[i + 1] - x[i]);
        b[i] = 2.0 * (d[i - 1] + d[i]);
        c[i + 1] = (y[i + 1] - y[i]) / d[i];
        c[i] = c[i + 1] - c[i];
      }
      b[0] = -d[0]; b[nm1] = -d[nm2];
      c[0] = c[nm1] = 0.0;
      if (n > 3) {
        c[0] = c[2] / Math.max(TINY, x[3] - x[1]) - c[1] / Math.max(TINY, x[2] - x[0]);
        c[nm1] = c[nm2] / Math.max(TINY, x[nm1] - x[n - 3]) - c[n - 3] / Math.max(TINY, x[nm2] - x[n - 4]);
        c[0] = c[0] * d[0] * d[0] / Math.max(TINY, x[3] - x[0]);
        c[nm1] = -c[nm1] * d[nm2] * d[nm2] / Math.max(TINY, x[nm1] - x[n - 4]);
      }
      for (i = 1; i < n; i++) {
        t = d[i - 1] / b[i - 1];
        b[i] -= t * d[i - 1];
        c[i] -= t * c[i - 1];
      }
      c[nm1] /= b[nm1];
      for (i = nm2; i >= 0; i--) { c[i] = (c[i] - d[i] * c[i + 1]) / b[i]; }
      b[nm1] = (y[nm1] - y[nm2]) / d[nm2] + d[nm2] * (c[nm2] + 2.0 * c[nm1]);
      for (i = 0; i < nm1; i++) {
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
        d[i] = (c[i + 1] - c[i]) / d[i];
        c[i] = 3.0 * c[i];
      }
      c[nm1] = 3.0 * c[nm1];
      d[nm1] = d[nm2];
    }
    this.x = x; this.y = y; this.b = b; this.c = c; this.d = d;
  }
  Spline.prototype.at = function (t) {
    var x = this.x, n = x.length;
    if (t < x[0]) { return [this.y[0] + (t - x[0]) * this.b[0], this.b[0]]; }
    if (t > x[n - 1]) { return [this.y[n - 1] + (t - x[n - 1]) * this.b[n - 1], this.b[n - 1]]; }
    // searchsorted(side="right") - 1, clipped to 0..n-2
    var lo = 0, hi = n;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (x[mid] <= t) { lo = mid + 1; } else { hi = mid; } }
    var i = Math.min(Math.max(lo - 1, 0), n - 2);
    var dx = t - x[i], b = this.b[i], c = this.c[i], d = this.d[i];
    return [this.y[i] + dx * (b + dx * (c + dx * d)), b + dx * (2.0 * c + 3.0 * dx * d)];
  };

  // --------------------------------------------------------------------- femur
  // widgets.model.femur.FemurGeometry: twist of the proximal femur about the shaft axis
  // (anteversion) and bend about the neck-shaft plane's normal (neck-shaft angle), rigid above
  // twist_top, fading linearly below; everything shifted so the head centre stays put.
  function Femur(f, anteversion, neckShaft) {
    var shaft = f.shaft_axis, neck = f.neck_axis;
    var normal = unit(cross(shaft, neck));
    var top = f.twist_top;
    this.shaft = shaft; this.normal = normal;
    this.length = f.twist_bottom - top; this.blend = f.neck_bend_length;
    var p = f.shaft_point;
    this.pivot = add(p, scale(shaft, top - dot(p, shaft)));
    this.dAv = (anteversion - f.anteversion_deg) * DEG;
    this.dNs = (neckShaft - f.neck_shaft_deg) * DEG;
    this.full = mul(axisRot(shaft, this.dAv), axisRot(normal, this.dNs));
    this.shift = sub(apply(this.full, this.pivot), this.pivot);
    this.identity = this.dAv === 0 && this.dNs === 0;
  }
  Femur.prototype.point = function (x) {
    if (this.identity) { return x.slice(); }
    var rel = sub(x, this.pivot), u = dot(rel, this.shaft);
    if (u <= 0) { return apply(this.full, x); }                 // proximal block: rigid
    var s = Math.min(Math.max(1 - u / this.length, 0), 1);        // twist fraction
    var w = Math.min(Math.max(1 - u / this.blend, 0), 1);         // neck-bend fraction
    var r = mul(axisRot(this.shaft, s * this.dAv), axisRot(this.normal, w * this.dNs));
    return add(add(apply(r, rel), this.pivot), this.shift);
  };

  // ------------------------------------------------------------------- checks
  function fmtNum(v) { return String(Math.round(v * 1e6) / 1e6); }
  function checkAngle(data, name, value) {
    var r = data.ranges[name];
    if (typeof value !== "number" || !isFinite(value)) {
      throw new Error(name + " must be a finite number of degrees from " + fmtNum(r[0]) +
                      " to " + fmtNum(r[1]) + "; got " + String(value));
    }
    if (value < r[0] || value > r[1]) {
      throw new Error(name + "=" + fmtNum(value) + " deg is outside the model's range [" +
                      fmtNum(r[0]) + ", " + fmtNum(r[1]) + "] deg");
    }
    return value;
  }

  // --------------------------------------------------------------------- wraps
  // widgets.model.hip._tangents for one wrap: tangent points, length, engaged flag; or, with
  // arcPoints > 0, the points of the wrapped arc.
  function tangents(p, s, c, radius, axis, arcPoints) {
    var cyl = dot(axis, axis) > 0;
    var dp = sub(p, c), ds = sub(s, c);
    var zp = cyl ? dot(dp, axis) : 0, zs = cyl ? dot(ds, axis) : 0;
    var qp = sub(dp, scale(axis, zp)), qs = sub(ds, scale(axis, zs));
    var rhoP = norm(qp), rhoS = norm(qs);
    if (rhoP <= radius || rhoS <= radius) {
      throw new Error("a path point lies inside its wrapping surface: model data error");
    }
    var e1 = scale(qp, 1 / rhoP), e2;
    if (cyl) { e2 = cross(axis, e1); }
    else {
      e2 = sub(qs, scale(e1, dot(qs, e1)));
      e2 = scale(e2, 1 / Math.max(norm(e2), 1e-12));
    }
    var gamma = Math.atan2(dot(qs, e2), dot(qs, e1));
    if (cyl) { gamma = ((gamma % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI); }
    else { gamma = Math.abs(gamma); }
    var aP = Math.acos(radius / rhoP), aS = Math.acos(radius / rhoS);
    var arc = Math.max(gamma - aP - aS, 0), on = gamma - aP - aS > 0;
    var lP = Math.sqrt(rhoP * rhoP - radius * radius), lS = Math.sqrt(rhoS * rhoS - radius * radius);
    var flat = lP + radius * arc + lS, dz = zs - zp;
    var length = Math.sqrt(flat * flat + dz * dz);
    function onSurface(angle, frac) {
      return add(add(c, scale(add(scale(e1, Math.cos(angle)), scale(e2, Math.sin(angle))), radius)),
                 scale(axis, zp + frac * dz));
    }
    if (!arcPoints) {
      return {t1: onSurface(aP, lP / flat), t2: onSurface(gamma - aS, (lP + radius * arc) / flat),
              length: length, on: on};
    }
    if (!on) { return []; }
    var pts = [];
    for (var k = 0; k < arcPoints; k++) {
      var f = arcPoints === 1 ? 0 : k / (arcPoints - 1);
      pts.push(onSurface(aP + f * arc, (lP + f * radius * arc) / flat));
    }
    return pts;
  }

  // ------------------------------------------------------------------- the model
  function Model(data, anteversion, neckShaft) {
    if (!data || data.schema !== SCHEMA) {
      throw new Error("path data must have schema " + SCHEMA + "; got " + (data && data.schema));
    }
    var fd = data.femur;
    anteversion = anteversion === undefined ? fd["default"].anteversion : anteversion;
    neckShaft = neckShaft === undefined ? fd["default"].neck_shaft : neckShaft;
    this.anteversion = checkAngle(data, "anteversion", anteversion);
    this.neckShaft = checkAngle(data, "neck_shaft", neckShaft);
    this.data = data;
    this.ids = data.ids;
    this.hipCentre = data.hip_centre;
    this.femur = new Femur(fd, this.anteversion, this.neckShaft);
    var spl = {};
    Object.keys(data.splines).forEach(function (k) {
      var s = data.splines[k];
      spl[k] = new Spline(s.knee_deg.map(function (v) { return v * DEG; }), s.value_m);
    });
    this.spl = spl;
    var hc = this.hipCentre, femur = this.femur;
    var anchors = data.anchors.map(function (a) {
      var xyz = a.kind === "moving" ? [0, 0, 0] : a.xyz;
      if (a.body === "pelvis") { xyz = sub(xyz, hc); }           // relative to the hip centre
      else if (a.body === "femur") { xyz = femur.point(xyz); }   // reshaped femur
      return {path: a.path, body: a.body, kind: a.kind, xyz: xyz,
              splines: a.kind === "moving" ? a.splines.map(function (n) { return spl[n]; }) : null,
              wrap: /_wrap$/.test(a.kind), radius: a.radius || 0, axis: a.axis ? unit0(a.axis) : [0, 0, 0]};
    });
    this.anchors = anchors;
    // paths: segments between consecutive points, wraps between the points around them
    var paths = data.ids.map(function () { return {segs: [], wraps: [], order: []}; });
    var byPath = data.ids.map(function () { return []; });
    anchors.forEach(function (a, i) { byPath[a.path].push(i); });
    byPath.forEach(function (list, m) {
      var pts = list.filter(function (i) { return !anchors[i].wrap; });
      if (pts.length < 2) { throw new Error("path of " + data.ids[m] + " needs at least two points"); }
      for (var j = 0; j < list.length; j++) {
        var a = anchors[list[j]];
        if (a.wrap) {
          var prev = anchors[list[j - 1]], next = anchors[list[j + 1]];
          if (!prev || !next || prev.wrap || next.wrap) {
            throw new Error("wrap in " + data.ids[m] + " must sit between two points");
          }
          if (dot(a.axis, a.axis) > 0 && a.body !== "pelvis") {
            throw new Error("cylinder wrap in " + data.ids[m] + " must be fixed on the pelvis");
          }
          paths[m].wraps.push([list[j - 1], list[j + 1], list[j]]);
        } else if (j + 1 < list.length && !anchors[list[j + 1]].wrap) {
          paths[m].segs.push([list[j], list[j + 1]]);
        }
      }
      paths[m].order = list;
    });
    this.paths = paths;
    this.neutral = this.evaluate({flexion: 0, adduction: 0, rotation: 0, knee: 0}).length;
  }
  function unit0(a) { var n = norm(a); return n > 0 ? scale(a, 1 / n) : [0, 0, 0]; }

  Model.prototype.checkPose = function (pose) {
    var d = this.data, out = {};
    ["flexion", "adduction", "rotation", "knee"].forEach(function (k) {
      out[k] = checkAngle(d, k, pose[k] === undefined ? 0 : pose[k]);
    });
    return out;
  };
  Model.prototype.hipRotation = function (p) {
    return mul(mul(rot("z", p.flexion * DEG).m, rot("x", p.adduction * DEG).m), rot("y", p.rotation * DEG).m);
  };
  // Tibia frame in the femur frame at knee angle k (rad), and d/dk of its origin.
  Model.prototype._knee = function (k) {
    var tx = this.spl[this.data.knee.tx].at(k), ty = this.spl[this.data.knee.ty].at(k);
    var r = rot("z", -k), sh = this.femur.shift;
    return {R: r.m, dR: r.d, o: [tx[0] + sh[0], ty[0] + sh[1], sh[2]], dO: [tx[1], ty[1], 0]};
  };
  Model.prototype.femurTransform = function (pose) {
    var p = this.checkPose(pose);
    return {R: this.hipRotation(p), o: this.hipCentre.slice()};
  };
  Model.prototype.tibiaTransform = function (pose) {
    var p = this.checkPose(pose), rh = this.hipRotation(p), kn = this._knee(p.knee * DEG);
    return {R: mul(rh, kn.R), o: add(apply(rh, kn.o), this.hipCentre)};
  };
  // Measured-femur points (flat [x, y, z, ...], femur frame) on this femur.
  Model.prototype.femurPoints = function (flat) {
    var out = new Array(flat.length);
    for (var i = 0; i < flat.length; i += 3) {
      var q = this.femur.point([flat[i], flat[i + 1], flat[i + 2]]);
      out[i] = q[0]; out[i + 1] = q[1]; out[i + 2] = q[2];
    }
    return out;
  };

  // Anchor positions relative to the hip centre (pelvis frame) and d/dknee of tibia anchors.
  Model.prototype._positions = function (p) {
    var rh = this.hipRotation(p), k = p.knee * DEG, kn = this._knee(k);
    return this.anchors.map(function (a) {
      if (a.body === "pelvis") { return {x: a.xyz, v: null, distal: false}; }
      if (a.body === "femur") { return {x: apply(rh, a.xyz), v: null, distal: true}; }
      var pt = a.xyz, dpt = [0, 0, 0];
      if (a.splines) {
        var sx = a.splines[0].at(k), sy = a.splines[1].at(k), sz = a.splines[2].at(k);
        pt = [sx[0], sy[0], sz[0]]; dpt = [sx[1], sy[1], sz[1]];
      }
      // x_f = origin(k) + Rz(-k) x_t(k); d/dk of Rz(-k) is -Rz'(-k)
      var local = add(kn.o, apply(kn.R, pt));
      var dlocal = add(sub(kn.dO, apply(kn.dR, pt)), apply(kn.R, dpt));
      return {x: apply(rh, local), v: apply(rh, dlocal), distal: true};
    });
  };

  Model.prototype.evaluate = function (pose, opts) {
    var p = this.checkPose(pose), x = this._positions(p);
    var f = p.flexion * DEG, a = p.adduction * DEG;
    // axes about which the hip coordinates turn the femur (pelvis frame)
    var ez = [0, 0, 1], ex = [Math.cos(f), Math.sin(f), 0];
    var ey = [-Math.sin(f) * Math.cos(a), Math.cos(f) * Math.cos(a), Math.sin(a)];
    var anchors = this.anchors, length = [], ma = [];
    function grad(acc, i, g) {     // endpoint i moves; g = dL/dx_i
      var q = x[i];
      if (!q.distal) { return; }
      var c = cross(q.x, g);           // a distal point at x moves by omega x x per radian
      acc.m[0] += c[0]; acc.m[1] += c[1]; acc.m[2] += c[2];
      if (q.v) { acc.k += dot(g, q.v); }
    }
    this.paths.forEach(function (path) {
      var acc = {m: [0, 0, 0], k: 0}, L = 0;
      path.segs.forEach(function (s) {
        var d = sub(x[s[1]].x, x[s[0]].x), l = norm(d), u = scale(d, 1 / l);
        L += l;
        grad(acc, s[1], u);
        grad(acc, s[0], scale(u, -1));
      });
      path.wraps.forEach(function (w) {
        var P = x[w[0]].x, S = x[w[1]].x, C = x[w[2]].x, an = anchors[w[2]];
        var t = tangents(P, S, C, an.radius, an.axis, 0);
        var gp, gs;
        if (t.on) { L += t.length; gp = unit(sub(P, t.t1)); gs = unit(sub(S, t.t2)); }
        else {
          var u = sub(S, P), l = norm(u);
          u = scale(u, 1 / l); L += l; gp = scale(u, -1); gs = u;
        }
        grad(acc, w[0], gp);
        grad(acc, w[1], gs);
        grad(acc, w[2], scale(add(gp, gs), -1));
      });
      length.push(L);
      ma.push([-dot(ez, acc.m), -dot(ex, acc.m), -dot(ey, acc.m), -acc.k]);
    });
    var out = {length: length, ma: ma};
    if (opts && opts.polylines) {
      var hc = this.hipCentre, k = opts.arcPoints === undefined ? 8 : opts.arcPoints;
      out.polylines = this.paths.map(function (path) {
        var flat = [];
        path.order.forEach(function (i, j) {
          var an = anchors[i], pts;
          if (an.wrap) {
            pts = tangents(x[path.order[j - 1]].x, x[path.order[j + 1]].x, x[i].x, an.radius, an.axis, k);
          } else { pts = [x[i].x]; }
          pts.forEach(function (q) { flat.push(q[0] + hc[0], q[1] + hc[1], q[2] + hc[2]); });
        });
        return flat;
      });
    }
    return out;
  };

  return {
    SCHEMA: SCHEMA,
    create: function (data, anteversion, neckShaft) { return new Model(data, anteversion, neckShaft); },
    Spline: Spline
  };
}));
