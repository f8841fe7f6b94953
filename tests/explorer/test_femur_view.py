"""Geometry, data and numbers of the femur explorer (kernel-free parts)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from widgets import femur_view as fv
from widgets.model import RANGES, HipModel

DATA = Path(fv.__file__).parent / "data"
NODE = shutil.which("node")


def test_bone_meshes_are_valid_and_follow_the_model(model):
    meshes = fv.bone_meshes(model)
    for name, (v, f) in meshes.items():
        assert v.ndim == 2 and v.shape[1] == 3 and np.isfinite(v).all(), name
        assert f.min() >= 0 and f.max() < len(v), name
    v = meshes["femur"][0]
    for name, (centre, radius) in model.femur.landmarks().items():
        # every named landmark lies on or near the drawn bone
        assert np.linalg.norm(v - centre, axis=1).min() <= 1.6 * radius + 1e-9, name
    # another femur shape moves the drawn trochanter exactly as the model moves it
    other = HipModel(anteversion_deg=40, neck_shaft_deg=140)
    gt = other.femur.landmarks()["greater_trochanter"][0]
    gt0 = model.femur.landmarks()["greater_trochanter"][0]
    assert np.linalg.norm(gt - gt0) > 0.01
    assert np.linalg.norm(fv.bone_meshes(other)["femur"][0] - gt, axis=1).min() < 0.02


def test_femoral_attachments_sit_on_the_drawn_femur(model, report):
    """A muscle that starts in mid-air is a bug: every femoral origin or insertion (the first
    or last point of a path; via points over soft tissue are not attachments) lies on the
    drawn bone surface, at any femur shape. (gait2392's own points lie up to about 6 mm from
    its own low-polygon surface, so "on" means within 8 mm.)"""
    from widgets.model.bones import surface_distance

    rows = list(csv.DictReader(open(DATA / "path_points.csv", encoding="utf-8")))
    ends = {}
    for r in rows:
        if r["kind"] in ("fixed", "moving"):
            ends.setdefault(r["muscle"], []).append(r)
    att = [p for pts in ends.values() for p in (pts[0], pts[-1]) if p["body"] == "femur"]
    xyz0 = np.array([[float(p[c]) for c in ("x_m", "y_m", "z_m")] for p in att])
    worst = {}
    for av, nsa in ((None, None), (40.0, 140.0), (0.0, 118.0)):
        m = model if av is None else HipModel(anteversion_deg=av, neck_shaft_deg=nsa)
        v, f = fv.bone_meshes(m)["femur"]
        d = surface_distance(m.femur.transform(xyz0), v, f)
        worst[(av, nsa)] = (d.max(), att[int(d.argmax())]["muscle"])
    report(f"{len(att)} femoral attachments; largest distance to the drawn femur: "
           + "; ".join(f"anteversion/neck-shaft {k}: {d * 1000:.1f} mm ({name})" for k, (d, name) in worst.items()))
    assert all(d < 0.008 for d, _ in worst.values())


def test_pelvis_landmarks_have_provenance_and_come_from_path_points():
    rows = list(csv.DictReader(open(DATA / "pelvis.csv", encoding="utf-8")))
    points = list(csv.DictReader(open(DATA / "path_points.csv", encoding="utf-8")))
    pelvis_xyz = np.array([[float(p[c]) for c in ("x_m", "y_m", "z_m")]
                           for p in points if p["body"] == "pelvis"])
    assert rows
    for row in rows:
        assert row["basis"] in {"path_point", "estimate"}, row["id"]
        assert row["note"].strip(), row["id"]
        if row["basis"] == "path_point":
            xyz = np.array([float(row[c]) for c in ("x_m", "y_m", "z_m")])
            assert np.abs(pelvis_xyz - xyz).max(axis=1).min() < 5e-4, row["id"]


def test_pose_state_matches_the_model(model):
    st = fv.pose_state(model, 60, -10, 20, 30)
    r = model.evaluate(60, -10, 20, 30)
    np.testing.assert_allclose(st.change_pct, r.length_change_pct[0])
    np.testing.assert_allclose(st.ma_mm, r.moment_arms()[0] * 1000)
    assert st.actions == r.actions()[0]
    R, o = model.femur_transform(60, -10, 20)
    np.testing.assert_allclose(st.femur[0], R)
    np.testing.assert_allclose(st.femur[1], o)


@pytest.mark.parametrize("bad", [dict(flexion=131), dict(rotation=-61), dict(knee=float("nan"))])
def test_pose_state_raises_the_models_errors(model, bad):
    with pytest.raises(ValueError):
        fv.pose_state(model, **bad)


def test_changed_actions_names_the_piriformis_switch(model):
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    r = model.evaluate(flexion=[0, 90])
    flips = fv.changed_actions(names, r.roles()[0], r.roles()[1])
    piri = [f for f in flips if f.startswith("Piriformis:")]
    assert piri and "external rotator → " in piri[0] and "internal rotator" in piri[0]
    assert fv.changed_actions(names, r.roles()[0], r.roles()[0]) == []


def test_action_table_sorted_and_signed(model):
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    st = fv.pose_state(model, 0, 0, 0, 0)
    t = fv.action_table(names, st, "external rotation")
    assert t["produce"] and t["oppose"]
    prod = [v for _, v in t["produce"]]
    assert prod == sorted(prod, reverse=True) and min(prod) >= 5.0
    assert "Piriformis" in [n for n, _ in t["produce"]]
    with pytest.raises(ValueError):
        fv.action_table(names, st, "jumping")


def test_static_grid_covers_the_spec(static_explorer):
    d = static_explorer.data
    f, r = np.array(d["flexion"]), np.array(d["rotation"])
    assert f[0] == 0 and f[-1] == 120 and np.diff(f).max() <= 10
    assert r[0] == -40 and r[-1] == 40 and np.diff(r).max() <= 10
    assert len(d["states"]) == len(f) * len(r) + len(d["presets"])
    presets = list(csv.DictReader(open(DATA / "presets.csv", encoding="utf-8")))
    assert [p["id"] for p in d["presets"]] == [p["id"] for p in presets]
    assert all(p["basis"] for p in d["presets"])
    lo, hi = RANGES["flexion"]
    assert lo <= f.min() and f.max() <= hi


def test_static_numbers_equal_the_model(static_explorer, model):
    d = static_explorer.data
    nf, nr = len(d["flexion"]), len(d["rotation"])
    F, R = np.meshgrid(d["flexion"], d["rotation"], indexing="ij")
    r = model.evaluate(F.ravel(), 0, R.ravel(), 0)
    pct = np.array([s["pct"] for s in d["states"][: nf * nr]])
    ma = np.array([s["ma"] for s in d["states"][: nf * nr]]).reshape(nf * nr, -1, 4)
    np.testing.assert_allclose(pct, r.length_change_pct, atol=0.006)
    np.testing.assert_allclose(ma, r.moment_arms() * 1000, atol=0.06)
    for p in d["presets"]:
        s = d["states"][p["state"]]
        rp = model.evaluate(*s["pose"])
        np.testing.assert_allclose(s["pct"], rp.length_change_pct[0], atol=0.006)


def test_static_page_size_under_budget(static_explorer):
    size = len(static_explorer.view_html().encode()) + len(static_explorer.bars_html().encode())
    assert size < 3_000_000, size


def test_page_script_words_match_the_model(static_explorer, model, tmp_path):
    """The page script's action words and flip list equal the Python ones for every state."""
    (tmp_path / "explorer.js").write_text(fv.EXPLORER_JS)
    (tmp_path / "data.json").write_text(static_explorer.data_json())
    (tmp_path / "run.js").write_text(
        """
const api = require('./explorer.js');
const data = JSON.parse(require('fs').readFileSync(__dirname + '/data.json', 'utf8'));
const out = data.states.map(st => ({
  words: st.act.map(c => api.describe(data.role_words, c)),
  flips: api.changedActions(data, st),
  bars: api.bars(data, st).y,
}));
process.stdout.write(JSON.stringify(out));
""")
    assert NODE, "node is needed (the book's vendored JavaScript is installed with npm too)"
    res = subprocess.run([NODE, str(tmp_path / "run.js")], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    js = json.loads(res.stdout)
    d = static_explorer.data
    poses = np.array([s["pose"] for s in d["states"]])
    r = model.evaluate(*poses.T)
    names = static_explorer.names
    neutral = model.evaluate(0, 0, 0, 0).roles()[0]
    words, roles = r.actions(), r.roles()
    for i, out in enumerate(js):
        assert out["words"] == words[i], poses[i]
        assert out["flips"] == fv.changed_actions(names, neutral, roles[i]), poses[i]
        order = np.argsort(np.round(r.length_change_pct[i], 2), kind="stable")
        assert out["bars"] == [names[j] for j in order], poses[i]
