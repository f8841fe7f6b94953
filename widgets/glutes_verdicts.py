"""Verdicts of the model on the claims of chapter 1 (the gluteal muscles).

One function per ledger row whose basis includes the model, registered with
:func:`widgets.claims.model_verdict`. Each decides from the model's numbers (computed with
:mod:`widgets.glutes`) with the thresholds in its docstring, so the verdicts follow the model
when it improves; ``tests/claims`` checks the ledger against them.
"""

from __future__ import annotations

import numpy as np

from . import glutes as g
from .claims import Verdict, model_verdict
from .model import STRONG_M, WEAK_M, HipModel

def _ids(model, group):
    return g.muscles_by_group(model)[group]


def _names(model, ids):
    return ", ".join(g._name(model, m).lower() for m in ids) if ids else "none"


@model_verdict("piriformis-internal-rotator")
def piriformis_internal_rotator(model: HipModel) -> Verdict:
    """Piriformis as an internal rotator. Supported if its rotation moment arm is internal
    (> 0) both standing and at 90° of flexion; partly if only at 90°; else not supported."""
    r = model.evaluate(flexion=[0.0, 90.0], muscles=["piriformis"])
    ma0, ma90 = (float(v) * 1000 for v in r.ma_rot_m[:, 0])
    cross = g.zero_crossings(model, "piriformis", lo=g.CROSSING_RANGE[0], hi=g.CROSSING_RANGE[1])
    if ma0 > 0 and ma90 > 0:
        verdict = "supported"
    elif ma0 < 0 and ma90 > 0:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    return Verdict(verdict, {"ma0_mm": ma0, "ma90_mm": ma90,
                             "cross_deg": cross[0] if cross else float("nan")})


def _medius(model):
    ids = _ids(model, "gluteus medius")
    r = model.evaluate(flexion=[0.0, 45.0, 90.0], muscles=ids)
    return ids, r


@model_verdict("gluteus-medius-rotates-thigh-inward")
def gluteus_medius_rotates_inward(model: HipModel) -> Verdict:
    """'Gluteus medius turns the thigh toward the body', read as internal rotation.
    Supported if every compartment internally rotates (>= WEAK_M) standing; partly if some do
    standing or all do at 90°; else not supported. The numbers also say how its abduction
    moment arm compares with its rotation moment arm standing."""
    ids, r = _medius(model)
    ir0 = [m for j, m in enumerate(ids) if r.ma_rot_m[0, j] >= WEAK_M]
    ir90 = [m for j, m in enumerate(ids) if r.ma_rot_m[2, j] >= WEAK_M]
    if len(ir0) == len(ids):
        verdict = "supported"
    elif ir0 or len(ir90) == len(ids):
        verdict = "partly supported"
    else:
        verdict = "not supported"
    abd = -float(r.ma_add_m[0].mean()) * 1000
    rot = float(r.ma_rot_m[0].mean()) * 1000
    return Verdict(verdict, {"ir0_parts": _names(model, ir0), "n_ir90": len(ir90),
                             "n_parts": len(ids), "abd0_mm": abd, "rot0_mm": rot})


@model_verdict("gluteus-maximus-iliopsoas-external-rotation")
def gluteus_maximus_with_iliopsoas(model: HipModel) -> Verdict:
    """Gluteus maximus working with iliopsoas to rotate the thigh outwards. Supported if
    gluteus maximus (mean of its compartments) and iliacus and psoas all have an external
    rotation moment arm of at least WEAK_M standing; partly if gluteus maximus does and
    iliopsoas does at some flexion angle (0, 45, 90°); else not supported."""
    gmax = _ids(model, "gluteus maximus")
    r = model.evaluate(flexion=[0.0, 45.0, 90.0], muscles=gmax + ["iliacus", "psoas"])
    rot = r.ma_rot_m * 1000
    gmax0 = float(rot[0, :len(gmax)].mean())
    ilio = rot[:, len(gmax):]
    gmax_er = gmax0 <= -WEAK_M * 1000
    if gmax_er and np.all(ilio[0] <= -WEAK_M * 1000):
        verdict = "supported"
    elif gmax_er and np.any(np.all(ilio <= -WEAK_M * 1000, axis=1)):
        verdict = "partly supported"
    else:
        verdict = "not supported"
    flex = r.ma_flex_m[0] * 1000
    return Verdict(verdict, {
        "gmax_rot0_mm": gmax0, "ilio_rot_min_mm": float(ilio.min()),
        "ilio_rot_max_mm": float(ilio.max()), "gmax_flex0_mm": float(flex[:len(gmax)].mean()),
        "ilio_flex0_mm": float(flex[len(gmax):].mean())})


