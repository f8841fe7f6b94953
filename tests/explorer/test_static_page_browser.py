"""The static femur explorer in real Chromium (built site served on 127.0.0.1).

Moves both controls (one with the keyboard, one by value), then checks that the figures
changed and show the model's numbers for that pose, and that the readouts agree.
"""

from __future__ import annotations

from urllib.parse import urlparse

import numpy as np
import pytest

from widgets import femur_view as fv

PAGE = "book/femur-explorer.html"
LOCAL = {"127.0.0.1", "localhost"}
# Jupyter Book 1's own noise (see design.md and tests/browser/test_pages.py); exactly these.
KNOWN_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors, foreign = [], []
    pg.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in LOCAL:
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    context.route("**/*", route)
    pg.goto(base_url + PAGE, wait_until="networkidle")
    pg.wait_for_function("() => window.hipExplorer !== undefined")
    yield pg
    bad = [e for e in errors if not any(k in e for k in KNOWN_NOISE)]
    assert not bad, bad
    assert not foreign, foreign
    context.close()


BARS = "document.getElementById('hip-explorer-bars')"
VIEW = "document.getElementById('hip-explorer-view')"


def bar_numbers(pg):
    # _fullData: plotly has decoded the (possibly base64-packed) arrays there
    return pg.evaluate(
        f"() => ({{x: Array.from({BARS}._fullData[0].x), y: Array.from({BARS}._fullData[0].y)}})")


def femur_x(pg):
    return pg.evaluate(
        f"() => Array.from({VIEW}._fullData.filter(t => t.name === 'femur')[0].x).slice(0, 5)")


def expected(model, flexion, rotation, adduction=0.0, knee=0.0):
    r = model.evaluate(flexion, adduction, rotation, knee)
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    pct = r.length_change_pct[0]
    order = np.argsort(np.round(pct, 2), kind="stable")
    neutral = model.evaluate(0, 0, 0, 0).roles()[0]
    return ([names[j] for j in order], pct[order],
            fv.changed_actions(names, neutral, r.roles()[0]))


def test_both_controls_update_figures_and_readouts(page, model):
    before_bars, before_femur = bar_numbers(page), femur_x(page)
    # hip flexion with the keyboard: 9 steps of 10 degrees = 90 degrees
    page.focus("#hip-x-flexion")
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    # hip rotation by value (-30 = external rotation)
    page.fill("#hip-x-rotation", "-30")
    page.dispatch_event("#hip-x-rotation", "input")
    page.wait_for_timeout(300)
    assert page.input_value("#hip-x-flexion") == "90"
    got = bar_numbers(page)
    assert got != before_bars and femur_x(page) != before_femur
    names, pct, flips = expected(model, 90, -30)
    assert got["y"] == names
    np.testing.assert_allclose(got["x"], pct, atol=0.006)
    shown = page.locator("#hip-x-flips li").all_inner_texts()
    assert shown == flips and any(f.startswith("Piriformis:") for f in shown)
    status = page.inner_text("#hip-x-status")
    assert "hip flexion 90°" in status and "rotation −30°" in status
    # the femur drawn where the model puts it
    R, o = model.femur_transform(90, 0, -30)
    v = fv.bone_meshes(model)["femur"][0][:5]
    np.testing.assert_allclose(femur_x(page), (v @ R.T + o)[:, 0], atol=2e-4)
    # details of one muscle follow the pose
    page.select_option("#hip-x-muscle", label="Piriformis")
    detail = page.inner_text("#hip-x-detail")
    r = model.evaluate(90, 0, -30, 0, muscles="piriformis")
    assert r.actions()[0][0] in detail


def test_preset_then_reset(page, model):
    page.select_option("#hip-x-preset", "figure_4")
    page.wait_for_timeout(200)
    names, pct, _ = expected(model, 114, -41, adduction=-35, knee=90)
    got = bar_numbers(page)
    assert got["y"] == names
    np.testing.assert_allclose(got["x"], pct, atol=0.006)
    assert "basis: estimate" in page.inner_text("#hip-x-status")
    page.click("#hip-x-reset")
    page.wait_for_timeout(200)
    got = bar_numbers(page)
    np.testing.assert_allclose(got["x"], 0.0, atol=0.006)
    assert page.locator("#hip-x-flips li").all_inner_texts() == ["none"]


def test_controls_are_labelled_and_bounded(page):
    for cid in ("hip-x-flexion", "hip-x-rotation", "hip-x-preset", "hip-x-muscle"):
        assert page.locator(f"label[for={cid}]").count() == 1, cid
    assert page.get_attribute("#hip-x-flexion", "min") == "0"
    assert page.get_attribute("#hip-x-flexion", "max") == "120"
    assert page.get_attribute("#hip-x-rotation", "min") == "-40"
    assert page.get_attribute("#hip-x-rotation", "max") == "40"
