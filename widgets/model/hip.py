"""The hip model: muscle paths on pelvis, femur and tibia; lengths, moment arms and actions.

:class:`PathModel` is the path kernel: any set of paths (a catalogue table and a path-point
table in the same format as ``muscles.csv`` / ``path_points.csv``) on the same bones, with the
same hip rotations, knee functions, femur transform and wraps. :class:`HipModel` is the 30
muscle compartments; other structures (the capsular ligaments) are path models too.

Conventions (OpenSim / ISB): hip flexion, adduction and internal rotation positive; knee flexion
positive. Degrees at the interface, radians inside. Lengths in metres.
The moment arm about a coordinate q is -dL/dq (tendon-excursion definition): positive means the
muscle flexes, adducts, internally rotates (or flexes the knee) at that pose.

Everything is computed for a batch of poses at once; there is no Python loop over poses.
"""

from dataclasses import dataclass

import numpy as np

from . import checks
from .data import femur_table, read_table
from .femur import FemurGeometry
from .spline import Spline

PELVIS, FEMUR, TIBIA = 0, 1, 2
_BODY = {"pelvis": PELVIS, "femur": FEMUR, "tibia": TIBIA}
AXES = ("flex", "add", "rot", "knee")

# Action words. A moment arm of at least STRONG_M counts as a main action, between WEAK_M and
# STRONG_M as a "weak" one, below WEAK_M as none. The same thresholds are stated in the book.
WEAK_M = 0.005
STRONG_M = 0.015
ROLE_WORDS = {  # per axis: (positive, negative) moment arm
    "flex": ("flexor", "extensor"),
    "add": ("adductor", "abductor"),
    "rot": ("internal rotator", "external rotator"),
    "knee": ("knee flexor", "knee extensor"),
}


def _rot(axis, angle):
    """Rotation matrices (3, 3, n) about a body axis, and their derivatives (poses last)."""
    c, s = np.cos(angle), np.sin(angle)
    one, zero = np.ones_like(angle), np.zeros_like(angle)
    if axis == "x":
        m = [[one, zero, zero], [zero, c, -s], [zero, s, c]]
        dm = [[zero, zero, zero], [zero, -s, -c], [zero, c, -s]]
    elif axis == "y":
        m = [[c, zero, s], [zero, one, zero], [-s, zero, c]]
        dm = [[-s, zero, c], [zero, zero, zero], [-c, zero, -s]]
    else:
        m = [[c, -s, zero], [s, c, zero], [zero, zero, one]]
        dm = [[-s, -c, zero], [c, -s, zero], [zero, zero, zero]]
    return np.array(m), np.array(dm)


@dataclass(frozen=True)
class _Anchor:
    path: int
    body: int
    xyz: np.ndarray            # fixed location in its body frame (m)
    splines: tuple = None      # (x, y, z) Splines of knee flexion (rad) for a moving point


