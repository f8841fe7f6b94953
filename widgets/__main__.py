"""Command line of the hip course package.

    python -m widgets export --out table.csv --flexion -20:120:10 --knee 0,90
    python -m widgets bench
"""

import argparse
import csv
import importlib
import sys
import time

import numpy as np

from .model import FEMUR_RANGES, RANGES, HipModel

EXPORT_COLUMNS = ["muscle", "reference_name", "flexion_deg", "adduction_deg", "rotation_deg",
                  "knee_deg", "length_m", "ma_flex_m", "ma_add_m", "ma_rot_m",
                  # extra columns after the fixed ones
                  "ma_knee_m", "length_change_mm", "length_change_pct", "action"]
MAX_POSES = 1_000_000
#: Topic modules that add their own subcommands: each has ``register(subparsers)`` and may use
#: :func:`parse_angles` and :func:`add_pose_options` from here, so every command takes the
#: same pose options with the same conventions and errors.
COMMAND_MODULES = ("widgets.glutes", "widgets.foot_hip_cli", "widgets.capsule_cli",
                   "widgets.assignments")


def parse_angles(name, text):
    """'30' -> [30]; 'START:STOP:STEP' -> START..STOP (STOP included); 'A,B,C' -> a list."""
    lo, hi = RANGES[name]
    help_ = (f"--{name} takes one value, a comma-separated list, or START:STOP:STEP in degrees "
             f"(STOP included), within [{lo:g}, {hi:g}]")
    try:
        if ":" in text:
            parts = [float(p) for p in text.split(":")]
            if len(parts) != 3:
                raise ValueError
            start, stop, step = parts
            if step <= 0 or stop < start:
                raise argparse.ArgumentTypeError(
                    f"{help_}; got {text!r} (STEP must be > 0 and STOP >= START)")
            count = int(np.floor((stop - start) / step + 1e-9)) + 1
            values = start + step * np.arange(count)
        else:
            values = np.array([float(p) for p in text.split(",")])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{help_}; got {text!r}") from None
    bad = values[(values < lo) | (values > hi) | ~np.isfinite(values)]
    if bad.size:
        raise argparse.ArgumentTypeError(f"{help_}; got {text!r}, which includes {bad[0]:g}")
    return np.round(values, 9)


def _num(value, spec):
    """Format a number without printing a negative zero."""
    text = format(float(value), spec)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def add_pose_options(parser, names=("flexion", "adduction", "rotation", "knee"), grid=True):
    """The four joint-angle options, as ``export`` takes them (degrees, checked ranges).

    With ``grid=False`` each option takes one value only."""
    for name in names:
        lo, hi = RANGES[name]
        what = {"flexion": "hip flexion (+) / extension (-)",
                "adduction": "hip adduction (+) / abduction (-)",
                "rotation": "hip internal (+) / external (-) rotation",
                "knee": "knee flexion (+)"}[name]
        if grid:
            parser.add_argument(
                f"--{name}", type=lambda t, n=name: parse_angles(n, t), default=np.array([0.0]),
                metavar="DEG", help=f"{what} in degrees, from {lo:g} to {hi:g}: one value, "
                "A,B,C, or START:STOP:STEP with STOP included (default 0)")
        else:
            parser.add_argument(
                f"--{name}", type=lambda t, n=name: _one_angle(n, t), default=0.0, metavar="DEG",
                help=f"{what} in degrees, from {lo:g} to {hi:g} (default 0)")


def _one_angle(name, text):
    values = parse_angles(name, text)
    if values.size != 1:
        raise argparse.ArgumentTypeError(f"--{name} takes one value here; got {text!r}")
    return float(values[0])


def export(args):
    grids = [getattr(args, k) for k in ("flexion", "adduction", "rotation", "knee")]
    n = int(np.prod([g.size for g in grids]))
    if n > MAX_POSES:
        sys.exit(f"error: the pose grid has {n} poses; at most {MAX_POSES} are allowed")
    mesh = [m.ravel() for m in np.meshgrid(*grids, indexing="ij")]
    model = HipModel(anteversion_deg=args.anteversion, neck_shaft_deg=args.neck_shaft)
    res = model.evaluate(*mesh, muscles=args.muscles)
    ma = res.moment_arms()
    actions = res.actions()
    out = open(args.out, "w", newline="") if args.out != "-" else sys.stdout
    try:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(EXPORT_COLUMNS)
        for i in range(res.n_poses):
            for j, mid in enumerate(res.muscle_ids):
                w.writerow([mid, res.reference_names[j], *(_num(mesh[c][i], "g") for c in range(4)),
                            *(_num(v, ".6f") for v in (res.length_m[i, j], *ma[i, j])),
                            _num(res.length_change_mm[i, j], ".3f"),
                            _num(res.length_change_pct[i, j], ".3f"), actions[i][j]])
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != "-":
        print(f"wrote {res.n_poses * len(res.muscle_ids)} rows ({res.n_poses} poses x "
              f"{len(res.muscle_ids)} muscles) to {args.out}", file=sys.stderr)


