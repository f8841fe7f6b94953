"""Tabulate gait2392's knee kinematics with real OpenSim, as test data for the numpy re-implementation.

gait2392's knee_r is a CustomJoint: rotation about the femur's z axis by knee_angle_r plus a
translation of the tibia origin (x, y in the femur frame) given by SimmSplines of knee_angle_r; the
rectus femoris insertion rect_fem_r-P3 is a MovingPathPoint whose tibia-frame coordinates are
SimmSplines of the same angle. OpenSim evaluates both here so that the course's numpy SimmSpline
and knee code can be unit-tested against them without OpenSim installed.

Columns (metres; knee_deg is anatomical flexion, + = flexed, = -knee_angle_r in degrees):
    knee_deg, tibia_origin_in_femur_x/y/z, rect_fem_p3_in_tibia_x/y/z, rect_fem_p3_in_femur_x/y/z
Rows: knee flexion 0..120 deg step 5; all other coordinates at their defaults.
Source and citations as in make_opensim_reference.py (gait2392, Delp et al. 1990,
doi 10.1109/10.102791; OpenSim, Seth et al. 2018, doi 10.1371/journal.pcbi.1006223).

    python widgets/tools/make_opensim_knee_table.py [--osim PATH] [--out CSV]
"""

import argparse
import csv
import math
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OSIM = REPO_ROOT.parent / "shared/reference/opensim/gait2392_thelen2003muscle.osim"
DEFAULT_OUT = REPO_ROOT / "tests/data/opensim_knee_functions.csv"
COLUMNS = ["knee_deg"] + [f"{p}_{a}" for p in ("tibia_origin_in_femur", "rect_fem_p3_in_tibia",
                                               "rect_fem_p3_in_femur") for a in "xyz"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--osim", type=Path, default=DEFAULT_OSIM)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    import opensim as osim  # lazily, so --help works without OpenSim

    model = osim.Model(str(args.osim))
    state = model.initSystem()
    knee = model.getCoordinateSet().get("knee_angle_r")
    femur = model.getBodySet().get("femur_r")
    tibia = model.getBodySet().get("tibia_r")
    # The path point is looked up by name inside the muscle's PathPointSet and downcast, because
    # only MovingPathPoint.getLocation(state) evaluates the splines at the current knee angle.
    pps = model.getMuscles().get("rect_fem_r").getGeometryPath().getPathPointSet()
    p3 = osim.MovingPathPoint.safeDownCast(pps.get("rect_fem_r-P3"))
    assert p3 is not None, "rect_fem_r-P3 is not a MovingPathPoint"

    rows = []
    for knee_deg in range(0, 121, 5):
        knee.setValue(state, -math.radians(knee_deg), False)  # the model's flexion is negative
        model.realizePosition(state)
        origin = tibia.findStationLocationInAnotherFrame(state, osim.Vec3(0, 0, 0), femur)
        in_tibia = p3.getLocation(state)
        in_femur = tibia.findStationLocationInAnotherFrame(state, in_tibia, femur)
        vals = [v.get(i) for v in (origin, in_tibia, in_femur) for i in range(3)]
        rows.append([str(knee_deg)] + [f"{round(v, 9) + 0.0:.9f}" for v in vals])

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
