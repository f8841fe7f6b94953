"""Chapter 2 (the hip capsule): the numbers the chapter shows and the model's verdicts on the
chapter's claims. Pure numpy on the capsule and hip models; no plotting here.

Postures used by the chapter come from the course's pose presets
(:mod:`widgets.model.presets`, ``widgets/data/presets.csv``; all estimates, said so wherever
they are shown): the kneeling (quadruped) glute mobilisation from hands and knees
(``quadruped_glute_mobilisation``) to rocked back (``kneeling_glute_mobilisation_end``), and
the bottom of a hip hinge (``single_leg_deadlift``: the stance leg at the bottom of a
single-leg deadlift).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .claims import Verdict, model_verdict
from .model import HipModel
from .model import checks
from .model.capsule import DIRECTIONS, CapsuleModel, laxity_levels
from .model.data import read_table
from .model.presets import preset

KNEELING_START_PRESET = "quadruped_glute_mobilisation"
KNEELING_END_PRESET = "kneeling_glute_mobilisation_end"
HINGE_PRESET = "single_leg_deadlift"
#: Posterior muscles whose lengths the mobilisation changes (hip model ids).
POSTERIOR_MUSCLES = (
    "gluteus_maximus_superior", "gluteus_maximus_middle", "gluteus_maximus_inferior",
    "gluteus_medius_posterior", "gluteus_minimus_posterior", "piriformis",
    "gemellus_superior", "obturator_internus", "gemellus_inferior", "quadratus_femoris",
    "obturator_externus", "biceps_femoris_long_head", "semimembranosus", "semitendinosus",
)
HAMSTRINGS = ("biceps_femoris_long_head", "semimembranosus", "semitendinosus")


def kneeling_start() -> dict:
    """Start of the mobilisation (hands and knees): the preset's angles (degrees)."""
    return preset(KNEELING_START_PRESET).angles


def kneeling_end() -> dict:
    """Loaded end of the mobilisation (rocked back towards the heels): the preset's angles."""
    return preset(KNEELING_END_PRESET).angles


def hinge() -> dict:
    """Bottom of a hip hinge: the single-leg deadlift preset's angles (degrees)."""
    return preset(HINGE_PRESET).angles


@lru_cache(maxsize=4)
def _capsule(anteversion, neck_shaft, laxity=1.0):
    return CapsuleModel(laxity, anteversion, neck_shaft)


def capsule_for(model: HipModel, laxity=1.0) -> CapsuleModel:
    """The capsule on the same femur as ``model`` (cached)."""
    return _capsule(model.anteversion_deg, model.neck_shaft_deg, float(laxity))


def kneeling_loads(model: HipModel, laxity=1.0) -> dict:
    """Strain of each ligament and length change of the posterior muscles, at the start and the
    rocked-back end of the kneeling mobilisation, compared with standing.

    Returns ``{"start": pose, "end": pose, "strain_pct": {lig: (start, end)},
    "muscle_pct": {muscle: (start, end)}}``."""
    cap = capsule_for(model, laxity)
    start, end = kneeling_start(), kneeling_end()
    poses = {k: [start[k], end[k]] for k in start}
    r = cap.evaluate(**poses)
    muscles = [m for m in POSTERIOR_MUSCLES if m in model.muscle_ids]
    h = model.evaluate(**poses, muscles=muscles)
    return {
        "start": start, "end": end,
        "strain_pct": {lig: tuple(float(v) for v in 100 * r.strain[:, j])
                       for j, lig in enumerate(r.ligament_ids)},
        "muscle_pct": {m: tuple(float(v) for v in h.length_change_pct[:, j])
                       for j, m in enumerate(h.muscle_ids)},
    }


def hinge_state(model: HipModel, laxity=1.0) -> dict:
    """At the bottom of a hip hinge: each ligament's strain (%) and the hamstrings' length
    change from standing (%)."""
    cap = capsule_for(model, laxity)
    r = cap.evaluate(**hinge())
    h = model.evaluate(**hinge(), muscles=list(HAMSTRINGS))
    return {"strain_pct": {lig: float(100 * s) for lig, s in zip(r.ligament_ids, r.strain[0])},
            "hamstrings_pct": {m: float(v) for m, v in zip(h.muscle_ids, h.length_change_pct[0])}}