def bench(args):
    """Time the model on random poses and, when OpenSim is available, OpenSim too."""
    rng = np.random.default_rng(args.seed)
    n = args.poses
    lo, hi = zip(*(RANGES[k] for k in ("flexion", "adduction", "rotation")))
    poses = rng.uniform(lo, hi, size=(n, 3))
    model = HipModel()
    model.evaluate(*poses[:10].T)                        # warm-up
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        res = model.evaluate(*poses.T)
        times.append(time.perf_counter() - t)
    best, median = min(times), float(np.median(times))
    per_pose = median / n
    print(f"hip model: {n} random poses, {len(res.muscle_ids)} muscles, lengths + 3 hip moment arms "
          f"(+ knee): median {median * 1000:.1f} ms, best {best * 1000:.1f} ms over {args.repeat} runs "
          f"(target <= 50 ms) -> {per_pose * 1e6:.2f} us per pose")
    try:
        from .tools.opensim_timing import time_opensim
        import opensim  # noqa: F401
    except ImportError:
        print("OpenSim: not installed here (pip install opensim, plus the gait2392 file) - "
              "ratio not measured")
        return
    from pathlib import Path

    osim = Path(args.osim)
    if not osim.exists():
        print(f"OpenSim: model file {osim} not found - ratio not measured")
        return
    sub = poses[: args.opensim_poses]
    o = time_opensim(sub, str(osim))
    ratio = o["per_pose_s"] / per_pose
    print(f"OpenSim {o['opensim_version']}: {o['n_poses']} of the same poses, 27 muscles: "
          f"{o['per_pose_s'] * 1000:.2f} ms per pose")
    print(f"throughput ratio (model / OpenSim, per pose, same run): {ratio:,.0f}x (target >= 1,000x)")


def _join_negative_values(argv):
    """Let '--flexion -20:120:10' through: argparse would read '-20:120:10' as an option."""
    out, i = [], 0
    angle_options = {"--flexion", "--adduction", "--rotation", "--knee", "--anteversion", "--neck-shaft"}
    while i < len(argv):
        if argv[i] in angle_options and i + 1 < len(argv) and argv[i + 1][:1] == "-" \
                and argv[i + 1][1:2].isdigit():
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m widgets",
                                     description="The hip course's hip model on the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "export", help="write muscle lengths and moment arms over a grid of poses to CSV",
        description=(
            "Evaluate every muscle over a grid of hip and knee angles and write one CSV row per "
            "muscle per pose. The grid is the Cartesian product of the four angle options; an "
            "omitted angle is 0. Conventions: degrees; hip flexion, adduction and internal "
            "rotation positive; knee flexion positive; moment arms are -dL/dangle in metres "
            "(positive = flexor, adductor, internal rotator, knee flexor). Columns: "
            + ", ".join(EXPORT_COLUMNS) + "."))
    add_pose_options(ex)
    ex.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV file ('-' for stdout)")
    ex.add_argument("--muscles", nargs="+", metavar="ID", default=None,
                    help="only these muscle ids (default: all 30)")
    ex.add_argument("--anteversion", type=float, default=None, metavar="DEG",
                    help="femoral anteversion, %g to %g deg (default: the cited typical value)"
                    % FEMUR_RANGES["anteversion_deg"])
    ex.add_argument("--neck-shaft", type=float, default=None, metavar="DEG",
                    help="femoral neck-shaft angle, %g to %g deg (default: the cited typical value)"
                    % FEMUR_RANGES["neck_shaft_deg"])
    ex.set_defaults(func=export)
    be = sub.add_parser("bench", help="time the model (and OpenSim, if installed) on random poses",
                        description="Print the time to evaluate every muscle's length and hip moment "
                        "arms for random poses, and OpenSim's per-pose time for comparison when the "
                        "opensim package and the gait2392 model file are available.")
    be.add_argument("--poses", type=int, default=10_000, help="number of random poses (default 10000)")
    be.add_argument("--repeat", type=int, default=15, help="timed runs (default 15)")
    be.add_argument("--seed", type=int, default=0)
    be.add_argument("--opensim-poses", type=int, default=200,
                    help="poses timed with OpenSim (a subset of the same poses; default 200)")
    be.add_argument("--osim", default="../shared/reference/opensim/gait2392_thelen2003muscle.osim",
                    help="path to gait2392_thelen2003muscle.osim")
    be.set_defaults(func=bench)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        args.func(args)
    except (ValueError, TypeError) as exc:   # the model's own clear messages
        parser.exit(2, f"error: {exc}\n")


if __name__ == "__main__":
    main()
