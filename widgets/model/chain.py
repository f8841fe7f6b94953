"""The foot-hip chain: calcaneal eversion (the arch dropping) turns the tibia inward, the
tibia takes the femur with it, and the hip model shows what that does to the gluteal parts.

Each link is a ratio with its source in ``widgets/data/chain_coupling.csv``:

- tibial internal rotation per degree of calcaneal eversion: the cadaver coupling
  coefficient of Fischer et al. 2018 (mean 0.68, SD 0.15; the band is mean +- 1 SD). It is a
  slope measured with an isolated eversion input in loaded specimens, not a walking or
  running value; in walking the two motions are far less tightly linked than in running
  (Pohl et al. 2007: cross-correlation r = 0.49 walking, r > 0.95 running), which no single
  ratio captures. The chapter says so next to every number.
- femoral internal rotation per degree of tibial internal rotation: 1, because the hip
  model's knee (gait2392's) has no axial rotation, with the pelvis held still. An upper bound,
  labelled as this model's assumption.

Hip adduction is not driven by the eversion here: no verified coupling value was found, so it
is an independent input (the "knee-in" part of a collapse), not an invented ratio.

Pure numpy on the hip model; angles in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks
from .data import read_table
from .hip import HipModel

#: The gluteal compartments the chain reports on.
GLUTES = (
    "gluteus_maximus_superior", "gluteus_maximus_middle", "gluteus_maximus_inferior",
    "gluteus_medius_anterior", "gluteus_medius_middle", "gluteus_medius_posterior",
    "gluteus_minimus_anterior", "gluteus_minimus_middle", "gluteus_minimus_posterior",
)
#: Calcaneal eversion this model accepts (degrees; negative = inversion).
EVERSION_RANGE = (-10.0, 20.0)
BANDS = ("low", "mid", "high")


def coupling_table():
    """The chain's coupling ratios: name -> dict(value, low, high, basis, source, note)."""
    out = {}
    for row in read_table("chain_coupling.csv"):
        out[row["name"]] = dict(row, value=float(row["value"]), low=float(row["low"]),
                                high=float(row["high"]))
    return out


@dataclass(frozen=True)
class ChainResult:
    """The chain for n eversion angles; the last axis of the (…, 3) arrays is the coupling
    band: value at the low coupling, the central value, value at the high coupling."""

    eversion_deg: np.ndarray            # (n,)
    adduction_deg: float
    tibia_rotation_deg: np.ndarray      # (n, 3) + = internal
    femur_rotation_deg: np.ndarray      # (n, 3) + = internal (= hip rotation: pelvis still)
    muscle_ids: tuple
    length_change_mm: np.ndarray        # (n, m, 3) from standing, feet neutral
    length_change_pct: np.ndarray       # (n, m, 3)
    abduction_moment_arm_mm: np.ndarray  # (n, m, 3) + = abducts (= -ma_add)


class FootHipChain:
    """Eversion -> tibial and femoral internal rotation -> gluteal lengths and moment arms."""

    def __init__(self, hip_model: HipModel | None = None, muscles=GLUTES):
        self.hip = hip_model or HipModel()
        checks.muscle_indices(list(muscles), self.hip.muscle_ids)
        self.muscles = tuple(muscles)
        self.coupling = coupling_table()

    def ratios(self, name):
        """(low, mid, high) of one coupling ratio."""
        c = self.coupling[name]
        return np.array([c["low"], c["value"], c["high"]])

    def rotations(self, eversion):
        """Tibial and femoral internal rotation (n, 3) for eversion angles (n,)."""
        ev = checks.as_angle_array("eversion", eversion, EVERSION_RANGE)
        tibia = ev[:, None] * self.ratios("tibia_per_eversion")[None, :]
        femur = tibia * self.ratios("femur_per_tibia")[None, :]
        return ev, tibia, femur

    def evaluate(self, eversion, adduction=0.0) -> ChainResult:
        """The chain at these eversion angles, with the hip at this adduction (degrees)."""
        ev, tibia, femur = self.rotations(eversion)
        if np.ndim(adduction) != 0:
            raise ValueError(f"adduction must be one value in degrees; got {adduction!r}")
        adduction = float(checks.as_angle_array("adduction", adduction, checks.RANGES["adduction"])[0])
        n, m = ev.size, len(self.muscles)
        r = self.hip.evaluate(rotation=femur.reshape(-1), adduction=adduction,
                              muscles=list(self.muscles))
        # reference: standing with neutral feet and the hip at 0 deg (the model's neutral)
        shape = (n, 3, m)
        dmm = r.length_change_mm.reshape(shape).transpose(0, 2, 1)
        dpc = r.length_change_pct.reshape(shape).transpose(0, 2, 1)
        ma = -r.ma_add_m.reshape(shape).transpose(0, 2, 1) * 1000.0
        return ChainResult(ev, adduction, tibia, femur, self.muscles, dmm, dpc, ma)
