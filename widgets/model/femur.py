"""The simplified, parametric femur.

The femur frame is gait2392's: origin at the centre of the femoral head (= hip centre),
x anterior, y up, z lateral (right femur), aligned with the pelvis at the neutral pose.

Two parameters describe the proximal femur:

* neck-shaft angle: the angle between the neck axis (shaft -> head) and the shaft axis
  (pointing to the knee); larger = coxa valga, smaller = coxa vara;
* anteversion: the angle, seen along the shaft, between the neck axis and the knee's
  condylar axis; positive = the head points forward.

At the default angles the femur is exactly gait2392's. Changing them swings the neck about its
base; because the head stays at the hip centre, the whole shaft block (trochanters, shaft,
condyles, knee, tibia) shifts relative to the head by ``offset = v_default - v_new`` where ``v``
is the vector from the neck base to the head. So a valgus neck brings the greater trochanter
closer to the head and shortens the abductors' lever; more anteversion moves it backwards.
"""

import numpy as np

from .data import femur_table


def _point(row):
    return np.array([float(row["x_m"]), float(row["y_m"]), float(row["z_m"])])


class FemurGeometry:
    """Femoral landmarks and the shaft-block offset for given neck angles (degrees)."""

    def __init__(self, anteversion_deg, neck_shaft_deg):
        t = femur_table()
        self.anteversion_deg = anteversion_deg
        self.neck_shaft_deg = neck_shaft_deg
        self.default_anteversion_deg = float(t["anteversion_default"]["value"])
        self.default_neck_shaft_deg = float(t["neck_shaft_angle_default"]["value"])
        p, q = _point(t["shaft_proximal"]), _point(t["shaft_distal"])
        d = (q - p) / np.linalg.norm(q - p)                 # shaft axis, towards the knee
        c = np.array([0.0, 0.0, 1.0]) - d[2] * d            # condylar (z) axis, across the shaft
        c /= np.linalg.norm(c)
        a = np.cross(c, d)                                  # anterior, across the shaft
        self._axes = d, c, a
        self.neck_length_m = float(np.linalg.norm(_point(t["neck_base"])))
        v0 = self.neck_vector(self.default_anteversion_deg, self.default_neck_shaft_deg)
        self.neck_vector_m = self.neck_vector(anteversion_deg, neck_shaft_deg)
        self.offset_m = v0 - self.neck_vector_m             # added to every shaft-block point
        self._table = t

    def neck_vector(self, anteversion_deg, neck_shaft_deg):
        """Vector from the neck base to the head centre (m), femur frame, default shaft."""
        d, c, a = self._axes
        nsa, av = np.radians(neck_shaft_deg), np.radians(anteversion_deg)
        across = -np.cos(av) * c + np.sin(av) * a           # medial, turned forward by av
        return self.neck_length_m * (np.cos(nsa) * d + np.sin(nsa) * across)

    def landmarks(self):
        """Named points (femur frame, m) and radii for drawing the simplified femur."""
        t, off = self._table, self.offset_m
        out = {"head": (np.zeros(3), float(t["head_radius"]["value"])),
               "neck_base": (-self.neck_vector_m, float(t["shaft_radius"]["value"]))}
        for name in ("shaft_proximal", "shaft_distal"):
            out[name] = (_point(t[name]) + off, float(t["shaft_radius"]["value"]))
        for name in ("greater_trochanter", "lesser_trochanter", "condyle_medial", "condyle_lateral"):
            out[name] = (_point(t[name]) + off, float(t[name]["value"]))
        return out
