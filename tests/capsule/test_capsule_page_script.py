"""The capsule page's script (widgets/static/capsule_explorer.js) under node, against Python.

The page computes every posture in the browser: the path kernel (``pathkernel.js``, the same
file as the femur explorer's) gives the ligament lengths and paths, and the page script turns
them into strains, taut/slack, forces, colours, line styles and words. Here both run under
node on random postures and laxities and must equal :class:`CapsuleModel` and the Python
functions that write the same words (:mod:`widgets.capsule_figures`,
:mod:`widgets.capsule_view`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import widgets
from widgets import capsule_figures as cf
from widgets import capsule_view as cv
from widgets.model import RANGES
from widgets.model.capsule import LAXITY_RANGE, CapsuleModel, laxity_levels

NODE = shutil.which("node")
STATIC = Path(widgets.__file__).parent / "static"
N_CASES = 800


def node(tmp_path, script, data, extra):
    assert NODE, "node is needed (the book's vendored JavaScript is installed with npm too)"
    (tmp_path / "data.json").write_text(json.dumps(data))
    (tmp_path / "extra.json").write_text(json.dumps(extra))
    (tmp_path / "run.js").write_text(
        "const X = require(process.argv[2]); const K = require(process.argv[3]);\n"
        "const C = require(process.argv[4]);\n"
        "const data = JSON.parse(require('fs').readFileSync(process.argv[5], 'utf8'));\n"
        "const extra = JSON.parse(require('fs').readFileSync(process.argv[6], 'utf8'));\n"
        + script)
    res = subprocess.run([NODE, str(tmp_path / "run.js"), str(STATIC / "capsule_explorer.js"),
                          str(STATIC / "pathkernel.js"), str(STATIC / "explorer_common.js"),
                          str(tmp_path / "data.json"), str(tmp_path / "extra.json")],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def data(cap):
    return cv.capsule_page_data(cap)


def random_cases(n, seed=11):
    """Random postures over the model's ranges (whole degrees, as the sliders give, and
    arbitrary values, as a link may give) with random laxities over the allowed range, plus
    the corners of the range and the named laxities."""
    rng = np.random.default_rng(seed)
    lo, hi = LAXITY_RANGE
    levels = list(laxity_levels().values())
    out = []
    for i in range(n):
        pose = [float(rng.uniform(*RANGES[k])) for k in ("flexion", "adduction", "rotation")]
        if i % 2:
            pose = [float(np.round(v)) for v in pose]
        laxity = float(rng.uniform(lo, hi)) if i % 3 else float(levels[i % len(levels)])
        if i < 8:                              # the corners of the posture range
            pose = [RANGES[k][(i >> b) & 1] for b, k in enumerate(("flexion", "adduction", "rotation"))]
            laxity = (lo, hi)[i & 1]
        out.append({"pose": pose, "laxity": laxity, "draw": i % 10 == 0})
    return out


SCRIPT = """
const model = K.create(data.kernel);
const femur = model.femurPoints(data.femur_mesh), ring = model.femurPoints(data.ring);
const out = extra.map(c => {
  const pose = {flexion: c.pose[0], adduction: c.pose[1], rotation: c.pose[2]};
  const st = X.capsuleState(data, model, pose, c.laxity);
  const o = {length: st.length_m, strain: st.strain, taut: st.taut, force: st.force_n,
             text: data.ids.map((id, j) => X.ligamentText(data, st, j)),
             lines: data.ids.map((id, j) => X.ligamentLine(data, st, j)),
             bars: X.barData(data, st), readout: X.readoutItems(data, st),
             status: X.statusText(data, st)};
  if (c.draw) {
    const T = model.femurTransform(st.pose);
    o.paths = st.paths; o.femur = C.place(T, femur, data.unit); o.ring = C.place(T, ring, data.unit);
  }
  return o;
});
process.stdout.write(JSON.stringify(out));
"""


def test_page_script_equals_the_capsule_model(tmp_path, data, cap, report):
    cases = random_cases(N_CASES)
    js = node(tmp_path, SCRIPT, data, cases)
    names = dict(zip(cap.ids, data["short_names"]))
    verts, _ = cf.femur_top_mesh()
    worst = {"strain": 0.0, "length": 0.0, "force": 0.0, "path": 0.0, "bones": 0.0}
    n_taut = n_strings = 0
    for case, out in zip(cases, js):
        pose = dict(zip(("flexion", "adduction", "rotation"), case["pose"]), knee=0.0)
        c = cap.with_laxity(case["laxity"])
        r = c.evaluate(**pose)
        worst["strain"] = max(worst["strain"], np.abs(np.array(out["strain"]) - r.strain[0]).max())
        worst["length"] = max(worst["length"], np.abs(np.array(out["length"]) - r.length_m[0]).max())
        worst["force"] = max(worst["force"], np.abs(np.array(out["force"]) - r.force_n[0]).max())
        assert out["taut"] == r.taut[0].tolist(), case
        n_taut += int(r.taut[0].sum())
        # what the page shows: colours, line styles, bars, hover text and the readout
        st = cf.ligament_state(c, pose, verts) if case["draw"] else {
            "strain_pct": 100 * r.strain[0], "force_n": r.force_n[0], "length_mm": 1000 * r.length_m[0]}
        for j, lig in enumerate(cap.ids):
            s = float(st["strain_pct"][j])
            width, dash = cf.LINE_STYLE[cf.state_word(s)]
            assert out["lines"][j] == {"color": cf.strain_colour(s), "width": width, "dash": dash}, case
            assert out["text"][j] == cf.ligament_text(names[lig], s, st["length_mm"][j], st["force_n"][j]), case
        b = cf.bar_trace(c, st, names)
        np.testing.assert_allclose(out["bars"]["x"], [cf.bar_length(v) for v in st["strain_pct"]], atol=1e-9)
        assert out["bars"]["text"] == b["text"] and out["bars"]["color"] == b["marker"]["color"]
        assert out["bars"]["pattern"] == b["marker"]["pattern"]["shape"]
        assert out["readout"] == cv.readout_items(c, pose), case
        assert out["status"] == cv.status_text(pose, case["laxity"]), case
        n_strings += 2 * len(cap.ids) + len(b["text"]) + 1
        if case["draw"]:                      # the drawn paths, femur and ring move together
            for flat, want in zip(out["paths"], st["paths"]):
                got = np.reshape(flat, (-1, 3))
                assert got.shape == want.shape
                worst["path"] = max(worst["path"], np.abs(got - want).max())
            # the exported points (the measured femur's, to 0.1 um) moved by the Python model
            R, o = c.femur_transform(*case["pose"])
            for key in ("femur_mesh", "ring"):
                want = c.femur.transform(np.reshape(data[key], (-1, 3))) @ R.T + o
                got = np.array(out[key.split("_")[0]]).T / cf.UNIT
                worst["bones"] = max(worst["bones"], np.abs(got - want).max())
    report(f"capsule page script vs CapsuleModel: {len(cases)} random postures and laxities "
           f"({n_taut} taut ligaments among {len(cases) * len(cap.ids)}; taut flags identical; "
           f"{n_strings} strings identical), max |difference|: strain {worst['strain']:.1e}, "
           f"length {worst['length']:.1e} m, force {worst['force']:.1e} N, drawn path "
           f"{worst['path']:.1e} m, femur and ring {worst['bones']:.1e} m")
    assert n_taut > 200, "the random postures must reach taut ligaments"
    assert worst["strain"] <= 1e-9 and worst["length"] <= 1e-10
    assert worst["force"] <= 1e-6
    assert worst["path"] <= 1e-9 and worst["bones"] <= 1e-9


def test_page_data_are_the_models(data, cap):
    np.testing.assert_array_equal(data["slack_length_m"], cap.base_slack_length_m)
    np.testing.assert_array_equal(data["stiffness_n"], cap.stiffness_n)
    assert data["kernel"] == cap.export_kernel_data() and data["kernel"]["item"] == "ligament"
    assert data["ids"] == list(cap.ids)
    controls = {c["name"]: c for c in data["controls"]}
    assert list(controls) == ["flexion", "adduction", "rotation", "laxity"]
    for k in ("flexion", "adduction", "rotation"):
        assert (controls[k]["min"], controls[k]["max"]) == RANGES[k]
    assert (controls["laxity"]["min"], controls["laxity"]["max"]) == LAXITY_RANGE
    assert controls["laxity"]["step"] == cf.LAXITY_STEP
    assert data["levels"] == laxity_levels()
    # the drawn femur and the zona orbicularis, to 0.1 micrometre
    ring = np.reshape(data["ring"], (-1, 3))
    np.testing.assert_allclose(ring, CapsuleModel.zona_orbicularis_ring(), atol=1e-7)
    np.testing.assert_allclose(np.reshape(data["femur_mesh"], (-1, 3)), cf.femur_top_mesh()[0], atol=1e-7)
    with pytest.raises(ValueError, match="laxity must be 1"):
        cv.capsule_page_data(cap.with_laxity(1.02))


def test_page_script_rejects_a_bad_laxity_by_name(tmp_path, data):
    got = node(tmp_path, """
