"""The gluteal-muscles chapter shows the model's current numbers and its ledger rows."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from widgets import claims, glutes
from widgets.model import HipModel


def page_text(site):
    soup = BeautifulSoup((site / "book" / "glutes.html").read_text(encoding="utf-8"), "html.parser")
    return norm((soup.select_one("main") or soup).get_text(" ", strip=True))


def norm(text):
    """Whitespace collapsed, typographic quotes (Sphinx's smartquotes) made plain."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return " ".join(text.split())


def test_glued_numbers_are_the_models(site):
    text = page_text(site)
    n = glutes.chapter_numbers(HipModel())
    assert re.search(rf"crosses zero near {n['piri_cross']:.0f} ?°", text)
    assert f"{n['n_trend_ir']} of the {n['n_parts']} parts move towards internal" in text
    assert f"{n['gmed_ant_ratio']:.1f} times its standing" in text
    assert f"is {n['ref_max_diff']:.1f} mm" in text
    assert n["squat_er_names"] in text
    assert "{glue" not in text and "nan" not in text.lower().split()


def test_chapter_shows_its_ledger_rows_with_current_evidence(site):
    text = page_text(site)
    verdicts = claims.computed()
    for row in claims.rows_for(chapter="book/glutes"):
        assert norm(row["claim"]) in text, row["id"]
        evidence = norm(claims.evidence_text(row, verdicts))
        assert evidence[:60] in text, row["id"]


def test_every_exercise_preset_is_in_the_table(site):
    text = page_text(site)
    from widgets.model import preset

    for pid in glutes.EXERCISES:
        assert preset(pid).label in text, pid
