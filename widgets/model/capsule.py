"""The hip capsule: its ligaments as paths on the same bones, their strain, force and the
passive moment they make; range of motion and what limits it; laxity.

The capsular ligaments (``widgets/data/ligaments.csv``, points in
``widgets/data/ligament_points.csv``) are evaluated by the same path kernel as the muscles
(:class:`widgets.model.PathModel`): same bones, same hip rotations, same femur transform, and
the same wrap over the femoral head. On top of the lengths this module adds:

* **strain** = length / slack length - 1; a ligament is **taut** when its strain is above 0;
* **force**: the quadratic-then-linear force-strain law of Blankevoort and Huiskes (1991), as
  OpenSim implements it (``Blankevoort1991Ligament``), with each ligament's stiffness from its
  measured elastic modulus and cross-section, scaled once for the whole capsule so that the
  model's rotational stiffness matches the cadaver capsule's (``widgets/data/capsule.csv``);
* **passive moment** about each hip angle: sum of force x moment arm over the ligaments;
* **range of motion** in each direction at a stated passive moment (5 N m, as in the cadaver
  study the model is checked against), and which ligament limits it;
* **laxity**: one number that scales every slack length (1 = the typical hip of the model).

Conventions as in :mod:`widgets.model.hip`: degrees at the interface, hip flexion, adduction
and internal rotation positive, moment arm = -dL/dq. A ligament with force F pulls the femur
with a moment F x moment arm about each coordinate; its *resisting* moment for a motion is the
part that opposes that motion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import numbers

import numpy as np

from . import checks
from .data import read_table
from .hip import PathModel

#: Directions of motion: (coordinate, sign of the motion).
DIRECTIONS = {
    "flexion": ("flexion", +1),
    "extension": ("flexion", -1),
    "adduction": ("adduction", +1),
    "abduction": ("adduction", -1),
    "internal_rotation": ("rotation", +1),
    "external_rotation": ("rotation", -1),
}
_MA = {"flexion": "ma_flex_m", "adduction": "ma_add_m", "rotation": "ma_rot_m"}
ROM_STEP_DEG = 0.1          # grid of the range-of-motion search (then interpolated)


@lru_cache(maxsize=None)
def parameters() -> dict:
    """The capsule model's parameters (``widgets/data/capsule.csv``) as ``{name: float}``."""
    return {r["name"]: float(r["value"]) for r in read_table("capsule.csv")}


def parameter_rows() -> dict:
    """The rows of ``capsule.csv`` (value, unit, basis, source, note) by name."""
    return {r["name"]: dict(r) for r in read_table("capsule.csv")}


LAXITY_RANGE = (parameters()["laxity_min"], parameters()["laxity_max"])


def check_laxity(value):
    """``value`` as a float inside :data:`LAXITY_RANGE`, or a clear error."""
    lo, hi = LAXITY_RANGE
    allowed = (f"a number from {lo:g} to {hi:g} (1 = the model's typical hip; it scales every "
               "ligament's slack length)")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"laxity must be {allowed}; got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"laxity={value:g} is outside the allowed range [{lo:g}, {hi:g}]; "
                         f"laxity must be {allowed}")
    return value


