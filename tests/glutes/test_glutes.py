"""Chapter 1 (the gluteal muscles): presets, the topic module's numbers, verdict logic,
figures and tables. Behaviours and literature ranges, not today's exact model values."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from widgets import claims, glutes
from widgets import glutes_verdicts as gv
from widgets import glutes_figures as gf
from widgets.model import RANGES, WEAK_M, HipModel, preset, preset_ids
from widgets.model.presets import presets
import widgets.model.presets as presets_mod

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model():
    return HipModel()


def bib_keys():
    text = (ROOT / "assets" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


# ----------------------------------------------------------------------- presets
def test_presets_load_within_the_model_ranges():
    ps = presets()
    assert len(ps) >= 15
    for p in ps:
        for name, value in p.angles.items():
            lo, hi = RANGES[name]
            assert lo <= value <= hi, (p.id, name, value)
        assert p.basis in presets_mod.BASES and p.label and p.note


def test_measured_presets_cite_the_bibliography():
    keys = bib_keys()
    measured = [p for p in presets() if p.basis == "measured"]
    assert measured, "at least one preset rests on a measurement"
    for p in presets():
        if p.basis == "measured":
            assert p.source in keys, p.id
        elif p.source:
            assert p.source in keys and "borrow" in p.note.lower(), p.id


def test_every_exercise_of_the_chapter_is_a_preset():
    ids = set(preset_ids())
    assert set(glutes.EXERCISES) <= ids
    for word in ("clamshell", "side_lying_leg_raise", "single_leg_deadlift", "split_squat",
                 "hip_thrust", "glute_bridge", "lateral_band_walk", "squat", "glute_mobilisation"):
        assert any(word in i for i in glutes.EXERCISES), word


def test_kneeling_mobilisation_has_a_start_and_a_loaded_end():
    start, end = preset("quadruped_glute_mobilisation"), preset("kneeling_glute_mobilisation_end")
    assert "start" in start.label.lower() and "end" in end.label.lower()
    assert end.flexion > start.flexion


def test_bad_preset_id_names_the_valid_ids():
    with pytest.raises(ValueError) as err:
        preset("clam_shell")
    assert "clam_shell" in str(err.value) and "clamshell" in str(err.value)
    with pytest.raises(TypeError):
        preset(3)
    with pytest.raises(ValueError, match="valid presets"):
        glutes.length_changes(HipModel(), ["no_such_pose"])


def test_bad_preset_rows_are_rejected():
    good = {c: v for c, v in zip(presets_mod.COLUMNS,
            ("x", "X", "10", "0", "0", "0", "estimate", "", "a note"))}

    def check(**change):
        with pytest.raises(ValueError) as err:
            presets_mod._parse([{**good, **change}])
        return str(err.value)

    assert "outside the model's range" in check(flexion_deg="150")
    assert "rotation" in check(rotation_deg="-75")
    assert "not a number" in check(knee_deg="bent")
    assert "basis" in check(basis="cited")
    assert "needs a source" in check(basis="measured")
    assert "empty" in check(note=" ")
    assert "duplicate" in str(pytest.raises(ValueError, presets_mod._parse, [good, good]).value)
    assert presets_mod._parse([good])[0].flexion == 10.0


# ------------------------------------------------------------------------ numbers
def test_action_rows_match_the_model_and_mark_sign_changes(model):
    rows = glutes.action_rows(model, [0, 45, 90])
    assert [r["id"] for r in rows] == glutes.chapter_muscles(model)
    r = model.evaluate(flexion=[0, 45, 90], muscles=glutes.chapter_muscles(model))
    for j, row in enumerate(rows):
        np.testing.assert_allclose(row["ma_mm"]["rot"], r.ma_rot_m[:, j] * 1000)
        rot = np.asarray(row["ma_mm"]["rot"])
        assert row["flips"]["rot"] == bool(rot.max() >= WEAK_M * 1000 and rot.min() <= -WEAK_M * 1000)


def test_antagonists_have_opposite_moment_arms(model):
    res = glutes.antagonists(model, "external rotation", {"flexion": 90})
    r = model.evaluate(flexion=90)
    for mid, mm in res["produce"]:
        assert r.ma_rot_m[0, model.muscle_ids.index(mid)] * 1000 == pytest.approx(-mm)
        assert mm >= WEAK_M * 1000
    assert all(mm <= -WEAK_M * 1000 for _, mm in res["oppose"])
    # the flexors oppose gluteus maximus's extension in every posture of the table
    for f in glutes.TABLE_FLEXION:
        opp = {m for m, _ in glutes.antagonists(model, "extension", {"flexion": f})["oppose"]}
        assert {"iliacus", "psoas"} <= opp
    with pytest.raises(ValueError, match="external rotation"):
        glutes.antagonists(model, "screwing")
    with pytest.raises(ValueError, match="flexion"):
        glutes.antagonists(model, "flexion", {"flexion": 200})


def test_rotation_trends_toward_internal_with_flexion_as_in_delp_1999(model):
    """Delp et al. 1999: 15 of 18 compartments trend toward internal rotation with flexion,
    and piriformis switches from external to internal rotation."""
    n = glutes.chapter_numbers(model)
    assert n["n_trend_ir"] >= 0.66 * n["n_parts"]
    assert 0 < n["piri_cross"] < 90
    for p in glutes.literature_points():
        ma = model.evaluate(flexion=p["flexion_deg"], muscles=p["muscle"]).ma_rot_m[0, 0] * 1000
        assert np.sign(ma) == np.sign(p["ma_rot_mm"]) and abs(ma - p["ma_rot_mm"]) < 10, p


def test_chapter_numbers_are_finite_and_in_range(model):
    n = glutes.chapter_numbers(model)
    for key, value in n.items():
        if isinstance(value, float):
            assert np.isfinite(value), key
    for key in ("piri_cross", "gmax_sup_cross", "gmed_post_cross"):
        assert glutes.CROSSING_RANGE[0] < n[key] < glutes.CROSSING_RANGE[1]
    assert n["ref_max_diff"] < 15, "the model should follow gait2392 closely"
    assert n["squat_er_n"] >= 1 and n["squat_er_names"]


def test_crossings_agree_with_the_sign_of_the_moment_arm(model):
    for mid, cs in glutes.crossings(model).items():
        for c in cs:
            lo, hi = model.evaluate(flexion=[max(c - 1, 0), min(c + 1, 120)], muscles=mid).ma_rot_m[:, 0]
            assert np.sign(lo) != np.sign(hi), (mid, c)


def test_rotation_ratio_is_undefined_for_a_sign_change(model):
    ids = glutes.muscles_by_group(model)["gluteus medius"]
    rr = glutes.rotation_ratio(model, ids)
    for mid in ids:
        v = rr[mid]
        if v["ma0_mm"] < WEAK_M * 1000:
            assert np.isnan(v["ratio"])
        else:
            assert v["ratio"] == pytest.approx(v["ma1_mm"] / v["ma0_mm"])


# ------------------------------------------------------------------------ verdicts
def test_eightfold_verdict_follows_its_documented_threshold(model, monkeypatch):
    real = glutes.rotation_ratio

    def fake(ratio):
        def f(m, ids, *a, **k):
            out = real(m, ids, *a, **k)
            out[ids[0]] = {"ma0_mm": 6.0, "ma1_mm": 6.0 * ratio, "ratio": ratio}
            return out
        return f

    monkeypatch.setattr(glutes, "rotation_ratio", fake(8.0))
    assert gv.gluteus_medius_eightfold(model).verdict == "supported"
    monkeypatch.setattr(glutes, "rotation_ratio", fake(2.5))
    assert gv.gluteus_medius_eightfold(model).verdict == "not supported"


def test_every_chapter_claim_with_a_model_basis_has_a_function():
    rows = claims.rows_for(chapter="book/glutes")
    assert len(rows) >= 12
    funcs = claims.verdict_functions()
    for r in rows:
        assert (r["id"] in funcs) == (r["basis"] != "literature"), r["id"]
    for cid in ("piriformis-internal-rotator", "gluteus-medius-rotates-thigh-inward",
                "gluteus-maximus-iliopsoas-external-rotation", "gluteus-medius-eightfold",
                "clamshell-keeps-glutes-short", "gluteus-medius-all-parts-internal-rotators-flexed",
                "squat-hinge-lengthen-glutes"):
        assert cid in {r["id"] for r in rows}, cid


def test_clamshell_verdict_uses_the_preset(model, monkeypatch):
    """Make every gluteal part shorter at the clamshell and the verdict must flip."""
    real = glutes.length_changes

    def shorter(m, pids, muscles=None):
        out = real(m, pids, muscles)
        out["pct"] = -np.abs(out["pct"]) - 2
        return out

    monkeypatch.setattr(glutes, "length_changes", shorter)
    assert gv.clamshell_keeps_glutes_short(model).verdict == "supported"


# ------------------------------------------------------------------- figures/tables
def test_attachment_figure_draws_every_part_with_its_pull(model):
    fig = gf.make_attachment_figure(model)
    names = {t.name for t in fig.data}
    for mid in glutes.chapter_muscles(model):
        assert model.muscle_info(mid)["name"] in names
    cones = [t for t in fig.data if t.type == "cone"]
    assert len(cones) == len(glutes.GROUPS)
    assert sum(len(c.x) for c in cones) == len(glutes.chapter_muscles(model))
    # the cone points from the femoral attachment toward the origin side of the path
    paths = model.muscle_paths()
    first = glutes.muscles_by_group(model)["gluteus maximus"][0]
    d = paths[first][-2] - paths[first][-1]
    np.testing.assert_allclose([cones[0].u[0], cones[0].v[0], cones[0].w[0]], d / np.linalg.norm(d))
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == 1 + len(glutes.GROUPS)
    assert all(len(b.args[0]["visible"]) == len(fig.data) for b in buttons)
    assert fig.layout.meta["alt"]


def test_rotation_figure_matches_model_and_reference(model):
    fig = gf.make_rotation_figure(model, initial="piriformis")
    shown = [t for t in fig.data if t.visible]
    line = next(t for t in shown if t.name == "this model")
    r = model.evaluate(flexion=np.asarray(line.x), muscles="piriformis")
    np.testing.assert_allclose(line.y, r.ma_rot_m[:, 0] * 1000)
    assert any(t.name == "OpenSim gait2392" for t in shown)
    assert any("Delp" in t.name for t in shown)
    cross = next(t for t in shown if t.name.startswith("sign change"))
    assert list(cross.x) == pytest.approx(glutes.crossings(model, ["piriformis"])["piriformis"])
    with pytest.raises(ValueError, match="piriformis"):
        gf.make_rotation_figure(model, initial="psoas")


def test_exercise_figure_encodes_length_by_colour_and_dash(model):
    fig = gf.make_exercise_figure(model)
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == [preset(p).label for p in glutes.EXERCISES]
    lc = glutes.length_changes(model)
    k = glutes.EXERCISES.index("clamshell")
    data = buttons[k].args[0]
    for j, mid in enumerate(lc["muscles"]):
        colour, dash, width = gf.LENGTH_STYLE[glutes.length_word(lc["pct"][k, j])]
        assert (data["line.color"][2 + j], data["line.dash"][2 + j]) == (colour, dash)
    styles = {(c, d) for c, d, _ in gf.LENGTH_STYLE.values()}
    assert len(styles) == 3 and len({d for _, d in styles}) >= 2 and len({c for c, _ in styles}) == 3


def test_tables_show_the_model_numbers(model):
    md = gf.action_table_md(model)
    r = model.evaluate(flexion=[0, 45, 90], muscles="piriformis").ma_rot_m[:, 0] * 1000
    assert " / ".join(gf._fmt(v) for v in r) in md
    assert "⇄" in md
    ex = gf.exercise_table_md(model)
    assert ex.count("\n") == len(glutes.EXERCISES) + 1
    assert "{cite:p}`jkoa2006normal`" in ex
    for axis in ("flex", "add", "rot"):
        assert gf.antagonist_table_md(model, axis).count("\n") == len(glutes.TABLE_FLEXION) + 1
    with pytest.raises(ValueError, match="rot"):
        gf.antagonist_table_md(model, "twist")


# --------------------------------------------------------------------- command line
def run_cli(*argv):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "widgets", "glutes", *argv], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_cli_prints_producers_and_antagonists(model):
    proc = run_cli("--preset", "squat", "--action", "external rotation")
    assert proc.returncode == 0, proc.stderr
    res = glutes.antagonists(model, "external rotation", "squat")
    first = model.muscle_info(res["produce"][0][0])["name"]
    assert f"produced by  {first} {abs(res['produce'][0][1]):.0f}" in proc.stdout


@pytest.mark.parametrize("argv, words", [
    (("--preset", "squatt"), ["unknown preset", "clamshell"]),
    (("--action", "twist"), ["--action", "external rotation"]),
    (("--preset", "squat", "--flexion", "30"), ["not both"]),
    (("--flexion", "200"), ["--flexion", "[-30, 130]"]),
])
def test_cli_errors_are_one_clear_line_with_status_2(argv, words):
    proc = run_cli(*argv)
    assert proc.returncode == 2 and not proc.stdout
    last = proc.stderr.strip().splitlines()[-1]
    assert all(w in last for w in words), last
