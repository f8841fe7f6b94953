"""The "How good is the model?" page shows the agreement figures the tests compute."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from widgets.model.validation import agreement, comparison


def test_page_shows_the_agreement_figures(site, model):
    html = (site / "book" / "model-validation.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    a = agreement(table=comparison(model))
    for axis in ("flex", "add", "rot"):
        assert f"{a[axis]['sign_agreement'] * 100:.1f} % of {a[axis]['sign_cases']} cases" in text
        assert f"{a[axis]['rms_mm']:.1f} mm" in text
    assert f"r = {a['length_change_r']:.4f}" in text
    # the known, deliberate differences are stated
    for words in ("Iliacus and psoas", "Gemelli and obturators", "semitendinosus",
                  "Rectus femoris"):
        assert words.lower() in text.lower(), words


def test_muscle_picker_lists_every_compared_muscle(site, model):
    html = (site / "book" / "model-validation.html").read_text(encoding="utf-8")
    t = comparison(model)
    names = {model.muscle_info(m)["name"] for m in set(t["muscle"])}
    for name in names:
        assert re.search(r'"label":\s*"' + re.escape(name) + '"', html), name
    assert len(BeautifulSoup(html, "html.parser").select("div.plotly-graph-div")) == 2