def check_torque(value):
    """A passive moment in N m for the range-of-motion search: a number from 0.5 to 30."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"torque must be a number of N m from 0.5 to 30; got "
                        f"{type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value) or not 0.5 <= value <= 30.0:
        raise ValueError(f"torque={value:g} N m is outside the allowed range [0.5, 30] N m")
    return value


def blankevoort_force(strain, stiffness_n, transition_strain):
    """Ligament force (N) for strain(s): 0 when slack, k e^2 / (2 e_t) in the toe region
    (0 <= e <= e_t), k (e - e_t / 2) beyond (Blankevoort and Huiskes 1991; OpenSim's
    ``Blankevoort1991Ligament``). Also returns dF/de."""
    e = np.maximum(np.asarray(strain, float), 0.0)
    k = np.asarray(stiffness_n, float)
    toe = e < transition_strain
    force = k * np.where(toe, e * e / (2 * transition_strain), e - transition_strain / 2)
    slope = k * np.where(toe, e / transition_strain, 1.0)
    return force, slope


@dataclass(frozen=True)
class CapsuleResult:
    """Ligament results for n poses x m ligaments (arrays (n, m); pose arrays (n,)).

    length_m: path length; strain: length / slack length - 1 (negative = slack); taut:
    strain > 0; force_n: tension (N); ma_*_m: moment arms -dL/dq (m). A ligament's moment
    about a hip angle is force x moment arm (N m, positive = towards flexion, adduction,
    internal rotation)."""

    ligament_ids: tuple
    flexion_deg: np.ndarray
    adduction_deg: np.ndarray
    rotation_deg: np.ndarray
    knee_deg: np.ndarray
    laxity: float
    slack_length_m: np.ndarray
    length_m: np.ndarray
    strain: np.ndarray
    force_n: np.ndarray
    ma_flex_m: np.ndarray
    ma_add_m: np.ndarray
    ma_rot_m: np.ndarray

    @property
    def taut(self):
        return self.strain > 0.0

    @property
    def n_poses(self):
        return self.length_m.shape[0]

    def moment_nm(self, coordinate):
        """Each ligament's moment (n, m) about ``flexion``, ``adduction`` or ``rotation``."""
        if coordinate not in _MA:
            raise ValueError(f"coordinate={coordinate!r}; valid: {', '.join(_MA)}")
        return self.force_n * getattr(self, _MA[coordinate])

    def total_moment_nm(self, coordinate):
        """The capsule's moment (n,) about a hip angle (sum over the ligaments)."""
        return self.moment_nm(coordinate).sum(axis=1)


@dataclass(frozen=True)
class RangeOfMotion:
    """Range of motion in one direction, measured from 0 of its own angle with the others held.

    angle_deg: the angle (signed, model convention) at which the capsule's resisting moment
    reaches ``torque_nm``, or None if it does not within the model's range (``limit_deg``).
    limiter: the ligament making the largest share of that moment (None if not reached).
    strains: each ligament's strain there (None if not reached)."""

    direction: str
    torque_nm: float
    angle_deg: float | None
    limiter: str | None
    limit_deg: float
    pose: dict
    strains: dict | None

    @property
    def magnitude_deg(self):
        """Size of the range (degrees, positive), or None."""
        return None if self.angle_deg is None else abs(self.angle_deg)


