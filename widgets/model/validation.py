"""Agreement between this model and OpenSim's gait2392 (the committed reference table).

The reference table ``widgets/data/opensim_reference.csv`` was made with real OpenSim by
``widgets/tools/make_opensim_reference.py``; this module needs only numpy. The tests and the
book's "How good is the model?" page both use these functions, so they report the same figures.
"""

import numpy as np

from .data import read_table
from .hip import HipModel

AXES = ("flex", "add", "rot")
# Sign agreement is only meaningful where OpenSim's moment arm is clearly non-zero.
SIGN_THRESHOLD_M = 0.005


def comparison(model=None):
    """Model and OpenSim values side by side, one entry per (muscle compartment, reference pose).

    Returns a dict of equal-length arrays: muscle, reference_name, sweep, flexion_deg,
    adduction_deg, rotation_deg, knee_deg, and for each quantity q in length_change_mm,
    ma_flex_m, ma_add_m, ma_rot_m, ma_knee_m the pair model_q / opensim_q. Compartments with no
    gait2392 counterpart (the obturators) are not included.
    """
    model = model or HipModel()
    rows = read_table("opensim_reference.csv")
    compartments = {}
    for mid in model.muscle_ids:
        ref = model.muscle_info(mid)["reference_name"]
        if ref:
            compartments.setdefault(ref, []).append(mid)
    neutral = {r["reference_name"]: float(r["length_m"]) for r in rows
               if r["sweep"] == "flexion_knee0" and float(r["flexion_deg"]) == 0.0}
    pose = np.array([[float(r[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
                     for r in rows])
    res = model.evaluate(*pose.T)
    col = {m: j for j, m in enumerate(res.muscle_ids)}
    out = {k: [] for k in ("muscle", "reference_name", "sweep", "row")}
    for i, r in enumerate(rows):
        for mid in compartments.get(r["reference_name"], []):
            out["muscle"].append(mid)
            out["reference_name"].append(r["reference_name"])
            out["sweep"].append(r["sweep"])
            out["row"].append((i, col[mid]))
    idx = np.array(out.pop("row"))
    i, j = idx[:, 0], idx[:, 1]
    result = {k: np.array(v) for k, v in out.items()}
    for n, key in enumerate(("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")):
        result[key] = pose[i, n]
    result["model_length_change_mm"] = res.length_change_mm[i, j]
    result["opensim_length_change_mm"] = np.array(
        [(float(rows[a]["length_m"]) - neutral[rows[a]["reference_name"]]) * 1000.0 for a in i])
    for q in ("ma_flex_m", "ma_add_m", "ma_rot_m", "ma_knee_m"):
        result["model_" + q] = getattr(res, q)[i, j]
        result["opensim_" + q] = np.array([float(rows[a][q]) for a in i])
    return result


def agreement(model=None, table=None):
    """The headline agreement figures.

    Returns a dict: for each hip axis ``flex``, ``add``, ``rot``: ``sign_agreement`` (fraction
    of (muscle, pose) cases with |OpenSim moment arm| > 5 mm where the signs agree),
    ``sign_cases`` (how many such cases), ``rms_mm`` (RMS moment-arm difference over all
    cases); and ``length_change_r`` (Pearson correlation of length changes from neutral).
    """
    t = table if table is not None else comparison(model)
    out = {}
    for axis in AXES:
        m, o = t[f"model_ma_{axis}_m"], t[f"opensim_ma_{axis}_m"]
        big = np.abs(o) > SIGN_THRESHOLD_M
        out[axis] = {
            "sign_agreement": float(np.mean(np.sign(m[big]) == np.sign(o[big]))),
            "sign_cases": int(big.sum()),
            "rms_mm": float(np.sqrt(np.mean((m - o) ** 2)) * 1000.0),
        }
    out["length_change_r"] = float(np.corrcoef(t["model_length_change_mm"],
                                               t["opensim_length_change_mm"])[0, 1])
    out["cases"] = int(t["muscle"].size)
    return out


def per_muscle_rms(table=None, model=None):
    """RMS moment-arm difference (mm) per muscle and hip axis: {muscle: {axis: mm}}."""
    t = table if table is not None else comparison(model)
    out = {}
    for mid in dict.fromkeys(t["muscle"]):
        sel = t["muscle"] == mid
        out[mid] = {axis: float(np.sqrt(np.mean((t[f"model_ma_{axis}_m"][sel]
                                                  - t[f"opensim_ma_{axis}_m"][sel]) ** 2)) * 1000.0)
                    for axis in AXES}
    return out
