"""Set the capsule model's slack lengths and stiffness scale from two cadaver measurements.

    python widgets/tools/calibrate_capsule.py

Both targets are in ``widgets/data/capsule.csv`` with their source (van Arkel et al. 2015,
nine cadaveric hips, capsule only):

1. Slack lengths. Each ligament is just slack at its longest over a reference set of postures
   in the middle of the range (flexion ``reference_flexion_min``..``reference_flexion_max``,
   no ab/adduction, rotation within +-h). h is found by bisection so that the rotation slack
   zone at 30 deg flexion is ``slack_zone_target`` (50 deg) wide. The slack length is a
   property of the ligament, so it is set once, on the model's own femur; other femur angles
   then change the ligaments' lengths, not their slack lengths.
2. Stiffness scale. Every ligament's stiffness is its modulus x cross-section (Pieroh et al.
   2016) times one factor, found by bisection so that at 30 deg flexion the secant stiffness
   from the edge of the slack zone to 5 N m, averaged over internal and external rotation, is
   ``torsional_stiffness_target`` (0.8 N m per degree).

Writes ``slack_length_m`` into ``ligaments.csv`` and ``reference_rotation_halfwidth`` and
``stiffness_scale`` into ``capsule.csv`` (other columns untouched). A test re-runs the
calibration and checks the tables.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "widgets" / "data"


def reference_slack_lengths(model, halfwidth_deg, params):
    """Longest length of each ligament over the reference set (m)."""
    f = np.linspace(params["reference_flexion_min"], params["reference_flexion_max"], 31)
    a = np.linspace(-params["reference_adduction_halfwidth"], params["reference_adduction_halfwidth"], 11)
    r = np.linspace(-halfwidth_deg, halfwidth_deg, 41)
    ff, aa, rr = np.meshgrid(f, a, r)
    # PathModel.evaluate: raw path lengths, whatever the model's slack lengths are
    from widgets.model.hip import PathModel
    lengths = PathModel.evaluate(model, flexion=ff.ravel(), adduction=aa.ravel(),
                                 rotation=rr.ravel()).length_m
    return lengths.max(axis=0)


def _bisect(fun, lo, hi, tol=1e-6, n=80):
    flo = fun(lo)
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        fm = fun(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
        if hi - lo < tol:
            break
    return 0.5 * (lo + hi)


def secant_stiffness(model, flexion=30.0, torque=5.0):
    """Mean over internal and external rotation of torque / (angle at torque - zone edge)."""
    lo, hi = model.slack_zone(flexion=flexion)
    out = []
    for d, edge in (("internal_rotation", hi), ("external_rotation", lo)):
        r = model.rom(d, torque=torque, flexion=flexion)
        if r.angle_deg is None:
            return 0.0
        out.append(torque / abs(r.angle_deg - edge))
    return float(np.mean(out))


def calibrate():
    """Returns (halfwidth_deg, slack_lengths (m), stiffness_scale, ids)."""
    from widgets.model import capsule as cap

    params = cap.parameters()
    model = cap.CapsuleModel()

    def set_slack(h):
        model.base_slack_length_m = reference_slack_lengths(model, h, params)
        model.slack_length_m = model.base_slack_length_m.copy()

    def zone_error(h):
        set_slack(h)
        return model.slack_zone_width(flexion=30.0) - params["slack_zone_target"]

    h = _bisect(zone_error, 1.0, 45.0)
    set_slack(h)
    ea = model.stiffness_n / params["stiffness_scale"]

    def stiffness_error(log_s):
        model.stiffness_n = ea * np.exp(log_s)
        return secant_stiffness(model, torque=params["rom_torque"]) - params["torsional_stiffness_target"]

    scale = float(np.exp(_bisect(stiffness_error, np.log(0.1), np.log(1000.0))))
    return h, model.base_slack_length_m.copy(), scale, model.ids


def _rewrite(path, update):
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = list(rows[0])
    for row in rows:
        update(row)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main():
    h, slack, scale, ids = calibrate()
    by_id = dict(zip(ids, slack))

    def lig(row):
        row["slack_length_m"] = f"{by_id[row['id']]:.5f}"

    def par(row):
        if row["name"] == "reference_rotation_halfwidth":
            row["value"] = f"{h:.2f}"
        elif row["name"] == "stiffness_scale":
            row["value"] = f"{scale:.3f}"

    _rewrite(DATA / "ligaments.csv", lig)
    _rewrite(DATA / "capsule.csv", par)
    print(f"reference rotation half-width {h:.2f} deg; stiffness scale {scale:.3f}; slack lengths (mm): "
          + ", ".join(f"{i} {s * 1000:.2f}" for i, s in by_id.items()))


if __name__ == "__main__":
    main()
