"""The model against OpenSim's gait2392 (reference table made with real OpenSim)."""

import numpy as np

from widgets.model.validation import agreement, comparison, per_muscle_rms


def test_agreement_targets(model, report):
    table = comparison(model)
    a = agreement(table=table)
    report("", "Agreement with OpenSim gait2392 over "
           f"{a['cases']} (muscle, pose) cases:")
    for axis in ("flex", "add", "rot"):
        f = a[axis]
        report(f"  {axis:4s}: sign agreement {f['sign_agreement']:.1%} of {f['sign_cases']} cases "
               f"with |OpenSim| > 5 mm; RMS moment-arm error {f['rms_mm']:.2f} mm")
    report(f"  length change from neutral: r = {a['length_change_r']:.4f}")
    for axis in ("flex", "add", "rot"):
        assert a[axis]["sign_agreement"] >= 0.95, axis
        assert a[axis]["rms_mm"] <= 8.0, axis
    assert a["length_change_r"] >= 0.95


def test_comparison_covers_every_reference_muscle(model):
    table = comparison(model)
    assert len(set(table["reference_name"])) == 27
    # obturators have no gait2392 counterpart; every other compartment is compared
    compared = set(table["muscle"])
    assert compared == set(model.muscle_ids) - {"obturator_internus", "obturator_externus"}


def test_unmodified_gait2392_muscles_match_closely(model):
    """Muscles whose hip paths are gait2392's own points reproduce OpenSim almost exactly,
    which checks the kinematics (joint axes, rotation order, knee splines) as a whole."""
    rms = per_muscle_rms(model=model)
    exact = ["gluteus_medius_anterior", "gluteus_maximus_superior", "piriformis",
             "adductor_longus", "tensor_fasciae_latae", "biceps_femoris_long_head", "sartorius"]
    for mid in exact:
        assert max(rms[mid].values()) < 0.1, (mid, rms[mid])


def test_knee_splines_match_opensim():
    """gait2392's knee translation and patella point, re-implemented, against OpenSim."""
    import csv
    from importlib import resources  # noqa: F401  (the model loads its own data)
    from pathlib import Path

    from widgets.model.data import read_table
    from widgets.model.spline import Spline

    knots = {}
    for r in read_table("splines.csv"):
        knots.setdefault(r["spline"], []).append((np.radians(float(r["knee_deg"])), float(r["value_m"])))
    spl = {k: Spline(*zip(*sorted(v))) for k, v in knots.items()}
    ref = list(csv.DictReader(open(Path(__file__).parents[1] / "data" / "opensim_knee_functions.csv")))
    k = np.radians([float(r["knee_deg"]) for r in ref])
    for name, col in [("knee_tx", "tibia_origin_in_femur_x"), ("knee_ty", "tibia_origin_in_femur_y"),
                      ("rect_fem_r-P3_x", "rect_fem_p3_in_tibia_x"), ("rect_fem_r-P3_y", "rect_fem_p3_in_tibia_y")]:
        got = spl[name](k)[0]
        want = np.array([float(r[col]) for r in ref])
        assert np.max(np.abs(got - want)) < 1e-6, name
