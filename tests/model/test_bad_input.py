"""Bad input: a clear error naming the parameter, the value and what is allowed. No clamping."""

import math

import numpy as np
import pytest

from widgets.model import HipModel


@pytest.mark.parametrize("param,value,fragment", [
    ("flexion", 150.0, "flexion=150 deg is outside the model's range [-30, 130] deg"),
    ("adduction", -60, "adduction=-60 deg is outside the model's range [-50, 40] deg"),
    ("rotation", [0, 61], "rotation=61 deg at index 1 is outside the model's range [-60, 60] deg"),
    ("knee", -1, "knee=-1 deg is outside the model's range [0, 120] deg"),
])
def test_out_of_range(model, param, value, fragment):
    with pytest.raises(ValueError) as err:
        model.evaluate(**{param: value})
    assert fragment in str(err.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, [0.0, math.nan]])
def test_nan_and_infinity(model, value):
    with pytest.raises(ValueError, match="flexion must be finite"):
        model.evaluate(flexion=value)


@pytest.mark.parametrize("value", ["90", None, True, {"a": 1}, ["a", "b"], [True, False]])
def test_wrong_type(model, value):
    with pytest.raises(TypeError, match="adduction must be a number or 1-D array of numbers"):
        model.evaluate(adduction=value)


def test_wrong_shape(model):
    with pytest.raises(ValueError, match=r"rotation must be .* shape \(2, 2\)"):
        model.evaluate(rotation=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="empty array"):
        model.evaluate(rotation=[])
    with pytest.raises(ValueError, match="flexion has 3, knee has 2"):
        model.evaluate(flexion=[0, 10, 20], knee=[0, 10])


def test_unknown_muscle_names_closest(model):
    with pytest.raises(ValueError) as err:
        model.evaluate(muscles=["piriformis", "gluteus_medius_anteror"])
    assert "unknown muscle 'gluteus_medius_anteror'" in str(err.value)
    assert "gluteus_medius_anterior" in str(err.value)
    with pytest.raises(TypeError, match="muscles must contain muscle ids"):
        model.evaluate(muscles=[3])
    with pytest.raises(ValueError, match="unknown muscle 'glutes'"):
        model.muscle_info("glutes")


@pytest.mark.parametrize("kwargs,fragment", [
    ({"anteversion_deg": 80}, "anteversion_deg=80.0 is outside the model's range [-15, 60] deg"),
    ({"neck_shaft_deg": 100}, "neck_shaft_deg=100.0 is outside the model's range [115, 150] deg"),
    ({"neck_shaft_deg": float("nan")}, "neck_shaft_deg=nan is outside"),
])
def test_femur_parameters(kwargs, fragment):
    with pytest.raises(ValueError) as err:
        HipModel(**kwargs)
    assert fragment in str(err.value)
    with pytest.raises(TypeError, match="anteversion_deg must be a number"):
        HipModel(anteversion_deg="12")


def test_range_edges_are_accepted_not_clamped(model):
    r = model.evaluate(flexion=[-30, 130], adduction=[-50, 40], rotation=[-60, 60], knee=[0, 120])
    assert list(r.flexion_deg) == [-30, 130] and list(r.knee_deg) == [0, 120]


def test_single_pose_helpers_reject_batches(model):
    with pytest.raises(ValueError, match="one pose"):
        model.muscle_paths(flexion=[0, 10])
    with pytest.raises(ValueError, match="pose=5 is outside 0..0"):
        model.evaluate().action(5, "piriformis")


def test_path_model_is_the_same_kernel_for_any_path_set():
    """The capsule and other path sets use PathModel with their own tables; with the muscle
    tables it is exactly the hip model, and its errors name what its paths are."""
    import numpy as np

    from widgets.model import HipModel, PathModel

    generic = PathModel("muscles.csv", "path_points.csv", item="muscle")
    a = generic.evaluate(flexion=[0, 60], rotation=[10, -20], ids=["piriformis", "iliacus"])
    b = HipModel().evaluate(flexion=[0, 60], rotation=[10, -20], muscles=["piriformis", "iliacus"])
    np.testing.assert_array_equal(a.length_m, b.length_m)
    np.testing.assert_array_equal(a.moment_arms(), b.moment_arms())
    with pytest.raises(ValueError, match="unknown muscle 'piriformus'; did you mean piriformis"):
        generic.evaluate(ids="piriformus")