class CapsuleModel(PathModel):
    """The capsular ligaments on the hip model's bones.

    Parameters
    ----------
    laxity : float
        Scale on every ligament's slack length (1 = typical; see :data:`LAXITY_RANGE`).
        Above 1 the ligaments tighten later (a lax hip), below 1 sooner (a stiff hip).
    anteversion_deg, neck_shaft_deg : float, optional
        Femur angles as in :class:`widgets.model.HipModel`; the ligaments' femoral attachments
        move with the femur, the slack lengths stay those of the model's femur.

    Examples
    --------
    >>> cap = CapsuleModel()
    >>> r = cap.evaluate(flexion=-20)
    >>> r.strain.shape
    (1, 4)
    """

    def __init__(self, laxity=1.0, anteversion_deg=None, neck_shaft_deg=None):
        super().__init__("ligaments.csv", "ligament_points.csv", anteversion_deg,
                         neck_shaft_deg, item="ligament")
        self.laxity = check_laxity(laxity)
        p = parameters()
        self.transition_strain = p["transition_strain"]
        rows = [self._info[i] for i in self.ids]
        self.base_slack_length_m = np.array([float(r["slack_length_m"]) for r in rows])
        self.slack_length_m = self.base_slack_length_m * self.laxity
        ea = np.array([float(r["modulus_mpa"]) * float(r["area_mm2"]) for r in rows])  # N
        self.stiffness_n = ea * p["stiffness_scale"]

    # ----------------------------------------------------------------- results
    def with_laxity(self, laxity):
        """The same capsule (same femur) with another laxity."""
        return CapsuleModel(laxity, self.anteversion_deg, self.neck_shaft_deg)

    def evaluate(self, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0, ids=None):
        """Lengths, strains, forces and moment arms for one pose or a batch (degrees).

        Returns a :class:`CapsuleResult` with arrays of shape (n, number of ligaments)."""
        r = super().evaluate(flexion, adduction, rotation, knee, ids=ids)
        cols = [self.ids.index(i) for i in r.muscle_ids]
        slack = self.slack_length_m[cols]
        strain = r.length_m / slack - 1.0
        force, _ = blankevoort_force(strain, self.stiffness_n[cols], self.transition_strain)
        return CapsuleResult(
            ligament_ids=r.muscle_ids, flexion_deg=r.flexion_deg, adduction_deg=r.adduction_deg,
            rotation_deg=r.rotation_deg, knee_deg=r.knee_deg, laxity=self.laxity,
            slack_length_m=slack, length_m=r.length_m, strain=strain, force_n=force,
            ma_flex_m=r.ma_flex_m, ma_add_m=r.ma_add_m, ma_rot_m=r.ma_rot_m)

    def resisting_moment(self, direction, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0):
        """The capsule's moment (n,) opposing a motion in ``direction`` (N m; positive = it
        resists), and the per-ligament shares (n, m)."""
        coord, sign = _direction(direction)
        r = self.evaluate(flexion, adduction, rotation, knee)
        per = -sign * r.moment_nm(coord)
        return per.sum(axis=1), per

    # ----------------------------------------------------------- range of motion
    def rom(self, direction, torque=None, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0):
        """Range of motion in one direction at a passive moment of ``torque`` N m (default:
        ``capsule.csv``'s ``rom_torque``), measured from 0 of the moving angle with the other
        angles held at the given values (degrees). See :class:`RangeOfMotion`."""
        coord, sign = _direction(direction)
        torque = check_torque(parameters()["rom_torque"] if torque is None else torque)
        pose = checks.broadcast_poses(flexion=flexion, adduction=adduction, rotation=rotation,
                                      knee=knee)
        if pose["flexion"].size != 1:
            raise ValueError("rom takes one pose (single values)")
        pose = {k: float(v[0]) for k, v in pose.items()}
        limit = checks.RANGES[coord][1 if sign > 0 else 0]
        angles = np.linspace(0.0, limit, int(round(abs(limit) / ROM_STEP_DEG)) + 1)
        sweep = dict(pose, **{coord: angles})
        total, per = self.resisting_moment(direction, **sweep)
        held = {k: v for k, v in pose.items() if k != coord}
        hit = np.flatnonzero(total >= torque)
        if not hit.size:
            return RangeOfMotion(direction, torque, None, None, limit, held, None)
        i = int(hit[0])
        if i == 0:
            angle = 0.0
        else:   # linear interpolation of the moment between the grid points
            t = (torque - total[i - 1]) / (total[i] - total[i - 1])
            angle = float(angles[i - 1] + t * (angles[i] - angles[i - 1]))
        end = self.evaluate(**dict(pose, **{coord: angle}))
        share = -sign * end.moment_nm(coord)[0]
        limiter = self.ids[int(np.argmax(share))]
        strains = {lig: float(s) for lig, s in zip(self.ids, end.strain[0])}
        return RangeOfMotion(direction, torque, angle, limiter, limit, held, strains)

    def rom_all(self, torque=None, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0):
        """:meth:`rom` for every direction in :data:`DIRECTIONS` (dict by direction)."""
        return {d: self.rom(d, torque, flexion, adduction, rotation, knee) for d in DIRECTIONS}

    # --------------------------------------------------------------- slack zone
    def slack_zone(self, flexion=0.0, adduction=0.0, knee=0.0, step_deg=0.1):
        """The range of rotation (deg) in which no ligament is taut at this flexion and
        adduction: ``(low, high)`` (external rotation negative), or None if none is slack
        anywhere. The zone is the widest run of slack poses; an end at the model's rotation
        limit (+-60 deg) means the zone goes at least that far."""
        lo, hi = checks.RANGES["rotation"]
        rot = np.linspace(lo, hi, int(round((hi - lo) / step_deg)) + 1)
        r = self.evaluate(flexion=flexion, adduction=adduction, rotation=rot, knee=knee)
        slack = (r.strain <= 0.0).all(axis=1)
        if not slack.any():
            return None
        edges = np.diff(np.r_[0, slack.astype(int), 0])
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
        k = int(np.argmax(stops - starts))
        return float(rot[starts[k]]), float(rot[stops[k]])

    def slack_zone_width(self, flexion=0.0, adduction=0.0, knee=0.0):
        """Width (deg) of :meth:`slack_zone`; 0 when no pose is slack."""
        z = self.slack_zone(flexion, adduction, knee)
        return 0.0 if z is None else z[1] - z[0]

    # ------------------------------------------------------------------ drawing
    @staticmethod
    def zona_orbicularis_ring(n=48):
        """The zona orbicularis ring round the neck of the *measured* femur (gait2392's), in
        the femur frame (m), shape (n + 1, 3) (closed); :meth:`zona_orbicularis` reshapes and
        moves it. Drawing only."""
        p = parameters()
        t = read_table("femur.csv")
        neck = np.array([float(r[c]) for r in t if r["name"] == "neck_axis"
                         for c in ("x_m", "y_m", "z_m")])
        centre = -neck * p["zona_orbicularis_offset_m"]          # along the neck from the head
        u = np.cross(neck, [0.0, 1.0, 0.0])
        u /= np.linalg.norm(u)
        v = np.cross(neck, u)
        a = np.linspace(0, 2 * np.pi, n + 1)
        return centre + p["zona_orbicularis_radius_m"] * (np.outer(np.cos(a), u) + np.outer(np.sin(a), v))

    def zona_orbicularis(self, flexion=0.0, adduction=0.0, rotation=0.0, n=48):
        """The zona orbicularis drawn as a ring round the femoral neck (pelvis frame, m),
        shape (n + 1, 3) (closed). Drawing only: the model gives it no length or force."""
        ring = self.femur.transform(self.zona_orbicularis_ring(n))
        rot, origin = self.femur_transform(flexion, adduction, rotation)
        return ring @ rot.T + origin


