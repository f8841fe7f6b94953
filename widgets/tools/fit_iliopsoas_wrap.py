"""Fit the iliopsoas wrapping cylinder to gait2392's iliacus and psoas moment arms.

gait2392 routes iliacus and psoas through a fixed brim point and a point that switches off at
45 deg of hip flexion; this model replaces both with one smooth, one-sided cylinder in front of the
hip centre (see path_additions.csv). This script chooses the cylinder's radius and centre (in
the pelvis frame, relative to the hip centre) by grid search, minimising the RMS difference from the OpenSim reference table
(widgets/data/opensim_reference.csv) for hip flexion up to 90 deg, where gait2392's path is
anatomically sensible (beyond about 95 deg its flexion moment arm turns negative).

Run: python widgets/tools/fit_iliopsoas_wrap.py   (prints the best values; copy them into
widgets/tools/path_additions.csv and rerun derive_gait2392.py)
"""

import csv
import itertools

import numpy as np

from widgets.model import RANGES, HipModel
from widgets.model.data import read_table

MUSCLES = {"iliacus_r": "iliacus", "psoas_r": "psoas"}


def main():
    model = HipModel()
    rows = [r for r in read_table("opensim_reference.csv")
            if r["reference_name"] in MUSCLES and float(r["flexion_deg"]) <= 90]
    pose = np.array([[float(r[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
                     for r in rows])
    observed = np.array([[float(r[k]) for k in ("ma_flex_m", "ma_add_m", "ma_rot_m")] for r in rows])
    column = np.array([list(MUSCLES).index(r["reference_name"]) for r in rows])
    centres = [i for i in model._wrap[:, 2] if model.muscle_ids[model._anchors[i].muscle] in MUSCLES.values()]
    wraps = [k for k, w in enumerate(model._wrap) if w[2] in centres]
    # Every corner of the model's range must keep all points outside the cylinder.
    corners = np.array(list(itertools.product(*[RANGES[k] for k in ("flexion", "adduction", "rotation")])))

    def cost(dx, dy, radius):
        for i in centres:
            model._xyz[i] = [dx, dy, 0.0]   # relative to the hip centre, pelvis frame
        model._wrap_r[wraps] = radius
        try:
            model.evaluate(*corners.T, muscles=list(MUSCLES.values()))
            res = model.evaluate(*pose.T, muscles=list(MUSCLES.values()))
        except RuntimeError:
            return np.inf, None
        pred = np.stack([res.ma_flex_m, res.ma_add_m, res.ma_rot_m], -1)[np.arange(len(rows)), column]
        err = np.sqrt(np.mean((pred - observed) ** 2, axis=0))
        return float(np.sqrt(np.mean(err**2))), err

    best = min(((cost(dx, dy, r)[0], dx, dy, r)
                for dx in np.arange(0.0, 0.0201, 0.002)
                for dy in np.arange(-0.010, 0.0101, 0.002)
                for r in np.arange(0.020, 0.0451, 0.0025)), key=lambda t: t[0])
    _, dx, dy, r = best
    err = cost(dx, dy, r)[1]
    print(f"centre relative to the hip centre (pelvis frame) x={dx:.4f} y={dy:.4f} z=0 m, radius {r:.4f} m; "
          f"RMS moment-arm error flex/add/rot = {err[0]*1000:.1f}/{err[1]*1000:.1f}/{err[2]*1000:.1f} mm")


if __name__ == "__main__":
    main()
