"""The hip model: muscle paths on pelvis, femur and tibia; lengths, moment arms and actions.

Conventions (OpenSim / ISB): hip flexion, adduction and internal rotation positive; knee flexion
positive. Degrees at the interface, radians inside. Lengths in metres.
The moment arm about a coordinate q is -dL/dq (tendon-excursion definition): positive means the
muscle flexes, adducts, internally rotates (or flexes the knee) at that pose.

Everything is computed for a batch of poses at once; there is no Python loop over poses.
"""

from dataclasses import dataclass

import numpy as np

from . import checks
from .data import read_table
from .femur import FemurGeometry
from .spline import Spline

PELVIS, FEMUR, TIBIA = 0, 1, 2
_BODY = {"pelvis": PELVIS, "femur": FEMUR, "tibia": TIBIA}
AXES = ("flex", "add", "rot", "knee")

# Action words. A moment arm of at least STRONG_M counts as a main action, between WEAK_M and
# STRONG_M as a "weak" one, below WEAK_M as none. The same thresholds are stated in the book.
WEAK_M = 0.005
STRONG_M = 0.015
_ROLE = {
    "flex": ("flexor", "extensor"),
    "add": ("adductor", "abductor"),
    "rot": ("internal rotator", "external rotator"),
    "knee": ("knee flexor", "knee extensor"),
}


def _rot(axis, angle):
    """Rotation matrices (n, 3, 3) about a body axis, and their derivatives."""
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
    return np.moveaxis(np.array(m), (0, 1), (-2, -1)), np.moveaxis(np.array(dm), (0, 1), (-2, -1))


@dataclass(frozen=True)
class _Anchor:
    muscle: int
    body: int
    xyz: np.ndarray            # fixed location in its body frame (m)
    splines: tuple = None      # (x, y, z) Splines of knee flexion (rad) for a moving point


