"""The built chapter page: it shows the model's current numbers, its figures work in real
Chromium, its claims rows render, and the prose cites what it states."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from bs4 import BeautifulSoup

from widgets import capsule as topic
from widgets import capsule_figures as cf
from widgets import claims

ROOT = Path(__file__).resolve().parents[2]
PAGE = "book/capsule.html"
SOURCE = ROOT / "book" / "capsule.md"
KNOWN_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")


@pytest.fixture(scope="module")
def text(site):
    html = (site / PAGE).read_text(encoding="utf-8")
    plain = BeautifulSoup(html, "html.parser").get_text(" ").replace("’", "'")
    return " ".join(plain.split())


def test_page_shows_the_models_ranges_and_limiters(text, cap):
    for direction in ("extension", "internal_rotation", "external_rotation"):
        r = cap.rom(direction)
        assert f"{r.magnitude_deg:.0f}°" in text or f"{r.magnitude_deg:.0f} °" in text, direction
        assert cap.info(r.limiter)["name"].lower() in text.lower()


def test_page_shows_the_kneeling_numbers(text, hip):
    k = topic.kneeling_loads(hip)
    assert f"{k['strain_pct']['ischiofemoral'][1]:+.1f}" in text
    assert f"{k['strain_pct']['ischiofemoral'][0]:+.1f}" in text
    assert f"{k['end']['flexion']:.0f}" in text


def test_page_shows_every_claim_of_the_chapter(text):
    rows = claims.rows_for(chapter="book/capsule")
    assert len(rows) >= 8
    for r in rows:
        assert " ".join(r["claim"].split())[:60] in text, r["id"]


def test_page_has_quiz_and_skeleton(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    heads = [h.get_text(" ", strip=True) for h in soup.find_all(["h1", "h2"])]
    for needed in ("Self-check", "Summary", "References", "What the model can and cannot say",
                   "Claims checked"):
        assert any(needed in h for h in heads), needed
    src = SOURCE.read_text(encoding="utf-8")
    quiz = src[src.index("## Self-check"):src.index("## Summary")]
    assert quiz.count("```{exercise}") >= 6 and quiz.count(":class: dropdown") >= 6
    assert src.count("**Predict first:**") >= 4


def test_prose_types_no_model_number():
    """Model numbers come from glue; numbers typed in the prose are cited or definitions."""
    src = SOURCE.read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", src, flags=re.S)
    for para in re.split(r"\n\s*\n", prose):
        if re.search(r"\d+(\.\d+)? ?(%|°|mm)", para) and "{cite:p}" not in para:
            # allowed: definitions of the conventions, and text about the quiz's own example
            assert "laxity 1.04" in para or "{glue:text}" in para, para[:200]


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors, foreign = [], []
    pg.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    context.route("**/*", route)
    pg.goto(base_url + PAGE, wait_until="networkidle")
    pg.wait_for_function("() => document.querySelectorAll('div.plotly-graph-div.js-plotly-plot').length >= 4",
                         timeout=20000)
    yield pg
    bad = [e for e in errors if not any(k in e for k in KNOWN_NOISE)]
    assert not bad, bad
    assert not foreign, foreign
    context.close()


LIG = ("Array.from(document.querySelectorAll('div.plotly-graph-div'))"
       ".find(g => (g.layout.updatemenus || []).length)")


def test_buttons_move_the_hip_to_the_kneeling_drill(page, cap):
    n = len(cap.ids)
    bar = cf.bar_trace_index(n)
    before = page.evaluate(f"() => Array.from({LIG}._fullData[{bar}].x)")
    button = page.locator("div.plotly-graph-div .updatemenu-button", has_text=cf.KNEELING_LABEL).first
    button.scroll_into_view_if_needed()
    button.click(force=True)
    page.wait_for_function(f"() => {LIG}._fullData[{bar}].x[{n - 1}] !== {before[-1]}", timeout=10000)
    after = page.evaluate(f"() => Array.from({LIG}._fullData[{bar}].x)")
    start = next(p for lab, p in cf.sweep_poses() if lab == cf.KNEELING_LABEL)
    np.testing.assert_allclose(after, 100 * cap.evaluate(**start).strain[0], atol=0.006)
    index = next(k for k, (lab, _) in enumerate(cf.sweep_poses()) if lab == cf.KNEELING_LABEL)
    page.wait_for_function(f"() => {LIG}.layout.sliders[0].active === {index}", timeout=10000)


def test_laxity_slider_changes_the_ranges(page, hip):
    rom = ("Array.from(document.querySelectorAll('div.plotly-graph-div'))"
           ".find(g => (g.layout.sliders || []).length && !(g.layout.updatemenus || []).length)")
    values = cf.laxity_steps()
    typical = page.evaluate(f"() => Array.from({rom}._fullData[0].x)")
    assert typical == [round(r["range_deg"], 1) for r in cf.rom_table(hip, 1.0)]
    # go to the last step (laxest) with the keyboard-free API the slider itself uses
    page.evaluate(f"() => {{ const g = {rom}; const s = g.layout.sliders[0].steps.at(-1); "
                  f"return Plotly.restyle(g, s.args[0], s.args[1]); }}")
    lax = page.evaluate(f"() => Array.from({rom}._fullData[0].x)")
    assert lax == [round(r["range_deg"], 1) for r in cf.rom_table(hip, values[-1])]
    assert all(b >= a for a, b in zip(typical, lax))
