"""The command line, run as a user would, from another working directory."""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets.__main__ import EXPORT_COLUMNS

FIXED = ["muscle", "reference_name", "flexion_deg", "adduction_deg", "rotation_deg", "knee_deg",
         "length_m", "ma_flex_m", "ma_add_m", "ma_rot_m"]


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "widgets", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_export_grid_columns_and_values(tmp_path, model):
    out = tmp_path / "table.csv"
    p = run(["export", "--out", str(out), "--flexion", "-20:120:10", "--knee", "0,90",
             "--rotation", "-5"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(open(out)))
    assert list(rows[0].keys())[:10] == FIXED
    assert list(rows[0].keys()) == EXPORT_COLUMNS
    flex = sorted({float(r["flexion_deg"]) for r in rows})
    assert flex == list(np.arange(-20.0, 121.0, 10.0)), "STOP is included"
    assert {float(r["knee_deg"]) for r in rows} == {0.0, 90.0}
    assert {float(r["adduction_deg"]) for r in rows} == {0.0}, "omitted angles are 0"
    assert len(rows) == 15 * 2 * len(model.muscle_ids)
    row = next(r for r in rows if r["muscle"] == "piriformis" and r["flexion_deg"] == "90"
               and r["knee_deg"] == "0")
    ref = model.evaluate(flexion=90, rotation=-5, muscles="piriformis")
    assert float(row["ma_rot_m"]) == pytest.approx(ref.ma_rot_m[0, 0], abs=1e-6)
    assert float(row["length_m"]) == pytest.approx(ref.length_m[0, 0], abs=1e-6)
    assert row["reference_name"] == "peri_r"
    assert row["action"] == ref.action(0, "piriformis")
    obt = next(r for r in rows if r["muscle"] == "obturator_internus")
    assert obt["reference_name"] == "", "no gait2392 counterpart"


def test_help_explains_every_option(tmp_path):
    p = run(["export", "--help"], cwd=tmp_path)
    assert p.returncode == 0
    for option in ("--flexion", "--adduction", "--rotation", "--knee", "--out", "--muscles",
                   "--anteversion", "--neck-shaft", "START:STOP:STEP", "STOP included"):
        assert option in p.stdout


@pytest.mark.parametrize("args,message", [
    (["--flexion", "0:200:10"], "which includes 140"),
    (["--knee", "10:0:5"], "STEP must be > 0 and STOP >= START"),
    (["--rotation", "abc"], "--rotation takes one value"),
    (["--adduction", "nan"], "which includes nan"),
    (["--muscles", "piriformiss"], "did you mean piriformis"),
    (["--anteversion", "90"], "anteversion_deg=90.0 is outside the model's range"),
])
def test_bad_arguments_give_clear_errors(tmp_path, args, message):
    p = run(["export", "--out", str(tmp_path / "x.csv"), *args], cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr
    assert not (tmp_path / "x.csv").exists(), "nothing is written on an error"


def test_non_editable_install_works_from_any_directory(tmp_path):
    """Data ship inside the package: a plain (non-editable) install works elsewhere."""
    repo = Path(__file__).resolve().parents[2]
    target = tmp_path / "site"
    p = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--no-build-isolation", "--target", str(target), str(repo)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    code = ("import widgets, widgets.model as m; r = m.HipModel().evaluate(flexion=90); "
            "print(widgets.__file__); print(r.length_m.shape)")
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    q = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert q.returncode == 0, q.stderr
    assert str(target) in q.stdout and "(1, 30)" in q.stdout


def test_command_line_needs_only_numpy():
    """`make bench` runs `python -m widgets bench` in OpenSim's own environment, which has
    numpy but none of the book's packages: no topic command may import them at start-up."""
    import subprocess
    import sys

    code = """
import importlib.abc, runpy, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in ('nbformat', 'plotly', 'ipywidgets', 'yaml', 'IPython', 'otter'):
            raise ImportError('not in a numpy-only environment: ' + name)
sys.meta_path.insert(0, Block())
sys.argv = ['widgets', 'bench', '--repeat', '1', '--poses', '100']
runpy.run_module('widgets', run_name='__main__')
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "random poses" in proc.stdout
