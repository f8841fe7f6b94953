"""Labels and sources of the drawing and muscle tables say what the anatomy is.

Coordinates may come from a model (gait2392) or an estimate, but where a row names an
anatomical place, its source must be an anatomical description, not an architecture study,
and its label must match the anatomy (psoas major does not arise from the sacrum).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from widgets import femur_view as fv

DATA = Path(fv.__file__).parent / "data"
# An architecture study (fibre lengths, cross-sections); it does not describe attachments.
NOT_A_LOCATION_SOURCE = "parvaresh2019architecture"


def rows(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("table", ["pelvis.csv", "muscles.csv", "path_points.csv",
                                   "../tools/path_additions.csv"])
def test_no_location_is_sourced_to_an_architecture_study(table):
    bad = [r.get("id") or f"{r['muscle']} point {r['order']}" for r in rows(table)
           if NOT_A_LOCATION_SOURCE in r["source"].split(";")]
    assert not bad, f"{table}: {bad} cite {NOT_A_LOCATION_SOURCE} for a location"


def test_psoas_origin_is_drawn_as_lumbar_spine_not_sacrum():
    (psoas,) = [r for r in rows("pelvis.csv") if "psoas_r-P1" in r["note"]]
    assert psoas["part"] == "lumbar"
    assert "gray1918anatomy" in psoas["source"].split(";")


def test_quadratus_femoris_origin_is_on_the_lateral_border_of_the_tuberosity():
    (qf,) = [r for r in rows("pelvis.csv") if "quad_fem_r-P1" in r["note"]]
    assert "lower" not in qf["id"] and "lateral" in qf["note"]
    assert "gray1918anatomy" in qf["source"].split(";")


def test_gluteus_minimus_lines_are_named_compartments_not_parts():
    gmin = [r for r in rows("muscles.csv") if r["group"] == "gluteus minimus"]
    assert len(gmin) == 3
    assert all(r["name"].endswith("compartment)") for r in gmin)
    assert all("alhayani2009functional" in r["source"].split(";") for r in gmin)


def test_gluteus_maximus_rows_say_the_femoral_insertion_is_the_models():
    gmax = [r for r in rows("muscles.csv") if r["group"] == "gluteus maximus"]
    assert len(gmax) == 3
    for r in gmax:
        assert "iliotibial band" in r["note"] and "gait2392" in r["note"], r["id"]
        assert {"gray1918anatomy", "anetai2025structural"} <= set(r["source"].split(";"))


def test_labelled_pelvic_landmarks_sit_on_the_drawn_bones():
    """Every pelvic landmark the explorer can label lies on the drawn surfaces (gait2392's hip
    bone, sacrum and lumbar spine): within 8 mm, as for the muscle attachments. The greater
    sciatic notch is an opening: its point (piriformis's via point, where the muscle leaves the
    pelvis through it) sits in the gap, within 15 mm of its bony edge."""
    from widgets.model.bones import surface_distance

    v, f = fv.merge_meshes(fv.pelvis_meshes().values())
    labelled = {lid for lid, *_ in fv.LANDMARKS}
    pts = [r for r in rows("pelvis.csv") if r["id"] in labelled]
    assert len(pts) == 6
    xyz = np.array([[float(r[k]) for k in ("x_m", "y_m", "z_m")] for r in pts])
    d = dict(zip([r["id"] for r in pts], surface_distance(xyz, v, f)))
    assert d.pop("greater_sciatic_notch") < 0.015
    assert max(d.values()) < 0.008, d
