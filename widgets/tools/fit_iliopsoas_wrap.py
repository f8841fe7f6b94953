"""Fit the iliopsoas brim point and femoral-head sphere to gait2392's moment arms.

gait2392 routes iliacus and psoas over a fixed brim point (P2) and a point in front of the
femoral head that switches off at 45 deg of hip flexion (P3). Two problems for a course model:
the switch makes moment arms jump, and because the brim point sits only ~14 deg above the hip
centre (seen from the side), the flexion moment arm turns negative in deep flexion (in the
OpenSim reference table: psoas between 90 and 100 deg, iliacus between 100 and 110 deg).

This model (see path_additions.csv) keeps a fixed brim point but swings it up about the hip
centre's medial-lateral axis to at least MIN_BRIM_DEG above the horizontal, keeping its
distance from the hip centre and its medial-lateral position, and replaces P3 with a sphere
about the hip centre (femoral head, capsule and tendon). With the brim at angle b, the flexion
moment arm stays positive while the femoral attachment (~88 deg below horizontal at neutral)
stays below it, i.e. up to about 88 + b deg of flexion; b >= 40 deg covers 0-120 deg.

This script picks b and the sphere radius by grid search, minimising the RMS difference from
the OpenSim reference table (widgets/data/opensim_reference.csv) for hip flexion up to 90 deg.
Run: python widgets/tools/fit_iliopsoas_wrap.py  (prints rows for path_additions.csv)
"""

import numpy as np

from widgets.model import HipModel
from widgets.model.data import read_table

MUSCLES = {"iliacus_r": "iliacus", "psoas_r": "psoas"}
MIN_BRIM_DEG = 40.0
# gait2392's brim points P2 relative to the hip centre (pelvis frame, m).
HIP = np.array([-0.0707, -0.0661, 0.0835])
GAIT2392_P2 = {"iliacus": np.array([-0.0258, -0.055, 0.0811]) - HIP,
               "psoas": np.array([-0.0238, -0.057, 0.0759]) - HIP}


def brim_point(muscle, angle_deg):
    """P2 swung about the hip centre's z axis to angle_deg above the horizontal."""
    x, y, z = GAIT2392_P2[muscle]
    rho, ang = np.hypot(x, y), np.radians(angle_deg)
    return np.array([rho * np.cos(ang), rho * np.sin(ang), z])


def main():
    model = HipModel()
    rows = [r for r in read_table("opensim_reference.csv")
            if r["reference_name"] in MUSCLES and float(r["flexion_deg"]) <= 90]
    pose = np.array([[float(r[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
                     for r in rows])
    observed = np.array([[float(r[k]) for k in ("ma_flex_m", "ma_add_m", "ma_rot_m")] for r in rows])
    column = np.array([list(MUSCLES).index(r["reference_name"]) for r in rows])
    names = list(MUSCLES.values())
    brim = {m: next(i for i, a in enumerate(model._anchors)
                    if model.muscle_ids[a.muscle] == m and a.body == 0 and i not in model._wrap[:, 2]
                    and i != next(j for j, b in enumerate(model._anchors) if model.muscle_ids[b.muscle] == m))
            for m in names}
    wraps = [k for k, w in enumerate(model._wrap) if model.muscle_ids[model._anchors[w[2]].muscle] in names]

    def cost(angle, radius):
        for m in names:
            model._xyz[brim[m]] = brim_point(m, angle)
        model._wrap_r[wraps] = radius
        res = model.evaluate(*pose.T, muscles=names)
        pred = np.stack([res.ma_flex_m, res.ma_add_m, res.ma_rot_m], -1)[np.arange(len(rows)), column]
        err = np.sqrt(np.mean((pred - observed) ** 2, axis=0))
        return float(np.sqrt(np.mean(err**2))), err

    best = min(((cost(b, r)[0], b, r) for b in np.arange(MIN_BRIM_DEG, 56.0, 1.0)
                for r in np.arange(0.030, 0.0451, 0.0005)), key=lambda t: t[0])
    _, b, r = best
    err = cost(b, r)[1]
    print(f"brim angle {b:.0f} deg, sphere radius {r:.4f} m; RMS moment-arm error "
          f"flex/add/rot = {err[0]*1000:.1f}/{err[1]*1000:.1f}/{err[2]*1000:.1f} mm")
    for m in names:
        print(m, "brim point (pelvis frame, m):", np.round(brim_point(m, b) + HIP, 4))


if __name__ == "__main__":
    main()
