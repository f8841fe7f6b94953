"""Command line of the capsule model (registered in ``widgets.__main__.COMMAND_MODULES``).

    python -m widgets ligaments --out ligaments.csv --flexion -20:120:10 --laxity 1.03
    python -m widgets rom --flexion 90 --laxity 0.96 [--json]

Same pose options, conventions and errors as ``export``.
"""

from __future__ import annotations

import csv
import json
import sys

import numpy as np

from .__main__ import MAX_POSES, _num, add_pose_options
from .model.capsule import DIRECTIONS, LAXITY_RANGE, CapsuleModel, laxity_levels, parameters

LIGAMENT_COLUMNS = ["ligament", "flexion_deg", "adduction_deg", "rotation_deg", "knee_deg",
                    "length_m", "strain", "taut",
                    # extra columns after the fixed ones
                    "slack_length_m", "force_n", "ma_flex_m", "ma_add_m", "ma_rot_m", "laxity"]
ROM_WORDS = {
    "flexion": "flexion", "extension": "extension", "adduction": "adduction",
    "abduction": "abduction", "internal_rotation": "internal rotation",
    "external_rotation": "external rotation",
}


def _laxity_help():
    lo, hi = LAXITY_RANGE
    return (f"capsule laxity: a scale on every ligament's slack length, from {lo:g} to {hi:g}; "
            "1 = the model's typical hip, lower = stiffer, higher = laxer (default 1)")


def ligaments(args):
    grids = [getattr(args, k) for k in ("flexion", "adduction", "rotation", "knee")]
    n = int(np.prod([g.size for g in grids]))
    if n > MAX_POSES:
        raise ValueError(f"the pose grid has {n} poses; at most {MAX_POSES} are allowed")
    model = CapsuleModel(args.laxity)
    mesh = [m.ravel() for m in np.meshgrid(*grids, indexing="ij")]
    r = model.evaluate(*mesh)
    out = open(args.out, "w", newline="") if args.out != "-" else sys.stdout
    try:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(LIGAMENT_COLUMNS)
        for i in range(r.n_poses):
            for j, lig in enumerate(r.ligament_ids):
                w.writerow([lig, *(_num(mesh[c][i], "g") for c in range(4)),
                            _num(r.length_m[i, j], ".6f"), _num(r.strain[i, j], ".6f"),
                            int(r.taut[i, j]), _num(r.slack_length_m[j], ".6f"),
                            _num(r.force_n[i, j], ".3f"),
                            *(_num(v, ".6f") for v in (r.ma_flex_m[i, j], r.ma_add_m[i, j],
                                                       r.ma_rot_m[i, j])),
                            _num(model.laxity, "g")])
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != "-":
        print(f"wrote {r.n_poses * len(r.ligament_ids)} rows ({r.n_poses} poses x "
              f"{len(r.ligament_ids)} ligaments) to {args.out}", file=sys.stderr)


def rom_rows(model, torque, pose):
    """One dict per direction: what ``rom --json`` prints."""
    rows = []
    for d, r in model.rom_all(torque, **pose).items():
        rows.append({
            "direction": d, "range_deg": None if r.angle_deg is None else round(abs(r.angle_deg), 2),
            "angle_deg": None if r.angle_deg is None else round(r.angle_deg, 2),
            "limited_by": r.limiter,
            "limiter_strain": None if r.limiter is None else round(r.strains[r.limiter], 5),
            "beyond_deg": None if r.angle_deg is not None else r.limit_deg,
            "torque_nm": torque, "laxity": model.laxity, "held": r.pose,
        })
    return rows


def rom(args):
    model = CapsuleModel(args.laxity)
    pose = {k: getattr(args, k) for k in ("flexion", "adduction", "rotation", "knee")}
    rows = rom_rows(model, args.torque, pose)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return
    names = {i: model.info(i)["name"] for i in model.ids}
    levels = laxity_levels()
    label = next((k for k, v in levels.items() if abs(v - model.laxity) < 5e-4), None)
    print(f"Range of motion of the hip capsule in this model, at a passive moment of "
          f"{args.torque:g} N m; laxity {model.laxity:g}" + (f" ({label})" if label else "")
          + ". Each direction starts from 0 of its own angle; the other angles are held at "
          + ", ".join(f"{k} {_num(v, 'g')} deg" for k, v in pose.items()) + ".")
    for row in rows:
        word = ROM_WORDS[row["direction"]]
        if row["range_deg"] is None:
            print(f"  {word:18s} not stopped by the capsule within the model's range "
                  f"(to {row['beyond_deg']:g} deg)")
        else:
            print(f"  {word:18s} {row['range_deg']:6.1f} deg   limited by "
                  f"{names[row['limited_by']]} (strain {100 * row['limiter_strain']:.1f} %)")


def register(sub):
    """Add the ``ligaments`` and ``rom`` subcommands to the package's command line."""
    lig = sub.add_parser(
        "ligaments", help="write capsular ligament lengths, strains and forces over a grid of poses",
        description=(
            "Evaluate every capsular ligament over a grid of hip and knee angles and write one CSV "
            "row per ligament per pose. The grid is the Cartesian product of the four angle "
            "options; an omitted angle is 0. Conventions: degrees; hip flexion, adduction and "
            "internal rotation positive; strain = length / slack length - 1, taut = strain > 0 "
            "(1) else 0; force in N; moment arms -dL/dangle in metres. Columns: "
            + ", ".join(LIGAMENT_COLUMNS) + "."))
    add_pose_options(lig)
    lig.add_argument("--out", required=True, metavar="FILE.csv",
                     help="output CSV file ('-' for stdout)")
    lig.add_argument("--laxity", type=float, default=1.0, metavar="X", help=_laxity_help())
    lig.set_defaults(func=ligaments)

    rm = sub.add_parser(
        "rom", help="print the hip's range of motion in each direction and what limits it",
        description=(
            "For each direction (flexion, extension, adduction, abduction, internal and external "
            "rotation) print the angle at which the capsule's passive moment reaches the stated "
            "torque, and the ligament that makes most of that moment. Each direction starts from 0 "
            "of its own angle with the other angles held at the given values (e.g. --flexion 90 "
            "gives the rotations of a seated test). Conventions as for export."))
    add_pose_options(rm, grid=False)
    rm.add_argument("--laxity", type=float, default=1.0, metavar="X", help=_laxity_help())
    rm.add_argument("--torque", type=float, default=parameters()["rom_torque"], metavar="NM",
                    help="passive moment that ends the range, N m, from 0.5 to 30 (default: "
                    f"{parameters()['rom_torque']:g}, the torque of the cadaver study the model is "
                    "checked against)")
    rm.add_argument("--json", action="store_true", help="print JSON (one object per direction)")
    rm.set_defaults(func=rom)


__all__ = ["register", "ligaments", "rom", "rom_rows", "LIGAMENT_COLUMNS", "DIRECTIONS"]