def first_taut(model: HipModel, direction: str, laxity=1.0, step_deg=0.5) -> dict:
    """Moving from standing in one direction (a key of
    :data:`widgets.model.capsule.DIRECTIONS`), the first angle (signed, degrees, on a
    ``step_deg`` grid) at which any ligament is taut, and which ligaments are taut there.

    Returns ``{"angle_deg": angle or None, "ligaments": [ids]}`` (None and [] if none gets taut
    within the model's range)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction={direction!r} is not one of {', '.join(DIRECTIONS)}")
    coord, sign = DIRECTIONS[direction]
    limit = checks.RANGES[coord][1 if sign > 0 else 0]
    angles = np.linspace(0.0, limit, int(round(abs(limit) / step_deg)) + 1)
    r = capsule_for(model, laxity).evaluate(**{coord: angles})
    hit = np.flatnonzero(r.taut.any(axis=1))
    if not hit.size:
        return {"angle_deg": None, "ligaments": []}
    k = int(hit[0])
    return {"angle_deg": float(angles[k]),
            "ligaments": [lig for j, lig in enumerate(r.ligament_ids) if r.taut[k, j]]}


#: How far (degrees) a cited norm may lie outside the model's stiff-to-lax spread and still
#: count as "comparable" (the tests use it and the chapter states it).
NORM_TOLERANCE_DEG = 10.0


def rom_norms() -> list[dict]:
    """Rows of ``widgets/data/rom_norms.csv`` (numbers as floats)."""
    out = []
    for row in read_table("rom_norms.csv"):
        r = dict(row)
        for k in ("flexion_deg", "value_deg"):
            r[k] = float(r[k])
        r["spread_deg"] = float(r["spread_deg"]) if r["spread_deg"] else None
        if r["direction"] not in DIRECTIONS:
            raise ValueError(f"rom_norms.csv row {r['id']!r}: unknown direction {r['direction']!r}")
        out.append(r)
    return out


def rom_comparison(model: HipModel) -> list[dict]:
    """For each norm row: the model's range in that direction at the norm's hip flexion, for the
    stiff, typical and lax hips (degrees, positive; None = not stopped within the model's
    range, which ends at ``limit_deg``), and the limiting ligament at typical laxity."""
    levels = laxity_levels()
    out = []
    for norm in rom_norms():
        row = dict(norm)
        for name, lax in levels.items():
            r = capsule_for(model, lax).rom(norm["direction"], flexion=norm["flexion_deg"])
            row[name] = r.magnitude_deg
            if name == "typical":
                row["limiter"] = r.limiter
                row["limit_deg"] = abs(r.limit_deg)
        out.append(row)
    return out


def laxity_for_range(direction, angle_deg, flexion=0.0, model: HipModel | None = None):
    """The laxity at which the model's range in ``direction`` (at this hip flexion) equals
    ``angle_deg`` (positive degrees), by bisection over the allowed laxities. Returns
    (laxity, note): note is None, or says the value lies beyond the allowed laxities (laxity
    is then the nearest allowed one) or that the capsule never stops this motion in the
    model's range (laxity None)."""
    from .model.capsule import LAXITY_RANGE

    model = model or HipModel()
    if direction not in DIRECTIONS:
        raise ValueError(f"direction={direction!r} is not one of {', '.join(DIRECTIONS)}")
    if not np.isfinite(angle_deg) or angle_deg < 0:
        raise ValueError(f"angle_deg={angle_deg!r} must be a positive number of degrees")

    def rng(lax):
        r = capsule_for(model, lax).rom(direction, flexion=flexion)
        return np.inf if r.angle_deg is None else abs(r.angle_deg)

    lo, hi = LAXITY_RANGE
    limit = abs(capsule_for(model).rom(direction, flexion=flexion).limit_deg)
    if angle_deg > limit:
        return None, f"beyond the model's range in this direction ({limit:g}°)"
    r_lo, r_hi = rng(lo), rng(hi)
    if not np.isfinite(r_lo):
        return None, "the capsule does not stop this motion within the model's range"
    if angle_deg <= r_lo:
        return lo, "at or below the stiffest hip the model allows"
    if np.isfinite(r_hi) and angle_deg >= r_hi:
        return hi, "at or beyond the laxest hip the model allows"
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if rng(round(mid, 5)) < angle_deg:
            lo = mid
        else:
            hi = mid
    return round(0.5 * (lo + hi), 3), None


# --------------------------------------------------------------------- verdicts
@model_verdict("kneeling-mobilisation-posterior-capsule")
def kneeling_posterior_capsule(model: HipModel) -> Verdict:
    """Does rocking back from hands and knees stretch the back of the capsule?"""
    k = kneeling_loads(model)
    strain = {lig: v[1] for lig, v in k["strain_pct"].items()}
    ischio = strain["ischiofemoral"]
    front_taut = [lig for lig, s in strain.items() if lig != "ischiofemoral" and s > 0]
    if ischio > 0 and not front_taut:
        verdict = "supported"
    elif ischio > 0:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    front = max(s for lig, s in strain.items() if lig != "ischiofemoral")
    return Verdict(verdict, {"end_flexion": k["end"]["flexion"], "ischio_pct": ischio,
                             "ischio_start_pct": k["strain_pct"]["ischiofemoral"][0],
                             "front_max_pct": front})


@model_verdict("limited-mobility-tight-capsule")
def limited_mobility_tight_capsule(model: HipModel) -> Verdict:
    """A stiff capsule limits range in every direction the capsule stops, but not all range is
    the capsule's."""
    levels = laxity_levels()
    stiff = capsule_for(model, levels["stiff"]).rom_all()
    typ = capsule_for(model, levels["typical"]).rom_all()
    smaller = [d for d in DIRECTIONS
               if typ[d].angle_deg is not None and stiff[d].magnitude_deg < typ[d].magnitude_deg]
    stopped = [d for d in DIRECTIONS if typ[d].angle_deg is not None]
    verdict = "partly supported" if smaller and len(smaller) == len(stopped) else "not supported"
    loss = [typ[d].magnitude_deg - stiff[d].magnitude_deg for d in smaller]
    return Verdict(verdict, {"n_smaller": len(smaller), "n_stopped": len(stopped),
                             "loss_min": min(loss), "loss_max": max(loss),
                             "stiff_laxity": levels["stiff"]})