#: Counts as "eightfold" (a documented tolerance around the claim's factor of 8).
EIGHTFOLD = (6.0, 10.0)


@model_verdict("gluteus-medius-eightfold")
def gluteus_medius_eightfold(model: HipModel) -> Verdict:
    """Gluteus medius's internal-rotation leverage eight times larger at 90° of flexion.
    Supported if the whole muscle's ratio (mean of compartments), or any compartment's, is
    within ``EIGHTFOLD``; else not supported. A ratio is only defined where the compartment
    is an internal rotator at both angles (see :func:`g.rotation_ratio`)."""
    ids = _ids(model, "gluteus medius")
    rr = g.rotation_ratio(model, ids)
    ratios = {k: v["ratio"] for k, v in rr.items() if np.isfinite(v["ratio"])}
    hit = [k for k, v in ratios.items() if EIGHTFOLD[0] <= v <= EIGHTFOLD[1]]
    verdict = "supported" if hit else "not supported"
    ant = rr[ids[0]]
    switch = [m for m in ids if rr[m]["ma0_mm"] < 0 < rr[m]["ma1_mm"]]
    return Verdict(verdict, {
        "ant_ratio": ant["ratio"], "ant0_mm": ant["ma0_mm"], "ant90_mm": ant["ma1_mm"],
        "whole0_mm": rr["whole"]["ma0_mm"], "whole90_mm": rr["whole"]["ma1_mm"],
        "switch_parts": _names(model, switch), "n_defined": len(ratios)})


@model_verdict("gluteus-medius-all-parts-internal-rotators-flexed")
def gluteus_medius_all_parts_ir_flexed(model: HipModel) -> Verdict:
    """Every part of gluteus medius internally rotates with the hip flexed. Supported if every
    compartment has an internal-rotation moment arm of at least WEAK_M at 90°; partly if some
    do; else not supported. Numbers: the flexion beyond which the last compartment turns."""
    ids, r = _medius(model)
    ir90 = r.ma_rot_m[2] >= WEAK_M
    verdict = "supported" if ir90.all() else ("partly supported" if ir90.any() else "not supported")
    last = max((c for m in ids for c in g.zero_crossings(model, m, lo=0.0, hi=120.0)), default=0.0)
    return Verdict(verdict, {"last_cross_deg": last, "min90_mm": float(r.ma_rot_m[2].min()) * 1000})


def _share_longer(model, preset_id, ids):
    lc = g.length_changes(model, [preset_id], ids)["pct"][0]
    longer = [m for m, v in zip(ids, lc) if v >= g.SAME_PCT]
    shorter = [m for m, v in zip(ids, lc) if v <= -g.SAME_PCT]
    return lc, longer, shorter


def _glute_ids(model):
    return [m for g in g.GROUPS[:3] for m in _ids(model, g)]


@model_verdict("clamshell-keeps-glutes-short")
def clamshell_keeps_glutes_short(model: HipModel) -> Verdict:
    """Clamshells keep the glutes shortened. At the top of the clamshell preset, compared
    with standing: supported if every gluteal compartment is shorter (by at least g.SAME_PCT);
    partly if some are; not supported if none is."""
    ids = _glute_ids(model)
    lc, longer, shorter = _share_longer(model, "clamshell", ids)
    if len(shorter) == len(ids):
        verdict = "supported"
    elif shorter:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    deep = _ids(model, "deep rotators")
    dlc, _, dshort = _share_longer(model, "clamshell", deep)
    return Verdict(verdict, {"n_longer": len(longer), "n_parts": len(ids),
                             "min_pct": float(lc.min()), "max_pct": float(lc.max()),
                             "n_deep_shorter": len(dshort), "n_deep": len(deep)})


