"""The capsule model: geometry on the bones, the force law, strains, laxity, errors, speed."""

from __future__ import annotations

import time

import numpy as np
import pytest

from widgets.model import FEMUR_RANGES, PathModel
from widgets.model.bones import bone_surface, surface_distance
from widgets.model.capsule import (DIRECTIONS, LAXITY_RANGE, CapsuleModel, blankevoort_force,
                                   check_laxity, parameters)
from widgets.model.data import femur_table, read_table


def attachment_points():
    rows = [r for r in read_table("ligament_points.csv") if r["kind"] == "fixed"]
    return [(r["muscle"], r["body"], np.array([float(r[c]) for c in ("x_m", "y_m", "z_m")]))
            for r in rows]


def test_every_attachment_sits_on_the_drawn_bone(report):
    surfaces = {"pelvis": bone_surface("pelvis_r"), "femur": bone_surface("femur_r")}
    worst = 0.0
    for lig, body, p in attachment_points():
        v, f, _ = surfaces[body]
        d = float(surface_distance(p[None], v, f)[0])
        worst = max(worst, d)
        assert d < 0.0005, f"{lig} ({body}) is {d * 1000:.2f} mm off the {body} surface"
    report(f"capsule: largest distance of a ligament attachment from its bone surface "
           f"{worst * 1000:.3f} mm ({len(attachment_points())} attachments)")


def test_each_ligament_runs_pelvis_to_femur_over_the_head():
    rows = read_table("ligament_points.csv")
    ids = [r["id"] for r in read_table("ligaments.csv")]
    head = float(femur_table()["head_radius"]["value"])
    for lig in ids:
        path = sorted((r for r in rows if r["muscle"] == lig), key=lambda r: int(r["order"]))
        assert [r["kind"] for r in path] == ["fixed", "sphere_wrap", "fixed"], lig
        assert [path[0]["body"], path[-1]["body"]] == ["pelvis", "femur"], lig
        # the wrap is the femoral head plus a thin capsule, about the hip centre
        assert head < float(path[1]["radius_m"]) < head + 0.004, lig
        for r in path:
            assert r["source"] and r["basis"], f"{lig}: every point names its basis and source"


def test_ligament_points_are_what_the_placement_tool_writes():
    from widgets.tools import place_ligaments

    table = [[r[c] for c in place_ligaments.COLUMNS] for r in read_table("ligament_points.csv")]
    fresh = [[str(x) for x in row] for row in place_ligaments.rows()]
    assert table == fresh, "rerun python widgets/tools/place_ligaments.py"


def test_calibration_reproduces_the_tables():
    from widgets.tools import calibrate_capsule

    h, slack, scale, ids = calibrate_capsule.calibrate()
    p = parameters()
    assert h == pytest.approx(p["reference_rotation_halfwidth"], abs=0.01)
    assert scale == pytest.approx(p["stiffness_scale"], rel=2e-3)
    table = {r["id"]: float(r["slack_length_m"]) for r in read_table("ligaments.csv")}
    for i, s in zip(ids, slack):
        assert table[i] == pytest.approx(s, abs=1e-5), i


def test_calibration_targets_hold(cap, report):
    """The two cadaver numbers the model is set to: a 50 deg slack zone at 30 deg flexion and a
    0.8 N m/deg rotational stiffness there."""
    from widgets.tools.calibrate_capsule import secant_stiffness

    p = parameters()
    width = cap.slack_zone_width(30.0)
    stiff = secant_stiffness(cap, torque=p["rom_torque"])
    assert width == pytest.approx(p["slack_zone_target"], abs=0.3)
    assert stiff == pytest.approx(p["torsional_stiffness_target"], rel=0.01)
    report(f"capsule: slack zone at 30 deg flexion {width:.1f} deg, rotational stiffness "
           f"{stiff:.2f} N m/deg (targets {p['slack_zone_target']:g}, "
           f"{p['torsional_stiffness_target']:g})")


