"""Command line of chapter 4: single-leg stance and the foot-hip chain.

    python -m widgets stance --body-mass 70 --lean 5 --load 10 --load-side opposite --json
    python -m widgets chain --eversion 0,5,10 --adduction 5

Registered in ``widgets.__main__.COMMAND_MODULES``; bad input gets one line on stderr and
exit status 2 (the model's own messages, which name the parameter, the value and the range).
"""

from __future__ import annotations

import csv
import json
import sys

import numpy as np

from .__main__ import _num, add_pose_options
from .model.chain import EVERSION_RANGE, FootHipChain
from .model.stance import LIMITS, SIDES, StanceModel

CHAIN_COLUMNS = [
    "eversion_deg", "adduction_deg",
    "tibia_rotation_deg", "tibia_rotation_low_deg", "tibia_rotation_high_deg",
    "femur_rotation_deg", "femur_rotation_low_deg", "femur_rotation_high_deg",
    "muscle", "length_change_mm", "length_change_low_mm", "length_change_high_mm",
    "length_change_pct", "abduction_moment_arm_mm", "abduction_moment_arm_low_mm",
    "abduction_moment_arm_high_mm",
]
JSON_KEYS = ("abductor_force_n", "abductor_force_bw", "joint_force_n", "joint_force_bw",
             "abductor_moment_arm_m", "body_weight_moment_arm_m")


def _one_line_errors(parser):
    """argparse's own errors (a missing value, ...) as one line too, exit status 2."""
    def error(message):
        parser.exit(2, f"{parser.prog}: error: {message}\n")
    parser.error = error


