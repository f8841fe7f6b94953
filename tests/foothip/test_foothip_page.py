"""Chapter 4's page as built (numbers from the model, figures, claims) and in real Chromium
(the stance controls compute in the page what the Python model computes; the chain slider
moves the bones)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from bs4 import BeautifulSoup

from widgets.foot_hip import chapter_numbers

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "book" / "foot-hip.md"
PAGE = "book/foot-hip.html"
LOCAL = {"127.0.0.1", "localhost"}
KNOWN_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")


def page_text(site):
    html = (site / PAGE).read_text(encoding="utf-8")
    # no separator: a glued number and the unit after it stay together ("16.6°")
    return html, " ".join(BeautifulSoup(html, "html.parser").get_text("").split())


def test_every_number_the_page_prints_is_the_models(site, stance, chain):
    """Each glued number is in the built page, with the value the model gives now."""
    _, text = page_text(site)
    numbers = chapter_numbers(stance, chain)
    used = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)`", SOURCE.read_text(encoding="utf-8")))
    assert used and used <= set(numbers), used - set(numbers)
    for key in sorted(used):
        assert numbers[key] in text, (key, numbers[key])
    # a few in their sentences
    assert f"{numbers['abd_bw']} × body weight" in text
    assert f"a lean of {numbers['lean50']}° toward the standing leg" in text


def test_page_figures_claims_and_citations(site, stance):
    html, text = page_text(site)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("div.plotly-graph-div")) == 5
    # the stance page: controls with labels, the data and the script inlined
    for cid in ("stance-mass", "stance-lean", "stance-load", "stance-load-side", "stance-cane",
                "stance-cane-side", "stance-adduction", "stance-strength"):
        assert soup.select_one(f"label[for={cid}]") is not None, cid
    assert soup.select_one("#stance-data") is not None and "window.hipStance" in html
    # the claims of this chapter, with verdicts and resolved citations
    for claim in ("makes the arch rise", "Sagging at the hip", "keep the pelvis level"):
        assert claim in text
    assert "{cite" not in html and "{glue" not in html
    for author in ("Fischer", "Pohl", "Bergmann", "Neumann", "Kendall", "Khamis", "Cashman"):
        assert author in text, author
    # the scenario table is the model's
    r = stance.solve(lean=10)
    assert f"{r.abductor_force_n:.0f} N ({r.abductor_force_bw:.2f} × BW)" in text
    # the quiz: at least six exercises with solutions
    assert len(soup.select(".exercise")) >= 6


def test_page_scripts_are_part_of_the_execution_cache_key(tmp_path):
    """Changing widgets/static/*.js must re-execute the chapters that inline it."""
    spec = importlib.util.spec_from_file_location(
        "offline_assets", ROOT / "book" / "_ext" / "offline_assets.py")
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    (tmp_path / "widgets" / "data").mkdir(parents=True)
    (tmp_path / "widgets" / "static").mkdir()
    js = tmp_path / "widgets" / "static" / "stance.js"
    js.write_text("var a = 1;\n")
    h0 = ext.package_hash(tmp_path)
    js.write_text("var a = 2;\n")
    assert ext.package_hash(tmp_path) != h0


# ------------------------------------------------------------------ real browser
@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors, foreign = [], []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))

    def route(r):
        url = r.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in LOCAL:
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    context.route("**/*", route)
    pg.goto(base_url + PAGE, wait_until="networkidle")
    pg.wait_for_function("() => window.hipStance !== undefined")
    yield pg
    bad = [e for e in errors if not any(k in e for k in KNOWN_NOISE)]
    assert not bad, bad
    assert not foreign, foreign
    context.close()


def set_value(pg, sel, value):
    pg.fill(sel, str(value))
    pg.dispatch_event(sel, "input")


def newtons(pg, sel):
    return float(pg.inner_text(sel).split(" N")[0])