@lru_cache(maxsize=8)
def laxity_for_slack_zone(width_deg, flexion=30.0):
    """The laxity at which the slack zone at ``flexion`` (no ab/adduction, default femur) is
    ``width_deg`` wide (bisection; the width grows with laxity)."""
    lo, hi = LAXITY_RANGE
    base = CapsuleModel()
    if not base.with_laxity(lo).slack_zone_width(flexion) <= width_deg <= \
            base.with_laxity(hi).slack_zone_width(flexion):
        raise ValueError(f"a slack zone of {width_deg:g} deg at {flexion:g} deg flexion needs a "
                         f"laxity outside [{lo:g}, {hi:g}]")
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if base.with_laxity(mid).slack_zone_width(flexion) < width_deg:
            lo = mid
        else:
            hi = mid
    return round(0.5 * (lo + hi), 4)


def laxity_levels():
    """Laxities of the model's stiff, typical and lax hips: ``{"stiff": .., "typical": 1.0,
    "lax": ..}``. Typical has the cadaver studies' mean slack zone at 30 deg flexion (50 deg,
    van Arkel et al. 2015); stiff and lax have it one standard deviation narrower and wider
    (40 and 60 deg): roughly one hip in six is stiffer than "stiff", one in six laxer than
    "lax", if the spread is normal."""
    p = parameters()
    mean, sd = p["slack_zone_target"], p["slack_zone_sd"]
    return {"stiff": laxity_for_slack_zone(mean - sd), "typical": 1.0,
            "lax": laxity_for_slack_zone(mean + sd)}


def _direction(direction):
    if direction not in DIRECTIONS:
        raise ValueError(f"direction={direction!r} is not one of {', '.join(DIRECTIONS)}")
    return DIRECTIONS[direction]
