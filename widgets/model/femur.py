"""The femur: its measured shape, and the twist that gives it another anteversion or neck-shaft angle.

The femur frame is gait2392's: origin at the centre of the femoral head (= hip centre),
x anterior, y up, z lateral (right femur). The bone is gait2392's own surface
(``widgets/data/bones/femur_r.json``, CC BY 3.0); :func:`measure_femur` measures it, and
``widgets/data/femur.csv`` holds the result (``widgets/tools/measure_femur.py`` writes it; a
test re-measures the committed surface and checks the table).

Measured angles (method in :func:`measure_femur`):

* anteversion: the angle, seen along the anatomical shaft axis, between the femoral neck axis
  and the posterior condylar axis; positive = the neck points forward;
* neck-shaft angle: the 3-D angle between the neck axis (towards the head) and the shaft axis
  (towards the knee).

Other angles: :class:`FemurGeometry` turns the measured femur into one with other angles in the
way the OpenSim Torsion Tool does (Veerkamp et al. 2019) and Arnold et al. (1997) did: the
proximal femur (head, neck and both trochanters, everything above ``twist_top`` along the
shaft axis) turns as one piece about the shaft axis relative to the condyles (anteversion), and
about the axis normal to the neck-shaft plane (neck-shaft angle); the twist fades linearly
along the diaphysis to nothing at ``twist_bottom``. The whole femur is then moved so the head
centre stays at the hip centre, so the shaft, condyles and knee shift slightly with it (the
shaft stays straight). Every femoral point (muscle attachments, wraps, landmarks and the
drawn surface) goes through the same transform, :meth:`FemurGeometry.transform`.
"""

from __future__ import annotations

import numpy as np

from .bones import bone_surface, edges_of, section
from .data import femur_table

__all__ = ["FemurGeometry", "femur_angles", "measure_femur", "bone_surface", "signed_angle"]


# ----------------------------------------------------------------------------- measuring
NECK_SECTIONS_M = np.arange(0.018, 0.0301, 0.001)   # where the neck is sectioned (from the head centre)
SHAFT_WINDOW_M = (0.185, 0.100)   # diaphysis sections: centre above the knee centre, half-length


def _sphere_fit(p):
    a = np.c_[2 * p, np.ones(len(p))]
    x = np.linalg.lstsq(a, (p ** 2).sum(axis=1), rcond=None)[0]
    c = x[:3]
    return c, float(np.sqrt(x[3] + c @ c))


def _flat(v, axis):
    """Unit vector of ``v`` projected onto the plane normal to ``axis``."""
    v = v - (v @ axis) * axis
    return v / np.linalg.norm(v)


def signed_angle(a, b, axis):
    """Angle (deg) from ``a`` to ``b`` seen along ``axis`` (right-handed about ``axis``)."""
    a, b = _flat(a, axis), _flat(b, axis)
    return float(np.degrees(np.arctan2(np.cross(a, b) @ axis, a @ b)))


