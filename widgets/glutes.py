"""Chapter 1 (the gluteal muscles): the numbers the chapter shows and the model's verdicts on
the chapter's claims. Pure numpy on the hip model; no plotting here (figures are in
:mod:`widgets.glutes_figures`).

- :func:`chapter_muscles` / :func:`muscles_by_group`: the gluteal compartments and deep rotators.
- :func:`action_rows`: each muscle's moment arms and actions at a few hip flexion angles, with
  the actions that change sign marked.
- :func:`antagonists`: which muscles produce and which oppose one action at one pose.
- :func:`crossings`, :func:`rotation_ratio`: where rotation moment arms change sign, and how
  much they grow with flexion.
- :func:`length_changes`: how long each muscle is in the course's pose presets.
- The model's verdicts on the chapter's claims are in :mod:`widgets.glutes_verdicts`.

Thresholds: a moment arm of at least ``WEAK_M`` (5 mm) counts as an action, as everywhere in
the course; a length change within ``SAME_PCT`` (1 %) of standing counts as "about the same".
"""

from __future__ import annotations

import numpy as np

from .model import RANGES, STRONG_M, WEAK_M, HipModel
from .model.data import read_table
from .model.presets import preset

#: Muscle groups of the chapter, in the order the chapter shows them.
GROUPS = ("gluteus maximus", "gluteus medius", "gluteus minimus", "deep rotators")
#: Hip flexion angles of the chapter's tables (degrees).
TABLE_FLEXION = (0.0, 45.0, 90.0)
#: Hip flexion range over which the chapter looks for sign changes (degrees).
CROSSING_RANGE = (0.0, 120.0)
#: Length changes within this many % of standing count as "about the same length".
SAME_PCT = 1.0
#: The hip axes and the two actions about each: (positive, negative) moment arm.
AXIS_ACTIONS = {
    "flex": ("flexion", "extension"),
    "add": ("adduction", "abduction"),
    "rot": ("internal rotation", "external rotation"),
}
#: Action name -> (axis, sign of the moment arm that produces it).
ACTIONS = {name: (axis, 1 if k == 0 else -1)
           for axis, pair in AXIS_ACTIONS.items() for k, name in enumerate(pair)}
#: The exercise presets the chapter draws, in the order it shows them.
EXERCISES = ("clamshell", "side_lying_leg_raise", "single_leg_deadlift", "split_squat",
             "hip_thrust_bottom", "hip_thrust_top", "glute_bridge_top", "lateral_band_walk",
             "squat", "quadruped_glute_mobilisation", "kneeling_glute_mobilisation_end")
_AXIS_ATTR = {"flex": "ma_flex_m", "add": "ma_add_m", "rot": "ma_rot_m"}


# ------------------------------------------------------------------------- muscles
def muscles_by_group(model: HipModel) -> dict:
    """``{group: [muscle ids]}`` for the chapter's groups, in model order."""
    out = {g: [] for g in GROUPS}
    for mid in model.muscle_ids:
        group = model.muscle_info(mid)["group"]
        if group in out:
            out[group].append(mid)
    return out


def chapter_muscles(model: HipModel) -> list:
    """Every gluteal compartment and deep rotator, grouped in ``GROUPS`` order."""
    return [m for ids in muscles_by_group(model).values() for m in ids]


def _name(model, mid):
    return model.muscle_info(mid)["name"]


def _roles(ma_m):
    """+2/+1/0/-1/-2 from moment arms (m), with the course's thresholds."""
    size = np.where(np.abs(ma_m) >= STRONG_M, 2, np.where(np.abs(ma_m) >= WEAK_M, 1, 0))
    return np.sign(ma_m).astype(int) * size


def _pose_args(pose):
    """A preset id or a dict of angles -> keyword arguments for ``HipModel.evaluate``."""
    if isinstance(pose, str):
        return preset(pose).angles
    return dict(pose)


