"""The static femur explorer in real Chromium (built site served on 127.0.0.1).

Moves every control (by keyboard and by value), opens deep links (valid and invalid), picks a
preset, an action, a muscle, a camera view and the landmark labels, and checks that the ranked
chart, the 3-D view and the readouts show the Python model's numbers for that pose, including
against ``python -m widgets export`` run with the same angles.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from urllib.parse import urlparse

import numpy as np
import pytest

from widgets import femur_view as fv
from widgets.model import HipModel

PAGE = "book/femur-explorer.html"
LOCAL = {"127.0.0.1", "localhost"}
# Jupyter Book 1's own noise (see design.md and tests/browser/test_pages.py); exactly these.
KNOWN_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")
BARS = "document.getElementById('hip-explorer-bars')"
VIEW = "document.getElementById('hip-explorer-view')"


class Visit:
    def __init__(self, browser, url, width=1280, height=1000, color_scheme="light"):
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.errors, self.foreign, self.bad = [], [], []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("response", lambda r: r.status >= 400 and self.bad.append((r.status, r.url)))
        self.context.route("**/*", self._route)
        self.page.goto(url, wait_until="networkidle")
        self.page.wait_for_function("() => window.hipExplorer !== undefined")
        settle(self.page)

    def _route(self, r):
        url = r.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in LOCAL:
            r.continue_()
        else:
            self.foreign.append(url)
            r.abort()

    def close(self):
        bad = [e for e in self.errors if not any(k in e for k in KNOWN_NOISE)]
        self.context.close()
        assert not self.bad, self.bad
        assert not bad, bad
        assert not self.foreign, self.foreign


def settle(pg):
    """Wait until the explorer has drawn its last update (and the URL fragment is written)."""
    pg.evaluate("() => window.hipExplorer.settled()")
    pg.wait_for_timeout(300)


@pytest.fixture
def visit(browser, base_url):
    v = Visit(browser, base_url + PAGE)
    yield v
    v.close()


def bar_numbers(pg):
    # _fullData: plotly has decoded the (possibly base64-packed) arrays there
    return pg.evaluate(
        f"() => ({{x: Array.from({BARS}._fullData[0].x), y: Array.from({BARS}._fullData[0].y)}})")


def trace_x(pg, name, n=5):
    return pg.evaluate(
        f"() => Array.from({VIEW}._fullData.filter(t => t.name === '{name}')[0].x).slice(0, {n})")


def state_of(pg):
    return pg.evaluate("() => Object.assign({}, window.hipExplorer.state)")


def check_shows_model(pg, flexion, adduction, rotation, knee, anteversion=None, neck_shaft=None):
    """Chart, 3-D view and readouts show the Python model's numbers for this pose."""
    model = HipModel() if anteversion is None else HipModel(anteversion_deg=anteversion,
                                                           neck_shaft_deg=neck_shaft)
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    notes = [model.muscle_info(m)["note"] for m in model.muscle_ids]
    st = fv.pose_state(model, flexion, adduction, rotation, knee)
    b = fv.bar_data(names, st)
    got = bar_numbers(pg)
    assert got["y"] == b["y"]
    np.testing.assert_allclose(got["x"], b["x"], atol=1e-6)
    assert pg.locator("#hip-x-flips li").all_inner_texts() == (
        fv.changed_actions(names, fv.pose_state(model).roles, st.roles) or ["none"])
    j = int(pg.input_value("#hip-x-muscle"))
    assert pg.inner_html("#hip-x-detail") == fv.muscle_details(names[j], notes[j], st, j)
    action = pg.input_value("#hip-x-action")
    t = fv.action_table(names, st, action)
    assert pg.locator("#hip-x-action-view ul.hip-produce li").all_inner_texts() == (
        [f"{n} ({v:.0f} mm)" for n, v in t["produce"]] or ["none"])
    assert pg.locator("#hip-x-action-view ul.hip-oppose li").all_inner_texts() == (
        [f"{n} ({v:.0f} mm)" for n, v in t["oppose"]] or ["none"])
    status = pg.inner_text("#hip-x-status")
    assert fv._pose_title(st.pose) in status
    assert fv.femur_status(model.anteversion_deg, model.neck_shaft_deg) in status
    meshes = fv.bone_meshes(model)
    for bone in ("femur", "tibia"):
        R, o = getattr(st, bone)
        np.testing.assert_allclose(trace_x(pg, bone), (meshes[bone][0][:5] @ R.T + o)[:, 0], atol=1e-9)
    return model, st


