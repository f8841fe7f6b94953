"""Derive the hip reference table (muscle lengths and moment arms) from OpenSim's gait2392 model.

The course's own hip model is pure numpy; this script is the one place that runs real OpenSim,
so that the numpy model can be checked against it without OpenSim being installed.

Source: ``gait2392_thelen2003muscle.osim`` from opensim-org/opensim-models (see
``shared/reference/opensim/README.md``); lower-limb geometry from Delp et al. 1990
(doi 10.1109/10.102791), evaluated with OpenSim (Seth et al. 2018, doi 10.1371/journal.pcbi.1006223).
The .osim file itself is not part of the repo; its sha256 goes into the sidecar .meta.json.

Output columns (one row per muscle x pose):
    sweep, reference_name, flexion_deg, adduction_deg, rotation_deg, knee_deg,
    length_m, ma_flex_m, ma_add_m, ma_rot_m, ma_knee_m

Conventions:
    * angles in degrees; hip angles are OpenSim's coordinates (+ = flexion, adduction,
      internal rotation);
    * knee_deg is ANATOMICAL knee flexion (+ = flexed) = -knee_angle_r;
    * ma_* = -dL/dq in metres; the hip ones are OpenSim's computeMomentArm unchanged, ma_knee_m
      is about anatomical knee flexion, i.e. -computeMomentArm(knee_angle_r).

Run with an environment that has OpenSim (e.g. ``/work/.venv-opensim/bin/python``):
    python widgets/tools/make_opensim_reference.py [--osim PATH] [--out CSV]
"""

import argparse
import csv
import datetime
import hashlib
import json
import math
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OSIM = REPO_ROOT.parent / "shared/reference/opensim/gait2392_thelen2003muscle.osim"
DEFAULT_OUT = REPO_ROOT / "widgets/data/opensim_reference.csv"

# The 27 right-leg muscles of gait2392 that cross the hip (README of the reference folder).
HIP_MUSCLES = (
    "glut_med1_r glut_med2_r glut_med3_r glut_min1_r glut_min2_r glut_min3_r "
    "glut_max1_r glut_max2_r glut_max3_r semimem_r semiten_r bifemlh_r sar_r "
    "add_long_r add_brev_r add_mag1_r add_mag2_r add_mag3_r tfl_r pect_r grac_r "
    "iliacus_r psoas_r quad_fem_r gem_r peri_r rect_fem_r"
).split()

COLUMNS = ["sweep", "reference_name", "flexion_deg", "adduction_deg", "rotation_deg", "knee_deg",
           "length_m", "ma_flex_m", "ma_add_m", "ma_rot_m", "ma_knee_m"]


def _range(lo, hi, step):
    return list(range(lo, hi + 1, step))


# Each sweep: (name, list of (flexion, adduction, rotation, anatomical knee flexion) in degrees).
# Everything not listed stays at the model default (all zero, pelvis_ty 0.95 m; the pelvis pose
# does not change lengths or moment arms).
SWEEPS = {
    "flexion_knee0": [(f, 0, 0, 0) for f in _range(-20, 120, 10)],
    "flexion_knee90": [(f, 0, 0, 90) for f in _range(-20, 120, 10)],
    "adduction": [(0, a, 0, 0) for a in _range(-40, 30, 5)],
    "rotation_flex0": [(0, 0, r, 0) for r in _range(-40, 40, 5)],
    "rotation_flex45": [(45, 0, r, 0) for r in _range(-40, 40, 5)],
    "rotation_flex90": [(90, 0, r, 0) for r in _range(-40, 40, 5)],
}
GRID_TEXT = {
    "flexion_knee0": "hip flexion -20..120 step 10 deg; adduction 0, rotation 0, knee 0",
    "flexion_knee90": "hip flexion -20..120 step 10 deg; adduction 0, rotation 0, knee flexion 90",
    "adduction": "hip adduction -40..30 step 5 deg; flexion 0, rotation 0, knee 0",
    "rotation_flex0": "hip rotation -40..40 step 5 deg; flexion 0, adduction 0, knee 0",
    "rotation_flex45": "hip rotation -40..40 step 5 deg; flexion 45, adduction 0, knee 0",
    "rotation_flex90": "hip rotation -40..40 step 5 deg; flexion 90, adduction 0, knee 0",
}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_model(osim_path):
    """Load the model and return (opensim module, model, default state)."""
    import opensim as osim  # imported here so that --help works without OpenSim

    model = osim.Model(str(osim_path))
    state = model.initSystem()
    # setValue(..., enforceConstraints=False) below is only exact if nothing couples the
    # coordinates; gait2392 has an empty ConstraintSet (the patella was replaced by moving points).
    if model.getConstraintSet().getSize() != 0:
        raise RuntimeError("model has kinematic constraints; setValue without enforcing is unsafe")
    return osim, model, state