def test_moment_arms_match_finite_differences(cap):
    """The kernel's analytic moment arms for this all-wrapped path set equal -dL/dq."""
    rng = np.random.default_rng(3)
    f, a, r = rng.uniform(-20, 110, 30), rng.uniform(-35, 30, 30), rng.uniform(-45, 45, 30)
    res = cap.evaluate(f, a, r)
    h = 1e-4
    for name, attr in (("flexion", "ma_flex_m"), ("adduction", "ma_add_m"), ("rotation", "ma_rot_m")):
        kw = dict(flexion=f, adduction=a, rotation=r)
        up, dn = dict(kw), dict(kw)
        up[name] = kw[name] + h
        dn[name] = kw[name] - h
        d = (cap.evaluate(**up).length_m - cap.evaluate(**dn).length_m) / np.radians(2 * h)
        np.testing.assert_allclose(getattr(res, attr), -d, atol=2e-6, err_msg=name)


def test_kernel_accepts_paths_with_no_straight_segment():
    """Every ligament is point-wrap-point (no point-to-point segment); the kernel handles a
    path set like that, not only the muscles'."""
    m = PathModel("ligaments.csv", "ligament_points.csv", item="ligament")
    r = m.evaluate(flexion=[0, 90])
    assert r.length_m.shape == (2, 4) and np.all(np.isfinite(r.length_m))
    with pytest.raises(ValueError, match="ligament"):
        m.evaluate(ids=["iliofemoral"])


def test_strain_taut_and_force_definitions(cap):
    r = cap.evaluate(flexion=np.linspace(-30, 130, 33), rotation=np.linspace(-60, 60, 33))
    np.testing.assert_allclose(r.strain, r.length_m / r.slack_length_m - 1)
    assert np.array_equal(r.taut, r.strain > 0)
    assert np.all(r.force_n[~r.taut] == 0) and np.all(r.force_n[r.taut] > 0)


def test_force_law_is_smooth_and_linear_beyond_the_toe():
    et = parameters()["transition_strain"]
    e = np.linspace(-0.05, 0.2, 2001)
    f, slope = blankevoort_force(e, 1000.0, et)
    assert np.all(np.diff(f) >= 0) and f[e <= 0].max() == 0
    # continuous force and slope at the transition strain
    below, above = blankevoort_force([et - 1e-9, et + 1e-9], 1000.0, et)
    assert below[0] == pytest.approx(below[1]) and above[0] == pytest.approx(above[1])
    assert slope[e > et] == pytest.approx(1000.0)
    assert blankevoort_force(0.1, 1000.0, et)[0] == pytest.approx(1000.0 * (0.1 - et / 2))


def test_laxity_scales_every_slack_length(cap):
    lax = cap.with_laxity(1.05)
    np.testing.assert_allclose(lax.slack_length_m, 1.05 * cap.slack_length_m)
    a, b = cap.evaluate(flexion=-10), lax.evaluate(flexion=-10)
    np.testing.assert_allclose(a.length_m, b.length_m)
    assert np.all(b.strain < a.strain)


def test_laxer_capsule_moves_further_every_way(levels):
    ranges = {k: CapsuleModel(v).rom_all() for k, v in levels.items()}
    assert levels["stiff"] < 1.0 < levels["lax"]
    for d in DIRECTIONS:
        seq = [ranges[k][d].magnitude_deg for k in ("stiff", "typical", "lax")]
        seq = [np.inf if s is None else s for s in seq]
        assert seq[0] < seq[1] < seq[2] or seq[1] == seq[2] == np.inf, (d, seq)


def test_laxity_levels_have_their_stated_slack_zones(levels):
    p = parameters()
    for name, target in (("stiff", p["slack_zone_target"] - p["slack_zone_sd"]),
                         ("lax", p["slack_zone_target"] + p["slack_zone_sd"])):
        assert CapsuleModel(levels[name]).slack_zone_width(30.0) == pytest.approx(target, abs=0.3)


def test_more_anteversion_gives_more_internal_and_less_external_rotation():
    """The femoral attachments turn with the femur: a more anteverted femur is held later in
    internal rotation and sooner in external rotation (slack lengths stay the same)."""
    lo = CapsuleModel(anteversion_deg=5.0)
    hi = CapsuleModel(anteversion_deg=35.0)
    assert hi.rom("internal_rotation").magnitude_deg > lo.rom("internal_rotation").magnitude_deg
    assert hi.rom("external_rotation").magnitude_deg < lo.rom("external_rotation").magnitude_deg


