"""Standing on one leg, in the frontal plane: how hard the hip abductors pull and how hard the
femoral head is pressed into the socket.

The free body is everything above the stance hip: pelvis, trunk with head and arms, the
lifted (swing) leg, anything held in the hands. Its weight acts medial to the stance hip and
would drop the pelvis on the swing side; the abductors (gluteus medius and minimus, by
default) hold it level. Moments about the hip centre give the abductor force; the sum of
forces gives the joint reaction. This is the classic lever analysed in textbook statics
(e.g. Neumann 1989), set up here with this course's hip model:

- the abductors' moment arm is the hip model's at the current hip angles (not a constant):
  a force-weighted mean of the compartments' abduction moment arms (-dL/d adduction), the
  weights being each compartment's maximum isometric force in gait2392. That weighting is
  this model's assumption: every compartment is taken to be activated to the same fraction of
  its maximum force. The direction of the combined pull comes from the same compartments'
  lines of action (first path segment, which crosses the hip);
- masses and centre-of-mass heights are gait2392's (``widgets/data/stance_body.csv``),
  scaled to the body mass given; lengths are gait2392's (an adult about 1.8 m tall);
- hand positions and shoulder height are this model's assumptions (same file).

Frame (the ground's frontal plane, seen from behind, right leg standing): origin at the stance
hip centre, z lateral (toward the stance side), y up. Angles in degrees at the interface.

Simplifications, stated where the results are shown: statics only (no walking
accelerations), frontal plane only (the sagittal components of the muscle pull are dropped),
one combined abductor (no co-contraction of the adductors, no iliotibial-band or capsule
tension), the swing leg hangs straight below its hip, the trunk tilts as one block at the
lumbar joint, and the hands hang straight below the shoulders.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from .data import read_table
from .hip import HipModel

#: Compartments of the combined abductor (default: the trochanteric abductors).
DEFAULT_ABDUCTORS = (
    "gluteus_medius_anterior", "gluteus_medius_middle", "gluteus_medius_posterior",
    "gluteus_minimus_anterior", "gluteus_minimus_middle", "gluteus_minimus_posterior",
)
#: Further compartments that may be added (they also pull the pelvis toward the femur).
OPTIONAL_ABDUCTORS = ("tensor_fasciae_latae", "gluteus_maximus_superior")
SIDES = ("stance", "opposite")

#: The ranges this model supports (degrees, kg, N). Outside them it raises ValueError.
LIMITS = {
    "body_mass": (20.0, 250.0),
    "lean": (-20.0, 20.0),
    "load": (0.0, 60.0),
    "adduction": (-20.0, 20.0),
    "rotation": (-30.0, 30.0),
    "pelvic_drop": (-15.0, 20.0),
}
HELP = {
    "body_mass": "body mass in kg",
    "lean": "sideways trunk lean in degrees, + toward the stance leg",
    "load": "mass held in one hand, in kg",
    "adduction": "stance-hip adduction in degrees (+ adduction, - abduction)",
    "rotation": "stance-hip rotation in degrees (+ internal)",
    "pelvic_drop": "pelvic drop on the swing side in degrees",
}


def _body_table():
    return {row["name"]: row for row in read_table("stance_body.csv")}


def _number(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return value


def check_input(name, value):
    """``value`` as a float, or a ValueError/TypeError naming the parameter and the range."""
    value = _number(name, value)
    lo, hi = LIMITS[name]
    if name == "body_mass" and value <= 0:
        raise ValueError(f"body_mass={value:g} kg: a body mass must be positive "
                         f"(this model supports {lo:g} to {hi:g} kg)")
    if not lo <= value <= hi:
        unit = "kg" if name in ("body_mass", "load") else "deg"
        raise ValueError(f"{name}={value:g} {unit} is outside the range this model supports "
                         f"({HELP[name]}: {lo:g} to {hi:g} {unit})")
    return value


def check_side(name, value):
    if value not in SIDES:
        raise ValueError(f"{name}={value!r} is not a side this model knows; use 'stance' (the "
                         "hand on the standing leg's side) or 'opposite'")
    return value


@dataclass(frozen=True)
class Abductor:
    """The combined abductor at one pose: moment arm (m, positive) and the frontal-plane
    direction of its pull on the pelvis (unit-free, pelvis frame: z lateral, y up; the length
    of (z, y) is below 1 where part of the pull is sagittal)."""

    moment_arm_m: float
    pull_z: float
    pull_y: float
    origin: tuple        # pelvic end of the resultant's line of pull (z, y), m, hip-centred
    insertion: tuple     # femoral end of that line (z, y), m


@dataclass
class StanceResult:
    """Forces for one posture (newtons, and multiples of body weight).

    ``abductor_angle_deg``: the combined abductor's line of pull from vertical in the frontal
    plane, + when its pelvic end lies medial to its femoral end. ``joint_force_angle_deg``:
    the force of the femoral head on the pelvis from vertical, + when it points medially
    (upward and inward). ``adductors_needed``: the weights pass lateral to the hip, so the
    abductors are silent and this model's single lever cannot balance the pelvis (the
    adductors or passive tissues, not modelled, would have to); the joint force is then the
    load alone. ``points`` and ``forces`` (z, y in m and N) are for drawing the free body."""

    inputs: dict
    body_weight_n: float
    superincumbent_weight_n: float
    abductor_moment_arm_m: float
    body_weight_moment_arm_m: float
    required_moment_nm: float
    abductor_force_n: float
    abductor_force_bw: float
    joint_force_n: float
    joint_force_bw: float
    abductor_angle_deg: float
    joint_force_angle_deg: float
    adductors_needed: bool
    points: dict = field(default_factory=dict)
    forces: list = field(default_factory=list)

    def as_dict(self):
        keys = ("abductor_force_n", "abductor_force_bw", "joint_force_n", "joint_force_bw",
                "abductor_moment_arm_m", "body_weight_moment_arm_m")
        return {k: getattr(self, k) for k in keys}


def _rotate(p, angle):
    """Rotate (z, y) about the stance hip so that the swing side (z < 0) goes down for
    angle > 0 (a pelvic drop)."""
    c, s = np.cos(angle), np.sin(angle)
    return (p[0] * c - p[1] * s, p[0] * s + p[1] * c)


def statics(body, abductor, body_mass, lean=0.0, load=0.0, load_side="opposite", cane=0.0,
            cane_side="opposite", pelvic_drop=0.0):
    """The statics alone, for given body parameters and a given abductor (no hip model).

    ``body`` is a dict of the numbers in ``stance_body.csv`` plus ``hip_half_width``;
    ``abductor`` an :class:`Abductor`. Inputs are assumed checked. The page's
    ``widgets/static/stance.js`` implements exactly this function; a test compares them."""
    g = body["gravity"]
    scale = body_mass / body["total_mass"]
    half = body["hip_half_width"]
    lean_r, drop_r = np.radians(lean), np.radians(pelvic_drop)
    back_y = body["back_above_hip"]
    mid = (-half, 0.0)

    def trunk_point(height):          # a point on the trunk's midline, lean about the back joint
        up = height - back_y
        return (mid[0] + up * np.sin(lean_r), back_y + up * np.cos(lean_r))

    pelvis = _rotate((mid[0], body["pelvis_com_above_hip"]), drop_r)
    torso = _rotate(trunk_point(body["torso_com_above_hip"]), drop_r)
    shoulder = _rotate(trunk_point(body["shoulder_above_hip"]), drop_r)
    swing_hip = _rotate((-2 * half, 0.0), drop_r)
    back = _rotate((mid[0], back_y), drop_r)
    hand = {"stance": (shoulder[0] + body["hand_lateral"], shoulder[1] - body["shoulder_above_hip"]),
            "opposite": (shoulder[0] - body["hand_lateral"], shoulder[1] - body["shoulder_above_hip"])}
    w_pelvis = body["pelvis_mass"] * scale * g
    w_torso = body["torso_mass"] * scale * g
    w_leg = body["leg_mass"] * scale * g
    w_load = load * g
    weights = [("pelvis", pelvis, w_pelvis), ("trunk, head and arms", torso, w_torso),
               ("lifted leg", (swing_hip[0], swing_hip[1] - body["leg_com_below_hip"]), w_leg)]
    if load > 0:
        weights.append(("load", hand[load_side], w_load))
    superincumbent = w_pelvis + w_torso + w_leg
    com_z = (w_pelvis * pelvis[0] + w_torso * torso[0] + w_leg * swing_hip[0]) / superincumbent
    # moment about the hip (AP axis): a vertical force F_y at z gives -z F_y
    tau = sum(w * p[0] for _, p, w in weights) - cane * hand[cane_side][0]
    required = -tau
    pz, py = _rotate((abductor.pull_z, abductor.pull_y), drop_r)
    needed = required <= 0.0
    force = 0.0 if needed else required / abductor.moment_arm_m
    fz, fy = -force * pz, -force * py          # the abductors pull the pelvis toward the femur
    rz = -(fz + 0.0)
    ry = -(fy - sum(w for _, _, w in weights) + cane)
    joint = float(np.hypot(rz, ry))
    bw = body_mass * g
    origin = _rotate(abductor.origin, drop_r)
    forces = [dict(name=n, at=p, vector=(0.0, -w)) for n, p, w in weights]
    if cane > 0:
        forces.append(dict(name="cane", at=hand[cane_side], vector=(0.0, cane)))
    forces.append(dict(name="abductors", at=origin, vector=(fz, fy)))
    forces.append(dict(name="joint", at=(0.0, 0.0), vector=(rz, ry)))
    points = dict(stance_hip=(0.0, 0.0), swing_hip=swing_hip, back=back, shoulder=shoulder,
                  pelvis_com=pelvis, trunk_com=torso, hand_stance=hand["stance"],
                  hand_opposite=hand["opposite"], abductor_origin=origin,
                  abductor_insertion=_rotate(abductor.insertion, drop_r),
                  # drawing only: the top of the head, a fixed 0.22 m above the shoulders
                  head=_rotate(trunk_point(body["shoulder_above_hip"] + 0.22), drop_r))
    return StanceResult(
        inputs=dict(body_mass=body_mass, lean=lean, load=load, load_side=load_side, cane=cane,
                    cane_side=cane_side, pelvic_drop=pelvic_drop),
        body_weight_n=bw, superincumbent_weight_n=superincumbent,
        abductor_moment_arm_m=abductor.moment_arm_m, body_weight_moment_arm_m=-com_z,
        required_moment_nm=required, abductor_force_n=force, abductor_force_bw=force / bw,
        joint_force_n=joint, joint_force_bw=joint / bw,
        abductor_angle_deg=float(np.degrees(np.arctan2(-pz, py))),
        joint_force_angle_deg=float(np.degrees(np.arctan2(-rz, ry))),
        adductors_needed=bool(needed), points=points, forces=forces)


def interpolate_abductor(table, adduction) -> Abductor:
    """The combined abductor from a precomputed ``StanceModel.abductor_table`` (linear
    interpolation in adduction), as the page's script does it."""
    a = np.asarray(table["adduction"])
    if not a[0] <= adduction <= a[-1]:
        raise ValueError(f"adduction={adduction:g} deg is outside the table ({a[0]:g} to {a[-1]:g} deg)")
    f = lambda key: float(np.interp(adduction, a, table[key]))
    return Abductor(f("moment_arm_m"), f("pull_z"), f("pull_y"), (f("origin_z"), f("origin_y")),
                    (f("insertion_z"), f("insertion_y")))