@model_verdict("squat-hinge-lengthen-glutes")
def squat_hinge_lengthen_glutes(model: HipModel) -> Verdict:
    """Squats and hinges load the glutes lengthened. At the deep-squat and single-leg-deadlift
    presets: supported if every gluteus maximus compartment is longer than standing in both
    and at least half of all gluteal compartments are; partly if gluteus maximus is longer in
    one of them; else not supported."""
    ids = _glute_ids(model)
    gmax = _ids(model, "gluteus maximus")
    out, ok_gmax, n_long = {}, [], []
    for pid in ("squat", "single_leg_deadlift"):
        lc, longer, shorter = _share_longer(model, pid, ids)
        ok_gmax.append(all(m in longer for m in gmax))
        n_long.append(len(longer))
        out[f"{pid}_gmax_min_pct"] = float(min(v for m, v in zip(ids, lc) if m in gmax))
        out[f"{pid}_n_longer"] = len(longer)
        out[f"{pid}_shorter"] = _names(model, shorter)
    if all(ok_gmax) and min(n_long) >= len(ids) / 2:
        verdict = "supported"
    elif any(ok_gmax):
        verdict = "partly supported"
    else:
        verdict = "not supported"
    out["n_parts"] = len(ids)
    return Verdict(verdict, out)


@model_verdict("gluteus-medius-abducts-extends-rotates-out")
def gluteus_medius_three_actions(model: HipModel) -> Verdict:
    """Gluteus medius abducts, extends and externally rotates. Standing: supported if every
    compartment does all three (each >= WEAK_M); not supported if none abducts; else partly."""
    ids, r = _medius(model)
    abd = [m for j, m in enumerate(ids) if r.ma_add_m[0, j] <= -WEAK_M]
    ext = [m for j, m in enumerate(ids) if r.ma_flex_m[0, j] <= -WEAK_M]
    er = [m for j, m in enumerate(ids) if r.ma_rot_m[0, j] <= -WEAK_M]
    if len(abd) == len(ext) == len(er) == len(ids):
        verdict = "supported"
    elif not abd:
        verdict = "not supported"
    else:
        verdict = "partly supported"
    ir = [m for j, m in enumerate(ids) if r.ma_rot_m[0, j] >= WEAK_M]
    return Verdict(verdict, {"n_abd": len(abd), "n_ext": len(ext), "er_parts": _names(model, er),
                             "ir_parts": _names(model, ir), "n_parts": len(ids)})


@model_verdict("gluteus-medius-longest-adducted-flexed")
def gluteus_medius_longest(model: HipModel) -> Verdict:
    """Gluteus medius is lengthened in adduction and in flexion. With the thigh adducted 20°
    and, separately, flexed 90°: supported if every compartment is longer (>= g.SAME_PCT) in
    both; partly if every compartment is longer in one of them or some in both; else not."""
    ids = _ids(model, "gluteus medius")
    r = model.evaluate(flexion=[0.0, 90.0], adduction=[20.0, 0.0], muscles=ids)
    lc = r.length_change_pct
    add_long = [m for j, m in enumerate(ids) if lc[0, j] >= g.SAME_PCT]
    flex_long = [m for j, m in enumerate(ids) if lc[1, j] >= g.SAME_PCT]
    if len(add_long) == len(flex_long) == len(ids):
        verdict = "supported"
    elif len(add_long) == len(ids) or len(flex_long) == len(ids) or (add_long and flex_long):
        verdict = "partly supported"
    else:
        verdict = "not supported"
    not_flex = [m for m in ids if m not in flex_long]
    return Verdict(verdict, {"add_min_pct": float(lc[0].min()), "add_max_pct": float(lc[0].max()),
                             "n_flex_long": len(flex_long), "n_parts": len(ids),
                             "flex_not_long": _names(model, not_flex)})


