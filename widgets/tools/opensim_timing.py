"""Time OpenSim on the course's hip workload, as the baseline a numpy model is compared with.

The workload per pose: set the three right-hip coordinates (knee at 0), realize position, then for
each hip-crossing muscle read its path length and its three hip moment arms. Model loading and
initSystem are excluded from the timing: they are paid once, not per pose.

OpenSim is imported inside time_opensim so that this module imports without OpenSim installed.

    python widgets/tools/opensim_timing.py [--osim PATH] [--n 200] [--seed 0]
"""

import argparse
import math
import time
from pathlib import Path

import numpy as np

DEFAULT_OSIM = Path(__file__).resolve().parents[3] / "shared/reference/opensim/gait2392_thelen2003muscle.osim"

try:  # the 27 hip-crossing muscles, listed once in the reference-table script
    from .make_opensim_reference import HIP_MUSCLES
except ImportError:  # run as a plain script
    from make_opensim_reference import HIP_MUSCLES


def time_opensim(poses_deg, osim_path, muscles=None):
    """Time lengths + hip moment arms of `muscles` (default: the 27 hip muscles) at each pose.

    poses_deg: (n, 3) array of hip flexion, adduction, rotation in degrees; knee stays at 0.
    Returns {'n_poses', 'seconds', 'per_pose_s', 'opensim_version'}.
    """
    import opensim as osim

    poses = np.radians(np.asarray(poses_deg, dtype=float).reshape(-1, 3))
    model = osim.Model(str(osim_path))
    state = model.initSystem()
    coords = model.getCoordinateSet()
    hip = [coords.get(n) for n in ("hip_flexion_r", "hip_adduction_r", "hip_rotation_r")]
    coords.get("knee_angle_r").setValue(state, 0.0, False)
    # Look the paths up once: a fair baseline should not time name lookups.
    paths = [model.getMuscles().get(n).getGeometryPath() for n in (muscles or HIP_MUSCLES)]

    def one_pose(q):
        for c, v in zip(hip, q):
            c.setValue(state, float(v), False)  # no constraints in gait2392: nothing to enforce
        model.realizePosition(state)
        return [(gp.getLength(state), *(gp.computeMomentArm(state, c) for c in hip)) for gp in paths]

    one_pose((0.0, 0.0, 0.0))  # warm-up, untimed: first-call caches are not per-pose cost
    t0 = time.perf_counter()
    for q in poses:
        one_pose(q)
    seconds = time.perf_counter() - t0
    n = len(poses)
    return {"n_poses": n, "seconds": seconds, "per_pose_s": seconds / n if n else math.nan,
            "opensim_version": osim.GetVersionAndDate()}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--osim", type=Path, default=DEFAULT_OSIM)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    # Uniform over the course's hip range: flexion -20..120, adduction -40..30, rotation -40..40.
    poses = rng.uniform([-20, -40, -40], [120, 30, 40], size=(args.n, 3))
    r = time_opensim(poses, args.osim)
    print(f"OpenSim {r['opensim_version']}: {r['n_poses']} poses x {len(HIP_MUSCLES)} muscles "
          f"in {r['seconds']:.3f} s = {1e3 * r['per_pose_s']:.2f} ms per pose")