@model_verdict("overstretching-capsule-instability")
def overstretching_capsule(model: HipModel) -> Verdict:
    """A laxer capsule lets the hip go further before any ligament holds it."""
    levels = laxity_levels()
    typ = capsule_for(model, levels["typical"])
    lax = capsule_for(model, levels["lax"])
    wider = lax.slack_zone_width(30.0) - typ.slack_zone_width(30.0)
    ext_t, ext_l = typ.rom("extension"), lax.rom("extension")
    gain = (None if ext_l.angle_deg is None else ext_l.magnitude_deg - ext_t.magnitude_deg)
    verdict = "partly supported" if wider > 0 and (gain is None or gain > 0) else "not supported"
    return Verdict(verdict, {"zone_typical": typ.slack_zone_width(30.0),
                             "zone_lax": lax.slack_zone_width(30.0), "zone_gain": wider,
                             "lax_laxity": levels["lax"],
                             "ext_gain": float("inf") if gain is None else gain})


@model_verdict("posterior-hip-mobility-hinge")
def posterior_mobility_hinge(model: HipModel) -> Verdict:
    """At the bottom of a hinge, is it the capsule or the hamstrings that is stretched?"""
    h = hinge_state(model)
    capsule_max = max(h["strain_pct"].values())
    ham = min(h["hamstrings_pct"].values())
    verdict = "partly supported" if capsule_max <= 0 < ham else "supported" if capsule_max > 0 else \
        "not supported"
    return Verdict(verdict, {"hinge_flexion": hinge()["flexion"], "hinge_knee": hinge()["knee"],
                             "capsule_max_pct": capsule_max, "hamstrings_min_pct": ham})


# ------------------------------------------------------------ your own range
#: The tests a reader can enter in the notebook's form: (id, label, direction, hip flexion of
#: the test in degrees, ids of the rows of rom_norms.csv measured the same way).
MEASUREMENT_TESTS = (
    ("flexion", "Flexion, lying on your back, knee bent", "flexion", 0.0, ("flexion_ct",)),
    ("extension", "Extension (Thomas test)", "extension", 0.0, ("extension_thomas",)),
    ("abduction", "Abduction, lying on your back", "abduction", 0.0, ()),
    ("adduction", "Adduction, lying on your back", "adduction", 0.0, ()),
    ("rotation_in_straight", "Internal rotation, hip straight (lying face down, knee bent)",
     "internal_rotation", 0.0, ("rotation_in_prone", "rotation_in_supine")),
    ("rotation_out_straight", "External rotation, hip straight (lying face down, knee bent)",
     "external_rotation", 0.0, ("rotation_out_prone", "rotation_out_supine")),
    ("rotation_in_seated", "Internal rotation, sitting (hip bent)", "internal_rotation", 90.0,
     ("rotation_in_seated",)),
    ("rotation_out_seated", "External rotation, sitting (hip bent)", "external_rotation", 90.0, ()),
)


def compare_measurements(measured: dict, model: HipModel | None = None) -> list[dict]:
    """Compare a reader's own ranges (degrees, positive, keyed by :data:`MEASUREMENT_TESTS`
    id; leave a test out or give None to skip it) with the cited norms and with the model.

    Each returned row has: ``id``, ``label``, ``value`` (yours), ``norms`` (list of
    (position, mean, source key)), ``typical`` (the model's range at typical laxity, None if
    the capsule does not stop it within the model's range), ``laxity`` (the model laxity that
    reproduces your value) and ``note``. Raises ValueError naming a bad entry."""
    model = model or HipModel()
    tests = {t[0]: t for t in MEASUREMENT_TESTS}
    unknown = [k for k in measured if k not in tests]
    if unknown:
        raise ValueError(f"unknown test(s) {unknown}; valid: {', '.join(tests)}")
    norms = {n["id"]: n for n in rom_norms()}
    out = []
    for tid, label, direction, flexion, norm_ids in MEASUREMENT_TESTS:
        value = measured.get(tid)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) \
                or not 0 <= value <= 180:
            raise ValueError(f"{tid}={value!r}: a range of motion must be a number of degrees "
                             "from 0 to 180")
        typical = capsule_for(model).rom(direction, flexion=flexion)
        lax, note = laxity_for_range(direction, float(value), flexion, model)
        out.append({"id": tid, "label": label, "value": float(value),
                    "norms": [(norms[i]["position"], norms[i]["value_deg"], norms[i]["source"])
                              for i in norm_ids],
                    "typical": typical.magnitude_deg, "laxity": lax, "note": note})
    return out