# -------------------------------------------------------------------- actions
def action_rows(model: HipModel, flexion=TABLE_FLEXION, muscles=None, adduction=0.0,
                rotation=0.0, knee=0.0) -> list:
    """Moment arms (mm) and actions of each muscle at several hip flexion angles.

    Returns one dict per muscle: ``id``, ``name``, ``group``, ``ma_mm`` (axis -> list, one
    value per flexion angle), ``roles`` (axis -> list of -2..2) and ``flips`` (axis -> True
    where the muscle has an action of one sign at one angle and of the other sign at another,
    each at least ``WEAK_M``). Angles are checked by the model (bad input raises its errors).
    """
    flexion = np.atleast_1d(np.asarray(flexion, dtype=float))
    muscles = chapter_muscles(model) if muscles is None else list(muscles)
    r = model.evaluate(flexion=flexion, adduction=adduction, rotation=rotation, knee=knee,
                       muscles=muscles)
    rows = []
    for j, mid in enumerate(r.muscle_ids):
        row = {"id": mid, "name": _name(model, mid), "group": model.muscle_info(mid)["group"],
               "flexion": [float(f) for f in flexion], "ma_mm": {}, "roles": {}, "flips": {}}
        for axis, attr in _AXIS_ATTR.items():
            ma = getattr(r, attr)[:, j]
            roles = _roles(ma)
            row["ma_mm"][axis] = [float(v) * 1000.0 for v in ma]
            row["roles"][axis] = [int(v) for v in roles]
            row["flips"][axis] = bool(roles.max() > 0 and roles.min() < 0)
        rows.append(row)
    return rows


def antagonists(model: HipModel, action: str, pose="neutral", muscles=None,
                threshold_m: float = WEAK_M) -> dict:
    """Muscles that produce ``action`` at ``pose`` and those that oppose it, strongest first.

    ``pose`` is a preset id (see :func:`widgets.model.presets.preset`) or a dict of angles
    (``flexion``, ``adduction``, ``rotation``, ``knee``; degrees). Only moment arms of at least
    ``threshold_m`` count. Returns ``{"produce": [(id, mm)], "oppose": [(id, mm)]}`` where mm is
    the moment arm in the direction of the action (positive) or against it (negative).
    """
    if action not in ACTIONS:
        raise ValueError(f"action={action!r} is not one of: {', '.join(ACTIONS)}")
    axis, sign = ACTIONS[action]
    r = model.evaluate(**_pose_args(pose), muscles=muscles)
    ma = getattr(r, _AXIS_ATTR[axis])[0] * sign
    order = np.argsort(-ma, kind="stable")
    produce = [(r.muscle_ids[j], float(ma[j]) * 1000) for j in order if ma[j] >= threshold_m]
    oppose = [(r.muscle_ids[j], float(ma[j]) * 1000) for j in order[::-1] if ma[j] <= -threshold_m]
    return {"produce": produce, "oppose": oppose}


# -------------------------------------------------------------- rotation with flexion
def zero_crossings(model: HipModel, muscle: str, axis: str = "rot", step_deg: float = 0.5,
                   lo: float | None = None, hi: float | None = None, **pose) -> list[float]:
    """Hip flexion angles (deg) at which ``muscle``'s moment arm about ``axis`` changes sign,
    from ``lo`` to ``hi`` (default: the model's flexion range), other angles fixed by ``pose``
    (linear interpolation between grid points ``step_deg`` apart)."""
    if axis not in _AXIS_ATTR:
        raise ValueError(f"axis={axis!r} is not one of: {', '.join(_AXIS_ATTR)}")
    rlo, rhi = RANGES["flexion"]
    lo = rlo if lo is None else lo
    hi = rhi if hi is None else hi
    flex = np.arange(lo, hi + step_deg / 2, step_deg)
    r = model.evaluate(flexion=flex, muscles=[muscle], **pose)
    ma = getattr(r, _AXIS_ATTR[axis])[:, 0]
    out = []
    for i in np.flatnonzero(np.sign(ma[:-1]) * np.sign(ma[1:]) < 0):
        out.append(float(flex[i] - ma[i] * (flex[i + 1] - flex[i]) / (ma[i + 1] - ma[i])))
    return out


def crossings(model: HipModel, muscles=None, lo=CROSSING_RANGE[0], hi=CROSSING_RANGE[1]) -> dict:
    """``{muscle: [flexion angles (deg) where its rotation moment arm changes sign]}``."""
    muscles = chapter_muscles(model) if muscles is None else list(muscles)
    return {m: zero_crossings(model, m, lo=lo, hi=hi) for m in muscles}