class PathModel:
    """Paths on the pelvis, femur and tibia, evaluated for any pose by one vectorised kernel.

    Parameters
    ----------
    catalogue, path_table : str
        Names of tables in ``widgets/data/``: one row per path (``id`` and any other columns)
        and the path points (``muscle`` column = the path's id; see ``path_points.csv``).
    item : str
        What a path is (``"muscle"``, ``"ligament"``), for error messages.
    anteversion_deg, neck_shaft_deg : float, optional
        Femoral anteversion and neck-shaft angle in degrees. The defaults are the angles of
        gait2392's femur, measured from its bone surface (``widgets/data/femur.csv``); at the
        defaults the bones are gait2392's. Other values twist and bend the proximal femur as
        described in :mod:`widgets.model.femur`.
    """

    def __init__(self, catalogue, path_table, anteversion_deg=None, neck_shaft_deg=None,
                 item="path"):
        rows = read_table(catalogue)
        self.ids = tuple(row["id"] for row in rows)
        self._info = {row["id"]: dict(row) for row in rows}
        self.item = item
        self._build(path_table, anteversion_deg, neck_shaft_deg)

    # ----------------------------------------------------------------- set-up
    def _build(self, path_table, anteversion_deg, neck_shaft_deg):
        t = femur_table()
        av = float(t["anteversion"]["value"]) if anteversion_deg is None else \
            checks.femur_angle("anteversion_deg", anteversion_deg)
        nsa = float(t["neck_shaft_angle"]["value"]) if neck_shaft_deg is None else \
            checks.femur_angle("neck_shaft_deg", neck_shaft_deg)
        self.femur = FemurGeometry(av, nsa)
        self.anteversion_deg, self.neck_shaft_deg = av, nsa

        splines = {}
        for row in read_table("splines.csv"):
            splines.setdefault(row["spline"], []).append(
                (np.radians(float(row["knee_deg"])), float(row["value_m"])))
        self._spl = {k: Spline(*zip(*sorted(v))) for k, v in splines.items()}

        rows = read_table(path_table)
        centre = read_table("path_points.csv")       # the joint centre is the bones', not a path's
        hip = next(r for r in centre if r["kind"] == "joint_centre")
        self.hip_centre = np.array([float(hip[c]) for c in ("x_m", "y_m", "z_m")])
        index = {m: i for i, m in enumerate(self.ids)}
        anchors, elements = [], {m: [] for m in self.ids}
        for r in rows:
            if r["kind"] == "joint_centre":
                continue
            if r["muscle"] not in index:
                raise ValueError(f"{path_table}: path {r['muscle']!r} is not in the catalogue")
            body = _BODY[r["body"]]
            if r["kind"] == "moving":
                xyz = np.zeros(3)
                spl = tuple(self._spl[r[f"{a}_spline"]] for a in "xyz")
            else:
                xyz = np.array([float(r[c]) for c in ("x_m", "y_m", "z_m")])
                spl = None
            if body == PELVIS:
                xyz = xyz - self.hip_centre          # pelvis points relative to the hip centre
            elif body == FEMUR:
                xyz = self.femur.transform(xyz)      # attachments move with the femur's shape
            anchors.append(_Anchor(index[r["muscle"]], body, xyz, spl))
            kind = "point" if r["kind"] in ("fixed", "moving") else "wrap"
            radius = float(r["radius_m"]) if kind == "wrap" else 0.0
            axis = np.array([float(r[c]) for c in ("axis_x", "axis_y", "axis_z")]) \
                if r["kind"] == "cylinder_wrap" else np.zeros(3)
            elements[r["muscle"]].append((kind, len(anchors) - 1, (radius, axis)))

        self._anchors = anchors
        self._body = np.array([a.body for a in anchors])
        self._xyz = np.array([a.xyz for a in anchors])

        segs, wraps = [], []
        for m, elems in elements.items():
            mi = index[m]
            points = [e for e in elems if e[0] == "point"]
            if len(points) < 2:
                raise ValueError(f"path of {m} needs at least two points")
            for j, (kind, ai, radius) in enumerate(elems):
                if kind == "wrap":
                    prev, nxt = elems[j - 1], elems[j + 1]
                    if prev[0] != "point" or nxt[0] != "point":
                        raise ValueError(f"wrap in {m} must sit between two points")
                    wraps.append((prev[1], nxt[1], ai, radius, mi))
                    if np.any(radius[1]) and anchors[ai].body != PELVIS:
                        # the distal-side moment-arm sum below assumes this
                        raise ValueError(f"cylinder wrap in {m} must be fixed on the pelvis")
            for (k1, a1, _), (k2, a2, _) in zip(elems, elems[1:]):
                if k1 == "point" and k2 == "point":
                    segs.append((a1, a2, mi))
        n_m = len(self.ids)
        self._seg = np.array(segs)
        self._wrap = np.array([w[:3] for w in wraps], dtype=int).reshape(-1, 3)
        self._wrap_r = np.array([w[3][0] for w in wraps])
        axes = np.array([w[3][1] for w in wraps]).reshape(-1, 3)
        norm = np.linalg.norm(axes, axis=1, keepdims=True)
        self._wrap_axis = np.divide(axes, norm, out=np.zeros_like(axes), where=norm > 0)
        self._wrap_axis_col = self._wrap_axis.T[:, :, None]   # (3, W, 1): fixed on the pelvis
        self._seg_inc = np.zeros((len(segs), n_m))
        self._seg_inc[np.arange(len(segs)), self._seg[:, 2]] = 1.0
        self._wrap_inc = np.zeros((len(wraps), n_m))
        self._wrap_inc[np.arange(len(wraps)), [w[4] for w in wraps]] = 1.0
        # Segments within one rigid body (no moving point) have a constant length: computed
        # once. Only the others, and the wraps, are evaluated per pose, on a compact set of
        # anchors. Only joint-crossing terms carry moment arms: a segment with both ends on the
        # femur/tibia block turns rigidly with the femur and adds nothing about the hip.
        body = self._body
        moving = np.array([a.splines is not None for a in anchors])
        s0, s1 = self._seg[:, 0], self._seg[:, 1]
        var = (body[s0] != body[s1]) | moving[s0] | moving[s1]
        const = np.linalg.norm(self._xyz[s1[~var]] - self._xyz[s0[~var]], axis=1)
        self._const_len = const @ self._seg_inc[~var]
        need = np.unique(np.concatenate([self._seg[var, :2].ravel(), self._wrap.ravel()]))
        cmap = np.full(len(anchors), -1)
        cmap[need] = np.arange(need.size)
        self._need = need
        self._vseg = cmap[self._seg[var, :2]]
        self._vseg_inc = self._seg_inc[var]
        self._cwrap = cmap[self._wrap]
        nb = body[need]
        distal = nb != PELVIS
        v0, v1 = self._vseg[:, 0], self._vseg[:, 1]
        cross_hip = distal[v0] != distal[v1]
        self._hip_seg = np.flatnonzero(cross_hip)
        self._hip_end = np.where(distal[v1], v1, v0)[self._hip_seg]
        self._hip_w = self._vseg_inc[self._hip_seg] * np.where(distal[v1], 1.0, -1.0)[self._hip_seg, None]
        on_tibia = nb == TIBIA
        self._knee_seg = np.flatnonzero(on_tibia[v0] | on_tibia[v1])
        self._knee_w = self._vseg_inc[self._knee_seg]
        self._tib_slot = np.where(on_tibia, np.cumsum(on_tibia) - 1, -1)
        self._wrap_distal = distal[self._cwrap] if len(wraps) else np.zeros((0, 3), bool)
        self._neutral = self._compute(*np.zeros((4, 1)))[0][0]

    # ------------------------------------------------------------- public API
    def info(self, path_id):
        """Catalogue entry (row of the catalogue table) of one path."""
        self._indices([path_id])
        return dict(self._info[path_id])

    def _indices(self, requested):
        return checks.muscle_indices(requested, self.ids, self.item,
                                     f"{type(self).__name__}().ids")

    def evaluate(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, ids=None):
        """Lengths, length changes, moment arms and actions for one pose or a batch.

        Parameters
        ----------
        flexion, adduction, rotation : float or 1-D array, degrees
            Hip angles (+ = flexion, adduction, internal rotation). Ranges: ``RANGES``.
        knee : float or 1-D array, degrees
            Knee flexion (+ = flexed), 0 to 120.
        ids : str or list of str, optional
            Path ids (default: all, in ``ids`` order).

        Arrays must share one length n; single values are repeated. Returns a ``HipResult``
        whose arrays have shape (n, number of paths).
        """
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction,
                                      rotation=rotation, knee=knee)
        cols = self._indices(ids)
        rad = [np.radians(pose[k]) for k in ("flexion", "adduction", "rotation", "knee")]
        length, ma = self._compute(*rad)
        ids = tuple(self.ids[i] for i in cols)
        neutral = self._neutral[cols]
        length = length[:, cols]
        return HipResult(
            muscle_ids=ids,
            flexion_deg=np.array(pose["flexion"]), adduction_deg=np.array(pose["adduction"]),
            rotation_deg=np.array(pose["rotation"]), knee_deg=np.array(pose["knee"]),
            length_m=length,
            length_change_mm=(length - neutral) * 1000.0,
            length_change_pct=(length / neutral - 1.0) * 100.0,
            ma_flex_m=ma[0][:, cols], ma_add_m=ma[1][:, cols],
            ma_rot_m=ma[2][:, cols], ma_knee_m=ma[3][:, cols],
            reference_names=tuple(self._info[m].get("reference_name", "") for m in ids),
        )

    def polylines(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, arc_points=8):
        """Each path as a polyline (k, 3) in the pelvis frame (m), for one pose.

        Wraps are drawn as arcs of ``arc_points`` points. For drawing only."""
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction,
                                      rotation=rotation, knee=knee)
        if pose["flexion"].size != 1:
            raise ValueError("polylines take one pose (single values), got "
                             f"{pose['flexion'].size} poses")
        rad = [np.radians(pose[k]) for k in ("flexion", "adduction", "rotation", "knee")]
        x, _, _ = self._positions(*rad)
        x = x[:, :, 0].T + self.hip_centre
        wrap_at = {int(w[2]): (int(w[0]), int(w[1]), r, ax)
                   for w, r, ax in zip(self._wrap, self._wrap_r, self._wrap_axis)}
        paths = {m: [] for m in self.ids}
        for i, a in enumerate(self._anchors):
            m = self.ids[a.path]
            if i in wrap_at:
                p, s, r, ax = wrap_at[i]
                paths[m].extend(_arc(x[p], x[s], x[i], r, ax, arc_points))
            else:
                paths[m].append(x[i])
        return {m: np.array(v) for m, v in paths.items()}

    def femur_transform(self, flexion=0.0, adduction=0.0, rotation=0.0):
        """Rotation (3, 3) and origin (3,) of the femur frame in the pelvis frame for one pose."""
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction, rotation=rotation)
        if pose["flexion"].size != 1:
            raise ValueError("femur_transform takes one pose (single values)")
        f, a, r = (np.radians(pose[k]) for k in ("flexion", "adduction", "rotation"))
        return _hip_rotation(f, a, r)[:, :, 0], self.hip_centre.copy()

    def tibia_transform(self, knee=0.0):
        """Rotation (3, 3) and origin (3,) of the tibia frame in the femur frame for one knee angle."""
        k = np.radians(checks.broadcast_poses(knee=knee)["knee"][:1])
        rk, _ = _rot("z", -k)
        origin = np.array([self._spl["knee_tx"](k)[0][0], self._spl["knee_ty"](k)[0][0], 0.0])
        return rk[:, :, 0], origin + self.femur.shift_m

    # --------------------------------------------------------------- kernels
    def _positions(self, f, a, r, k, sel=None):
        """Positions of the anchors ``sel`` (default: all) relative to the hip centre in the
        pelvis frame, shape (3, S, n) (poses last: contiguous for the gathers below); d/dk of
        those on the tibia (3, T, n); hip rotation matrices (3, 3, n)."""
        n = f.size
        sel = np.arange(len(self._anchors)) if sel is None else sel
        body, xyz = self._body[sel], self._xyz[sel]
        tibia = np.flatnonzero(body == TIBIA)
        rh = _hip_rotation(f, a, r)
        x = np.empty((3, sel.size, n))
        x[:, body == PELVIS] = xyz[body == PELVIS].T[:, :, None]
        x[:, body == FEMUR] = _apply(rh, xyz[body == FEMUR])
        dx_k = np.zeros((3, tibia.size, n))
        if tibia.size:
            rk, drk = _rot("z", -k)
            tx, dtx = self._spl["knee_tx"](k)
            ty, dty = self._spl["knee_ty"](k)
            origin = np.stack([tx, ty, np.zeros(n)]) + self.femur.shift_m[:, None]
            dorigin = np.stack([dtx, dty, np.zeros(n)])
            pts = np.repeat(xyz[tibia].T[:, :, None], n, axis=2)
            dpts = np.zeros_like(pts)
            for j, i in enumerate(sel[tibia]):
                spl = self._anchors[i].splines
                if spl is not None:
                    for c in range(3):
                        pts[c, j], dpts[c, j] = spl[c](k)
            # x_f = origin(k) + Rz(-k) x_t(k); d/dk of Rz(-k) is -Rz'(-k)
            local = origin[:, None] + _apply(rk, pts)
            dlocal = dorigin[:, None] - _apply(drk, pts) + _apply(rk, dpts)
            x[:, tibia] = _apply(rh, local)
            dx_k = _apply(rh, dlocal)
        return x, dx_k, rh

    def _compute(self, f, a, r, k):
        """Lengths (n, m) and moment arms [flex, add, rot, knee], each (n, m)."""
        x, dx_k, _ = self._positions(f, a, r, k, self._need)
        s0, s1 = self._vseg[:, 0], self._vseg[:, 1]
        diff = x[:, s1] - x[:, s0]
        seg = np.sqrt(np.sum(diff * diff, axis=0))
        unit = diff / seg
        length = self._vseg_inc.T @ seg + self._const_len[:, None]
        # Hip: a distal anchor at x moves by omega x x per radian, so dL/dq = omega . sum(x x g)
        # over the distal anchors (wrap cylinders sit on the pelvis and do not move).
        hs = self._hip_seg
        moment = self._hip_w.T @ _cross(x[:, self._hip_end], unit[:, hs])      # (3, m, n)
        ks = self._knee_seg
        vel = np.zeros((3, dx_k.shape[1] + 1, x.shape[2]))   # last slot: not on the tibia
        vel[:, :-1] = dx_k
        v1, v0 = vel[:, self._tib_slot[s1[ks]]], vel[:, self._tib_slot[s0[ks]]]
        knee = self._knee_w.T @ np.sum(unit[:, ks] * (v1 - v0), axis=0)
        if len(self._wrap):
            wl, gp, gs = _wrap(x, self._cwrap, self._wrap_r, self._wrap_axis_col)
            length += self._wrap_inc.T @ wl
            grads = (gp, gs, -(gp + gs))
            for j in range(3):
                d = self._wrap_distal[:, j]
                if d.any():
                    moment += self._wrap_inc[d].T @ _cross(x[:, self._cwrap[d, j]], grads[j][:, d])
                slot = self._tib_slot[self._cwrap[:, j]]
                on = slot >= 0
                if on.any():
                    knee += self._wrap_inc[on].T @ np.sum(grads[j][:, on] * vel[:, slot[on]], axis=0)
        axes = _hip_axes(f, a)
        ma = [-np.sum(axes[i][:, None, :] * moment, axis=0).T for i in range(3)]
        ma.append(-knee.T)
        return length.T, ma


