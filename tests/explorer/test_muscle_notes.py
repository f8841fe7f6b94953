"""The explorer's "details for one muscle" readout shows the muscle's note from muscles.csv.

The note says what the model simplifies about a muscle (gluteus maximus attached to the femur,
gluteus minimus compartments that are not anatomical parts, ...); a reader who looks up that
muscle's action must see it, on the static page and in the live explorer alike.
"""

from __future__ import annotations

from html import escape

import pytest

from widgets import femur_view as fv
from widgets.explorers import FemurExplorer


def notes(model):
    return {m: model.muscle_info(m)["note"] for m in model.muscle_ids}


def test_the_gluteal_muscles_carry_their_caveat(model):
    n = notes(model)
    for m in ("gluteus_maximus_superior", "gluteus_maximus_middle", "gluteus_maximus_inferior"):
        assert "iliotibial band" in n[m] and "femur" in n[m], m
    for m in ("gluteus_minimus_anterior", "gluteus_minimus_middle", "gluteus_minimus_posterior"):
        assert "two anatomical parts" in n[m], m
        assert model.muscle_info(m)["name"].endswith("compartment)"), m


def test_details_add_the_note_for_every_muscle_that_has_one(model):
    st = fv.pose_state(model, 90, 0, 0, 0)
    for j, m in enumerate(model.muscle_ids):
        name, note = model.muscle_info(m)["name"], model.muscle_info(m)["note"]
        text = fv.muscle_details(name, note, st, j)
        assert text.startswith(fv.muscle_text(name, st, j))
        if note:
            assert escape(note, quote=False) in text, m
        else:
            assert text == fv.muscle_text(name, st, j), m


def test_static_page_data_carry_the_notes(static_explorer, model):
    """The page script adds the same note (tests/explorer/test_page_script.py compares its
    details text with Python's for every muscle)."""
    assert static_explorer.data["notes"] == [notes(model)[m] for m in model.muscle_ids]


def test_live_explorer_details_show_the_note(model):
    ex = FemurExplorer(model)
    j = list(model.muscle_ids).index("gluteus_maximus_superior")
    ex.muscle.value = j
    assert escape(model.muscle_info("gluteus_maximus_superior")["note"], quote=False) in ex.detail.value
    k = list(model.muscle_ids).index("piriformis")
    assert not model.muscle_info("piriformis")["note"]
    ex.muscle.value = k
    assert "hip-x-note" not in ex.detail.value


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base_url + "book/femur-explorer.html", wait_until="networkidle")
    pg.wait_for_function("() => window.hipExplorer !== undefined")
    yield pg
    assert not [e for e in errors if "THEBE_JS_URL" not in e and "theme mode" not in e], errors
    context.close()


def test_static_page_details_show_the_note(page, model):
    j = list(model.muscle_ids).index("gluteus_maximus_superior")
    page.select_option("#hip-x-muscle", str(j))
    shown = page.inner_text("#hip-x-detail")
    assert model.muscle_info("gluteus_maximus_superior")["note"] in shown
