"""One model, two languages: the JavaScript path kernel equals the Python model.

``widgets/static/pathkernel.js`` runs under node on the data that
``PathModel.export_kernel_data()`` exports; the Python model (the reference) evaluates the same
random poses with random femur angles. Every length and every moment arm must agree (lengths
within 1e-6 m, moment arms within 1e-5 m), and so must the drawn paths, the reshaped femur
surface and the bone transforms. The largest differences are printed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import widgets
from widgets.model import FEMUR_RANGES, RANGES, HipModel, PathModel
from widgets.model import data as model_data
from widgets.model.bones import bone_surface
from widgets.model import hip as model_hip
from widgets.model import kernel_data as kd

NODE = shutil.which("node")
KERNEL = Path(widgets.__file__).parent / "static" / "pathkernel.js"
N_POSES = 1200

RUNNER = """
const K = require(process.argv[2]);
const data = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
const jobs = JSON.parse(require('fs').readFileSync(process.argv[4], 'utf8'));
const out = jobs.map(j => {
  const m = K.create(data, j.av, j.nsa);
  const p = {flexion: j.pose[0], adduction: j.pose[1], rotation: j.pose[2], knee: j.pose[3]};
  const r = m.evaluate(p, {polylines: j.polylines});
  const o = {length: r.length, ma: r.ma, neutral: m.neutral};
  if (j.polylines) {
    o.polylines = r.polylines;
    o.femur = m.femurTransform(p); o.tibia = m.tibiaTransform(p);
  }
  if (j.points) { o.points = m.femurPoints(j.points); }
  return o;
});
process.stdout.write(JSON.stringify(out));
"""


def run_node(tmp_path, data, jobs):
    assert NODE, "node is needed (the book's vendored JavaScript is installed with npm too)"
    (tmp_path / "run.js").write_text(RUNNER)
    (tmp_path / "data.json").write_text(json.dumps(data))
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    res = subprocess.run([NODE, str(tmp_path / "run.js"), str(KERNEL), str(tmp_path / "data.json"),
                          str(tmp_path / "jobs.json")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


def random_jobs(rng, n, polylines_every=10, points=None):
    jobs = []
    lo = [RANGES[k][0] for k in ("flexion", "adduction", "rotation", "knee")]
    hi = [RANGES[k][1] for k in ("flexion", "adduction", "rotation", "knee")]
    for i in range(n):
        pose = rng.uniform(lo, hi)
        if i < 16:      # the corners of the pose range too
            pose = np.where([(i >> b) & 1 for b in range(4)], hi, lo)
        av = float(rng.uniform(*FEMUR_RANGES["anteversion_deg"]))
        nsa = float(rng.uniform(*FEMUR_RANGES["neck_shaft_deg"]))
        jobs.append({"pose": [float(v) for v in pose], "av": av, "nsa": nsa,
                     "polylines": i % polylines_every == 0,
                     "points": points if points is not None and i % 50 == 0 else None})
    return jobs


def compare(model_for, jobs, js, report, label):
    worst = {"length": 0.0, "ma": 0.0, "neutral": 0.0, "path": 0.0, "transform": 0.0, "femur surface": 0.0}
    for job, out in zip(jobs, js):
        m = model_for(job["av"], job["nsa"])
        r = m.evaluate(*job["pose"])
        ma = np.stack([r.ma_flex_m[0], r.ma_add_m[0], r.ma_rot_m[0], r.ma_knee_m[0]], axis=1)
        worst["length"] = max(worst["length"], np.abs(np.array(out["length"]) - r.length_m[0]).max())
        worst["ma"] = max(worst["ma"], np.abs(np.array(out["ma"]) - ma).max())
        worst["neutral"] = max(worst["neutral"], np.abs(np.array(out["neutral"]) - m._neutral).max())
        if job["polylines"]:
            paths = m.polylines(*job["pose"])
            for pid, flat in zip(m.ids, out["polylines"]):
                got = np.array(flat).reshape(-1, 3)
                assert got.shape == paths[pid].shape, (pid, job)
                worst["path"] = max(worst["path"], np.abs(got - paths[pid]).max())
            R, o = m.femur_transform(*job["pose"][:3])
            Rt, ot = m.tibia_transform(job["pose"][3])
            for T, (Rw, ow) in ((out["femur"], (R, o)), (out["tibia"], (R @ Rt, R @ ot + o))):
                d = max(np.abs(np.array(T["R"]).reshape(3, 3) - Rw).max(), np.abs(np.array(T["o"]) - ow).max())
                worst["transform"] = max(worst["transform"], d)
        if job.get("points"):
            want = m.femur.transform(np.array(job["points"]).reshape(-1, 3))
            worst["femur surface"] = max(worst["femur surface"],
                                         np.abs(np.array(out["points"]).reshape(-1, 3) - want).max())
    report(f"{label}: {len(jobs)} random poses with random femur angles, JavaScript vs Python, "
           "max |difference|: " + ", ".join(f"{k} {v:.1e} m" for k, v in worst.items()))
    assert worst["length"] <= 1e-6 and worst["neutral"] <= 1e-6
    assert worst["ma"] <= 1e-5
    assert worst["path"] <= 1e-6 and worst["transform"] <= 1e-9
    assert worst["femur surface"] <= 1e-9


def test_kernel_equals_the_python_model(tmp_path, report):
    """At least 1,000 random poses, each with its own random anteversion and neck-shaft angle;
    every 10th also compares the drawn paths and the bone transforms, every 50th the whole
    reshaped femur surface."""
    data = HipModel().export_kernel_data()
    femur_surface = bone_surface("femur_r")[0]
    jobs = random_jobs(np.random.default_rng(20251201), N_POSES,
                       points=[float(v) for v in np.asarray(femur_surface).ravel()])
    js = run_node(tmp_path, data, jobs)
    compare(lambda av, nsa: HipModel(anteversion_deg=av, neck_shaft_deg=nsa), jobs, js, report,
            "muscle paths (HipModel)")


def test_kernel_default_femur_is_the_models(tmp_path):
    """Without femur angles the kernel uses the exported model's own femur (any femur)."""
    m = HipModel(anteversion_deg=30.0, neck_shaft_deg=140.0)
    (tmp_path / "run.js").write_text(
        "const K = require(process.argv[2]);"
        "const d = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));"
        "const m = K.create(d);"
        "process.stdout.write(JSON.stringify([m.anteversion, m.neckShaft, m.evaluate({flexion: 40}).length]));")
    (tmp_path / "data.json").write_text(json.dumps(m.export_kernel_data()))
    res = subprocess.run([NODE, str(tmp_path / "run.js"), str(KERNEL), str(tmp_path / "data.json")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    av, nsa, length = json.loads(res.stdout)
    assert (av, nsa) == (30.0, 140.0)
    np.testing.assert_allclose(length, m.evaluate(flexion=40).length_m[0], atol=1e-9)


@pytest.mark.parametrize("call, words", [
    ("K.create(d).evaluate({flexion: 131})", ["flexion=131", "[-30, 130]"]),
    ("K.create(d).evaluate({knee: NaN})", ["knee must be a finite number", "0 to 120"]),
    ("K.create(d).evaluate({rotation: '10'})", ["rotation must be a finite number"]),
    ("K.create(d, 61, 130)", ["anteversion=61", "[-15, 60]"]),
    ("K.create(d, 10, 114.5)", ["neck_shaft=114.5", "[115, 150]"]),
    ("K.create({schema: 'other'})", ["schema hip-course-pathkernel/1"]),
])
def test_kernel_rejects_bad_input_by_name(tmp_path, call, words):
    (tmp_path / "data.json").write_text(json.dumps(HipModel().export_kernel_data()))
    (tmp_path / "run.js").write_text(
        "const K = require(process.argv[2]);"
        "const d = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));"
        f"try {{ {call}; process.stdout.write('no error'); }} catch (e) {{ process.stdout.write(e.message); }}")
    res = subprocess.run([NODE, str(tmp_path / "run.js"), str(KERNEL), str(tmp_path / "data.json")],
                         capture_output=True, text=True, timeout=60)
    for w in words:
        assert w in res.stdout, res.stdout


# ----------------------------------------------------------------- any set of paths
LIGAMENT_CATALOGUE = [{"id": "band_a", "name": "A"}, {"id": "band_b", "name": "B"},
                      {"id": "band_c", "name": "C"}]


def _row(path, order, kind, body, xyz=(None, None, None), radius=None, axis=(None, None, None)):
    r = {"muscle": path, "order": str(order), "kind": kind, "body": body,
         "x_m": "", "y_m": "", "z_m": "", "radius_m": "", "axis_x": "", "axis_y": "", "axis_z": "",
         "x_spline": "", "y_spline": "", "z_spline": ""}
    if xyz[0] is not None:
        r.update(x_m=str(xyz[0]), y_m=str(xyz[1]), z_m=str(xyz[2]))
    if radius is not None:
        r["radius_m"] = str(radius)
    if axis[0] is not None:
        r.update(axis_x=str(axis[0]), axis_y=str(axis[1]), axis_z=str(axis[2]))
    return r


def ligament_rows():
    """A made-up path set in the format of path_points.csv (pelvis frame points around the hip
    centre -0.0707, -0.0661, 0.0835): a straight band, a band over a cylinder fixed on the
    pelvis, and a band over a sphere on the femur down to the tibia."""
    hc = np.array([-0.0707, -0.0661, 0.0835])
    return [
        _row("band_a", 1, "fixed", "pelvis", tuple(hc + [0.03, 0.01, 0.0])),
        _row("band_a", 2, "fixed", "femur", (0.01, -0.04, 0.02)),
        _row("band_b", 1, "fixed", "pelvis", tuple(hc + [0.0, 0.045, 0.0])),
        _row("band_b", 2, "cylinder_wrap", "pelvis", tuple(hc), radius=0.02, axis=(0.0, 0.0, 1.0)),
        _row("band_b", 3, "fixed", "femur", (0.0, -0.05, 0.0)),
        _row("band_c", 1, "fixed", "pelvis", tuple(hc + [-0.04, -0.03, -0.01])),
        _row("band_c", 2, "sphere_wrap", "femur", (0.0, 0.0, 0.0), radius=0.025),
        _row("band_c", 3, "fixed", "tibia", (0.0, -0.05, 0.02)),
    ]


@pytest.fixture
def ligament_tables(monkeypatch):
    """Serve the made-up tables under their own names, as package tables are served."""
    real = model_data.read_table
    tables = {"test_ligaments.csv": tuple(LIGAMENT_CATALOGUE),
              "test_ligament_points.csv": tuple(ligament_rows())}

    def read_table(name):
        return tables[name] if name in tables else real(name)

    for mod in (model_hip, kd):
        monkeypatch.setattr(mod, "read_table", read_table)
    return tables


def test_kernel_evaluates_any_path_set(tmp_path, report, ligament_tables):
    """Another path set on the same bones (the capsular ligaments will be one): exported the
    same way, with a cylinder wrap fixed on the pelvis and a sphere wrap moving with the femur."""
    def make(av=None, nsa=None):
        return PathModel("test_ligaments.csv", "test_ligament_points.csv", av, nsa, item="ligament")

    data = make().export_kernel_data()
    assert data["item"] == "ligament" and data["ids"] == ["band_a", "band_b", "band_c"]
    assert [a["kind"] for a in data["anchors"]].count("cylinder_wrap") == 1
    jobs = random_jobs(np.random.default_rng(7), 300, polylines_every=3)
    js = run_node(tmp_path, data, jobs)
    compare(make, jobs, js, report, "a made-up ligament set (cylinder and sphere wraps)")
    # the wraps are engaged in some poses and not in others (both branches compared)
    m = make()
    r = m.polylines(flexion=100)
    assert len(r["band_b"]) > 2


def test_export_is_json_and_documents_its_schema():
    data = HipModel().export_kernel_data()
    text = json.dumps(data)
    assert json.loads(text) == data
    assert data["schema"] == kd.SCHEMA
    source = KERNEL.read_text()
    for key in ("hip_centre", "anchors", "splines", "femur", "ranges", kd.SCHEMA):
        assert key in source and key in kd.__doc__, key
    # femur points are the measured femur's: the kernel reshapes them itself
    model = HipModel(anteversion_deg=40, neck_shaft_deg=140)
    first_femur = next(a for a in model.export_kernel_data()["anchors"] if a["body"] == "femur")
    assert first_femur == next(a for a in data["anchors"] if a["body"] == "femur")