def test_stance_controls_compute_what_python_computes(page, stance):
    before = page.get_attribute("#stance-fbd", "data-abductor-n")
    set_value(page, "#stance-mass", 68)
    set_value(page, "#stance-lean", 6)
    set_value(page, "#stance-load", 8)
    page.select_option("#stance-load-side", "stance")
    set_value(page, "#stance-cane", 90)
    page.select_option("#stance-cane-side", "opposite")
    set_value(page, "#stance-adduction", -4)
    page.wait_for_timeout(300)
    r = stance.solve(body_mass=68, lean=6, load=8, load_side="stance", cane=90,
                     cane_side="opposite", adduction=-4)
    assert page.get_attribute("#stance-fbd", "data-abductor-n") != before
    assert newtons(page, "#stance-abductor") == pytest.approx(r.abductor_force_n, abs=0.51)
    assert newtons(page, "#stance-joint") == pytest.approx(r.joint_force_n, abs=0.51)
    assert f"{r.abductor_force_bw:.2f} × body weight" in page.inner_text("#stance-abductor")
    assert page.inner_text("#stance-ma") == f"{r.abductor_moment_arm_m * 1000:.1f} mm"
    assert page.inner_text("#stance-bwma") == f"{r.body_weight_moment_arm_m * 1000:.1f} mm"
    # the drawing follows: the joint arrow's label carries the joint force
    labels = page.evaluate("() => document.getElementById('stance-fbd').layout.annotations"
                           ".map(a => [a.name, a.text])")
    joint = dict(labels)["joint"]
    assert joint.startswith(f"joint: {int(np.floor(r.joint_force_n + 0.5))} N")


def test_cane_and_lean_directions_in_the_page(page):
    base = newtons(page, "#stance-joint")
    set_value(page, "#stance-cane", 120)
    page.wait_for_timeout(200)
    assert newtons(page, "#stance-joint") < base          # cane in the opposite hand
    page.select_option("#stance-cane-side", "stance")
    page.wait_for_timeout(200)
    stance_side = newtons(page, "#stance-abductor")
    page.click("#stance-reset")
    page.wait_for_timeout(200)
    assert newtons(page, "#stance-joint") == pytest.approx(base)
    assert stance_side > newtons(page, "#stance-abductor")   # this model's same-side cane
    set_value(page, "#stance-lean", 10)
    page.wait_for_timeout(200)
    assert newtons(page, "#stance-joint") < base


def test_strength_control_gives_the_lean_needed(page, stance):
    set_value(page, "#stance-strength", 50)
    page.wait_for_timeout(200)
    w = stance.weakness(0.5, body_mass=75)
    assert f"Lean the trunk to {w.lean_needed_deg:.1f}°" in page.inner_text("#stance-weak")
    set_value(page, "#stance-strength", 20)
    page.wait_for_timeout(200)
    assert "No trunk lean up to 20° is enough" in page.inner_text("#stance-weak")


def test_chain_slider_moves_the_femur(page, chain):
    gd = "Array.from(document.querySelectorAll('div.plotly-graph-div')).find(d => d.layout.sliders)"
    femur = f"() => {{ const g = {gd}; return Array.from(g._fullData.find(t => t.name === 'femur').x).slice(0, 3); }}"
    before = page.evaluate(femur)
    title = page.evaluate(f"() => {{ const g = {gd}; const s = g.layout.sliders[0].steps[5];"
                          " return Plotly.update(g, s.args[0], s.args[1], s.args[2]).then(() => g.layout.title.text); }")
    after = page.evaluate(femur)
    assert after != before
    r = chain.evaluate([10.0])
    assert f"turned in {r.tibia_rotation_deg[0, 1]:.1f}°" in title
    R, o = chain.hip.femur_transform(0, 0, r.femur_rotation_deg[0, 1])
    from widgets.femur_view import bone_meshes

    v = bone_meshes(chain.hip)["femur"][0][:3]
    np.testing.assert_allclose(after, (v @ R.T + o)[:, 0], atol=1e-5)   # states stored to 0.01 mm