class HipModel(PathModel):
    """A hip with gait2392's bones (the femur reshaped to any anteversion and neck-shaft
    angle) and 30 muscle compartments.

    Parameters
    ----------
    anteversion_deg, neck_shaft_deg : float, optional
        Femoral anteversion and neck-shaft angle in degrees. The defaults are the angles of
        gait2392's femur, measured from its bone surface (``widgets/data/femur.csv``); at the
        defaults the bones are gait2392's. Other values twist and bend the proximal femur as
        described in :mod:`widgets.model.femur`.

    Examples
    --------
    >>> m = HipModel()
    >>> r = m.evaluate(flexion=[0, 90], muscles=["piriformis"])
    >>> r.ma_rot_m.shape
    (2, 1)
    """

    def __init__(self, anteversion_deg=None, neck_shaft_deg=None):
        super().__init__("muscles.csv", "path_points.csv", anteversion_deg, neck_shaft_deg,
                         item="muscle")

    @property
    def muscle_ids(self):
        return self.ids

    def _indices(self, requested):
        return checks.muscle_indices(requested, self.ids)

    def muscle_info(self, muscle_id):
        """Catalogue entry of one muscle: id, name, group, reference_name, source, note."""
        return self.info(muscle_id)

    def evaluate(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, muscles=None):
        """As :meth:`PathModel.evaluate`, with ``muscles`` (ids, default all) for ``ids``."""
        return super().evaluate(flexion, adduction, rotation, knee, ids=muscles)

    def muscle_paths(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, arc_points=8):
        """Each muscle's path as a polyline (k, 3) in the pelvis frame (m), for one pose.

        Wraps are drawn as arcs of ``arc_points`` points. For drawing only."""
        try:
            return self.polylines(flexion, adduction, rotation, knee, arc_points)
        except ValueError as exc:
            raise ValueError(str(exc).replace("polylines take", "muscle_paths takes")) from None


