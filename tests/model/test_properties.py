"""Properties that must hold for any pose in the model's range (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.model import RANGES, HipModel

MODEL = HipModel()
H = 1e-6  # rad, central-difference step


def angle(name, margin=0.0):
    lo, hi = RANGES[name]
    return st.floats(lo + margin, hi - margin, allow_nan=False, allow_infinity=False)


poses = st.tuples(angle("flexion"), angle("adduction"), angle("rotation"), angle("knee"))
# Finite differences need the step to stay inside the range.
inner = st.tuples(angle("flexion", 0.01), angle("adduction", 0.01), angle("rotation", 0.01),
                  angle("knee", 0.01))


@settings(max_examples=200, deadline=None)
@given(poses)
def test_lengths_positive_and_finite(pose):
    r = MODEL.evaluate(*pose)
    assert np.all(np.isfinite(r.length_m)) and np.all(r.length_m > 0)
    assert np.all(np.isfinite(r.moment_arms()))


@settings(max_examples=150, deadline=None)
@given(inner)
def test_moment_arms_equal_minus_dL_dtheta(pose):
    """Analytic moment arms equal a central finite difference of length, within 0.5 mm."""
    r = MODEL.evaluate(*pose)
    h_deg = np.degrees(H)
    for axis, name in enumerate(("flexion", "adduction", "rotation", "knee")):
        up, down = list(pose), list(pose)
        up[axis] += h_deg
        down[axis] -= h_deg
        fd = -(MODEL.evaluate(*up).length_m - MODEL.evaluate(*down).length_m) / (2 * H)
        err = np.abs(fd - r.moment_arms()[..., axis])
        assert err.max() < 0.0005, (name, MODEL.muscle_ids[int(err.argmax())], err.max())


@settings(max_examples=30, deadline=None)
@given(st.lists(poses, min_size=1, max_size=12))
def test_batch_equals_one_pose_at_a_time(pose_list):
    batch = MODEL.evaluate(*np.array(pose_list).T)
    for i, pose in enumerate(pose_list):
        one = MODEL.evaluate(*pose)
        np.testing.assert_allclose(batch.length_m[i], one.length_m[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(batch.moment_arms()[i], one.moment_arms()[0], rtol=0, atol=1e-12)
        assert batch.actions()[i] == one.actions()[0]


@settings(max_examples=25, deadline=None)
@given(st.floats(-15, 60), st.floats(115, 150))
def test_neutral_pose_gives_zero_change(anteversion, neck_shaft):
    m = HipModel(anteversion_deg=anteversion, neck_shaft_deg=neck_shaft)
    r = m.evaluate()
    assert np.all(r.length_change_pct == 0.0) and np.all(r.length_change_mm == 0.0)


def test_length_change_is_consistent_with_lengths():
    r = MODEL.evaluate(flexion=[0, 60, 120], knee=[0, 45, 90])
    neutral = MODEL.evaluate().length_m[0]
    np.testing.assert_allclose(r.length_change_mm, (r.length_m - neutral) * 1000)
    np.testing.assert_allclose(r.length_change_pct, (r.length_m / neutral - 1) * 100)


def test_wrapping_surfaces_clear_of_bone_points_over_the_femur_ranges():
    """Every corner of the femur-parameter and joint ranges keeps path points outside the
    wrapping spheres and cylinders (otherwise the model raises)."""
    import itertools

    from widgets.model import FEMUR_RANGES

    corners = np.array(list(itertools.product(*RANGES.values())))
    for av, nsa in itertools.product(*FEMUR_RANGES.values()):
        m = HipModel(anteversion_deg=av, neck_shaft_deg=nsa)
        assert np.all(m.evaluate(*corners.T).length_m > 0)