def measure_femur(verts, faces, knee_centre):
    """Measure a right femur's surface (femur frame, metres). Returns a dict of axes and angles.

    Method (every step deterministic, no hand-picked points):

    1. Head centre and radius: least-squares sphere through the vertices within 26 mm of the
       femur frame's origin (gait2392 puts the origin at the head centre).
    2. Shaft (anatomical) axis: the line through the centroids of 21 cross-sections of the
       diaphysis, 10 mm apart, cut normal to the axis (refitted until it settles), centred
       185 mm above the knee centre along the axis (85 to 285 mm above it).
    3. Neck axis: the line through the head centre on which the neck's cross-sections centre:
       sections normal to the line, every 1 mm from 18 to 30 mm from the head centre (the
       narrow neck between the head and the trochanters), the line turned through their mean
       centroid until it settles.
    4. Posterior condylar axis: the line through the most posterior vertex of each condyle
       (vertices less than 25 mm above the knee centre along the shaft axis, split medial and
       lateral of the knee centre).
    5. Anteversion: the angle from the condylar axis to the neck axis seen along the shaft
       axis, positive when the neck points forward. Also reported about the mechanical axis
       (head centre to knee centre) and against the transepicondylar axis (most medial and
       lateral distal vertices), to show how much the number depends on the definition.
    6. Neck-shaft angle: the 3-D angle between the neck axis (towards the head) and the shaft
       axis (towards the knee); also about the mechanical axis.
    """
    verts = np.asarray(verts, float)
    edges = edges_of(np.asarray(faces))
    near = verts[np.linalg.norm(verts, axis=1) < 0.026]
    head, radius = _sphere_fit(near)

    # 2. shaft axis: sections of the diaphysis, placed from the knee up (so the same bone is
    #    sampled however the proximal femur is shaped)
    knee = np.asarray(knee_centre, float)
    down = np.array([0.0, -1.0, 0.0])
    axis = down
    for _ in range(50):
        centre = knee - SHAFT_WINDOW_M[0] * axis
        cents = [section(verts, edges, centre + t * axis, axis)[0]
                 for t in np.linspace(-SHAFT_WINDOW_M[1], SHAFT_WINDOW_M[1], 21)]
        cents = np.array([c for c in cents if c is not None])
        mid = cents.mean(axis=0)
        new = np.linalg.svd(cents - mid)[2][0]
        new *= np.sign(new @ down)
        if np.linalg.norm(new - axis) < 1e-12:
            break
        axis = new
    shaft = axis

    # 3. neck axis: through the head centre and the neck's sections normal to it
    guess = np.array([-0.3, -0.6, 0.75])            # lateral, down, a little back: any neck
    guess /= np.linalg.norm(guess)
    for _ in range(200):
        cents = [section(verts, edges, head + t * guess, guess)[0] for t in NECK_SECTIONS_M]
        c = np.mean(cents, axis=0) - head
        new = c / np.linalg.norm(c)
        if np.linalg.norm(new - guess) < 1e-12:
            break
        guess = new
    area = float(np.mean([section(verts, edges, head + t * guess, guess)[1] for t in NECK_SECTIONS_M]))
    neck = -guess                                   # from the neck towards the head

    # 4. condylar axes
    distal = verts[(verts - knee) @ shaft > -0.025]   # within 25 mm above the knee centre
    med, lat = distal[distal[:, 2] < knee[2]], distal[distal[:, 2] >= knee[2]]
    post_med, post_lat = med[np.argmin(med[:, 0])], lat[np.argmin(lat[:, 0])]
    epi_med, epi_lat = distal[np.argmin(distal[:, 2])], distal[np.argmax(distal[:, 2])]
    condylar = post_lat - post_med                   # medial -> lateral
    epicondylar = epi_lat - epi_med
    mech = (knee - head) / np.linalg.norm(knee - head)

    def version(cond, ax):
        # from the medial direction of the condylar axis to the neck (pointing medially),
        # seen from above: positive when the neck turns forward
        return signed_angle(-cond, neck, ax)

    return {
        "head_centre": head, "head_radius": radius,
        "shaft_axis": shaft, "shaft_point": mid, "mechanical_axis": mech,
        "neck_axis": neck, "neck_section_area_m2": area,
        "posterior_condyles": (post_med, post_lat), "epicondyles": (epi_med, epi_lat),
        "anteversion_deg": version(condylar, shaft),
        "anteversion_mechanical_deg": version(condylar, mech),
        "anteversion_epicondylar_deg": version(epicondylar, shaft),
        "neck_shaft_deg": float(np.degrees(np.arccos(np.clip(neck @ shaft, -1, 1)))),
        "neck_shaft_mechanical_deg": float(np.degrees(np.arccos(np.clip(neck @ mech, -1, 1)))),
    }