def _apply(rot, pts):
    """rot (3, 3, n) applied to points (A, 3) -> (3, A, n), or to (3, A, n) -> (3, A, n)."""
    if pts.ndim == 2:
        return np.stack([pts @ rot[i] for i in range(3)])
    return np.stack([rot[i, 0] * pts[0] + rot[i, 1] * pts[1] + rot[i, 2] * pts[2]
                     for i in range(3)])


def _cross(a, b):
    """Cross product along axis 0."""
    return np.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def _matmul(p, q):
    """Product of stacks of 3x3 matrices (3, 3, n)."""
    return np.einsum("ijn,jkn->ikn", p, q)


def _hip_rotation(f, a, r):
    """Femur orientation R = Rz(flexion) Rx(adduction) Ry(rotation), as in gait2392's hip_r."""
    return _matmul(_matmul(_rot("z", f)[0], _rot("x", a)[0]), _rot("y", r)[0])


def _hip_axes(f, a):
    """Unit axes (pelvis frame, (3, n)) about which each hip coordinate turns the femur."""
    n = f.size
    ez = np.zeros((3, n))
    ez[2] = 1.0
    rz = _rot("z", f)[0]
    ex = rz[:, 0]
    ey = np.einsum("ijn,jn->in", rz, _rot("x", a)[0][:, 1])
    return ez, ex, ey


