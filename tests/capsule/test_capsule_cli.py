"""python -m widgets ligaments / rom, run as a user would, from another directory."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from widgets.capsule_cli import LIGAMENT_COLUMNS
from widgets.model.capsule import DIRECTIONS, CapsuleModel

FIXED = ["ligament", "flexion_deg", "adduction_deg", "rotation_deg", "knee_deg", "length_m",
         "strain", "taut"]


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "widgets", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_ligaments_table(tmp_path):
    out = tmp_path / "lig.csv"
    p = run(["ligaments", "--out", str(out), "--flexion", "-20:120:20", "--rotation", "-30,30",
             "--laxity", "1.03"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(open(out)))
    assert list(rows[0])[:8] == FIXED and list(rows[0]) == LIGAMENT_COLUMNS
    assert len(rows) == 8 * 2 * 4
    cap = CapsuleModel(1.03)
    row = next(r for r in rows if r["ligament"] == "ischiofemoral" and r["flexion_deg"] == "100"
               and r["rotation_deg"] == "30")
    ref = cap.evaluate(flexion=100, rotation=30)
    j = cap.ids.index("ischiofemoral")
    assert float(row["length_m"]) == pytest.approx(ref.length_m[0, j], abs=1e-6)
    assert float(row["strain"]) == pytest.approx(ref.strain[0, j], abs=1e-6)
    assert row["taut"] == str(int(ref.taut[0, j]))
    assert {float(r["laxity"]) for r in rows} == {1.03}
    assert {r["taut"] for r in rows} == {"0", "1"}, "the grid has slack and taut ligaments"


def test_rom_prints_every_direction_and_its_limiter(tmp_path):
    p = run(["rom", "--flexion", "90"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    for word in ("flexion", "extension", "adduction", "abduction", "internal rotation",
                 "external rotation", "limited by", "Ischiofemoral ligament"):
        assert word in p.stdout
    assert "5 N m" in p.stdout and "flexion 90 deg" in p.stdout


def test_rom_json_matches_the_model(tmp_path):
    p = run(["rom", "--json", "--laxity", "0.97", "--flexion", "30", "--torque", "4"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = {r["direction"]: r for r in json.loads(p.stdout)}
    assert set(rows) == set(DIRECTIONS)
    cap = CapsuleModel(0.97)
    for d, row in rows.items():
        ref = cap.rom(d, torque=4, flexion=30)
        assert row["limited_by"] == ref.limiter
        if ref.angle_deg is None:
            assert row["range_deg"] is None and row["beyond_deg"] == ref.limit_deg
        else:
            assert row["angle_deg"] == pytest.approx(ref.angle_deg, abs=0.01)


@pytest.mark.parametrize("args,message", [
    (["rom", "--laxity", "1.5"], "laxity=1.5 is outside the allowed range [0.9, 1.1]"),
    (["rom", "--laxity", "abc"], "invalid float value: 'abc'"),
    (["rom", "--flexion", "150"], "which includes 150"),
    (["rom", "--flexion", "0,30"], "--flexion takes one value here"),
    (["rom", "--torque", "0"], "torque=0 N m is outside the allowed range"),
    (["ligaments", "--out", "x.csv", "--laxity", "0.5"], "laxity=0.5 is outside"),
    (["ligaments", "--out", "x.csv", "--rotation", "-90"], "which includes -90"),
])
def test_bad_values_give_a_clear_error_and_status_2(tmp_path, args, message):
    p = run(args, cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr
    assert p.stderr.count("error:") == 1
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "x.csv").exists(), "nothing is written on an error"


def test_model_errors_are_one_line(tmp_path):
    p = run(["rom", "--laxity", "1.5"], cwd=tmp_path)
    assert p.stderr.strip().count("\n") == 0


def test_help_explains_the_options(tmp_path):
    for cmd, options in (("ligaments", ("--flexion", "--laxity", "--out", "START:STOP:STEP",
                                        "strain = length / slack length - 1")),
                         ("rom", ("--flexion", "--laxity", "--torque", "--json", "N m"))):
        p = run([cmd, "--help"], cwd=tmp_path)
        assert p.returncode == 0
        for o in options:
            assert o in p.stdout, (cmd, o)
