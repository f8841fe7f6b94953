"""What the README and the book's pages say, checked against the files and the model.

Statements about the model in prose that is not generated at build time (the README) are
parsed and compared with the model, so a model change that makes them wrong fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets.glutes import zero_crossings
from widgets.model import HipModel

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "book").glob("*.md")) + [ROOT / "README.md"]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def paragraphs(path: Path):
    return [re.sub(r"\s*\n\s*", " ", p) for p in re.split(r"\n\s*\n", text(path))]


def sentences(path: Path):
    # one paragraph per line, then split at full stops
    flat = re.sub(r"\s*\n\s*", " ", text(path))
    return re.split(r"(?<=[.!?])\s+", flat)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_notebook_path_named_on_a_page_exists(page):
    for name in re.findall(r"notebooks/[A-Za-z0-9_./-]*", text(page)):
        name = name.rstrip(".")
        assert (ROOT / name).exists(), f"{page.name} names {name}, which does not exist"


def test_readme_piriformis_example_matches_the_model():
    m = re.search(r"piriformis is an external rotator when you stand that turns\s+into an "
                  r"internal rotator as the hip bends past about (\d+) degrees", text(ROOT / "README.md"))
    assert m, "the README's piriformis example changed: update this test with it"
    stated = float(m.group(1))
    model = HipModel()
    crossings = zero_crossings(model, "piriformis")
    assert len(crossings) == 1, crossings
    assert abs(crossings[0] - stated) <= 10, (
        f"README says 'past about {stated:.0f} degrees'; the model crosses at {crossings[0]:.1f}")
    ma = model.evaluate(flexion=[0.0, min(stated + 30.0, 120.0)], muscles="piriformis").ma_rot_m[:, 0]
    assert ma[0] < 0 < ma[1], "external rotator standing, internal rotator past the stated angle"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_ties_the_piriformis_action_to_sitting(page):
    """Chair sitting has no cited hip angle in the course; the model's words are per angle."""
    bad = [s for s in sentences(page)
           if re.search(r"piriformis", s, re.I) and re.search(r"\bsit(s|ting)?\b", s, re.I)]
    assert not bad, bad


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_types_the_iliopsoas_sign_change_angle(page):
    """The angle where gait2392's iliopsoas flexion moment arm turns negative comes from the
    OpenSim reference table at build time (glue), never typed into prose."""
    bad = [s for s in paragraphs(page)
           if re.search(r"iliacus|psoas|iliopsoas", s, re.I)
           and re.search(r"\b(9[5-9]|1[01]\d)\s*(°|deg)", s)]
    assert not bad, bad


def test_validation_page_says_tests_check_directions_not_measurements():
    page = text(ROOT / "book" / "model-validation.md")
    assert "check against measurements is in the model's tests" not in page
    assert re.search(r"only for the direction", page)
