"""The foot-hip chain (widgets.model.chain): cited couplings with their spread, directions of
the effects on the gluteal parts, agreement with the hip model, bad input."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

from widgets.model.chain import EVERSION_RANGE, GLUTES, coupling_table

ROOT = Path(__file__).resolve().parents[2]


def bib_keys():
    text = (ROOT / "assets" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


def test_every_coupling_has_a_source_or_says_it_is_an_assumption():
    rows = list(csv.DictReader(open(ROOT / "widgets" / "data" / "chain_coupling.csv", encoding="utf-8")))
    assert {r["name"] for r in rows} == {"tibia_per_eversion", "femur_per_tibia"}
    for r in rows:
        assert r["note"].strip()
        assert float(r["low"]) <= float(r["value"]) <= float(r["high"])
        if r["basis"] == "cited":
            assert r["source"] in bib_keys(), r["name"]
        else:
            assert r["basis"] == "assumption" and "assumption" in r["note"], r["name"]
    c = coupling_table()["tibia_per_eversion"]
    # Fischer et al. 2018: 0.68 +- 0.15; the band is mean +- 1 SD
    assert (c["low"], c["value"], c["high"]) == pytest.approx((0.53, 0.68, 0.83))


def test_rotations_follow_the_coupling_with_a_band(chain):
    r = chain.evaluate([0.0, 5.0, 10.0, -5.0])
    t = r.tibia_rotation_deg
    np.testing.assert_allclose(t[0], 0.0)
    np.testing.assert_allclose(t[2], 10 * np.array([0.53, 0.68, 0.83]))
    assert np.all(t[1:3, 0] < t[1:3, 1]) and np.all(t[1:3, 1] < t[1:3, 2]), "a band, not a line"
    assert np.all(t[3] < 0), "inversion turns the leg outward"
    np.testing.assert_allclose(r.femur_rotation_deg, t)   # the model's knee does not rotate


def test_gluteal_parts_follow_the_hip_model(chain, hip):
    r = chain.evaluate([10.0], adduction=5.0)
    for band in range(3):
        ref = hip.evaluate(rotation=r.femur_rotation_deg[0, band], adduction=5.0, muscles=list(GLUTES))
        np.testing.assert_allclose(r.length_change_mm[0, :, band], ref.length_change_mm[0])
        np.testing.assert_allclose(r.abduction_moment_arm_mm[0, :, band], -ref.ma_add_m[0] * 1000)


def test_arch_drop_lengthens_the_posterior_parts_and_shortens_the_anterior(chain):
    """Internal rotation of the femur: the parts behind the axis lengthen, those in front
    shorten (the classic rotator split of gluteus medius/minimus)."""
    r = chain.evaluate([0.0, 10.0, 20.0])
    j = {m: i for i, m in enumerate(r.muscle_ids)}
    for m in ("gluteus_medius_posterior", "gluteus_maximus_superior", "gluteus_maximus_inferior"):
        d = r.length_change_mm[:, j[m], 1]
        assert d[1] > 0 and d[2] > d[1], m
    for m in ("gluteus_medius_anterior", "gluteus_minimus_anterior"):
        d = r.length_change_mm[:, j[m], 1]
        assert d[1] < 0 and d[2] < d[1], m
    # the band orders the effect: a stronger coupling, a larger change
    post = r.length_change_mm[1, j["gluteus_medius_posterior"]]
    assert post[0] < post[1] < post[2]
    # the abductor parts keep abducting (positive abduction moment arm) along the chain
    for m in GLUTES[3:]:
        assert np.all(r.abduction_moment_arm_mm[:, j[m]] > 0), m


@pytest.mark.parametrize("eversion", [25.0, -15.0, float("nan")])
def test_impossible_eversion_is_refused(chain, eversion):
    with pytest.raises(ValueError, match="eversion"):
        chain.evaluate([eversion])


def test_bad_adduction_and_types(chain):
    with pytest.raises(ValueError, match="adduction=60 deg is outside"):
        chain.evaluate([5.0], adduction=60)
    with pytest.raises(ValueError, match="adduction must be one value"):
        chain.evaluate([5.0], adduction=[0, 5])
    with pytest.raises(TypeError, match="eversion must be"):
        chain.evaluate("ten")
    assert EVERSION_RANGE == (-10.0, 20.0)