def rotation_ratio(model: HipModel, muscles, f0: float = 0.0, f1: float = 90.0) -> dict:
    """How a rotation moment arm changes from ``f0`` to ``f1`` degrees of hip flexion.

    For each muscle and for the muscle as a whole (the plain mean of its compartments'
    moment arms: the model has no force weights): ``ma0_mm``, ``ma1_mm`` and ``ratio`` =
    ma1 / ma0, which is only defined (else NaN) when both are internal-rotation moment arms
    of at least ``WEAK_M``: a fold change of an action the muscle does not have is meaningless.
    """
    muscles = list(muscles)
    r = model.evaluate(flexion=[f0, f1], muscles=muscles)
    ma = r.ma_rot_m * 1000.0
    out = {}
    for key, col in [(m, ma[:, j]) for j, m in enumerate(muscles)] + [("whole", ma.mean(axis=1))]:
        a, b = float(col[0]), float(col[1])
        ok = a >= WEAK_M * 1000 and b >= WEAK_M * 1000
        out[key] = {"ma0_mm": a, "ma1_mm": b, "ratio": b / a if ok else float("nan")}
    return out


def reference_rotation_curves(model: HipModel, muscles=None) -> dict:
    """OpenSim gait2392's rotation moment arm (mm) against hip flexion (knee straight, other
    angles 0), from the committed reference table, for each muscle with a gait2392 counterpart:
    ``{muscle: (flexion_deg array, ma_rot_mm array)}``."""
    muscles = chapter_muscles(model) if muscles is None else list(muscles)
    rows = [r for r in read_table("opensim_reference.csv") if r["sweep"] == "flexion_knee0"]
    out = {}
    for mid in muscles:
        ref = model.muscle_info(mid)["reference_name"]
        sel = sorted((float(r["flexion_deg"]), float(r["ma_rot_m"]) * 1000.0)
                     for r in rows if r["reference_name"] == ref)
        if ref and sel:
            out[mid] = (np.array([s[0] for s in sel]), np.array([s[1] for s in sel]))
    return out


def reference_crossings(curves: dict) -> dict:
    """Sign changes (deg, linear interpolation) of reference curves from
    :func:`reference_rotation_curves`, within ``CROSSING_RANGE``."""
    out = {}
    for mid, (x, y) in curves.items():
        keep = (x >= CROSSING_RANGE[0]) & (x <= CROSSING_RANGE[1])
        x, y = x[keep], y[keep]
        idx = np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)
        out[mid] = [float(x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i])) for i in idx]
    return out


def literature_points() -> list:
    """Published rotation moment arms the chapter plots as points: rows of
    ``widgets/data/rotation_literature.csv`` (muscle, flexion_deg, ma_rot_mm, source, note)."""
    return [dict(r, flexion_deg=float(r["flexion_deg"]), ma_rot_mm=float(r["ma_rot_mm"]))
            for r in read_table("rotation_literature.csv")]


# --------------------------------------------------------------------- lengths
def length_changes(model: HipModel, preset_ids=EXERCISES, muscles=None) -> dict:
    """Length change from standing of each muscle in each preset.

    Returns ``{"presets": ids, "muscles": ids, "pct": (p, m) array, "mm": (p, m) array}``.
    An unknown preset id raises ValueError naming the valid ids."""
    muscles = chapter_muscles(model) if muscles is None else list(muscles)
    chosen = [preset(p) for p in preset_ids]
    pose = np.array([p.pose for p in chosen], dtype=float)
    r = model.evaluate(*pose.T, muscles=muscles)
    return {"presets": [p.id for p in chosen], "muscles": list(r.muscle_ids),
            "pct": r.length_change_pct, "mm": r.length_change_mm}


def length_word(pct: float) -> str:
    """'longer' / 'shorter' / 'about the same' (within ``SAME_PCT``)."""
    return "about the same" if abs(pct) < SAME_PCT else ("longer" if pct > 0 else "shorter")


