"""`python -m widgets stance` and `python -m widgets chain`, run as a user would."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from widgets.foot_hip_cli import CHAIN_COLUMNS, JSON_KEYS


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "widgets", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_stance_json_keys_and_values(tmp_path, stance):
    p = run(["stance", "--body-mass", "70", "--lean", "5", "--load", "10", "--load-side",
             "opposite", "--cane", "60", "--cane-side", "opposite", "--adduction", "4", "--json"],
            cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert tuple(out) == JSON_KEYS == (
        "abductor_force_n", "abductor_force_bw", "joint_force_n", "joint_force_bw",
        "abductor_moment_arm_m", "body_weight_moment_arm_m")
    ref = stance.solve(body_mass=70, lean=5, load=10, load_side="opposite", cane=60,
                       cane_side="opposite", adduction=4).as_dict()
    for k in JSON_KEYS:
        assert out[k] == pytest.approx(ref[k], abs=1e-6)


def test_stance_text_output(tmp_path, stance):
    p = run(["stance", "--lean=-5"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    r = stance.solve(lean=-5)
    assert f"{r.abductor_force_n:.0f} N" in p.stdout and f"{r.abductor_force_bw:.2f} x body weight" in p.stdout
    assert f"{r.joint_force_n:.0f} N" in p.stdout
    assert f"{r.abductor_moment_arm_m:.4f} m" in p.stdout
    assert f"{r.body_weight_moment_arm_m:.4f} m" in p.stdout
    assert "deg from vertical" in p.stdout


def test_stance_help_names_every_option(tmp_path):
    p = run(["stance", "--help"], cwd=tmp_path)
    assert p.returncode == 0
    for opt in ("--body-mass", "--lean", "--load", "--load-side", "--cane", "--cane-side",
                "--adduction", "--json", "-20 to 20"):
        assert opt in p.stdout


@pytest.mark.parametrize("args,message", [
    (["--body-mass", "0"], "--body-mass must be a positive mass"),
    (["--body-mass", "-60"], "--body-mass must be a positive mass"),
    (["--body-mass", "heavy"], "--body-mass takes a number in kg; got 'heavy'"),
    (["--lean", "30"], "lean=30 deg is outside the range this model supports"),
    (["--lean", "-35"], "lean=-35 deg is outside"),
    (["--load-side", "left"], "--load-side must be 'stance' or 'opposite'; got 'left'"),
    (["--cane-side", "right"], "--cane-side must be 'stance' or 'opposite'"),
    (["--adduction", "30"], "adduction=30 deg is outside the range this model supports"),
    (["--adduction", "95"], "--adduction takes one value"),
    (["--cane", "5000"], "the standing foot would leave the ground"),
    (["--load", "-2"], "load=-2 kg is outside"),
    (["--lean"], "expected one argument"),
])
def test_stance_bad_input_one_line_exit_2(tmp_path, args, message):
    p = run(["stance", *args], cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert p.stdout == ""


def test_chain_csv(tmp_path, chain):
    p = run(["chain", "--eversion", "0,10", "--adduction", "5"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert list(rows[0]) == CHAIN_COLUMNS
    assert len(rows) == 2 * len(chain.muscles)
    ref = chain.evaluate([10.0], adduction=5.0)
    row = next(r for r in rows if r["eversion_deg"] == "10" and r["muscle"] == "gluteus_medius_posterior")
    j = ref.muscle_ids.index("gluteus_medius_posterior")
    assert float(row["tibia_rotation_deg"]) == pytest.approx(ref.tibia_rotation_deg[0, 1], abs=1e-3)
    assert float(row["tibia_rotation_low_deg"]) == pytest.approx(ref.tibia_rotation_deg[0, 0], abs=1e-3)
    assert float(row["femur_rotation_high_deg"]) == pytest.approx(ref.femur_rotation_deg[0, 2], abs=1e-3)
    assert float(row["length_change_mm"]) == pytest.approx(ref.length_change_mm[0, j, 1], abs=1e-3)
    assert float(row["length_change_high_mm"]) == pytest.approx(ref.length_change_mm[0, j, 2], abs=1e-3)
    assert float(row["abduction_moment_arm_mm"]) == pytest.approx(ref.abduction_moment_arm_mm[0, j, 1], abs=1e-3)
    # a range with STOP included, to a file
    out = tmp_path / "chain.csv"
    p = run(["chain", "--eversion=-10:20:10", "--out", str(out)], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    ev = sorted({float(r["eversion_deg"]) for r in csv.DictReader(open(out))})
    assert ev == [-10.0, 0.0, 10.0, 20.0]


@pytest.mark.parametrize("args,message", [
    (["--eversion", "25"], "which includes 25"),
    (["--eversion", "abc"], "--eversion takes one value"),
    (["--eversion", "10:0:5"], "STEP must be > 0 and STOP >= START"),
    (["--eversion", "5", "--adduction", "70"], "--adduction takes one value"),
    (["--eversion", "5", "--adduction", "45"], "which includes 45"),
    ([], "the following arguments are required: --eversion"),
])
def test_chain_bad_input_one_line_exit_2(tmp_path, args, message):
    p = run(["chain", *args], cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