def lean_for_capacity(body, abductor, capacity_nm, inputs, steps=60):
    """The smallest trunk lean toward the stance side, from ``inputs['lean']`` up to the
    largest this model supports, at which the abductors need no more than ``capacity_nm``;
    None if even the largest lean is not enough. Bisection (the need falls as the lean grows
    over this range). The page's script implements the same function."""
    need = lambda lean: statics(body, abductor, **{**inputs, "lean": lean}).required_moment_nm - capacity_nm
    a, b = inputs.get("lean", 0.0), LIMITS["lean"][1]
    if need(a) <= 0:
        return float(a)
    if need(b) > 0:
        return None
    for _ in range(steps):
        m = 0.5 * (a + b)
        a, b = (a, m) if need(m) <= 0 else (m, b)
    return float(b)


@dataclass(frozen=True)
class WeaknessResult:
    """What weak abductors would need instead, at one posture."""

    fraction: float
    required_moment_nm: float
    capacity_moment_nm: float
    lean_needed_deg: float | None       # trunk lean toward the stance side that suffices
    drop_needed_deg: float | None       # pelvic drop that suffices (None: none in range)
    drop_angles_deg: tuple
    drop_force_ratio: tuple             # required abductor force / capacity, per drop angle


class StanceModel:
    """Single-leg stance on the hip model.

    Parameters
    ----------
    hip_model : HipModel, optional
    include : extra compartments for the combined abductor, from ``OPTIONAL_ABDUCTORS``.
    """

    def __init__(self, hip_model: HipModel | None = None, include=()):
        self.hip = hip_model or HipModel()
        bad = [m for m in include if m not in OPTIONAL_ABDUCTORS]
        if bad:
            raise ValueError(f"include={bad!r}: only {', '.join(OPTIONAL_ABDUCTORS)} may be added")
        self.muscles = DEFAULT_ABDUCTORS + tuple(include)
        t = _body_table()
        self.body = {k: float(t[k]["value"]) for k in (
            "total_mass", "pelvis_mass", "pelvis_com_above_hip", "torso_mass",
            "torso_com_above_hip", "back_above_hip", "leg_mass", "leg_com_below_hip", "gravity",
            "hand_lateral", "shoulder_above_hip")}
        # gait2392's pelvis origin lies on the midline, so the hip centre's z is half the
        # distance between the hip centres
        self.body["hip_half_width"] = float(self.hip.hip_centre[2])
        self.weights = np.array([float(t[f"fmax_{m}"]["value"]) for m in self.muscles])
        self.weights = self.weights / self.weights.sum()

    @property
    def default_body_mass(self):
        return self.body["total_mass"]

    # ------------------------------------------------------------ the abductor
    def abductor(self, adduction=0.0, rotation=0.0) -> Abductor:
        """The combined abductor from the hip model at this hip adduction and rotation."""
        adduction = check_input("adduction", adduction)
        rotation = check_input("rotation", rotation)
        r = self.hip.evaluate(adduction=adduction, rotation=rotation, muscles=list(self.muscles))
        ma = r.ma_add_m[0]
        if np.any(ma >= 0):
            raise RuntimeError("a compartment of the combined abductor adducts at this pose")
        paths = self.hip.muscle_paths(adduction=adduction, rotation=rotation)
        hc = self.hip.hip_centre
        u = np.zeros(3)
        origin, insertion = np.zeros(3), np.zeros(3)
        for w, m in zip(self.weights, self.muscles):
            p = paths[m]
            # the first segment runs from the pelvic origin to the first point on the femur
            d = p[0] - p[1]
            u += w * d / np.linalg.norm(d)
            origin += w * (p[0] - hc)
            insertion += w * (p[1] - hc)
        arm = float(-(self.weights @ ma))
        # Put the drawn line of pull where the resultant acts: shift the mean origin and
        # insertion sideways until the line's lever about the hip equals the model's moment arm
        # (the mean of the compartments' levers is not the lever of their mean line).
        uz, uy = u[2], u[1]
        norm = float(np.hypot(uz, uy))
        lever = origin[2] * uy - origin[1] * uz       # moment of a unit pull -u at the origin
        t = (arm - lever) / norm
        nz, ny = uy / norm, -uz / norm
        return Abductor(moment_arm_m=arm, pull_z=float(uz), pull_y=float(uy),
                        origin=(float(origin[2] + t * nz), float(origin[1] + t * ny)),
                        insertion=(float(insertion[2] + t * nz), float(insertion[1] + t * ny)))

    def abductor_table(self, adduction=np.arange(-20.0, 20.01, 0.5), rotation=0.0):
        """Moment arm and pull direction against adduction (for the page's script)."""
        rows = [self.abductor(a, rotation) for a in adduction]
        return dict(adduction=[float(a) for a in adduction],
                    moment_arm_m=[r.moment_arm_m for r in rows],
                    pull_z=[r.pull_z for r in rows], pull_y=[r.pull_y for r in rows],
                    origin_z=[r.origin[0] for r in rows], origin_y=[r.origin[1] for r in rows],
                    insertion_z=[r.insertion[0] for r in rows],
                    insertion_y=[r.insertion[1] for r in rows])

    # --------------------------------------------------------------- solving
    def solve(self, body_mass=None, lean=0.0, load=0.0, load_side="opposite", cane=0.0,
              cane_side="opposite", adduction=0.0, rotation=0.0, pelvic_drop=0.0) -> StanceResult:
        """Abductor and joint forces for one posture (see the module docstring)."""
        body_mass = self.default_body_mass if body_mass is None else check_input("body_mass", body_mass)
        lean = check_input("lean", lean)
        load = check_input("load", load)
        pelvic_drop = check_input("pelvic_drop", pelvic_drop)
        check_side("load_side", load_side)
        check_side("cane_side", cane_side)
        cane = _number("cane", cane)
        g = self.body["gravity"]
        if cane < 0:
            raise ValueError(f"cane={cane:g} N: the cane can only push up (0 N or more)")
        if load > body_mass:
            raise ValueError(f"load={load:g} kg is more than the body mass ({body_mass:g} kg)")
        if cane > (body_mass + load) * g:
            raise ValueError(f"cane={cane:g} N is more than the weight of body and load "
                             f"({(body_mass + load) * g:.0f} N): the standing foot would leave the ground")
        adduction = check_input("adduction", adduction)
        hip_adduction = adduction + pelvic_drop      # the pelvis drops on a still femur
        lo, hi = LIMITS["adduction"]
        if not lo <= hip_adduction <= hi:
            raise ValueError(f"adduction + pelvic_drop = {hip_adduction:g} deg of hip adduction is "
                             f"outside the range this model supports ({lo:g} to {hi:g} deg)")
        ab = self.abductor(hip_adduction, rotation)
        res = statics(self.body, ab, body_mass, lean, load, load_side, cane, cane_side, pelvic_drop)
        res.inputs.update(adduction=adduction, rotation=rotation)
        return res

    def weakness(self, fraction, drop_step=1.0, **posture) -> WeaknessResult:
        """If the abductors can make only ``fraction`` of the moment this posture needs: the
        trunk lean toward the stance side that would bring the need down to it, and whether
        any pelvic drop would (with the trunk carried along by the pelvis)."""
        fraction = _number("fraction", fraction)
        if not 0.0 < fraction <= 1.0:
            raise ValueError(f"fraction={fraction:g}: the abductors' capacity as a fraction of "
                             "the needed moment must be more than 0 and at most 1")
        base = self.solve(**posture)
        if base.adductors_needed:
            raise ValueError("at this posture the abductors are not needed at all")
        capacity = fraction * base.required_moment_nm
        inputs = {k: v for k, v in base.inputs.items() if k not in ("adduction", "rotation")}
        hip_adduction = base.inputs["adduction"] + base.inputs["pelvic_drop"]
        ab = self.abductor(hip_adduction, base.inputs["rotation"])
        lean_needed = lean_for_capacity(self.body, ab, capacity, inputs)
        force_cap = fraction * base.abductor_force_n
        drop0 = base.inputs["pelvic_drop"]
        add0 = base.inputs["adduction"]
        top = min(LIMITS["pelvic_drop"][1], LIMITS["adduction"][1] - add0 + drop0)
        angles = np.arange(drop0, top + 1e-9, drop_step)
        ratios = []
        drop_needed = None
        for d in angles:
            r = self.solve(**{**posture, "pelvic_drop": float(d)})
            ratio = r.abductor_force_n / force_cap
            ratios.append(float(ratio))
            if drop_needed is None and ratio <= 1.0:
                drop_needed = float(d)
        return WeaknessResult(fraction, base.required_moment_nm, capacity, lean_needed,
                              drop_needed, tuple(float(a) for a in angles), tuple(ratios))