@pytest.mark.parametrize("value,error,message", [
    (2.0, ValueError, "laxity=2 is outside the allowed range"),
    (0.5, ValueError, "laxity=0.5 is outside"),
    (float("nan"), ValueError, "laxity=nan"),
    ("1", TypeError, "laxity must be a number"),
    (True, TypeError, "laxity must be a number"),
])
def test_bad_laxity_is_a_clear_error(value, error, message):
    with pytest.raises(error, match=message):
        CapsuleModel(value)
    with pytest.raises(error):
        check_laxity(value)


def test_bad_directions_torques_and_poses_are_clear_errors(cap):
    with pytest.raises(ValueError, match="direction='sideways' is not one of flexion"):
        cap.rom("sideways")
    with pytest.raises(ValueError, match=r"torque=40 N m is outside the allowed range \[0.5, 30\]"):
        cap.rom("extension", torque=40)
    with pytest.raises(ValueError, match="rotation=70 deg is outside the model's range"):
        cap.evaluate(rotation=70)
    with pytest.raises(ValueError, match="rom takes one pose"):
        cap.rom("extension", adduction=[0, 10])
    with pytest.raises(ValueError, match="coordinate='knee'"):
        cap.evaluate().moment_nm("knee")


def test_laxity_range_is_the_tables(cap):
    p = parameters()
    assert LAXITY_RANGE == (p["laxity_min"], p["laxity_max"])
    assert LAXITY_RANGE[0] < 1.0 < LAXITY_RANGE[1]


def test_femur_angles_within_their_range_keep_every_path_valid():
    for av in FEMUR_RANGES["anteversion_deg"]:
        for ns in FEMUR_RANGES["neck_shaft_deg"]:
            c = CapsuleModel(anteversion_deg=av, neck_shaft_deg=ns)
            r = c.evaluate(flexion=np.linspace(-30, 130, 9), rotation=np.linspace(-60, 60, 9))
            assert np.all(np.isfinite(r.strain))


def test_zona_orbicularis_rings_the_neck(cap):
    ring = cap.zona_orbicularis()
    assert np.allclose(ring[0], ring[-1]), "closed"
    r = np.linalg.norm(ring - cap.hip_centre, axis=1)
    # outside the femoral head, inside the reach of the ligaments
    assert np.all(r > float(femur_table()["head_radius"]["value"]))
    assert np.all(r < 0.045)
    moved = cap.zona_orbicularis(flexion=90)
    assert not np.allclose(ring, moved), "it moves with the femur"


def test_speed(cap, report):
    rng = np.random.default_rng(0)
    poses = rng.uniform([-30, -50, -60], [130, 40, 60], size=(10_000, 3)).T
    cap.evaluate(*poses[:, :10])
    t = time.perf_counter()
    cap.evaluate(*poses)
    t_eval = time.perf_counter() - t
    t = time.perf_counter()
    cap.rom_all()
    t_rom = time.perf_counter() - t
    report(f"capsule timing: 10,000 poses {t_eval * 1000:.1f} ms; range of motion in all six "
           f"directions {t_rom * 1000:.1f} ms")
    assert t_eval < 0.25 and t_rom < 0.25


def test_first_taut_is_the_first_posture_with_a_taut_ligament(hip, cap):
    from widgets import capsule as topic

    for d in ("extension", "flexion", "external_rotation", "internal_rotation", "abduction"):
        ft = topic.first_taut(hip, d, step_deg=0.5)
        coord = {"extension": "flexion", "external_rotation": "rotation",
                 "internal_rotation": "rotation", "abduction": "adduction"}.get(d, d)
        at = cap.evaluate(**{coord: ft["angle_deg"]})
        sign = np.sign(ft["angle_deg"])
        before = cap.evaluate(**{coord: ft["angle_deg"] - 0.5 * sign})
        assert [i for i, t in zip(cap.ids, at.taut[0]) if t] == ft["ligaments"], d
        assert not before.taut.any(), d
    with pytest.raises(ValueError, match="direction='sideways'"):
        topic.first_taut(hip, "sideways")
