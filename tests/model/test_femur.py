"""The femur: its measured angles, and the twist that changes them (issue: the table once
claimed a population mean the bone did not have)."""

import itertools

import numpy as np
import pytest

from widgets.model import FEMUR_RANGES, HipModel
from widgets.model.data import femur_table
from widgets.model.bones import bone_surface
from widgets.model.femur import FemurGeometry, measure_femur

VERTS, FACES, META = bone_surface("femur_r")
TABLE = femur_table()
KNEE = np.array([float(TABLE["knee_centre"][c]) for c in ("x_m", "y_m", "z_m")])


@pytest.fixture(scope="module")
def measured():
    return measure_femur(VERTS, FACES, KNEE)


def test_table_holds_what_the_bone_measures(measured, report):
    report(f"gait2392 femur: anteversion {measured['anteversion_deg']:.2f} deg (posterior condylar "
           f"axis, along the shaft; {measured['anteversion_mechanical_deg']:.2f} along the mechanical "
           f"axis; {measured['anteversion_epicondylar_deg']:.2f} vs the epicondyles), neck-shaft "
           f"{measured['neck_shaft_deg']:.2f} deg ({measured['neck_shaft_mechanical_deg']:.2f} vs the "
           f"mechanical axis)")
    assert float(TABLE["anteversion"]["value"]) == pytest.approx(measured["anteversion_deg"], abs=0.01)
    assert float(TABLE["neck_shaft_angle"]["value"]) == pytest.approx(measured["neck_shaft_deg"], abs=0.01)
    for name, key in (("shaft_axis", "shaft_axis"), ("neck_axis", "neck_axis")):
        v = np.array([float(TABLE[name][c]) for c in ("x_m", "y_m", "z_m")])
        np.testing.assert_allclose(v, measured[key], atol=1e-5)


def test_model_default_is_the_measured_femur_not_the_population_mean(measured):
    m = HipModel()
    assert m.anteversion_deg == pytest.approx(measured["anteversion_deg"], abs=0.01)
    assert m.neck_shaft_deg == pytest.approx(measured["neck_shaft_deg"], abs=0.01)
    pop = float(TABLE["anteversion_population"]["value"])
    assert TABLE["anteversion_population"]["source"] == "toogood2009proximal"
    assert abs(m.anteversion_deg - pop) > 3, "the population mean is a reference, not this femur"


def test_head_centre_is_the_hip_centre(measured):
    assert np.linalg.norm(measured["head_centre"]) < 0.001
    assert 0.020 < measured["head_radius"] < 0.027


def test_measured_angles_identity():
    g = FemurGeometry(HipModel().anteversion_deg, HipModel().neck_shaft_deg)
    np.testing.assert_array_equal(g.transform(VERTS), VERTS)
    assert np.allclose(g.shift_m, 0)


@pytest.mark.parametrize("d_av,d_ns", [(30, 0), (-20, 0), (0, 15), (0, -6), (25, 10), (-10, -5)])
def test_twisted_femur_measures_as_requested(d_av, d_ns):
    """Deform the bone surface with the model's transform and measure it again."""
    base = HipModel()
    av, nsa = base.anteversion_deg + d_av, base.neck_shaft_deg + d_ns
    g = FemurGeometry(av, nsa)
    knee = KNEE + g.shift_m
    m = measure_femur(g.transform(VERTS), FACES, knee)
    assert m["anteversion_deg"] == pytest.approx(av, abs=0.5)
    assert m["neck_shaft_deg"] == pytest.approx(nsa, abs=0.5)
    assert np.linalg.norm(m["head_centre"]) < 0.001, "the head stays in the socket"


def test_more_anteversion_turns_the_greater_trochanter_back():
    gt = np.array([float(TABLE["greater_trochanter"][c]) for c in ("x_m", "y_m", "z_m")])
    base = HipModel().anteversion_deg
    x = [FemurGeometry(base + d, HipModel().neck_shaft_deg).transform(gt)[0] for d in (-10, 0, 10, 20)]
    assert np.all(np.diff(x) < 0), "the trochanter moves backwards as the neck turns forward"


def test_transform_is_continuous_along_the_shaft():
    """No step in the bone (or in attachments) where the twist starts and ends."""
    g = FemurGeometry(50.0, 140.0)
    d = g.shaft_axis
    top, bottom = float(TABLE["twist_top"]["value"]), float(TABLE["twist_bottom"]["value"])
    side = np.cross(d, [1.0, 0.0, 0.0])
    side /= np.linalg.norm(side)
    for level in (top, top + float(TABLE["neck_bend_length"]["value"]), bottom):
        p = level * d + 0.015 * side
        a, b = g.transform(p - 1e-6 * d), g.transform(p + 1e-6 * d)
        assert np.linalg.norm(a - b) < 1e-5


def test_every_corner_of_the_femur_ranges_builds():
    for av, nsa in itertools.product(*FEMUR_RANGES.values()):
        HipModel(anteversion_deg=av, neck_shaft_deg=nsa)


def test_surface_credit_travels_with_the_mesh():
    assert META["licence"] == "CC BY 3.0" and "Delp" in META["credit"] and "OpenSim" in META["credit"]