# ======================================================================= chapter numbers
def chapter_numbers(model: HipModel) -> dict:
    """Every number from the model that the chapter's prose prints, by name (computed at
    build time, glued into the page and checked by the tests)."""
    ids = chapter_muscles(model)
    cross = crossings(model, ids)
    r = model.evaluate(flexion=[0.0, 90.0], muscles=ids)
    rot = r.ma_rot_m * 1000
    trend_ir = int(np.sum(rot[1] > rot[0]))
    flips = [m for j, m in enumerate(ids) if rot[0, j] <= -WEAK_M * 1000 and rot[1, j] >= WEAK_M * 1000]
    ref = reference_rotation_curves(model, ids)
    diffs = {}
    for mid, (x, y) in ref.items():
        mine = model.evaluate(flexion=x, muscles=[mid]).ma_rot_m[:, 0] * 1000
        diffs[mid] = float(np.max(np.abs(mine - y)))
    worst = max(diffs, key=diffs.get)
    gmed = muscles_by_group(model)["gluteus medius"]
    rr = rotation_ratio(model, gmed)
    squat = antagonists(model, "external rotation", "squat", threshold_m=STRONG_M)
    squat_ir = antagonists(model, "internal rotation", "squat", threshold_m=STRONG_M)
    no_ref = [m for m in ids if m not in ref]

    def first(mid):
        return cross[mid][0] if cross[mid] else float("nan")

    return {
        "n_parts": len(ids),
        "piri_ma0": -float(rot[0, ids.index("piriformis")]),
        "piri_ma90": float(rot[1, ids.index("piriformis")]),
        "piri_cross": first("piriformis"),
        "gmax_sup_cross": first("gluteus_maximus_superior"),
        "gmed_post_cross": first("gluteus_medius_posterior"),
        "n_trend_ir": trend_ir,
        "n_flip": len(flips),
        "flip_names": ", ".join(model.muscle_info(m)["name"] for m in flips),
        "ref_max_diff": diffs[worst],
        "ref_worst": model.muscle_info(worst)["name"],
        "n_ref": len(ref),
        "no_ref_names": ", ".join(model.muscle_info(m)["name"] for m in no_ref),
        "gmed_ant_ratio": rr[gmed[0]]["ratio"],
        "gmed_whole0": rr["whole"]["ma0_mm"],
        "gmed_whole90": rr["whole"]["ma1_mm"],
        "squat_er_names": ", ".join(model.muscle_info(m)["name"] for m, _ in squat["produce"]),
        "squat_er_n": len(squat["produce"]),
        "squat_ir_n": len(squat_ir["produce"]),
    }


# ======================================================================= command line
def register(subparsers):
    """``python -m widgets glutes``: producers and antagonists of each hip action at a pose."""
    from .__main__ import add_pose_options

    p = subparsers.add_parser(
        "glutes", help="which muscles produce and which oppose each hip action at one pose",
        description="Print, for one pose, the muscles that produce each hip action and those "
        "that oppose it (moment arms in mm, this model; at least 5 mm counts). Give the pose "
        "with the angle options or with --preset (not both). Conventions: degrees; hip flexion, "
        "adduction and internal rotation positive; knee flexion positive.")
    add_pose_options(p, grid=False)
    p.add_argument("--preset", metavar="ID", default=None,
                   help="a pose preset id, e.g. squat or clamshell (an unknown id lists the valid ones)")
    p.add_argument("--action", default=None, metavar="ACTION",
                   help="only this action: " + ", ".join(ACTIONS))
    p.set_defaults(func=_cli)


def _cli(args):
    angles = {k: getattr(args, k) for k in ("flexion", "adduction", "rotation", "knee")}
    if args.preset is not None:
        if any(v != 0.0 for v in angles.values()):
            raise ValueError("give the pose either with --preset or with the angle options, not both")
        angles = preset(args.preset).angles
    if args.action is not None and args.action not in ACTIONS:
        raise ValueError(f"--action {args.action!r} is not one of: {', '.join(ACTIONS)}")
    actions = list(ACTIONS) if args.action is None else [args.action]
    model = HipModel()
    print("pose: " + ", ".join(f"{k} {v:g} deg" for k, v in angles.items()) + " (this model)")
    for action in actions:
        res = antagonists(model, action, angles)
        for key, label in (("produce", "produced by"), ("oppose", "opposed by")):
            items = ", ".join(f"{model.muscle_info(m)['name']} {abs(v):.0f}" for m, v in res[key])
            print(f"{action:18} {label:12} {items or 'none'}")
