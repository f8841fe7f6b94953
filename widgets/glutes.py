"""Chapter 1 (the gluteal muscles): computations the chapter shows and the model's verdicts
on the chapter's claims. Pure numpy on the hip model; no plotting here."""

from __future__ import annotations

import numpy as np

from .claims import Verdict, model_verdict
from .model import RANGES, HipModel


def zero_crossings(model: HipModel, muscle: str, axis: str = "rot", step_deg: float = 0.5,
                   **pose) -> list[float]:
    """Hip flexion angles (deg) at which ``muscle``'s moment arm about ``axis`` changes sign,
    over the model's flexion range, other angles fixed by ``pose`` (linear interpolation
    between grid points ``step_deg`` apart)."""
    lo, hi = RANGES["flexion"]
    flex = np.arange(lo, hi + step_deg / 2, step_deg)
    r = model.evaluate(flexion=flex, muscles=[muscle], **pose)
    ma = getattr(r, f"ma_{axis}_m")[:, 0]
    out = []
    for i in np.flatnonzero(np.sign(ma[:-1]) * np.sign(ma[1:]) < 0):
        out.append(float(flex[i] - ma[i] * (flex[i + 1] - flex[i]) / (ma[i + 1] - ma[i])))
    return out


@model_verdict("piriformis-internal-rotator")
def piriformis_internal_rotator(model: HipModel) -> Verdict:
    """Piriformis is an internal rotator only with the hip well flexed."""
    r = model.evaluate(flexion=[0.0, 90.0], muscles=["piriformis"])
    ma0, ma90 = (float(v) * 1000 for v in r.ma_rot_m[:, 0])
    cross = zero_crossings(model, "piriformis")
    if ma0 > 0 and ma90 > 0:
        verdict = "supported"
    elif ma0 < 0 and ma90 > 0:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    return Verdict(verdict, {"ma0_mm": ma0, "ma90_mm": ma90,
                             "cross_deg": cross[0] if cross else float("nan")})