const model = K.create(data.kernel);
process.stdout.write(JSON.stringify(extra.map(v => {
  try { X.capsuleState(data, model, {flexion: 0, adduction: 0, rotation: 0}, v); return 'no error'; }
  catch (e) { return e.message; }
})));""", data, [1.2, 0.5, "1", None])
    assert got[0] == "laxity=1.2 is outside the allowed range [0.9, 1.1]"
    assert all(g.startswith("laxity=") and "[0.9, 1.1]" in g for g in got)


def test_url_fragment_is_read_checked_and_written(tmp_path, data):
    hashes = ["#flexion=-20&adduction=5&rotation=30&laxity=1.0376", "#the-hip-capsule", "",
              "#flexion=140&laxity=1.3&view=back", "#laxity=abc&knee=30&view=under"]
    got = node(tmp_path, "process.stdout.write(JSON.stringify([extra.map(h => X.parseFragment(data, h)), "
                         "X.formatFragment({flexion: -20, adduction: 5, rotation: 30, laxity: 1.0376})]));",
               data, hashes)
    parsed, written = got
    assert parsed[0] == {"values": {"flexion": -20, "adduction": 5, "rotation": 30, "laxity": 1.0376},
                         "settings": {}, "errors": []}
    assert parsed[1] is None and parsed[2] is None
    assert parsed[3]["values"] == {} and parsed[3]["settings"] == {"view": "back"}
    assert parsed[3]["errors"] == ["flexion=140 is outside the valid range: hip flexion takes -30 to 130°",
                                   "laxity=1.3 is outside the valid range: laxity takes 0.9 to 1.1"]
    assert parsed[4]["errors"][0] == "laxity=abc is not a number: laxity takes 0.9 to 1.1"
    assert "'knee' is not a setting" in parsed[4]["errors"][1] and "view=under" in parsed[4]["errors"][2]
    assert written == "flexion=-20&adduction=5&rotation=30&laxity=1.0376"
