"""Measure the model's femur (gait2392's bone surface) and write the result into femur.csv.

    python widgets/tools/measure_femur.py            # rewrite the measured rows of femur.csv
    python widgets/tools/measure_femur.py --check    # only print, change nothing

The measurement method is documented in ``widgets.model.femur.measure_femur``; the surface is
``widgets/data/bones/femur_r.json`` (made by ``import_bones.py``). ``tests/model`` re-measures
the committed surface and checks the table, so the two cannot drift apart.
"""

import argparse
import csv
import io
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

from widgets.model.bones import bone_surface
from widgets.model.data import read_table
from widgets.model.femur import measure_femur
from widgets.model.spline import Spline

TABLE = ROOT / "widgets" / "data" / "femur.csv"
COLUMNS = ["name", "x_m", "y_m", "z_m", "value", "unit", "basis", "source", "note"]
METHOD = "widgets/tools/measure_femur.py (method: widgets.model.femur.measure_femur)"
SOURCE = "delp1990interactive"


def knee_centre():
    """Knee joint origin in the femur frame at full extension (gait2392's knee splines)."""
    pts = {}
    for row in read_table("splines.csv"):
        pts.setdefault(row["spline"], []).append((np.radians(float(row["knee_deg"])), float(row["value_m"])))
    x = Spline(*zip(*sorted(pts["knee_tx"])))(np.zeros(1))[0][0]
    y = Spline(*zip(*sorted(pts["knee_ty"])))(np.zeros(1))[0][0]
    return np.array([x, y, 0.0])


def rows(m, knee):
    def vec(name, v, unit, note):
        return dict(name=name, x_m=f"{v[0]:.6f}", y_m=f"{v[1]:.6f}", z_m=f"{v[2]:.6f}", value="",
                    unit=unit, basis="measured", source=SOURCE, note=note + f" Measured by {METHOD}.")

    def val(name, v, unit, note, basis="measured", source=SOURCE):
        return dict(name=name, x_m="", y_m="", z_m="", value=f"{v:.2f}" if unit == "deg" else f"{v:.4f}",
                    unit=unit, basis=basis, source=source, note=note)

    meas = f" Measured on gait2392's femur surface by {METHOD}."
    return [
        val("anteversion", m["anteversion_deg"], "deg",
            "The model femur's anteversion: neck axis vs posterior condylar axis, seen along the "
            "anatomical shaft axis; the model's default." + meas),
        val("neck_shaft_angle", m["neck_shaft_deg"], "deg",
            "The model femur's neck-shaft angle: 3-D angle between the neck and shaft axes; the "
            "model's default." + meas),
        val("anteversion_mechanical", m["anteversion_mechanical_deg"], "deg",
            "The same anteversion seen along the mechanical axis (head centre to knee centre), to "
            "show the definition's effect; not used by the model." + meas),
        val("anteversion_epicondylar", m["anteversion_epicondylar_deg"], "deg",
            "Anteversion against the transepicondylar axis instead of the posterior condylar "
            "axis; not used by the model." + meas),
        val("neck_shaft_angle_mechanical", m["neck_shaft_mechanical_deg"], "deg",
            "Neck-shaft angle against the mechanical axis; not used by the model." + meas),
        val("anteversion_population", 9.73, "deg",
            "Population mean of 375 adult cadaveric femora (digital photographs) in Toogood et al. "
            "2009: a reference shown beside the model's femur, not the model's femur.",
            basis="cited", source="toogood2009proximal"),
        val("neck_shaft_angle_population", 129.23, "deg",
            "Population mean angle of inclination of the same 375 femora (Toogood et al. 2009): a "
            "reference, not the model's femur.", basis="cited", source="toogood2009proximal"),
        vec("shaft_axis", m["shaft_axis"], "1",
            "Unit vector of the anatomical shaft axis, towards the knee: the line through the "
            "centroids of 21 diaphysis cross-sections."),
        vec("shaft_point", m["shaft_point"], "m", "A point on the shaft axis (mean of the section centroids)."),
        vec("neck_axis", m["neck_axis"], "1",
            "Unit vector of the neck axis, towards the head: the line through the head centre on "
            "which the neck's cross-sections 18-30 mm from it centre."),
        vec("knee_centre", knee, "m",
            "Knee joint origin at full extension (gait2392's knee_r splines at 0 deg), for the "
            "mechanical axis."),
        val("head_radius", m["head_radius"], "m", "Least-squares sphere fitted to the femoral head." + meas),
        val("twist_top", 0.090, "m",
            "Top of the twisted diaphysis, measured along the shaft axis from the head centre's "
            "level: everything above (head, neck, both trochanters; the iliopsoas insertion on "
            "the lesser trochanter is 62 mm below the head centre) turns as one block when "
            "anteversion or neck-shaft angle change, as in the OpenSim Torsion Tool.",
            basis="model_choice", source="veerkamp2021torsion"),
        val("twist_bottom", 0.330, "m",
            "Bottom of the twisted diaphysis (just above the condyles' flare): the twist fades "
            "linearly from the full angle at twist_top to none here; below, the condyles only "
            "shift with the shaft.", basis="model_choice", source="veerkamp2021torsion"),
        val("neck_bend_length", 0.015, "m",
            "A change of neck-shaft angle turns the proximal block about the shaft axis's point at "
            "twist_top; the bend fades over this length below it so the bone stays continuous.",
            basis="model_choice", source=""),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="print the measurement, change nothing")
    args = ap.parse_args()
    verts, faces, _ = bone_surface("femur_r")
    knee = knee_centre()
    m = measure_femur(verts, faces, knee)
    for k in ("anteversion_deg", "anteversion_mechanical_deg", "anteversion_epicondylar_deg",
              "neck_shaft_deg", "neck_shaft_mechanical_deg", "head_radius"):
        print(f"{k:30s} {m[k]:.3f}")
    if args.check:
        return
    new = rows(m, knee)
    names = {r["name"] for r in new}
    with open(TABLE, newline="", encoding="utf-8") as f:
        kept = [r for r in csv.DictReader(f) if r["name"] not in names]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(new + kept)
    TABLE.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
