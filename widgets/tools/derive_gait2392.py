"""Derive the model's path-point and spline tables from OpenSim's gait2392 model file.

Reads the .osim XML directly (no OpenSim needed), takes the right-leg paths of the muscles
listed in ``widgets/data/muscles.csv``, applies the curated changes in
``widgets/tools/path_additions.csv`` (muscles gait2392 lacks, and smooth wraps that replace its
switching ConditionalPathPoints), and writes:

* ``widgets/data/path_points.csv``  one row per path element, each with its basis and source;
* ``widgets/data/splines.csv``      knee-driven functions (knee translation, patella point),
                                    one row per knot, knee angle in anatomical degrees.

Run from anywhere:  python widgets/tools/derive_gait2392.py [--osim PATH]
The .osim file is not part of the repo (see shared/reference/opensim/README.md).
"""

import argparse
import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "widgets" / "data"
DEFAULT_OSIM = REPO.parent / "shared/reference/opensim/gait2392_thelen2003muscle.osim"
BODY = {"pelvis": "pelvis", "femur_r": "femur", "tibia_r": "tibia"}
PATH_COLUMNS = ["muscle", "order", "kind", "body", "x_m", "y_m", "z_m", "radius_m",
                "axis_x", "axis_y", "axis_z", "x_spline", "y_spline", "z_spline", "basis", "source", "note"]
SOURCE = "delp1990interactive"


def _floats(text):
    return [float(v) for v in text.split()]


def _knots(spline):
    """SimmSpline knots as (anatomical knee flexion in degrees, value), ascending.

    gait2392's knee_angle_r is negative in flexion; the spline through the mirrored knots is the
    same curve because the SIMM end conditions are unchanged by an affine change of abscissa."""
    xs, ys = _floats(spline.find("x").text), _floats(spline.find("y").text)
    return sorted((round(-math.degrees(x), 6), y) for x, y in zip(xs, ys))


def read_osim(path):
    root = ET.parse(path).getroot()
    joints = {j.get("name"): j for j in root.iter("CustomJoint")}
    muscles = {m.get("name"): m for m in root.iter("Thelen2003Muscle")}
    return joints, muscles


def joint_rows(joints):
    """Hip centre in the pelvis and the knee translation functions."""
    hip = joints["hip_r"]
    offset = next(f for f in hip.iter("PhysicalOffsetFrame") if f.get("name") == "pelvis_offset")
    hx, hy, hz = _floats(offset.find("translation").text)
    points = [dict(muscle="_hip_centre", order=1, kind="joint_centre", body="pelvis",
                   x_m=hx, y_m=hy, z_m=hz, basis="gait2392", source=SOURCE,
                   note="hip_r joint centre (pelvis_offset translation); femur frame origin")]
    splines = []
    knee = joints["knee_r"]
    for axis in knee.iter("TransformAxis"):
        name = axis.get("name")
        spline = axis.find("SimmSpline")
        if name in ("translation1", "translation2") and spline is not None:
            sid = "knee_tx" if name == "translation1" else "knee_ty"
            for k, v in _knots(spline):
                splines.append(dict(spline=sid, knee_deg=k, value_m=v, source=SOURCE,
                                    note=f"knee_r {name}: tibia origin in the femur frame"))
    return points, splines


def muscle_rows(muscles, catalogue, additions):
    rows, splines = [], []
    for entry in catalogue:
        mid, ref = entry["id"], entry["reference_name"]
        adds = [a for a in additions if a["muscle"] == mid]
        elems = []  # (order, row)
        dropped = {name for a in adds for name in a["replaces"].split(";") if name}
        if ref:
            points = muscles[ref].find(".//PathPointSet/objects")
            for i, p in enumerate(points, start=1):
                name = p.get("name")
                if name in dropped:
                    continue
                if mid.startswith("gemellus"):
                    continue  # the split gemelli come wholly from path_additions.csv
                body = BODY[p.find("socket_parent_frame").text.split("/")[-1]]
                row = dict(muscle=mid, kind="fixed", body=body, basis="gait2392",
                           source=SOURCE, note=name)
                if p.tag == "MovingPathPoint":
                    row["kind"] = "moving"
                    for ax in "xyz":
                        sid = f"{name}_{ax}"
                        row[f"{ax}_spline"] = sid
                        for k, v in _knots(p.find(f"{ax}_location/SimmSpline")):
                            splines.append(dict(spline=sid, knee_deg=k, value_m=v, source=SOURCE,
                                                note=f"{name} {ax} in the {body} frame"))
                else:
                    row.update(zip(("x_m", "y_m", "z_m"), _floats(p.find("location").text)))
                if p.tag == "ConditionalPathPoint":
                    lo, hi = (-math.degrees(v) for v in _floats(p.find("range").text))
                    row["basis"] = "gait2392_modified"
                    row["note"] = (f"{name}: gait2392 ConditionalPathPoint active for knee flexion "
                                   f"{min(lo, hi):.0f} to {max(lo, hi):.0f} deg, kept here as a fixed "
                                   "via point so the path and its moment arms change smoothly")
                elems.append((float(i), row))
        for a in adds:
            row = {k: a[k] for k in ("kind", "body", "x_m", "y_m", "z_m", "radius_m", "axis_x", "axis_y",
                                     "axis_z", "basis", "source", "note")}
            row["muscle"] = mid
            # An addition goes just before a kept gait2392 point of the same order.
            elems.append((float(a["order"]) - 0.5, row))
        elems.sort(key=lambda e: e[0])
        for n, (_, row) in enumerate(elems, start=1):
            row["order"] = n
            rows.append(row)
    return rows, splines


def write(path, columns, rows):
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--osim", type=Path, default=DEFAULT_OSIM, help="gait2392 .osim file")
    args = ap.parse_args(argv)
    joints, muscles = read_osim(args.osim)
    catalogue = list(csv.DictReader(open(DATA / "muscles.csv")))
    additions = list(csv.DictReader(open(REPO / "widgets/tools/path_additions.csv")))
    jpoints, jsplines = joint_rows(joints)
    mrows, msplines = muscle_rows(muscles, catalogue, additions)
    write(DATA / "path_points.csv", PATH_COLUMNS, jpoints + mrows)
    write(DATA / "splines.csv", ["spline", "knee_deg", "value_m", "source", "note"],
          jsplines + msplines)
    print(f"wrote {len(jpoints) + len(mrows)} path rows and {len(jsplines) + len(msplines)} knots")


if __name__ == "__main__":
    main()