class HipModel:
    """A hip with a simplified, parametric femur and 30 muscle compartments.

    Parameters
    ----------
    anteversion_deg, neck_shaft_deg : float, optional
        Femoral anteversion and neck-shaft angle in degrees. Defaults are the cited typical
        values in ``widgets/data/femur.csv``; at the defaults the bones are gait2392's.

    Examples
    --------
    >>> m = HipModel()
    >>> r = m.evaluate(flexion=[0, 90], muscles=["piriformis"])
    >>> r.ma_rot_m.shape
    (2, 1)
    """

    def __init__(self, anteversion_deg=None, neck_shaft_deg=None):
        catalogue = read_table("muscles.csv")
        self.muscle_ids = tuple(row["id"] for row in catalogue)
        self._info = {row["id"]: dict(row) for row in catalogue}
        self._build(anteversion_deg, neck_shaft_deg)

    # ----------------------------------------------------------------- set-up
    def _build(self, anteversion_deg, neck_shaft_deg):
        from .data import femur_table

        t = femur_table()
        av = float(t["anteversion_default"]["value"]) if anteversion_deg is None else \
            checks.femur_angle("anteversion_deg", anteversion_deg)
        nsa = float(t["neck_shaft_angle_default"]["value"]) if neck_shaft_deg is None else \
            checks.femur_angle("neck_shaft_deg", neck_shaft_deg)
        self.femur = FemurGeometry(av, nsa)
        self.anteversion_deg, self.neck_shaft_deg = av, nsa
        offset = self.femur.offset_m

        splines = {}
        for row in read_table("splines.csv"):
            splines.setdefault(row["spline"], []).append(
                (np.radians(float(row["knee_deg"])), float(row["value_m"])))
        self._spl = {k: Spline(*zip(*sorted(v))) for k, v in splines.items()}

        rows = read_table("path_points.csv")
        hip = next(r for r in rows if r["kind"] == "joint_centre")
        self.hip_centre = np.array([float(hip[c]) for c in ("x_m", "y_m", "z_m")])
        index = {m: i for i, m in enumerate(self.muscle_ids)}
        anchors, elements = [], {m: [] for m in self.muscle_ids}
        for r in rows:
            if r["kind"] == "joint_centre":
                continue
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
                xyz = xyz + offset                   # shaft block moves with the neck angles
            anchors.append(_Anchor(index[r["muscle"]], body, xyz, spl))
            kind = "point" if r["kind"] in ("fixed", "moving") else "wrap"
            radius = float(r["radius_m"]) if kind == "wrap" else 0.0
            axis = np.array([float(r[c]) for c in ("axis_x", "axis_y", "axis_z")]) \
                if r["kind"] == "cylinder_wrap" else np.zeros(3)
            elements[r["muscle"]].append((kind, len(anchors) - 1, (radius, axis)))

        self._anchors = anchors
        self._body = np.array([a.body for a in anchors])
        self._muscle_of = np.array([a.muscle for a in anchors])
        self._xyz = np.array([a.xyz for a in anchors])
        self._moving = [i for i, a in enumerate(anchors) if a.splines is not None]
        self._tibia = np.flatnonzero(self._body == TIBIA)
        self._femur = np.flatnonzero(self._body == FEMUR)

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
        n_m = len(self.muscle_ids)
        self._seg = np.array(segs)
        self._wrap = np.array([w[:3] for w in wraps], dtype=int).reshape(-1, 3)
        self._wrap_r = np.array([w[3][0] for w in wraps])
        axes = np.array([w[3][1] for w in wraps]).reshape(-1, 3)
        norm = np.linalg.norm(axes, axis=1, keepdims=True)
        self._wrap_axis = np.divide(axes, norm, out=np.zeros_like(axes), where=norm > 0)
        self._seg_inc = np.zeros((len(segs), n_m))
        self._seg_inc[np.arange(len(segs)), self._seg[:, 2]] = 1.0
        self._wrap_inc = np.zeros((len(wraps), n_m))
        self._wrap_inc[np.arange(len(wraps)), [w[4] for w in wraps]] = 1.0
        # Only joint-crossing terms carry moment arms: a segment with both ends on the
        # femur/tibia block turns rigidly with the femur and adds nothing about the hip.
        body = self._body
        distal = body != PELVIS
        s0, s1 = self._seg[:, 0], self._seg[:, 1]
        self._hip_w = np.zeros((len(segs), n_m))           # +1: end distal, -1: start distal
        cross_hip = distal[s0] != distal[s1]
        self._hip_w[cross_hip, self._seg[cross_hip, 2]] = np.where(distal[s1[cross_hip]], 1.0, -1.0)
        self._hip_seg = np.flatnonzero(cross_hip)
        self._hip_end = np.where(distal[s1], s1, s0)[self._hip_seg]
        self._hip_w = self._hip_w[self._hip_seg]
        on_tibia = body == TIBIA
        self._knee_seg = np.flatnonzero(on_tibia[s0] | on_tibia[s1])
        self._knee_w = self._seg_inc[self._knee_seg]
        tib_pos = {a: j for j, a in enumerate(self._tibia)}
        self._tib_slot = np.array([tib_pos.get(a, -1) for a in range(len(anchors))])
        self._wrap_distal = distal[self._wrap] if len(wraps) else np.zeros((0, 3), bool)
        self._neutral = None
        self._neutral = self._lengths_only(np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1))[0]

    # ------------------------------------------------------------- public API
    def muscle_info(self, muscle_id):
        """Catalogue entry of one muscle: id, name, group, reference_name, source, note."""
        checks.muscle_indices([muscle_id], self.muscle_ids)
        return dict(self._info[muscle_id])

    def evaluate(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, muscles=None):
        """Lengths, length changes, moment arms and actions for one pose or a batch.

        Parameters
        ----------
        flexion, adduction, rotation : float or 1-D array, degrees
            Hip angles (+ = flexion, adduction, internal rotation). Ranges: ``RANGES``.
        knee : float or 1-D array, degrees
            Knee flexion (+ = flexed), 0 to 120.
        muscles : str or list of str, optional
            Muscle ids (default: all, in ``muscle_ids`` order).

        Arrays must share one length n; single values are repeated. Returns a ``HipResult``
        whose arrays have shape (n, number of muscles).
        """
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction,
                                      rotation=rotation, knee=knee)
        cols = checks.muscle_indices(muscles, self.muscle_ids)
        rad = [np.radians(pose[k]) for k in ("flexion", "adduction", "rotation", "knee")]
        length, ma = self._compute(*rad)
        ids = tuple(self.muscle_ids[i] for i in cols)
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
            reference_names=tuple(self._info[m]["reference_name"] for m in ids),
        )

    def muscle_paths(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, arc_points=8):
        """Each muscle's path as a polyline (k, 3) in the pelvis frame (m), for one pose.

        Wraps are drawn as arcs of ``arc_points`` points. For drawing only."""
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction,
                                      rotation=rotation, knee=knee)
        if pose["flexion"].size != 1:
            raise ValueError("muscle_paths takes one pose (single values), got "
                             f"{pose['flexion'].size} poses")
        rad = [np.radians(pose[k]) for k in ("flexion", "adduction", "rotation", "knee")]
        x, _, rh = self._positions(*rad)
        axes = self._axes_now(rh)[0]
        x = x[0] + self.hip_centre
        wrap_at = {int(w[2]): (int(w[0]), int(w[1]), r, ax)
                   for w, r, ax in zip(self._wrap, self._wrap_r, axes)}
        paths = {m: [] for m in self.muscle_ids}
        for i, a in enumerate(self._anchors):
            m = self.muscle_ids[a.muscle]
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
        return _hip_rotation(f, a, r)[0][0], self.hip_centre.copy()

    def tibia_transform(self, knee=0.0):
        """Rotation (3, 3) and origin (3,) of the tibia frame in the femur frame for one knee angle."""
        k = np.radians(checks.broadcast_poses(knee=knee)["knee"][:1])
        rk, _ = _rot("z", -k)
        origin = np.array([self._spl["knee_tx"](k)[0][0], self._spl["knee_ty"](k)[0][0], 0.0])
        return rk[0], origin + self.femur.offset_m

    # --------------------------------------------------------------- kernels
    def _positions(self, f, a, r, k):
        """Anchor positions relative to the hip centre, pelvis frame (n, A, 3); d/dk of the
        tibia anchors (n, T, 3); and the hip rotation matrices (n, 3, 3)."""
        n = f.size
        rh, _ = _hip_rotation(f, a, r)
        x = np.empty((n,) + self._xyz.shape)
        x[:, self._body == PELVIS] = self._xyz[self._body == PELVIS]
        x[:, self._femur] = _apply(rh, self._xyz[self._femur])
        dx_k = np.zeros((n, self._tibia.size, 3))
        if self._tibia.size:
            rk, drk = _rot("z", -k)
            tx, dtx = self._spl["knee_tx"](k)
            ty, dty = self._spl["knee_ty"](k)
            origin = np.stack([tx, ty, np.zeros(n)], axis=1) + self.femur.offset_m
            dorigin = np.stack([dtx, dty, np.zeros(n)], axis=1)
            pts = np.broadcast_to(self._xyz[self._tibia], (n, self._tibia.size, 3)).copy()
            dpts = np.zeros_like(pts)
            for j, i in enumerate(self._tibia):
                spl = self._anchors[i].splines
                if spl is not None:
                    vals = [s(k) for s in spl]
                    pts[:, j] = np.stack([v[0] for v in vals], axis=1)
                    dpts[:, j] = np.stack([v[1] for v in vals], axis=1)
            # x_f = origin(k) + Rz(-k) x_t(k); d/dk of Rz(-k) is -Rz'(-k)
            local = origin[:, None] + _apply(rk, pts)
            dlocal = dorigin[:, None] - _apply(drk, pts) + _apply(rk, dpts)
            x[:, self._tibia] = _apply(rh, local)
            dx_k = _apply(rh, dlocal)
        return x, dx_k, rh

    def _axes_now(self, rh):
        """Wrap-cylinder axes in the pelvis frame (n, W, 3); cylinders are fixed on the pelvis."""
        return np.broadcast_to(self._wrap_axis, (rh.shape[0],) + self._wrap_axis.shape)

    def _lengths_only(self, f, a, r, k):
        x, _, rh = self._positions(f, a, r, k)
        seg = np.linalg.norm(x[:, self._seg[:, 1]] - x[:, self._seg[:, 0]], axis=-1)
        length = seg @ self._seg_inc
        if len(self._wrap):
            length += _wrap(x, self._wrap, self._wrap_r, self._axes_now(rh))[0] @ self._wrap_inc
        return length

    def _compute(self, f, a, r, k):
        x, dx_k, rh = self._positions(f, a, r, k)
        s0, s1 = self._seg[:, 0], self._seg[:, 1]
        diff = x[:, s1] - x[:, s0]
        seg = np.sqrt(np.einsum("nsi,nsi->ns", diff, diff))
        unit = diff / seg[..., None]
        length = seg @ self._seg_inc
        # Hip: a distal anchor at x moves by omega x x per radian, so dL/dq = omega . sum(x x g)
        # over the distal anchors (wrap cylinders sit on the pelvis and do not move).
        hs = self._hip_seg
        moment = _cross(x[:, self._hip_end], unit[:, hs]).transpose(0, 2, 1) @ self._hip_w
        ks = self._knee_seg
        vel = np.zeros((x.shape[0], self._tibia.size + 1, 3))  # last slot: not on the tibia
        vel[:, :-1] = dx_k
        v1, v0 = vel[:, self._tib_slot[s1[ks]]], vel[:, self._tib_slot[s0[ks]]]
        knee = np.einsum("nsi,nsi->ns", unit[:, ks], v1 - v0) @ self._knee_w
        if len(self._wrap):
            wl, gp, gs = _wrap(x, self._wrap, self._wrap_r, self._axes_now(rh))
            length += wl @ self._wrap_inc
            grads = (gp, gs, -(gp + gs))
            for j in range(3):
                d = self._wrap_distal[:, j]
                if d.any():
                    t = _cross(x[:, self._wrap[d, j]], grads[j][:, d])
                    moment += t.transpose(0, 2, 1) @ self._wrap_inc[d]
                slot = self._tib_slot[self._wrap[:, j]]
                if (slot >= 0).any():
                    on = slot >= 0
                    knee += np.einsum("nwi,nwi->nw", grads[j][:, on], vel[:, slot[on]]) @ self._wrap_inc[on]
        axes = _hip_axes(f, a)
        ma = [-np.einsum("ni,nim->nm", axes[i], moment) for i in range(3)]
        ma.append(-knee)
        return length, ma