def _number(option, text, unit):
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{option} takes a number in {unit}; got {text!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{option} takes a finite number in {unit}; got {text!r}")
    return value


def _side(option, text):
    if text not in SIDES:
        raise ValueError(f"{option} must be 'stance' or 'opposite'; got {text!r}")
    return text


def parse_eversion(text):
    """'10' -> [10]; 'A,B,C'; or 'START:STOP:STEP' with STOP included (degrees)."""
    lo, hi = EVERSION_RANGE
    help_ = (f"--eversion takes one value, A,B,C or START:STOP:STEP in degrees (STOP included), "
             f"from {lo:g} (inversion) to {hi:g}; write --eversion=-5,0,5 when the first value "
             "is negative")
    try:
        if ":" in text:
            start, stop, step = (float(p) for p in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError(f"{help_}; got {text!r} (STEP must be > 0 and STOP >= START)")
            values = start + step * np.arange(int(np.floor((stop - start) / step + 1e-9)) + 1)
        else:
            values = np.array([float(p) for p in text.split(",")])
    except ValueError as exc:
        raise ValueError(str(exc) if str(exc).startswith("--eversion") else f"{help_}; got {text!r}") from None
    bad = values[~np.isfinite(values) | (values < lo) | (values > hi)]
    if bad.size:
        raise ValueError(f"{help_}; got {text!r}, which includes {bad[0]:g}")
    return np.round(values, 9)


def run_stance(args):
    model = StanceModel()
    mass = model.default_body_mass if args.body_mass is None else _number("--body-mass", args.body_mass, "kg")
    if mass <= 0:
        raise ValueError(f"--body-mass must be a positive mass in kg; got {args.body_mass}")
    kw = dict(body_mass=mass, lean=_number("--lean", args.lean, "degrees"),
              load=_number("--load", args.load, "kg"),
              load_side=_side("--load-side", args.load_side),
              cane=_number("--cane", args.cane, "newtons"),
              cane_side=_side("--cane-side", args.cane_side), adduction=args.adduction)
    r = model.solve(**kw)
    if args.json:
        print(json.dumps({k: round(float(v), 6) for k, v in r.as_dict().items()}, indent=2))
        return
    load = f"{kw['load']:g} kg in the {kw['load_side']}-side hand" if kw["load"] else "no load"
    cane = f"cane pushing {kw['cane']:g} N in the {kw['cane_side']}-side hand" if kw["cane"] else "no cane"
    print(f"Single-leg stance, this model: body mass {mass:.1f} kg, trunk lean {kw['lean']:g} deg "
          f"(+ toward the stance leg), {load}, {cane}, hip adduction {kw['adduction']:g} deg")
    print(f"abductor force          {r.abductor_force_n:7.0f} N   {r.abductor_force_bw:5.2f} x body weight"
          f"   (line of pull {r.abductor_angle_deg:.0f} deg from vertical)")
    print(f"hip joint force         {r.joint_force_n:7.0f} N   {r.joint_force_bw:5.2f} x body weight"
          f"   (on the pelvis, {abs(r.joint_force_angle_deg):.0f} deg from vertical, pointing up and "
          f"{'inward' if r.joint_force_angle_deg >= 0 else 'outward'})")
    print(f"abductor moment arm     {r.abductor_moment_arm_m:7.4f} m   (gluteus medius and minimus, "
          "force-weighted, from the hip model at this pose)")
    print(f"body-weight moment arm  {r.body_weight_moment_arm_m:7.4f} m   (weight above the stance hip,"
          " from the hip centre to its line of action)")
    if r.adductors_needed:
        print("note: the weight passes outside the hip here, so the abductors are not needed; the "
              "adductors or passive tissues (not in this model) would have to hold the pelvis, and "
              "the joint force shown is the load alone.")


def run_chain(args):
    ev = parse_eversion(args.eversion)
    chain = FootHipChain()
    r = chain.evaluate(ev, adduction=args.adduction)
    out = open(args.out, "w", newline="") if args.out != "-" else sys.stdout
    try:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(CHAIN_COLUMNS)
        for i in range(ev.size):
            tib, fem = r.tibia_rotation_deg[i], r.femur_rotation_deg[i]
            for j, m in enumerate(r.muscle_ids):
                dl, pct, ma = r.length_change_mm[i, j], r.length_change_pct[i, j], r.abduction_moment_arm_mm[i, j]
                w.writerow([_num(ev[i], "g"), _num(r.adduction_deg, "g"),
                            *(_num(v, ".3f") for v in (tib[1], tib[0], tib[2], fem[1], fem[0], fem[2])),
                            m, *(_num(v, ".3f") for v in (dl[1], dl[0], dl[2], pct[1], ma[1], ma[0], ma[2]))])
    finally:
        if out is not sys.stdout:
            out.close()


def _narrow_help(parser, dest, text):
    """The shared pose option, with this command's narrower range in its help."""
    for action in parser._actions:
        if action.dest == dest:
            action.help = text


def register(subparsers):
    lo = {k: f"{a:g}" for k, (a, _) in LIMITS.items()}
    hi = {k: f"{b:g}" for k, (_, b) in LIMITS.items()}
    st = subparsers.add_parser(
        "stance", help="single-leg stance: hip abductor and hip joint forces",
        description=(
            "Frontal-plane statics of standing on the right leg (this model): the hip abductors' "
            "force and the hip joint force, in newtons and multiples of body weight, with the "
            "abductors' moment arm taken from the hip model at the given hip adduction and the "
            "body-weight moment arm. Masses and lengths are gait2392's, scaled to the body "
            "mass; hand positions are the model's assumptions."))
    st.add_argument("--body-mass", metavar="KG", default=None,
                    help=f"body mass in kg, {lo['body_mass']} to {hi['body_mass']} (default: gait2392's 75.16)")
    st.add_argument("--lean", metavar="DEG", default="0",
                    help=f"sideways trunk lean in degrees, + toward the stance leg, {lo['lean']} to {hi['lean']} (default 0)")
    st.add_argument("--load", metavar="KG", default="0",
                    help=f"mass carried in one hand in kg, {lo['load']} to {hi['load']} (default 0)")
    st.add_argument("--load-side", metavar="stance|opposite", default="opposite",
                    help="the hand holding the load: on the standing leg's side or the opposite one (default opposite)")
    st.add_argument("--cane", metavar="N", default="0",
                    help="downward push on a cane in newtons, 0 up to the weight of body and load (default 0)")
    st.add_argument("--cane-side", metavar="stance|opposite", default="opposite",
                    help="the hand holding the cane (default opposite)")
    add_pose_options(st, names=("adduction",), grid=False)
    _narrow_help(st, "adduction", "stance-hip adduction in degrees (+ adduction, - abduction), "
                 f"{lo['adduction']} to {hi['adduction']} in this command (default 0)")
    st.add_argument("--json", action="store_true",
                    help="print " + ", ".join(JSON_KEYS) + " as JSON")
    st.set_defaults(func=run_stance)
    _one_line_errors(st)

    ch = subparsers.add_parser(
        "chain", help="foot-hip chain: eversion -> tibial and femoral rotation -> gluteal lengths (CSV)",
        description=(
            "Calcaneal eversion (arch drop) turned into tibial and femoral internal rotation with "
            "the cited coupling (central value and its reported spread: the _low_ and _high_ "
            "columns use the low and high coupling), and the gluteal parts' length changes and "
            "abduction moment arms from the hip model at that hip rotation and the given "
            "adduction. One CSV row per eversion angle per gluteal part. Columns: "
            + ", ".join(CHAIN_COLUMNS) + "."))
    ch.add_argument("--eversion", required=True, metavar="DEG[,DEG...]",
                    help=f"calcaneal eversion in degrees (+ eversion, - inversion), {EVERSION_RANGE[0]:g} "
                    f"to {EVERSION_RANGE[1]:g}: one value, A,B,C or START:STOP:STEP (STOP included); "
                    "use --eversion=-5,0,5 when the first value is negative")
    add_pose_options(ch, names=("adduction",), grid=False)
    ch.add_argument("--out", default="-", metavar="FILE.csv", help="output file (default: standard output)")
    ch.set_defaults(func=run_chain)
    _one_line_errors(ch)