def test_every_control_moves_figures_and_readouts(visit):
    pg = visit.page
    before = bar_numbers(pg)
    # keyboard: hip flexion 0 -> 5 with the arrow keys, then Page Up (a tenth of the range)
    pg.focus("#hip-x-flexion")
    for _ in range(5):
        pg.keyboard.press("ArrowRight")
    settle(pg)
    assert pg.input_value("#hip-x-flexion") == "5" and state_of(pg)["flexion"] == 5
    check_shows_model(pg, 5, 0, 0, 0)
    assert bar_numbers(pg) != before
    pg.keyboard.press("PageUp")
    settle(pg)
    assert state_of(pg)["flexion"] == 21
    # the others by value (1-degree steps), one at a time, each checked against the model
    pose = {"flexion": 21, "adduction": 0, "rotation": 0, "knee": 0}
    femur = {"anteversion": None, "neck_shaft": None}
    for name, value in (("adduction", -17), ("rotation", 33), ("knee", 64), ("flexion", 97),
                        ("anteversion", 38), ("neck_shaft", 141)):
        femur_before = trace_x(pg, "femur")
        pg.fill(f"#hip-x-{name}", str(value))
        pg.dispatch_event(f"#hip-x-{name}", "input")
        settle(pg)
        if name in pose:
            pose[name] = value
        else:
            femur[name] = value
        av = femur["anteversion"] if femur["anteversion"] is not None else HipModel().anteversion_deg
        nsa = femur["neck_shaft"] if femur["neck_shaft"] is not None else HipModel().neck_shaft_deg
        check_shows_model(pg, **pose, anteversion=av, neck_shaft=nsa)
        assert pg.inner_text(f"#hip-x-{name}-out").startswith(f"{value}")
        # the femur moves with the hip and with its own shape, not with the knee
        assert (trace_x(pg, "femur") == femur_before) == (name == "knee"), name
    # the pose is written into the URL fragment
    frag = pg.evaluate("() => location.hash")
    assert frag == "#flexion=97&adduction=-17&rotation=33&knee=64&anteversion=38&neck_shaft=141"


def test_buttons_and_menus_work_from_the_keyboard(visit):
    pg = visit.page
    pg.focus("#hip-x-knee")
    pg.keyboard.press("End")                         # the end of the range
    settle(pg)
    assert state_of(pg)["knee"] == 120
    pg.focus("#hip-x-labels")
    pg.keyboard.press("Space")
    pg.wait_for_timeout(300)
    assert pg.is_checked("#hip-x-labels")
    pg.focus(".hip-x-view[data-view=side]")
    pg.keyboard.press("Enter")
    pg.wait_for_timeout(300)
    assert pg.get_attribute(".hip-x-view[data-view=side]", "aria-pressed") == "true"
    pg.focus("#hip-x-action")
    pg.keyboard.press("ArrowDown")                   # the next action in the menu
    assert pg.input_value("#hip-x-action") == "knee flexion"
    assert "Knee flexion at this pose" in pg.inner_text("#hip-x-action-view")
    pg.focus("#hip-x-reset")
    pg.keyboard.press("Enter")
    settle(pg)
    assert state_of(pg)["knee"] == 0


def test_controls_are_named_labelled_and_bounded(visit, model):
    pg = visit.page
    from widgets.model import FEMUR_RANGES, RANGES

    ranges = dict(RANGES, anteversion=FEMUR_RANGES["anteversion_deg"],
                  neck_shaft=FEMUR_RANGES["neck_shaft_deg"])
    for name, (lo, hi) in ranges.items():
        sel = f"input[type=range][name={name}]"
        assert pg.locator(sel).count() == 1, name
        assert pg.get_attribute(sel, "min") == f"{lo:g}" and pg.get_attribute(sel, "max") == f"{hi:g}"
        assert pg.get_attribute(sel, "step") == "1"
        assert pg.locator(f"label[for=hip-x-{name}]").count() == 1, name
    for cid in ("hip-x-preset", "hip-x-muscle", "hip-x-action", "hip-x-labels"):
        assert pg.locator(f"label[for={cid}]").count() + pg.locator(f"label:has(#{cid})").count() == 1, cid
    assert pg.get_attribute("#hip-x-status", "aria-live") == "polite"
    # focus is visible on every kind of control
    for sel in ("#hip-x-knee", "#hip-x-preset", "#hip-x-reset", ".hip-x-view >> nth=0"):
        pg.focus(sel) if not sel.startswith(".") else pg.locator(sel).focus()
        pg.keyboard.press("Shift+Tab")
        pg.keyboard.press("Tab")
        style = pg.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert style not in ("none", ""), (sel, style)