def _wrap(x, wraps, radius, axis):
    """Paths from P to S over wrapping surfaces (arrays (3, W, n)): lengths (W, n), dL/dP, dL/dS.

    Sphere (axis 0): the shortest path, over the great circle in the plane of P, S and the
    centre. Cylinder (unit axis): the path runs from P to S right-handed about the axis, so it
    can only pass on one side (a tendon cannot cut through the joint); it is a helix on the
    cylinder. Where the straight line clears the surface the path is straight; the switch is
    smooth (same length and slope). dL/dP is the unit vector from the first tangent point to P
    (and likewise for S): the envelope theorem for shortest paths."""
    p, s, c = x[:, wraps[:, 0]], x[:, wraps[:, 1]], x[:, wraps[:, 2]]
    t1, t2, length, on = _tangents(p, s, c, radius[:, None], axis)
    u = s - p
    straight = np.sqrt(np.sum(u * u, axis=0))
    u = u / straight
    gp = np.where(on, _unit(p - t1), -u)
    gs = np.where(on, _unit(s - t2), u)
    return np.where(on, length, straight), gp, gs


def _dot(a, b):
    return np.sum(a * b, axis=0)


def _tangents(p, s, c, radius, axis, arc_points=0):
    """Tangent points, wrapped length and whether the wrap is engaged (see ``_wrap``).

    With arc_points > 0 returns instead points along the wrapped arc and the engaged flag."""
    cyl = np.sum(axis * axis, axis=0) > 0
    dp, ds = p - c, s - c
    # Plane of the wrap: the cylinder's cross-section, or the plane through P, S and the centre.
    zp = np.where(cyl, _dot(dp, axis), 0.0)
    zs = np.where(cyl, _dot(ds, axis), 0.0)
    qp, qs = dp - zp * axis, ds - zs * axis
    rho_p, rho_s = np.sqrt(_dot(qp, qp)), np.sqrt(_dot(qs, qs))
    if np.any(rho_p <= radius) or np.any(rho_s <= radius):
        raise RuntimeError("a path point lies inside its wrapping surface: model data error")
    e1 = qp / rho_p
    e2_sphere = qs - _dot(qs, e1) * e1
    e2_sphere = e2_sphere / np.maximum(np.sqrt(_dot(e2_sphere, e2_sphere)), 1e-12)
    e2 = np.where(cyl, _cross(np.broadcast_to(axis, e1.shape), e1), e2_sphere)
    gamma = np.arctan2(_dot(qs, e2), _dot(qs, e1))
    gamma = np.where(cyl, np.mod(gamma, 2 * np.pi), np.abs(gamma))
    a_p, a_s = np.arccos(radius / rho_p), np.arccos(radius / rho_s)
    arc = np.maximum(gamma - a_p - a_s, 0.0)
    on = gamma - a_p - a_s > 0
    l_p, l_s = np.sqrt(rho_p**2 - radius**2), np.sqrt(rho_s**2 - radius**2)
    flat = l_p + radius * arc + l_s
    dz = zs - zp
    length = np.sqrt(flat**2 + dz**2)

    def on_surface(angle, frac):
        return c + radius * (np.cos(angle) * e1 + np.sin(angle) * e2) + (zp + frac * dz) * axis

    if not arc_points:
        t1 = on_surface(a_p, l_p / flat)
        t2 = on_surface(gamma - a_s, (l_p + radius * arc) / flat)
        return t1, t2, length, on
    return [on_surface(a_p + f * arc, (l_p + f * radius * arc) / flat)
            for f in np.linspace(0.0, 1.0, arc_points)], on


