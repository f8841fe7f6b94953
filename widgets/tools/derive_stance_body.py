"""Derive the body and abductor numbers of the single-leg-stance model from gait2392.

Reads OpenSim's gait2392 model file (XML, no OpenSim needed) and writes
``widgets/data/stance_body.csv``: segment masses and centre-of-mass heights of the body
above the stance hip (pelvis, torso with head and arms, one leg), gravity, and the maximum
isometric force of each hip-abductor compartment (the weights of the model's combined
abductor). Rows that are this model's own assumptions (hand and shoulder positions) are
kept from the existing file; they are not in gait2392.

Run from anywhere:  python widgets/tools/derive_stance_body.py [--osim PATH]
The .osim file is not part of the repo (see shared/reference/opensim/README.md).
"""

import argparse
import csv
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "widgets" / "data" / "stance_body.csv"
MUSCLES = REPO / "widgets" / "data" / "muscles.csv"
DEFAULT_OSIM = REPO.parent / "shared/reference/opensim/gait2392_thelen2003muscle.osim"
COLUMNS = ["name", "value", "unit", "basis", "source", "note"]
SOURCE = "delp1990interactive"
LEG_BODIES = ("femur_r", "tibia_r", "talus_r", "calcn_r", "toes_r")
ABDUCTORS = ("glut_med1_r", "glut_med2_r", "glut_med3_r", "glut_min1_r", "glut_min2_r",
             "glut_min3_r", "tfl_r", "glut_max1_r")
CREDIT = ("gait2392's credits attribute its anthropometry to Anderson and Pandy (1999, 2001); "
          "the number is read from the model file.")


def _floats(text):
    return [float(v) for v in text.split()]


def _offset(joint, name):
    frame = next(f for f in joint.iter("PhysicalOffsetFrame") if f.get("name") == name)
    return _floats(frame.find("translation").text)


def _knee_ty(knee):
    """The knee's vertical translation at 0 deg (gait2392's translation2 spline)."""
    axis = next(a for a in knee.iter("TransformAxis") if a.get("name") == "translation2")
    spline = axis.find(".//SimmSpline")
    xs, ys = _floats(spline.find("x").text), _floats(spline.find("y").text)
    return ys[min(range(len(xs)), key=lambda i: abs(xs[i]))]


def derive(osim):
    root = ET.parse(osim).getroot()
    bodies = {b.get("name"): b for b in root.iter("Body")}
    joints = {j.get("name"): j for j in root.iter("CustomJoint")}
    muscles = {m.get("name"): m for m in root.iter("Thelen2003Muscle")}

    def mass(name):
        return float(bodies[name].find("mass").text)

    def com(name):
        return _floats(bodies[name].find("mass_center").text)

    hip = _offset(joints["hip_r"], "pelvis_offset")           # hip centre in the pelvis
    back = _offset(joints["back"], "pelvis_offset")           # lumbar joint in the pelvis
    leg = sum(mass(b) for b in LEG_BODIES)
    knee = _offset(joints["knee_r"], "femur_r_offset") if any(
        f.get("name") == "femur_r_offset" for f in joints["knee_r"].iter("PhysicalOffsetFrame")) else [0, 0, 0]
    knee_y = knee[1] + _knee_ty(joints["knee_r"])
    ankle_y = knee_y + _offset(joints["ankle_r"], "tibia_r_offset")[1]
    depth = {"femur_r": -com("femur_r")[1], "tibia_r": -(knee_y + com("tibia_r")[1])}
    for b in ("talus_r", "calcn_r", "toes_r"):
        depth[b] = -ankle_y
    leg_com = sum(mass(b) * depth[b] for b in LEG_BODIES) / leg
    total = sum(float(b.find("mass").text) for b in bodies.values())
    gravity = -_floats(root.find(".//gravity").text)[1]
    rows = [
        dict(name="total_mass", value=total, unit="kg",
             note="Mass of the whole gait2392 body (sum of its bodies). " + CREDIT),
        dict(name="pelvis_mass", value=mass("pelvis"), unit="kg", note=CREDIT),
        dict(name="pelvis_com_above_hip", value=com("pelvis")[1] - hip[1], unit="m",
             note="Height of the pelvis's centre of mass above the hip centres (pelvis frame, "
                  "upright). " + CREDIT),
        dict(name="torso_mass", value=mass("torso"), unit="kg",
             note="gait2392's torso carries the head and both arms. " + CREDIT),
        dict(name="torso_com_above_hip", value=back[1] + com("torso")[1] - hip[1], unit="m",
             note="Height of the torso's centre of mass (head and arms included) above the hip "
                  "centres, upright: lumbar joint height plus the torso's centre of mass. "
                  + CREDIT),
        dict(name="back_above_hip", value=back[1] - hip[1], unit="m",
             note="Height of the lumbar (back) joint above the hip centres: the trunk leans "
                  "sideways about this point in the model."),
        dict(name="leg_mass", value=leg, unit="kg",
             note="One leg: " + ", ".join(LEG_BODIES) + ". " + CREDIT),
        dict(name="leg_com_below_hip", value=leg_com, unit="m",
             note="Depth of one straight leg's centre of mass below its hip centre (femur, "
                  "tibia and foot bodies; knee and ankle joint offsets at 0 deg). Used only to "
                  "draw the lifted leg: its weight acts straight below its hip either way."),
        dict(name="gravity", value=gravity, unit="m/s2", note="gait2392's gravity."),
    ]
    for r in rows:
        r.update(basis="gait2392", source=SOURCE)
    ids = {row["reference_name"]: row["id"] for row in csv.DictReader(open(MUSCLES, encoding="utf-8"))}
    for name in ABDUCTORS:
        force = float(muscles[name].find("max_isometric_force").text)
        rows.append(dict(name=f"fmax_{ids[name]}", value=force, unit="N", basis="gait2392",
                         source=SOURCE, note=f"{name} max_isometric_force: weight of this "
                         "compartment in the model's combined abductor"))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--osim", default=str(DEFAULT_OSIM))
    args = parser.parse_args(argv)
    kept = []
    if OUT.exists():
        kept = [r for r in csv.DictReader(open(OUT, encoding="utf-8")) if r["basis"] != "gait2392"]
    rows = derive(args.osim) + kept
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            value = r["value"]
            w.writerow({**r, "value": f"{value:.6g}" if isinstance(value, float) else value})
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
