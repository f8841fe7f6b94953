"""Export a path model's data for the JavaScript path kernel (``widgets/static/pathkernel.js``).

The browser evaluates the same paths as :class:`widgets.model.hip.PathModel` from the same
tables (``path_points.csv``-style path table, ``splines.csv``, ``femur.csv``): this module
copies the table values the kernel needs into one JSON-ready dict; the kernel repeats the
Python model's computation (femur transform, hip rotations, knee splines, moving points,
wraps, analytic moment arms). Any :class:`PathModel` (muscles, capsular ligaments, ...)
exports the same way: ``kernel_data(model)`` or ``model.export_kernel_data()``.

Schema (``"schema": "hip-course-pathkernel/1"``; lengths in metres, angles in degrees, as in
the tables):

``ids``
    path ids in model order; ``item``: what a path is (``"muscle"``, ``"ligament"``).
``hip_centre``
    [x, y, z] of the hip joint centre in the pelvis frame (the femur frame's origin).
``anchors``
    one entry per path-table row (joint-centre row excluded), in table order:
    ``path`` (index into ``ids``), ``body`` (``"pelvis"``, ``"femur"`` or ``"tibia"``),
    ``kind`` (``"fixed"``, ``"moving"``, ``"sphere_wrap"``, ``"cylinder_wrap"``), ``xyz``
    (body frame; femur points are the *measured* femur's, the kernel reshapes them),
    ``splines`` ([x, y, z] spline names, moving points only), ``radius`` and ``axis``
    (wraps only; axis [0, 0, 0] for a sphere). A path is its anchors in order; a wrap sits
    between the two points before and after it.
``splines``
    ``{name: {"knee_deg": [...], "value_m": [...]}}``, knots of gait2392's knee functions
    (``splines.csv``), knee angle increasing. ``knee``: the names of the tibia origin's x
    and y functions (``{"tx": ..., "ty": ...}``).
``femur``
    the femur table's values the transform needs: ``anteversion_deg`` and
    ``neck_shaft_deg`` (measured: the transform is the identity there), ``shaft_axis``,
    ``neck_axis``, ``shaft_point``, ``twist_top``, ``twist_bottom``, ``neck_bend_length``;
    ``default``: the angles of the exported model (``{"anteversion": .., "neck_shaft": ..}``).
``ranges``
    valid joint angles ``{flexion, adduction, rotation, knee: [lo, hi]}`` and femur angles
    ``{anteversion, neck_shaft: [lo, hi]}`` (degrees); the kernel rejects anything outside.
"""

from __future__ import annotations

import numpy as np

from .checks import FEMUR_RANGES, RANGES
from .data import femur_table, read_table

SCHEMA = "hip-course-pathkernel/1"
_FEMUR_VECTORS = ("shaft_axis", "neck_axis", "shaft_point")
_FEMUR_VALUES = ("twist_top", "twist_bottom", "neck_bend_length")


def _xyz(row):
    return [float(row[c]) for c in ("x_m", "y_m", "z_m")]


def kernel_data(model) -> dict:
    """Everything ``pathkernel.js`` needs to evaluate ``model``'s paths (a JSON-ready dict).

    ``model`` is any :class:`~widgets.model.hip.PathModel`. The anchors are read again from
    the model's own path table (the measured femur's coordinates; the kernel applies the femur
    transform itself, so one export serves every anteversion and neck-shaft angle) and checked
    against the model's anchors, so the export cannot drift from what Python evaluates."""
    rows = [r for r in read_table(model.path_table) if r["kind"] != "joint_centre"]
    if len(rows) != len(model._anchors):
        raise RuntimeError("path table and model anchors disagree; rebuild the model")
    index = {m: i for i, m in enumerate(model.ids)}
    anchors, used = [], set()
    for row, a in zip(rows, model._anchors):
        entry = {"path": index[row["muscle"]], "body": row["body"], "kind": row["kind"]}
        if entry["path"] != a.path:
            raise RuntimeError(f"anchor order differs from the model at {row['muscle']}")
        if row["kind"] == "moving":
            entry["splines"] = [row[f"{c}_spline"] for c in "xyz"]
            used.update(entry["splines"])
        else:
            entry["xyz"] = _xyz(row)
        if row["kind"].endswith("_wrap"):
            entry["radius"] = float(row["radius_m"])
            entry["axis"] = ([float(row[c]) for c in ("axis_x", "axis_y", "axis_z")]
                             if row["kind"] == "cylinder_wrap" else [0.0, 0.0, 0.0])
        anchors.append(entry)
    knee = {"tx": "knee_tx", "ty": "knee_ty"}
    used.update(knee.values())
    splines = {}
    for r in read_table("splines.csv"):
        if r["spline"] in used:
            s = splines.setdefault(r["spline"], [])
            s.append((float(r["knee_deg"]), float(r["value_m"])))
    splines = {k: {"knee_deg": [p[0] for p in sorted(v)], "value_m": [p[1] for p in sorted(v)]}
               for k, v in sorted(splines.items())}
    t = femur_table()
    femur = {"anteversion_deg": float(t["anteversion"]["value"]),
             "neck_shaft_deg": float(t["neck_shaft_angle"]["value"]),
             "default": {"anteversion": model.anteversion_deg, "neck_shaft": model.neck_shaft_deg}}
    femur.update({k: _xyz(t[k]) for k in _FEMUR_VECTORS})
    femur.update({k: float(t[k]["value"]) for k in _FEMUR_VALUES})
    ranges = {k: list(v) for k, v in RANGES.items()}
    ranges.update({"anteversion": list(FEMUR_RANGES["anteversion_deg"]),
                   "neck_shaft": list(FEMUR_RANGES["neck_shaft_deg"])})
    return {
        "schema": SCHEMA,
        "item": model.item,
        "ids": list(model.ids),
        "hip_centre": [float(v) for v in np.asarray(model.hip_centre)],
        "anchors": anchors,
        "splines": splines,
        "knee": knee,
        "femur": femur,
        "ranges": ranges,
    }