def _apply(rot, pts):
    """rot (n, 3, 3) applied to points (A, 3) or (n, A, 3); faster than batched matmul."""
    if pts.ndim == 2:
        pts = pts[None]
    return (pts[..., 0, None] * rot[:, None, :, 0] + pts[..., 1, None] * rot[:, None, :, 1]
            + pts[..., 2, None] * rot[:, None, :, 2])


def _cross(a, b):
    return np.stack([a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                     a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                     a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]], axis=-1)


def _hip_rotation(f, a, r):
    """Femur orientation R = Rz(flexion) Rx(adduction) Ry(rotation), as in gait2392's hip_r."""
    rz, _ = _rot("z", f)
    rx, _ = _rot("x", a)
    ry, _ = _rot("y", r)
    return rz @ rx @ ry, None


def _hip_axes(f, a):
    """Unit axes (pelvis frame) about which each hip coordinate turns the femur."""
    n = f.size
    ez = np.broadcast_to([0.0, 0.0, 1.0], (n, 3))
    rz, _ = _rot("z", f)
    rx, _ = _rot("x", a)
    ex = rz[:, :, 0]
    ey = (rz @ rx)[:, :, 1]
    return ez, ex, ey


def _wrap(x, wraps, radius, axis):
    """Paths from P to S over wrapping surfaces, batched: lengths (n, W), dL/dP and dL/dS.

    Sphere (axis 0): the shortest path, over the great circle in the plane of P, S and the
    centre. Cylinder (unit axis): the path runs from P to S right-handed about the axis, so it
    can only pass on one side (a tendon cannot cut through the joint); it is a helix on the
    cylinder. Where the straight line clears the surface the path is straight; the switch is
    smooth (same length and slope). dL/dP is the unit vector from the first tangent point to P
    (and likewise for S): the envelope theorem for shortest paths."""
    p, s, c = x[:, wraps[:, 0]], x[:, wraps[:, 1]], x[:, wraps[:, 2]]
    t1, t2, length, on = _tangents(p, s, c, radius, axis)
    straight_v = s - p
    straight = np.linalg.norm(straight_v, axis=-1)
    u = straight_v / straight[..., None]
    gp = np.where(on[..., None], _unit(p - t1), -u)
    gs = np.where(on[..., None], _unit(s - t2), u)
    return np.where(on, length, straight), gp, gs


