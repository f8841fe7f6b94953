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
                                 longest=c.longest.lower(), longest_mm=c.longest_mm[1]))


@model_verdict("hip-sag-loads-joint")
def sag_loads_joint(model: HipModel) -> Verdict:
    """A sagging (dropped) pelvis, held by the abductors, loads the hip joint more here."""
    stance = StanceModel(model)
    r0, r1 = stance.solve(), stance.solve(pelvic_drop=5.0)
    verdict = "partly supported" if r1.joint_force_n > r0.joint_force_n else "not supported"
    return Verdict(verdict, dict(f0=r0.abductor_force_bw, f1=r1.abductor_force_bw,
                                 j0=r0.joint_force_bw, j1=r1.joint_force_bw, drop=5.0))


# ------------------------------------------------------------------ the chapter's numbers
def _f(value, spec):
    """A number as the page shows it (no negative zero)."""
    text = format(float(value), spec)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def strong_actions(model: HipModel, threshold_mm=15.0):
    """Muscles that abduct, and that rotate externally, with a moment arm of at least
    ``threshold_mm`` standing (all angles 0): the muscles pressing the legs outward recruits."""
    r = model.evaluate()
    name = lambda m: model.muscle_info(m)["name"]
    abd = [name(m) for m, v in zip(r.muscle_ids, r.ma_add_m[0]) if -v * 1000 >= threshold_mm]
    ext = [name(m) for m, v in zip(r.muscle_ids, r.ma_rot_m[0]) if -v * 1000 >= threshold_mm]
    return abd, ext


def chapter_numbers(stance: StanceModel, chain: FootHipChain) -> dict:
    """Every model number the chapter prints, formatted as printed (name -> str)."""
    out = {}
    c = chain.coupling["tibia_per_eversion"]
    out.update(c_mid=_f(c["value"], ".2f"), c_lo=_f(c["low"], ".2f"), c_hi=_f(c["high"], ".2f"))
    s = chain_summary(chain, 10.0)
    out.update(tib_lo=_f(s.tibia_deg[0], ".1f"), tib_mid=_f(s.tibia_deg[1], ".1f"),
               tib_hi=_f(s.tibia_deg[2], ".1f"), longest=s.longest.lower(),
               longest_mm=_f(s.longest_mm[1], ".1f"), longest_lo=_f(s.longest_mm[0], ".1f"),
               longest_hi=_f(s.longest_mm[2], ".1f"), shortest=s.shortest.lower(),
               shortest_mm=_f(-s.shortest_mm[1], ".1f"))
    base = stance.solve()
    turned = stance.solve(rotation=s.femur_deg[1])
    out.update(ma0=_f(base.abductor_moment_arm_m * 1000, ".1f"),
               ma_ir=_f(turned.abductor_moment_arm_m * 1000, ".1f"),
               abd_ir=_f(turned.abductor_force_bw, ".2f"))
    abd, ext = strong_actions(chain.hip)
    out.update(n_abductors=str(len(abd)), abductors=", ".join(abd).lower(),
               external=", ".join(ext).lower())
    g = stance.body["gravity"]
    out.update(mass=_f(stance.default_body_mass, ".1f"), bw_n=_f(base.body_weight_n, ".0f"),
               above_pct=_f(100 * base.superincumbent_weight_n / base.body_weight_n, ".0f"),
               abd_bw=_f(base.abductor_force_bw, ".2f"), abd_n=_f(base.abductor_force_n, ".0f"),
               joint_bw=_f(base.joint_force_bw, ".2f"), joint_n=_f(base.joint_force_n, ".0f"),
               r_mm=_f(base.abductor_moment_arm_m * 1000, ".1f"),
               d_mm=_f(base.body_weight_moment_arm_m * 1000, ".1f"),
               lever_ratio=_f(base.body_weight_moment_arm_m / base.abductor_moment_arm_m, ".1f"),
               above_ratio=_f(base.abductor_force_n / base.superincumbent_weight_n, ".1f"),
               abd_angle=_f(base.abductor_angle_deg, ".0f"),
               joint_angle=_f(base.joint_force_angle_deg, ".0f"),
               bergmann=_f(BERGMANN_WALKING_BW, ".2f"),
               vs_bergmann=_f(100 * (base.joint_force_bw / BERGMANN_WALKING_BW - 1), ".0f"),
               hand_cm=_f(stance.body["hand_lateral"] * 100, ".0f"),
               g=_f(g, ".2f"))
    rows = {r["label"]: r for r in scenario_table(stance)}
    lbl = list(rows)
    pick = lambda i, k: _f(abs(rows[lbl[i]][k]), ".0f")
    out.update(lean_abd=pick(1, "abductor_change_pct"), lean_joint=pick(1, "joint_change_pct"),
               cane_abd=pick(5, "abductor_change_pct"), cane_joint=pick(5, "joint_change_pct"),
               load_opp_abd=pick(3, "abductor_change_pct"), load_same_abd=pick(4, "abductor_change_pct"),
               cane_same_abd=pick(6, "abductor_change_pct"),
               load_kg=_f(round(LOAD_FRACTION * stance.default_body_mass, 1), "g"),
               cane_n=_f(round(CANE_FRACTION * stance.default_body_mass * g), ".0f"),
               lean_deg=_f(LEAN_DEG, ".0f"))
    w50, w70 = stance.weakness(0.5), stance.weakness(0.7)
    top = stance.solve(lean=20.0)
    out.update(lean50=_f(w50.lean_needed_deg, ".1f"), lean70=_f(w70.lean_needed_deg, ".1f"),
               min_fraction=_f(100 * top.required_moment_nm / base.required_moment_nm, ".0f"))
    d5, d10 = stance.solve(pelvic_drop=5.0), stance.solve(pelvic_drop=10.0)
    out.update(drop5_abd=_f(d5.abductor_force_bw, ".2f"), drop5_joint=_f(d5.joint_force_bw, ".2f"),
               drop10_pct=_f(100 * (d10.abductor_force_n / base.abductor_force_n - 1), ".0f"),
               drop_r10=_f(d10.abductor_moment_arm_m * 1000, ".1f"),
               drop_d10=_f(d10.body_weight_moment_arm_m * 1000, ".1f"))
    return out


def scenario_markdown(stance: StanceModel) -> str:
    """The scenario comparison as a Markdown table (rendered as MyST on the page)."""
    lines = ["| Posture (this model) | Abductor force | Hip joint force | Change in abductor force |",
             "|---|---|---|---|"]
    for r in scenario_table(stance):
        res = r["result"]
        change = "—" if not r["inputs"] else f"{r['abductor_change_pct']:+.0f} %"
        lines.append(f"| {r['label']} | {res.abductor_force_n:.0f} N ({res.abductor_force_bw:.2f} × BW) "
                     f"| {res.joint_force_n:.0f} N ({res.joint_force_bw:.2f} × BW) | {change} |")
    return "\n".join(lines)
