"""Robustness of the live femur explorer (ipywidgets + plotly), driven from code."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from widgets import femur_view as fv
from widgets.explorers import FemurExplorer
from widgets.model import FEMUR_RANGES, RANGES, HipModel


@pytest.fixture(params=["figurewidget", "fallback"])
def explorer(request, model, monkeypatch):
    if request.param == "fallback":
        def no_anywidget(*a, **k):
            raise ImportError("Please install anywidget to use the FigureWidget class")

        monkeypatch.setattr(go, "FigureWidget", no_anywidget)
    else:
        import anywidget  # noqa: F401  (pinned in .binder/requirements.txt; FigureWidget needs it)
    ex = FemurExplorer(model)
    assert ex.live_figures == (request.param == "figurewidget")
    return ex


def shown_matches_model(ex: FemurExplorer):
    """Figure traces, chart and readouts all show the model's numbers for the slider pose."""
    pose = {k: ex.controls[k].value for k in RANGES}
    model = HipModel(**{k: ex.controls[k].value for k in FEMUR_RANGES})
    st = fv.pose_state(model, **pose)
    assert ex.state.pose == tuple(float(pose[k]) for k in RANGES)
    want = fv.view_trace_updates(ex.names, st, fv.bone_meshes(model))
    for name, props in want.items():
        t = ex.view.data[ex._trace[name]]
        np.testing.assert_allclose(np.asarray(t.x, float), np.asarray(props["x"], float),
                                   atol=1e-12, err_msg=name)
        if "text" in props:
            assert list(t.text) == list(props["text"]), name
    b = fv.bar_data(ex.names, st)
    assert list(ex.bars.data[0].y) == b["y"]
    np.testing.assert_allclose(ex.bars.data[0].x, b["x"])
    neutral = fv.pose_state(model).roles
    for line in fv.changed_actions(ex.names, neutral, st.roles):
        assert line.replace("→", "&rarr;") in ex.flips.value or line in ex.flips.value
    j = ex.muscle.value
    assert ex.detail.value == fv.muscle_text(ex.names[j], st, j)
    f, a, r, k = st.pose
    assert f"hip flexion {f:g}°" in ex.status.value and f"rotation {r:g}°" in ex.status.value


def test_sliders_span_exactly_the_models_ranges(explorer):
    for k, (lo, hi) in {**RANGES, **FEMUR_RANGES}.items():
        c = explorer.controls[k]
        assert (c.min, c.max) == (lo, hi), k


def test_sliders_cannot_leave_the_range(explorer):
    c = explorer.controls["flexion"]
    c.value = 500.0
    assert c.value == RANGES["flexion"][1]
    c.value = -500.0
    assert c.value == RANGES["flexion"][0]
    shown_matches_model(explorer)


@pytest.mark.parametrize("bad, err", [
    (dict(flexion=131), ValueError), (dict(rotation=-60.5), ValueError),
    (dict(knee=float("nan")), ValueError), (dict(adduction="a lot"), TypeError),
    (dict(anteversion_deg=80), ValueError), (dict(neck_shaft_deg=100), ValueError),
])
def test_invalid_programmatic_values_raise_and_change_nothing(explorer, bad, err):
    explorer.set_pose(flexion=30, rotation=10)
    before = explorer.state.pose
    with pytest.raises(err):
        explorer.set_pose(**bad)
    assert explorer.state.pose == before
    shown_matches_model(explorer)


def test_burst_of_changes_ends_on_the_last_value(explorer):
    rng = np.random.default_rng(4)
    names = list(RANGES)
    for i in range(120):
        k = names[i % 4]
        lo, hi = RANGES[k]
        explorer.controls[k].value = float(rng.integers(lo, hi + 1))
    explorer.controls["rotation"].value = -37.0
    assert explorer.state.pose[2] == -37.0
    shown_matches_model(explorer)


def test_set_pose_moves_sliders_and_readouts_together(explorer):
    explorer.muscle.value = explorer.model.muscle_ids.index("piriformis")
    explorer.set_pose(flexion=90, adduction=0, rotation=0, knee=0)
    assert explorer.controls["flexion"].value == 90
    shown_matches_model(explorer)
    assert "Piriformis: external rotator" in explorer.flips.value
    assert "internal rotator" in explorer.detail.value


def test_femur_angles_rebuild_the_model(explorer):
    explorer.set_pose(flexion=20, neck_shaft_deg=145, anteversion_deg=30)
    assert explorer.model.neck_shaft_deg == 145 and explorer.model.anteversion_deg == 30
    shown_matches_model(explorer)
    explorer.reset()
    assert explorer.state.pose == (0.0, 0.0, 0.0, 0.0)
    assert explorer.model.neck_shaft_deg == pytest.approx(explorer.default_femur["neck_shaft_deg"])
    shown_matches_model(explorer)


def test_presets_and_action_view(explorer):
    explorer.preset.value = "sitting"
    assert (explorer.controls["flexion"].value, explorer.controls["knee"].value) == (90, 90)
    assert "basis: estimate" in explorer.preset_note.value
    shown_matches_model(explorer)
    explorer.action.value = "external rotation"
    t = fv.action_table(explorer.names, explorer.state, "external rotation")
    for name, _ in t["produce"] + t["oppose"]:
        assert name in explorer.action_view.value
    explorer.camera.value = "top"
    assert explorer.view.layout.scene.camera.eye.y == fv.VIEWS["top"]["eye"]["y"]


def test_click_on_a_muscle_selects_it(model):
    explorer = FemurExplorer(model)      # click-to-select exists only with a live FigureWidget
    assert explorer.live_figures
    trace = explorer.view.data[explorer._trace["muscles same"]]
    j = int(trace.customdata[3])

    class Points:
        point_inds = [3]

    explorer._on_click(trace, Points(), None)
    assert explorer.muscle.value == j


def test_landmark_labels_follow_the_pose(explorer):
    """The live explorer labels the same landmarks as the static page, on request, and moves
    the femoral labels with the femur."""
    ann = explorer.view.layout.scene.annotations
    assert len(ann) == len(fv.LANDMARKS) and not any(a.visible for a in ann)
    explorer.labels.value = True
    assert all(a.visible for a in explorer.view.layout.scene.annotations)
    explorer.set_pose(flexion=70, rotation=20)
    want = {a["text"]: a for a in fv.landmark_annotations(explorer.model, explorer.state, True)}
    for a in explorer.view.layout.scene.annotations:
        np.testing.assert_allclose([a.x, a.y, a.z], [want[a.text][k] for k in "xyz"])
    explorer.labels.value = False
    assert not any(a.visible for a in explorer.view.layout.scene.annotations)