# ----------------------------------------------------------------------------- the twist
def _axis_rot(axis, angle):
    """Rotation matrices (..., 3, 3) about a unit axis by angle(s) in radians (Rodrigues)."""
    angle = np.asarray(angle, float)[..., None, None]
    k = np.array([[0.0, -axis[2], axis[1]], [axis[2], 0.0, -axis[0]], [-axis[1], axis[0], 0.0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def femur_angles() -> dict:
    """The model femur's measured angles and the population means shown beside them (deg),
    with their sources: ``{"anteversion": {...}, "neck_shaft": {...}}``, each with
    ``model``, ``population`` and ``population_source`` (a bibliography key)."""
    t = femur_table()
    out = {}
    for key, name in (("anteversion", "anteversion"), ("neck_shaft", "neck_shaft_angle")):
        out[key] = {"model": float(t[name]["value"]),
                    "population": float(t[f"{name}_population"]["value"]),
                    "population_source": t[f"{name}_population"]["source"]}
    return out


def _vec(row):
    return np.array([float(row["x_m"]), float(row["y_m"]), float(row["z_m"])])


class FemurGeometry:
    """The model's femur for given anteversion and neck-shaft angle (degrees).

    ``transform(points)`` maps points of the measured (gait2392) femur to this femur; it is the
    identity at the measured angles. Attributes: the measured angles
    (``measured_anteversion_deg``, ``measured_neck_shaft_deg``), the shaft axis, and the
    translation ``shift_m`` that keeps the head centre on the hip centre (the shaft, condyles
    and knee move by it)."""

    def __init__(self, anteversion_deg, neck_shaft_deg):
        t = femur_table()
        self._table = t
        self.anteversion_deg = float(anteversion_deg)
        self.neck_shaft_deg = float(neck_shaft_deg)
        self.measured_anteversion_deg = float(t["anteversion"]["value"])
        self.measured_neck_shaft_deg = float(t["neck_shaft_angle"]["value"])
        self.shaft_axis = _vec(t["shaft_axis"])             # unit, towards the knee
        neck = _vec(t["neck_axis"])                          # unit, towards the head
        normal = np.cross(self.shaft_axis, neck)             # turning about it opens the angle
        self._normal = normal / np.linalg.norm(normal)
        top, bottom = float(t["twist_top"]["value"]), float(t["twist_bottom"]["value"])
        self._blend = float(t["neck_bend_length"]["value"])
        self._top, self._length = top, bottom - top
        # pivot: the shaft axis at the top of the twist (just below the lesser trochanter)
        p = _vec(t["shaft_point"])
        self._pivot = p + (top - p @ self.shaft_axis) * self.shaft_axis
        self._d_av = np.radians(self.anteversion_deg - self.measured_anteversion_deg)
        self._d_ns = np.radians(self.neck_shaft_deg - self.measured_neck_shaft_deg)
        full = self._twist(1.0) @ self._bend(1.0)
        self.shift_m = full @ self._pivot - self._pivot     # keeps the head centre at the origin
        self._full = full
        self.identity = self._d_av == 0.0 and self._d_ns == 0.0

    def _twist(self, s):
        # more anteversion: the proximal femur turns about the distal-pointing shaft axis
        # (for a right femur, from above: anticlockwise, the neck forward, the trochanter back)
        return _axis_rot(self.shaft_axis, np.asarray(s) * self._d_av)

    def _bend(self, w):
        return _axis_rot(self._normal, np.asarray(w) * self._d_ns)

    def transform(self, points):
        """Map femur-frame points (..., 3) of the measured femur to this femur (same shape)."""
        x = np.asarray(points, float)
        if self.identity:
            return x.copy()
        flat = x.reshape(-1, 3)
        u = (flat - self._pivot) @ self.shaft_axis            # distance below the twist top
        s = np.clip(1.0 - u / self._length, 0.0, 1.0)          # twist fraction
        w = np.clip(1.0 - u / self._blend, 0.0, 1.0)           # neck-bend fraction
        rot = self._twist(s) @ self._bend(w)                   # (n, 3, 3)
        rel = flat - self._pivot
        out = np.einsum("nij,nj->ni", rot, rel) + self._pivot + self.shift_m
        above = u <= 0.0                                       # proximal block: rigid
        out[above] = flat[above] @ self._full.T
        return out.reshape(x.shape)

    def landmarks(self):
        """Named femoral points (femur frame, m), transformed, with a drawing radius."""
        t = self._table
        out = {"head": (np.zeros(3), float(t["head_radius"]["value"]))}
        for name in ("greater_trochanter", "lesser_trochanter", "condyle_medial", "condyle_lateral"):
            out[name] = (self.transform(_vec(t[name])), float(t[name]["value"]))
        return out
