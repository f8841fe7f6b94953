"""Chapter 4 (the foot-hip linkage and single-leg stance): the numbers the chapter shows and
the model's verdicts on the chapter's claims. No plotting here.

The models live in :mod:`widgets.model.chain` and :mod:`widgets.model.stance`; this module
runs the scenarios the chapter discusses, so the page, the notebook and the tests use the
same ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .claims import Verdict, model_verdict
from .model import HipModel
from .model.chain import FootHipChain
from .model.stance import StanceModel

#: The scenarios of the chapter's stance section: label -> keyword arguments of solve().
#: Loads and cane forces are fractions of the default body weight, as in the cane and load
#: studies (loads of 5-15 % of body weight; Neumann 1999).
LOAD_FRACTION = 0.10
CANE_FRACTION = 0.15
LEAN_DEG = 10.0


def scenarios(stance: StanceModel) -> dict:
    """The postures the chapter compares, each a dict of ``StanceModel.solve`` arguments."""
    m = stance.default_body_mass
    w = m * stance.body["gravity"]
    load = round(LOAD_FRACTION * m, 1)
    cane = round(CANE_FRACTION * w)
    return {
        "standing on one leg": {},
        f"trunk lean {LEAN_DEG:g}° toward the stance leg": dict(lean=LEAN_DEG),
        f"trunk lean {LEAN_DEG:g}° away from it": dict(lean=-LEAN_DEG),
        f"{load:g} kg in the opposite hand": dict(load=load, load_side="opposite"),
        f"{load:g} kg in the stance-side hand": dict(load=load, load_side="stance"),
        f"cane in the opposite hand ({cane:g} N)": dict(cane=cane, cane_side="opposite"),
        f"cane in the stance-side hand ({cane:g} N)": dict(cane=cane, cane_side="stance"),
    }


def scenario_table(stance: StanceModel) -> list[dict]:
    """One row per scenario: label, inputs and the forces (N and body weights)."""
    base = stance.solve()
    rows = []
    for label, kw in scenarios(stance).items():
        r = stance.solve(**kw)
        rows.append(dict(label=label, inputs=kw, result=r,
                         abductor_change_pct=100 * (r.abductor_force_n / base.abductor_force_n - 1),
                         joint_change_pct=100 * (r.joint_force_n / base.joint_force_n - 1)))
    return rows


#: Bergmann et al. 2001: the average of four patients walking at about 4 km/h loaded the hip
#: with 238 % of body weight; standing on one leg gave "slightly less" (abstract).
BERGMANN_WALKING_BW = 2.38


@dataclass(frozen=True)
class ChainSummary:
    eversion_deg: float
    tibia_deg: tuple          # low, mid, high
    femur_deg: tuple
    longest: str              # the gluteal part that lengthens most (mid coupling)
    longest_mm: tuple         # low, mid, high
    shortest: str
    shortest_mm: tuple


def chain_summary(chain: FootHipChain, eversion=10.0) -> ChainSummary:
    r = chain.evaluate([eversion])
    mid = r.length_change_mm[0, :, 1]
    i, j = int(np.argmax(mid)), int(np.argmin(mid))
    name = lambda k: chain.hip.muscle_info(r.muscle_ids[k])["name"]
    return ChainSummary(float(eversion), tuple(r.tibia_rotation_deg[0]), tuple(r.femur_rotation_deg[0]),
                        name(i), tuple(r.length_change_mm[0, i]), name(j), tuple(r.length_change_mm[0, j]))


# ----------------------------------------------------------------------- verdicts
@model_verdict("glute-med-min-level-pelvis")
def level_pelvis(model: HipModel) -> Verdict:
    """Gluteus medius and minimus are the muscles that hold the pelvis level on one leg."""
    stance = StanceModel(model)
    r = stance.solve()
    ab = model.evaluate(muscles=list(stance.muscles)).ma_add_m[0]
    all_abduct = bool(np.all(ab < 0))
    verdict = "supported" if all_abduct and r.required_moment_nm > 0 else "not supported"
    return Verdict(verdict, dict(abd_bw=r.abductor_force_bw, joint_bw=r.joint_force_bw,
                                 r_mm=r.abductor_moment_arm_m * 1000,
                                 d_mm=r.body_weight_moment_arm_m * 1000))


@model_verdict("glutes-keep-pelvis-level")
def glutes_pelvis_level(model: HipModel) -> Verdict:
    """The glutes keep the pelvis level (mechanical role), though weakness is compensated."""
    stance = StanceModel(model)
    r = stance.solve()
    w = stance.weakness(0.5)
    verdict = "supported" if r.required_moment_nm > 0 and not r.adductors_needed else "not supported"
    return Verdict(verdict, dict(abd_bw=r.abductor_force_bw,
                                 lean50=w.lean_needed_deg if w.lean_needed_deg is not None else float("nan")))


@model_verdict("feet-planted-glutes-position")
def feet_planted(model: HipModel) -> Verdict:
    """With the feet planted the abductors clearly matter for the hip; knee and foot: mixed."""
    stance = StanceModel(model)
    r = stance.solve()
    c = chain_summary(FootHipChain(model), 10.0)
    hip_role = r.abductor_force_bw > 1.0
    verdict = "partly supported" if hip_role and c.femur_deg[1] > 0 else "unverified"
    return Verdict(verdict, dict(abd_bw=r.abductor_force_bw, femur10=c.femur_deg[1]))


@model_verdict("foot-position-aligns-hip")
def foot_hip_alignment(model: HipModel) -> Verdict:
    """Foot -> hip runs one way in the model; the reverse is not shown by any study found."""
    c = chain_summary(FootHipChain(model), 10.0)
    verdict = "partly supported" if c.femur_deg[0] > 0 else "not supported"
    return Verdict(verdict, dict(tib_lo=c.tibia_deg[0], tib_hi=c.tibia_deg[2],
                                 fem_lo=c.femur_deg[0], fem_hi=c.femur_deg[2],
                                 longest=c.longest, longest_mm=c.longest_mm[1]))


@model_verdict("hip-sag-loads-joint")
def sag_loads_joint(model: HipModel) -> Verdict:
    """A sagging (dropped) pelvis, held by the abductors, loads the hip joint more here."""
    stance = StanceModel(model)
    r0, r1 = stance.solve(), stance.solve(pelvic_drop=5.0)
    verdict = "partly supported" if r1.joint_force_n > r0.joint_force_n else "not supported"
    return Verdict(verdict, dict(f0=r0.abductor_force_bw, f1=r1.abductor_force_bw,
                                 j0=r0.joint_force_bw, j1=r1.joint_force_bw, drop=5.0))