def _tangents(p, s, c, radius, axis, arc_points=0):
    """Tangent points, wrapped length and whether the wrap is engaged (see ``_wrap``).

    With arc_points > 0 also returns points along the wrapped arc (for drawing)."""
    cyl = np.linalg.norm(axis, axis=-1) > 0
    dp, ds = p - c, s - c
    # Plane of the wrap: the cylinder's cross-section, or the plane through P, S and the centre.
    zp = np.where(cyl, np.sum(dp * axis, axis=-1), 0.0)
    zs = np.where(cyl, np.sum(ds * axis, axis=-1), 0.0)
    qp, qs = dp - zp[..., None] * axis, ds - zs[..., None] * axis
    rho_p, rho_s = np.linalg.norm(qp, axis=-1), np.linalg.norm(qs, axis=-1)
    if np.any(rho_p <= radius) or np.any(rho_s <= radius):
        raise RuntimeError("a path point lies inside its wrapping surface: model data error")
    e1 = qp / rho_p[..., None]
    e2_sphere = qs - np.sum(qs * e1, axis=-1)[..., None] * e1
    e2_sphere /= np.maximum(np.linalg.norm(e2_sphere, axis=-1), 1e-12)[..., None]
    e2 = np.where(cyl[..., None], np.cross(axis, e1), e2_sphere)
    gamma = np.arctan2(np.sum(qs * e2, axis=-1), np.sum(qs * e1, axis=-1))
    gamma = np.where(cyl, np.mod(gamma, 2 * np.pi), np.abs(gamma))
    a_p, a_s = np.arccos(radius / rho_p), np.arccos(radius / rho_s)
    arc = gamma - a_p - a_s
    on = arc > 0
    l_p, l_s = np.sqrt(rho_p**2 - radius**2), np.sqrt(rho_s**2 - radius**2)
    flat = l_p + radius * np.maximum(arc, 0.0) + l_s
    dz = zs - zp
    length = np.sqrt(flat**2 + dz**2)

    def on_surface(angle, frac):
        ang = angle[..., None]
        return c + radius[..., None] * (np.cos(ang) * e1 + np.sin(ang) * e2) \
            + (zp + frac * dz)[..., None] * axis

    t1 = on_surface(a_p, l_p / flat)
    t2 = on_surface(gamma - a_s, (l_p + radius * np.maximum(arc, 0)) / flat)
    if not arc_points:
        return t1, t2, length, on
    k = np.linspace(0.0, 1.0, arc_points)
    arc_pts = [on_surface(a_p + f * np.maximum(arc, 0), (l_p + f * radius * np.maximum(arc, 0)) / flat)
               for f in k]
    return arc_pts, on


def _unit(v):
    return v / np.linalg.norm(v, axis=-1)[..., None]


def _arc(p, s, c, r, axis, k):
    """Points of the wrapped part of a path (for drawing); empty when the wrap is off."""
    pts, on = _tangents(p[None], s[None], c[None], np.array([r]), axis[None], arc_points=k)
    return [q[0] for q in pts] if on[0] else []


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
        word = _ROLE[axis][0 if value > 0 else 1]
        parts.append(word if abs(value) >= STRONG_M else "weak " + word)
    return ", ".join(parts) if parts else "no clear action at this pose"