def compute_rows(model, state):
    coords = model.getCoordinateSet()
    hip = [coords.get(n) for n in ("hip_flexion_r", "hip_adduction_r", "hip_rotation_r")]
    knee = coords.get("knee_angle_r")
    muscles = model.getMuscles()
    paths = {n: muscles.get(n).getGeometryPath() for n in HIP_MUSCLES}  # raises if a name is absent

    rows = []
    for sweep, poses in SWEEPS.items():
        for flex, add, rot, knee_flex in poses:
            for c, deg in zip(hip, (flex, add, rot)):
                c.setValue(state, math.radians(deg), False)
            knee.setValue(state, -math.radians(knee_flex), False)  # model's knee flexion is negative
            model.realizePosition(state)
            for name, gp in paths.items():
                ma_hip = [gp.computeMomentArm(state, c) for c in hip]
                ma_knee = -gp.computeMomentArm(state, knee)  # about anatomical flexion
                rows.append([sweep, name, flex, add, rot, knee_flex, gp.getLength(state)] + ma_hip + [ma_knee])
    # Deterministic order independent of the loops above: sweep, muscle, then the pose.
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4], r[5]))
    return rows


def fmt_m(x):
    # 1e-7 m resolution; "+ 0.0" turns -0.0 into 0.0 so that the file is stable.
    return f"{round(x, 7) + 0.0:.7f}"


def write_csv(rows, out):
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(r[:2] + [str(int(v)) for v in r[2:6]] + [fmt_m(v) for v in r[6:]])


def write_meta(osim_mod, osim_path, out, n_rows, seconds):
    meta = {
        "description": "Musculotendon lengths and moment arms of the 27 right hip-crossing muscles "
                       "of OpenSim gait2392, on fixed sweeps of the hip (and knee) coordinates.",
        "table": out.name,
        "table_sha256": sha256(out),
        "n_rows": n_rows,
        "columns": COLUMNS,
        "source": {
            "file": Path(osim_path).name,
            "sha256": sha256(osim_path),
            "repository": "opensim-org/opensim-models",
            "path": "Models/Gait2392_Simbody/gait2392_thelen2003muscle.osim",
            "commit": "20a888b",
        },
        "citations": [
            "Delp SL, Loan JP, Hoy MG, Zajac FE, Topp EL, Rosen JM (1990). An interactive "
            "graphics-based model of the lower extremity to study orthopaedic surgical procedures. "
            "IEEE Trans Biomed Eng 37(8):757-767. doi:10.1109/10.102791",
            "Seth A, Hicks JL, Uchida TK, Habib A, Dembia CL, Dunne JJ, Ong CF, DeMers MS, Rajagopal A, "
            "Millard M, Hamner SR, Arnold EM, Yong JR, Lakshmikanth SK, Sherman MA, Ku JP, Delp SL (2018). "
            "OpenSim: Simulating musculoskeletal dynamics and neuromuscular control to study human and "
            "animal movement. PLoS Comput Biol 14(7):e1006223. doi:10.1371/journal.pcbi.1006223",
        ],
        "opensim_version": osim_mod.GetVersionAndDate(),
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "generation_seconds": round(seconds, 2),
        "script": str(Path(__file__).resolve().relative_to(REPO_ROOT)),
        "muscles": HIP_MUSCLES,
        "grid": GRID_TEXT,
        "conventions": {
            "angles": "degrees",
            "flexion_deg, adduction_deg, rotation_deg": "OpenSim hip_flexion_r, hip_adduction_r, "
                "hip_rotation_r; positive = flexion, adduction, internal rotation",
            "knee_deg": "anatomical knee flexion, positive = flexed; equals -knee_angle_r "
                        "(the model's knee flexion is negative)",
            "length_m": "musculotendon path length, metres",
            "ma_flex_m, ma_add_m, ma_rot_m": "OpenSim GeometryPath.computeMomentArm about the hip "
                "coordinate, unchanged: -dL/dq in metres, so positive = the muscle flexes / adducts / "
                "internally rotates",
            "ma_knee_m": "moment arm about anatomical knee flexion, -dL/d(knee flexion) = "
                         "-computeMomentArm(knee_angle_r); positive = knee flexor",
            "other coordinates": "model defaults (all zero; pelvis_ty 0.95 m)",
            "rounding": "lengths and moment arms rounded to 1e-7 m",
        },
        "notes": [
            "No wrapping surfaces in this model; paths switch ConditionalPathPoints, so lengths and "
            "moment arms jump where a point switches: iliacus_r/psoas_r P3 is active for hip flexion "
            "-90..45 deg (inactive from 50 deg in the flexion sweeps; OpenSim's 1e-5 rad tolerance "
            "keeps it active at exactly 45 deg); rect_fem_r P2 is active for knee flexion >= 83.65 deg "
            "(so in flexion_knee90); semimem_r, semiten_r, grac_r P2 are active only near knee "
            "extension (knee flexion <= 32, 19, 25 deg: active at knee 0, inactive at knee 90).",
        ],
    }
    out_meta = out.with_suffix(".meta.json")
    out_meta.write_text(json.dumps(meta, indent=2) + "\n")
    return out_meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--osim", type=Path, default=DEFAULT_OSIM, help="gait2392 .osim file")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write (meta json beside it)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    osim_mod, model, state = load_model(args.osim)
    rows = compute_rows(model, state)
    write_csv(rows, args.out)
    seconds = time.perf_counter() - t0
    meta = write_meta(osim_mod, args.osim, args.out, len(rows), seconds)
    print(f"wrote {len(rows)} rows to {args.out} and {meta.name} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