@model_verdict("internal-rotation-lengthens-glutes")
def internal_rotation_lengthens_glutes(model: HipModel) -> Verdict:
    """Internal rotation lengthens the glutes. Standing with 30° of internal rotation:
    supported if every gluteal compartment is longer (>= g.SAME_PCT); partly if some are;
    else not supported. At 90° of flexion the same test gives the second pair of numbers."""
    ids = _glute_ids(model)
    r = model.evaluate(flexion=[0.0, 90.0], rotation=[30.0, 30.0], muscles=ids)
    base = model.evaluate(flexion=[0.0, 90.0], muscles=ids)
    d0 = (r.length_m[0] / base.length_m[0] - 1) * 100
    d90 = (r.length_m[1] / base.length_m[1] - 1) * 100
    long0 = [m for m, v in zip(ids, d0) if v >= g.SAME_PCT]
    short0 = [m for m, v in zip(ids, d0) if v <= -g.SAME_PCT]
    long90 = [m for m, v in zip(ids, d90) if v >= g.SAME_PCT]
    verdict = ("supported" if len(long0) == len(ids)
               else "partly supported" if long0 else "not supported")
    return Verdict(verdict, {"n_long0": len(long0), "n_parts": len(ids),
                             "short0": _names(model, short0), "n_long90": len(long90)})


@model_verdict("anterior-gluteus-medius-internal-rotator")
def anterior_gluteus_medius_ir(model: HipModel) -> Verdict:
    """The front of gluteus medius rotates the thigh inwards. Supported if the anterior
    compartment's rotation moment arm is internal (>= WEAK_M) standing and at 90°; partly if
    at one of them; else not supported."""
    ids, r = _medius(model)
    a0, a90 = float(r.ma_rot_m[0, 0]) * 1000, float(r.ma_rot_m[2, 0]) * 1000
    ok = [a0 >= WEAK_M * 1000, a90 >= WEAK_M * 1000]
    verdict = "supported" if all(ok) else ("partly supported" if any(ok) else "not supported")
    return Verdict(verdict, {"ant0_mm": a0, "ant90_mm": a90})


@model_verdict("deep-rotators-turn-femur-out")
def deep_rotators_external(model: HipModel) -> Verdict:
    """The deep rotators, attached behind the femur, turn it outwards. Standing: supported if
    all six have an external-rotation moment arm of at least WEAK_M; partly if most do; else
    not supported."""
    deep = _ids(model, "deep rotators")
    r = model.evaluate(flexion=[0.0, 90.0], muscles=deep)
    er0 = r.ma_rot_m[0] <= -WEAK_M
    er90 = [m for j, m in enumerate(deep) if r.ma_rot_m[1, j] <= -WEAK_M]
    verdict = ("supported" if er0.all() else "partly supported" if er0.sum() > len(deep) / 2
               else "not supported")
    return Verdict(verdict, {"n_er0": int(er0.sum()), "n_deep": len(deep),
                             "min_mm": float(-r.ma_rot_m[0].max()) * 1000,
                             "max_mm": float(-r.ma_rot_m[0].min()) * 1000,
                             "er90_parts": _names(model, er90)})


@model_verdict("gluteus-medius-minimus-abduct")
def medius_minimus_abduct(model: HipModel) -> Verdict:
    """Gluteus medius and minimus pull the leg out to the side (abduction). Standing:
    supported if every compartment of both has an abduction moment arm of at least STRONG_M;
    partly if every one has at least WEAK_M; else not supported."""
    ids = _ids(model, "gluteus medius") + _ids(model, "gluteus minimus")
    r = model.evaluate(muscles=ids)
    abd = -r.ma_add_m[0] * 1000
    verdict = ("supported" if (abd >= STRONG_M * 1000).all()
               else "partly supported" if (abd >= WEAK_M * 1000).all() else "not supported")
    return Verdict(verdict, {"min_mm": float(abd.min()), "max_mm": float(abd.max()),
                             "n_parts": len(ids)})


@model_verdict("kneeling-mobilisation-stretches-glutes")
def kneeling_mobilisation_stretches(model: HipModel) -> Verdict:
    """The kneeling glute mobilisation stretches all three glutes and the deep rotators. At the
    loaded end preset (rocked back), compared with standing: supported if every gluteal
    compartment and deep rotator is longer (>= g.SAME_PCT); partly if at least half are; else
    not supported."""
    ids = g.chapter_muscles(model)
    lc, longer, shorter = _share_longer(model, "kneeling_glute_mobilisation_end", ids)
    same = [m for m in ids if m not in longer and m not in shorter]
    verdict = ("supported" if len(longer) == len(ids)
               else "partly supported" if len(longer) >= len(ids) / 2 else "not supported")
    return Verdict(verdict, {"n_longer": len(longer), "n_muscles": len(ids),
                             "shorter": _names(model, shorter), "same": _names(model, same),
                             "max_pct": float(lc.max())})