def cli_export(flexion, adduction, rotation, knee, anteversion, neck_shaft):
    proc = subprocess.run(
        [sys.executable, "-m", "widgets", "export", "--out", "-", "--flexion", str(flexion),
         "--adduction", str(adduction), "--rotation", str(rotation), "--knee", str(knee),
         "--anteversion", str(anteversion), "--neck-shaft", str(neck_shaft)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {r["muscle"]: r for r in csv.DictReader(io.StringIO(proc.stdout))}


def test_deep_link_opens_a_posture_that_the_command_line_confirms(browser, base_url, model):
    link = "#flexion=90&adduction=-10&rotation=-30&knee=45&anteversion=9.7&neck_shaft=129.2"
    v = Visit(browser, base_url + PAGE + link)
    try:
        pg = v.page
        assert state_of(pg) == {"flexion": 90, "adduction": -10, "rotation": -30, "knee": 45,
                                "anteversion": 9.7, "neck_shaft": 129.2}
        assert pg.input_value("input[name=flexion]") == "90"
        assert pg.inner_text("#hip-x-anteversion-out") == "9.7°"
        assert pg.is_hidden("#hip-x-notice")
        check_shows_model(pg, 90, -10, -30, 45, anteversion=9.7, neck_shaft=129.2)
        rows = cli_export(90, -10, -30, 45, 9.7, 129.2)
        names = {model.muscle_info(m)["name"]: m for m in model.muscle_ids}
        bars = bar_numbers(pg)
        for name, pct in zip(bars["y"], bars["x"]):
            assert abs(pct - float(rows[names[name]]["length_change_pct"])) <= 0.0006, name
        # every muscle's details agree with the exported moment arms, length and action
        for j, mid in enumerate(model.muscle_ids):
            pg.select_option("#hip-x-muscle", str(j))
            text = pg.inner_text("#hip-x-detail")
            r = rows[mid]
            ma = [float(r[k]) * 1000 for k in ("ma_flex_m", "ma_add_m", "ma_rot_m", "ma_knee_m")]
            want = (f"flex {ma[0]:+.1f}, add {ma[1]:+.1f}, rot {ma[2]:+.1f}, knee {ma[3]:+.1f}")
            got = text.split("moment arms (mm): ")[1].split("\n")[0]
            shown = [float(p.split()[1]) for p in got.split(", ")]
            assert np.allclose(shown, ma, atol=0.051), (mid, got, want)
            assert f"length {float(r['length_m']) * 1000:.0f} mm" in text, mid
            assert r["action"] in text, mid
        # the 3-D view's hover text shows the same lengths
        hover = pg.evaluate(f"() => {VIEW}.data.filter(t => /^muscles /.test(t.name))"
                            ".flatMap(t => Array.from(t.text).filter(s => s))")
        for s in hover:
            name = s.split("</b>")[0].replace("<b>", "")
            length = float(rows[names[name]]["length_m"]) * 1000
            assert f"length {length:.0f} mm" in s, name
    finally:
        v.close()


def test_invalid_link_values_are_named_and_not_used(browser, base_url):
    v = Visit(browser, base_url + PAGE + "#flexion=200&rotation=-30&colour=red")
    try:
        pg = v.page
        notice = pg.inner_text("#hip-x-notice")
        assert pg.is_visible("#hip-x-notice")
        assert "flexion=200" in notice and "-30 to 130°" in notice and "'colour'" in notice
        assert state_of(pg)["flexion"] == 0 and state_of(pg)["rotation"] == -30
        check_shows_model(pg, 0, 0, -30, 0)
        # a later link with a bad value keeps the last valid pose
        pg.evaluate("() => { location.hash = 'knee=abc&neck_shaft=160'; }")
        pg.wait_for_function("() => document.getElementById('hip-x-notice').textContent.includes('knee=abc')")
        settle(pg)
        notice = pg.inner_text("#hip-x-notice")
        assert "not a number" in notice and "0 to 120°" in notice and "neck_shaft=160" in notice
        assert state_of(pg)["rotation"] == -30 and state_of(pg)["knee"] == 0
        check_shows_model(pg, 0, 0, -30, 0)
        # a section anchor is not a posture link: no notice, nothing changes
        pg.click("#hip-x-reset")
        pg.evaluate("() => { location.hash = 'how-to-read-it'; }")
        pg.wait_for_timeout(300)
        assert pg.is_hidden("#hip-x-notice")
    finally:
        v.close()


def test_preset_action_muscle_reset_and_femur_buttons(visit, model):
    pg = visit.page
    pg.select_option("#hip-x-preset", "figure_4")
    settle(pg)
    preset = next(p for p in fv.read_presets() if p["id"] == "figure_4")
    pose = [float(preset[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
    check_shows_model(pg, *pose)
    assert f"basis: {preset['basis']}" in pg.inner_text("#hip-x-preset-note")
    assert pg.input_value("input[name=knee]") == f"{pose[3]:g}"
    pg.select_option("#hip-x-action", "internal rotation")
    pg.select_option("#hip-x-muscle", label="Gluteus medius (anterior part)")
    check_shows_model(pg, *pose)
    # clicking a muscle line selects it (plotly's click event, as the 3-D view emits it)
    pg.evaluate(f"() => {VIEW}.emit('plotly_click', {{points: [{{data: {{name: 'muscles same'}}, customdata: 3}}]}})")
    assert pg.input_value("#hip-x-muscle") == "3"
    pg.click("#hip-x-femur-population")
    settle(pg)
    ref = fv.femur_angles()
    check_shows_model(pg, *pose, anteversion=ref["anteversion"]["population"],
                      neck_shaft=ref["neck_shaft"]["population"])
    pg.click("#hip-x-reset")
    settle(pg)
    check_shows_model(pg, 0, 0, 0, 0)
    np.testing.assert_allclose(bar_numbers(pg)["x"], 0.0, atol=1e-9)
    assert pg.locator("#hip-x-flips li").all_inner_texts() == ["none"]


def test_landmark_labels_and_camera_views(visit, model):
    pg = visit.page
    ann = f"{VIEW}.layout.scene.annotations"
    assert pg.evaluate(f"() => {ann}.every(a => a.visible === false)")
    pg.check("#hip-x-labels")
    pg.wait_for_timeout(300)
    assert pg.evaluate(f"() => {ann}.every(a => a.visible === true)")
    texts = pg.evaluate(f"() => {ann}.map(a => a.text)")
    for name in ("ASIS", "iliac crest", "ischial tuberosity", "greater trochanter",
                 "lesser trochanter", "femoral head"):
        assert name in texts
    # the femoral labels follow the femur
    pg.fill("#hip-x-flexion", "80")
    pg.dispatch_event("#hip-x-flexion", "input")
    settle(pg)
    st = fv.pose_state(model, 80, 0, 0, 0)
    want = {a["text"]: a for a in fv.landmark_annotations(model, st, True)}
    got = pg.evaluate(f"() => {ann}.map(a => [a.text, a.x, a.y, a.z])")
    for text, x, y, z in got:
        np.testing.assert_allclose([x, y, z], [want[text][k] for k in "xyz"], atol=1e-9)
    assert pg.locator("svg .annotation-text").count() >= len(fv.LANDMARKS)   # drawn
    pg.uncheck("#hip-x-labels")
    pg.wait_for_timeout(300)
    assert pg.evaluate(f"() => {ann}.every(a => a.visible === false)")
    # camera views
    pg.click(".hip-x-view[data-view=top]")
    pg.wait_for_timeout(300)
    eye = pg.evaluate(f"() => {VIEW}.layout.scene.camera.eye")
    assert eye == fv.VIEWS["top"]["eye"]
    assert pg.get_attribute(".hip-x-view[data-view=top]", "aria-pressed") == "true"
    assert pg.get_attribute(".hip-x-view[data-view=oblique]", "aria-pressed") == "false"
    # a link can ask for labels, a view, a muscle and an action
    pg.evaluate("() => { location.hash = 'labels=1&view=front&muscle=piriformis&action=flexion'; }")
    pg.wait_for_timeout(500)
    assert pg.is_checked("#hip-x-labels") and pg.input_value("#hip-x-action") == "flexion"
    assert pg.input_value("#hip-x-muscle") == str(list(model.muscle_ids).index("piriformis"))
    assert pg.evaluate(f"() => {VIEW}.layout.scene.camera.eye") == fv.VIEWS["front"]["eye"]


def axe_serious(page):
    from axe_playwright_python.sync_playwright import Axe

    page.add_style_tag(content="*,*::before,*::after{transition:none!important;animation:none!important}")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    return [(x["id"], x["impact"], [n["target"] for n in x["nodes"]][:5])
            for x in results.response["violations"] if x["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_a_phone(browser, base_url, scheme):
    """A 390-pixel-wide phone screen, light and dark: no serious or critical axe findings,
    with the landmark labels on and a link notice showing (every part of the explorer drawn)."""
    v = Visit(browser, base_url + PAGE + "#flexion=45&knee=300&labels=1", width=390, height=844,
              color_scheme=scheme)
    try:
        assert v.page.is_visible("#hip-x-notice")
        assert not v.bad, v.bad
        n_errors = len(v.errors)
        bad = axe_serious(v.page)
        assert not bad, bad
        # axe-core itself fetches the theme's stylesheets to read them and resolves their
        # nested @import against the page, not the stylesheet (a 404 for /basic.css that the
        # page never asks for); the page's own requests were checked above
        v.bad = [b for b in v.bad if not b[1].endswith("/basic.css")]
        v.errors = v.errors[:n_errors] + [e for e in v.errors[n_errors:]
                                          if not e.startswith("Failed to load resource")]
        # nothing wider than the screen
        width = v.page.evaluate("() => document.getElementById('hip-x').scrollWidth")
        assert width <= 390, width
    finally:
        v.close()
