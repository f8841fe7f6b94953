"""The page's script (widgets/static/stance.js) computes what the Python model computes.

Runs the script under node on many random postures and compares every output with
``widgets.model.stance`` (same abductor table the page gets), then the free-body diagram
spec with ``widgets.foot_hip_view.fbd_spec``. Prints the largest differences.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from widgets.foot_hip_view import fbd_spec, stance_page_data
from widgets.model.stance import interpolate_abductor, lean_for_capacity, statics

SCRIPT = Path(__file__).resolve().parents[2] / "widgets" / "static" / "stance.js"
NODE = shutil.which("node")
KEYS = ("abductor_force_n", "abductor_force_bw", "joint_force_n", "joint_force_bw",
        "abductor_moment_arm_m", "body_weight_moment_arm_m", "required_moment_nm",
        "abductor_angle_deg", "joint_force_angle_deg", "superincumbent_weight_n")


def random_inputs(n, seed=12):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        mass = float(rng.uniform(40, 120))
        load = float(rng.choice([0.0, rng.uniform(0, 30)]))
        drop = float(rng.choice([0.0, rng.uniform(-5, 8)]))
        add = float(rng.uniform(-12, 12))
        out.append(dict(body_mass=mass, lean=float(rng.uniform(-20, 20)), load=load,
                        load_side=str(rng.choice(["stance", "opposite"])),
                        cane=float(rng.choice([0.0, rng.uniform(0, 300)])),
                        cane_side=str(rng.choice(["stance", "opposite"])), adduction=add,
                        pelvic_drop=drop, fraction=float(rng.uniform(0.3, 1.0))))
    return out


@pytest.fixture(scope="module")
def js_results(tmp_path_factory, stance):
    assert NODE, "node is needed (the book's vendored JavaScript is installed with npm too)"
    data = stance_page_data(stance)
    cases = random_inputs(400)
    d = tmp_path_factory.mktemp("stancejs")
    (d / "in.json").write_text(json.dumps({"data": data, "cases": cases}))
    (d / "run.js").write_text(
        f"const api = require({json.dumps(str(SCRIPT))});\n"
        "const fs = require('fs');\n"
        f"const inp = JSON.parse(fs.readFileSync({json.dumps(str(d / 'in.json'))}, 'utf8'));\n"
        "const out = inp.cases.map(c => {\n"
        "  const r = api.solve(inp.data, c);\n"
        "  const lean = r.adductors_needed ? null : api.leanForCapacity(inp.data, c, c.fraction * r.required_moment_nm);\n"
        "  return {r: r, lean: lean, spec: api.figureSpec(inp.data, c, r)};\n"
        "});\n"
        "let bad = [];\n"
        "for (const c of [{body_mass: 0}, {body_mass: 70, lean: 40}, {body_mass: 70, load: 0, load_side: 'left', cane: 0, cane_side: 'opposite'}]) {\n"
        "  try { api.solve(inp.data, Object.assign({lean: 0, load: 0, load_side: 'opposite', cane: 0, cane_side: 'opposite', adduction: 0}, c)); bad.push(null); }\n"
        "  catch (e) { bad.push(e.message); }\n"
        "}\n"
        "process.stdout.write(JSON.stringify({out: out, bad: bad}));\n")
    res = subprocess.run([NODE, str(d / "run.js")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return data, cases, json.loads(res.stdout)


def test_statics_match_python(js_results, report):
    data, cases, js = js_results
    worst = {k: 0.0 for k in KEYS}
    worst_pts, flags = 0.0, 0
    for c, out in zip(cases, js["out"]):
        ab = interpolate_abductor(data["abductor"], c["adduction"] + c["pelvic_drop"])
        kw = {k: v for k, v in c.items() if k not in ("adduction", "fraction")}
        py = statics(data["body"], ab, **kw)
        r = out["r"]
        for k in KEYS:
            worst[k] = max(worst[k], abs(r[k] - getattr(py, k)) / max(1.0, abs(getattr(py, k))))
        assert r["adductors_needed"] == py.adductors_needed
        flags += py.adductors_needed
        for name, p in py.points.items():
            worst_pts = max(worst_pts, float(np.max(np.abs(np.subtract(r["points"][name], p)))))
        assert [f["name"] for f in r["forces"]] == [f["name"] for f in py.forces]
        for fj, fp in zip(r["forces"], py.forces):
            np.testing.assert_allclose(fj["vector"], fp["vector"], rtol=1e-9, atol=1e-9)
            np.testing.assert_allclose(fj["at"], fp["at"], rtol=1e-9, atol=1e-12)
    report(f"stance.js vs Python over {len(cases)} random postures: largest relative difference "
           f"{max(worst.values()):.1e} ({max(worst, key=worst.get)}), points {worst_pts:.1e} m; "
           f"{flags} postures with the weight outside the hip")
    assert max(worst.values()) < 1e-9 and worst_pts < 1e-12
    assert 0 < flags < len(cases), "both regimes are exercised"


def test_lean_for_capacity_matches_python(js_results, report):
    data, cases, js = js_results
    worst, none = 0.0, 0
    for c, out in zip(cases, js["out"]):
        if out["r"]["adductors_needed"]:
            assert out["lean"] is None
            continue
        ab = interpolate_abductor(data["abductor"], c["adduction"] + c["pelvic_drop"])
        kw = {k: v for k, v in c.items() if k not in ("adduction", "fraction")}
        need = statics(data["body"], ab, **kw).required_moment_nm
        py = lean_for_capacity(data["body"], ab, c["fraction"] * need, kw)
        if py is None:
            assert out["lean"] is None
            none += 1
        else:
            worst = max(worst, abs(out["lean"] - py))
    report(f"leanForCapacity vs Python: largest difference {worst:.1e} deg ({none} out of reach)")
    assert worst < 1e-9 and none > 0


def test_free_body_diagram_spec_matches_python(js_results):
    data, cases, js = js_results
    for c, out in list(zip(cases, js["out"]))[:60]:
        ab = interpolate_abductor(data["abductor"], c["adduction"] + c["pelvic_drop"])
        kw = {k: v for k, v in c.items() if k not in ("adduction", "fraction")}
        py = fbd_spec(data, c, statics(data["body"], ab, **kw))
        spec = out["spec"]
        assert [a["name"] for a in spec["annotations"]] == [a["name"] for a in py["annotations"]]
        for aj, ap in zip(spec["annotations"], py["annotations"]):
            assert aj["text"] == ap["text"]
            for k in ("x", "y", "ax", "ay"):
                assert aj[k] == pytest.approx(ap[k], abs=1e-12)
            assert aj["showarrow"] == ap["showarrow"] and aj["xanchor"] == ap["xanchor"]
        for tj, tp in zip(spec["data"], py["data"]):
            assert tj["name"] == tp["name"]
            np.testing.assert_allclose(np.array(tj["x"], dtype=float), np.array(tp["x"], dtype=float),
                                       atol=1e-12)


def test_bad_input_is_refused_in_the_page_too(js_results):
    _, _, js = js_results
    b = js["bad"]
    assert "body_mass=0 kg is outside" in b[0]
    assert "lean=40 deg is outside" in b[1]
    assert "'stance' or 'opposite'" in b[2]