def _unit(v):
    return v / np.sqrt(_dot(v, v))


def _arc(p, s, c, r, axis, k):
    """Points of the wrapped part of a path (for drawing); empty when the wrap is off."""
    col = lambda v: np.asarray(v, float).reshape(3, 1, 1)
    pts, on = _tangents(col(p), col(s), col(c), np.array([[r]]), col(axis), arc_points=k)
    return [q[:, 0, 0] for q in pts] if on[0, 0] else []


@dataclass(frozen=True)
class HipResult:
    """Results for n poses x m muscles (arrays of shape (n, m); pose arrays of shape (n,)).

    length_m: musculotendon length (m); length_change_mm / _pct: change from the neutral pose
    (all angles 0) of the same femur; ma_*_m: moment arms -dL/dq (m) about hip flexion,
    adduction, internal rotation and knee flexion.
    """

    muscle_ids: tuple
    flexion_deg: np.ndarray
    adduction_deg: np.ndarray
    rotation_deg: np.ndarray
    knee_deg: np.ndarray
    length_m: np.ndarray
    length_change_mm: np.ndarray
    length_change_pct: np.ndarray
    ma_flex_m: np.ndarray
    ma_add_m: np.ndarray
    ma_rot_m: np.ndarray
    ma_knee_m: np.ndarray
    reference_names: tuple

    @property
    def n_poses(self):
        return self.length_m.shape[0]

    def moment_arms(self):
        """Moment arms stacked as (n, m, 4) in the order flex, add, rot, knee."""
        return np.stack([self.ma_flex_m, self.ma_add_m, self.ma_rot_m, self.ma_knee_m], axis=-1)

    def roles(self):
        """Per axis: +2/+1 = (weak) flexor/adductor/internal rotator/knee flexor, -1/-2 the
        opposite, 0 = moment arm under WEAK_M. Shape (n, m, 4)."""
        ma = self.moment_arms()
        size = np.where(np.abs(ma) >= STRONG_M, 2, np.where(np.abs(ma) >= WEAK_M, 1, 0))
        return np.sign(ma).astype(int) * size

    def action(self, pose, muscle):
        """The action in words at one pose, e.g. 'internal rotator, weak abductor'."""
        j = muscle if isinstance(muscle, (int, np.integer)) else \
            checks.muscle_indices([muscle], self.muscle_ids)[0]
        if not 0 <= pose < self.n_poses:
            raise ValueError(f"pose={pose!r} is outside 0..{self.n_poses - 1}")
        return describe(self.moment_arms()[pose, j])

    def actions(self):
        """Action words for every pose and muscle: list (n) of lists (m) of str."""
        ma = self.moment_arms()
        return [[describe(ma[i, j]) for j in range(ma.shape[1])] for i in range(ma.shape[0])]


def describe(moment_arms):
    """Words for one muscle's moment arms (flex, add, rot, knee), strongest first."""
    parts = []
    for axis, value in sorted(zip(AXES, moment_arms), key=lambda t: -abs(t[1])):
        if abs(value) < WEAK_M:
            continue
        word = ROLE_WORDS[axis][0 if value > 0 else 1]
        parts.append(word if abs(value) >= STRONG_M else "weak " + word)
    return ", ".join(parts) if parts else "no clear action at this pose"
