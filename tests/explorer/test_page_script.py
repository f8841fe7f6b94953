"""The static explorer's page script (widgets/static/femur_explorer.js) under node.

Every word and number the page shows is built by the script from the path kernel's results;
here the script's functions run under node on random poses and femur shapes, and each result
must equal what widgets/femur_view.py builds in Python from the Python model: hover text,
details, the flip list, the action view, the ranked chart, the line groups, the status line.
Also the URL fragment: what it accepts, what it rejects and why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import widgets
from widgets import femur_view as fv
from widgets.model import FEMUR_RANGES, RANGES, HipModel

NODE = shutil.which("node")
STATIC = Path(widgets.__file__).parent / "static"


def node(tmp_path, script, data, extra=None):
    assert NODE, "node is needed (the book's vendored JavaScript is installed with npm too)"
    (tmp_path / "data.json").write_text(json.dumps(data))
    (tmp_path / "extra.json").write_text(json.dumps(extra))
    (tmp_path / "run.js").write_text(
        "const H = require(process.argv[2]); const K = require(process.argv[3]);\n"
        "const data = JSON.parse(require('fs').readFileSync(process.argv[4], 'utf8'));\n"
        "const extra = JSON.parse(require('fs').readFileSync(process.argv[5], 'utf8'));\n"
        + script)
    res = subprocess.run([NODE, str(tmp_path / "run.js"), str(STATIC / "femur_explorer.js"),
                          str(STATIC / "pathkernel.js"), str(tmp_path / "data.json"),
                          str(tmp_path / "extra.json")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def data():
    return fv.explorer_data(HipModel())


def random_cases(n, seed=3):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        pose = [float(np.round(rng.uniform(*RANGES[k]), 1 if i % 2 else 0))
                for k in ("flexion", "adduction", "rotation", "knee")]
        femur = [float(np.round(rng.uniform(*FEMUR_RANGES[k]), 1))
                 for k in ("anteversion_deg", "neck_shaft_deg")]
        if i == 0:
            pose, femur = [90.0, 0.0, 0.0, 0.0], [None, None]
        out.append({"pose": pose, "femur": femur})
    return out


SCRIPT = """
const out = extra.map(c => {
  const m = K.create(data.kernel, c.femur[0] === null ? undefined : c.femur[0],
                     c.femur[1] === null ? undefined : c.femur[1]);
  const p = {flexion: c.pose[0], adduction: c.pose[1], rotation: c.pose[2], knee: c.pose[3]};
  const st = H.poseState(data, m, p);
  const neutral = H.rolesOf(data, m.evaluate({}).ma);
  const g = H.groupData(data, st);
  return {
    text: data.names.map((n, j) => H.muscleText(data, st, j)),
    details: data.names.map((n, j) => H.muscleDetails(data, st, j)),
    flips: H.changedActions(data, neutral, st.roles),
    actions: Object.keys(data.actions).map(a => H.actionHtml(data, st, a)),
    bars: H.barData(data, st),
    groups: data.groups.map(k => ({x: g[k].x, c: g[k].c, text: g[k].text, idx: g[k].idx})),
    title: H.poseTitle(st.pose),
    status: H.femurStatus(data, m.anteversion, m.neckShaft),
  };
});
process.stdout.write(JSON.stringify(out));
"""


def test_page_words_and_numbers_equal_pythons(tmp_path, data, report):
    cases = random_cases(120)
    js = node(tmp_path, SCRIPT, data, cases)
    names = data["names"]
    notes = data["notes"]
    n_strings = 0
    for case, out in zip(cases, js):
        av, nsa = case["femur"]
        m = HipModel() if av is None else HipModel(anteversion_deg=av, neck_shaft_deg=nsa)
        st = fv.pose_state(m, *case["pose"])
        neutral = fv.pose_state(m).roles
        assert out["text"] == [fv.muscle_text(n, st, j) for j, n in enumerate(names)], case
        assert out["details"] == [fv.muscle_details(n, notes[j], st, j) for j, n in enumerate(names)], case
        assert out["flips"] == fv.changed_actions(names, neutral, st.roles), case
        assert out["actions"] == [fv.action_html(names, st, a) for a in fv.ACTIONS], case
        b = fv.bar_data(names, st)
        assert out["bars"]["y"] == b["y"] and out["bars"]["text"] == b["text"], case
        assert out["bars"]["pattern"] == b["pattern"] and out["bars"]["hover"] == b["hover"], case
        assert out["bars"]["color"] == b["color"], case
        np.testing.assert_allclose(out["bars"]["x"], b["x"], atol=1e-9)
        for key, g in zip(fv.GROUPS, out["groups"]):
            want = fv.group_data(names, st)[key[0]]
            x = np.array([np.nan if v is None else v for v in g["x"]], float)
            np.testing.assert_allclose(x, want["x"], atol=1e-9)
            np.testing.assert_allclose(g["c"], want["c"], atol=1e-9)
            assert g["text"] == want["text"] and g["idx"] == want["idx"].tolist()
        assert out["title"] == fv._pose_title(st.pose)
        assert out["status"] == fv.femur_status(m.anteversion_deg, m.neck_shaft_deg)
        n_strings += len(out["text"]) * 2 + len(out["flips"]) + len(out["actions"]) + 2 * len(b["y"]) + 2
    report(f"page script vs Python: {len(cases)} random poses and femur shapes, "
           f"{n_strings} readout strings identical")


def test_explorer_data_carries_the_models_geometry(data):
    model = HipModel()
    tibia = fv.bone_meshes(model)["tibia"][0]
    np.testing.assert_allclose(np.reshape(data["tibia_mesh"], (-1, 3)), tibia, atol=1e-6)
    femur = fv.bone_surface("femur_r")[0]
    np.testing.assert_allclose(np.reshape(data["femur_mesh"], (-1, 3)), femur, atol=1e-6)
    assert [c["name"] for c in data["controls"]] == ["flexion", "adduction", "rotation", "knee",
                                                     "anteversion", "neck_shaft"]
    for c in data["controls"]:
        lo, hi = (RANGES.get(c["name"]) or FEMUR_RANGES[{"anteversion": "anteversion_deg",
                                                         "neck_shaft": "neck_shaft_deg"}[c["name"]]])
        assert (c["min"], c["max"]) == (lo, hi)
    assert data["default"]["anteversion"] == model.anteversion_deg
    labels = {m["label"] for m in data["landmarks"]}
    for name in ("ASIS", "iliac crest", "ischial tuberosity", "greater trochanter",
                 "lesser trochanter", "femoral head"):
        assert name in labels


FRAGMENT_SCRIPT = """
process.stdout.write(JSON.stringify(extra.map(h => H.parseFragment(data, h))));
"""


def test_url_fragment_is_read_and_checked(tmp_path, data):
    hashes = [
        "#flexion=90&adduction=0&rotation=-30&knee=0&anteversion=9.7&neck_shaft=129.2",
        "#how-to-read-it",
        "",
        "#flexion=200&rotation=-30",
        "#knee=abc",
        "#neck_shaft=100&anteversion=60",
        "#flexion=10&colour=red",
        "#muscle=piriformis&action=external_rotation&labels=1&view=front",
        "#muscle=nobody&action=jumping&labels=2&view=under",
        "#flexion=1e2",
    ]
    got = node(tmp_path, FRAGMENT_SCRIPT, data, hashes)
    assert got[0] == {"values": {"flexion": 90, "adduction": 0, "rotation": -30, "knee": 0,
                                 "anteversion": 9.7, "neck_shaft": 129.2}, "settings": {}, "errors": []}
    assert got[1] is None and got[2] is None        # section anchors and no fragment: not links
    assert got[3]["values"] == {"rotation": -30}
    assert got[3]["errors"] == ["flexion=200 is outside the valid range: hip flexion takes -30 to 130°"]
    assert got[4]["errors"] == ["knee=abc is not a number: knee flexion takes 0 to 120°"]
    assert got[5]["values"] == {"anteversion": 60}
    assert "neck_shaft=100" in got[5]["errors"][0] and "115 to 150°" in got[5]["errors"][0]
    assert got[6]["values"] == {"flexion": 10} and "'colour' is not a setting" in got[6]["errors"][0]
    piri = data["kernel"]["ids"].index("piriformis")
    assert got[7]["settings"] == {"muscle": piri, "action": "external rotation", "labels": True,
                                  "view": "front"}
    assert len(got[8]["errors"]) == 4 and not got[8]["settings"]
    assert got[9]["values"] == {} and "not a number" in got[9]["errors"][0]


def test_url_fragment_written_round_trips(tmp_path, data):
    states = [{"flexion": 90, "adduction": -12.5, "rotation": -30, "knee": 0,
               "anteversion": 16.45, "neck_shaft": 121.19}]
    got = node(tmp_path, "process.stdout.write(JSON.stringify(extra.map(s => "
                         "H.parseFragment(data, '#' + H.formatFragment(s)))));", data, states)
    assert got[0]["values"] == states[0] and got[0]["errors"] == []
