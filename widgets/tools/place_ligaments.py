"""Place the capsular ligaments' attachments on gait2392's bone surfaces.

    python widgets/tools/place_ligaments.py

Writes ``widgets/data/ligament_points.csv`` (same format as ``path_points.csv``). Each
attachment starts as an anatomical target (below, with the description it rests on) and is
moved to the nearest point of the drawn bone surface, so that every ligament starts and ends
on the bone a reader sees. The bone surfaces are coarse (the pelvis has 125 vertices), so the
targets are described in words first and the surface point is what the model uses.

Every ligament wraps over the femoral head: a sphere about the hip centre (gait2392's hip_r
joint centre, also the centre of the femoral head) whose radius is the measured head radius
(``widgets/data/femur.csv``) plus a capsule allowance, so the ligament lies on the capsule
instead of cutting through the joint.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from widgets.model.bones import bone_surface
from widgets.model.data import femur_table, read_table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "widgets" / "data" / "ligament_points.csv"
COLUMNS = ["muscle", "order", "kind", "body", "x_m", "y_m", "z_m", "radius_m", "axis_x",
           "axis_y", "axis_z", "x_spline", "y_spline", "z_spline", "basis", "source", "note"]
#: Radius of the wrap about the hip centre: femoral head radius plus this (m). The ligaments
#: lie on the outside of the capsule, which covers the head; 2 mm keeps every attachment on the
#: acetabular rim (27-31 mm from the centre on gait2392's pelvis) outside the sphere.
CAPSULE_ALLOWANCE_M = 0.002

# (ligament, body, target (m; pelvis frame or femur frame), source keys, description)
TARGETS = [
    ("iliofemoral_lateral", "pelvis", (-0.0380, -0.0420, 0.0980), "gray1918anatomy;martin2008function",
     "Upper (lateral) band of the iliofemoral ligament, origin: the lower part of the anterior inferior "
     "iliac spine and the acetabular rim just below it."),
    ("iliofemoral_lateral", "femur", (0.0060, -0.0150, 0.0360), "gray1918anatomy;martin2008function",
     "Insertion of the upper band: the upper part of the intertrochanteric line, at the front of the "
     "base of the greater trochanter."),
    ("iliofemoral_medial", "pelvis", (-0.0420, -0.0470, 0.0890), "gray1918anatomy;martin2008function",
     "Lower (medial) band of the iliofemoral ligament, origin: the anterior acetabular rim below the "
     "anterior inferior iliac spine, next to the upper band."),
    ("iliofemoral_medial", "femur", (0.0030, -0.0520, 0.0260), "gray1918anatomy;martin2008function",
     "Insertion of the lower band: the lower part of the intertrochanteric line, in front of and "
     "just above the lesser trochanter."),
    ("pubofemoral", "pelvis", (-0.0470, -0.0760, 0.0640), "gray1918anatomy;martin2008function",
     "Pubofemoral ligament, origin: the superior pubic ramus and obturator crest at the "
     "antero-inferior acetabular rim."),
    ("pubofemoral", "femur", (-0.0030, -0.0380, 0.0160), "gray1918anatomy;martin2008function",
     "Insertion: the lower femoral neck above the lesser trochanter, where the ligament blends with "
     "the capsule and the lower band of the iliofemoral ligament."),
    ("ischiofemoral", "pelvis", (-0.0990, -0.0820, 0.0770), "gray1918anatomy;martin2008function",
     "Ischiofemoral ligament, origin: the ischium below and behind the acetabulum."),
    ("ischiofemoral", "femur", (-0.0120, -0.0030, 0.0270), "gray1918anatomy;ng2019hip",
     "Insertion: the back of the upper femoral neck at the base of the greater trochanter; the fibres "
     "spiral up behind the neck and blend with the zona orbicularis."),
]


def closest_point(p, verts, faces):
    """Nearest point of a triangle mesh to p (exact, by clamped barycentric projection)."""
    a, b, c = (verts[faces[:, i]] for i in range(3))
    best, best_d = None, np.inf
    for tri in zip(a, b, c):
        q = _closest_on_triangle(p, *tri)
        d = np.linalg.norm(q - p)
        if d < best_d:
            best, best_d = q, d
    return best, best_d


def _closest_on_triangle(p, a, b, c):
    # Ericson, Real-Time Collision Detection, 5.1.5 (region tests)
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = ab @ ap, ac @ ap
    if d1 <= 0 and d2 <= 0:
        return a
    bp = p - b
    d3, d4 = ab @ bp, ac @ bp
    if d3 >= 0 and d4 <= d3:
        return b
    vc = d1 * d4 - d3 * d2
    if vc <= 0 and d1 >= 0 and d3 <= 0:
        return a + d1 / (d1 - d3) * ab
    cp = p - c
    d5, d6 = ab @ cp, ac @ cp
    if d6 >= 0 and d5 <= d6:
        return c
    vb = d5 * d2 - d1 * d6
    if vb <= 0 and d2 >= 0 and d6 <= 0:
        return a + d2 / (d2 - d6) * ac
    va = d3 * d6 - d5 * d4
    if va <= 0 and (d4 - d3) >= 0 and (d5 - d6) >= 0:
        return b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b)
    denom = 1.0 / (va + vb + vc)
    return a + ab * (vb * denom) + ac * (vc * denom)


def rows():
    hip = next(r for r in read_table("path_points.csv") if r["kind"] == "joint_centre")
    centre = np.array([float(hip[c]) for c in ("x_m", "y_m", "z_m")])
    radius = float(femur_table()["head_radius"]["value"]) + CAPSULE_ALLOWANCE_M
    surfaces = {"pelvis": bone_surface("pelvis_r"), "femur": bone_surface("femur_r")}
    out, order = [], {}
    for lig, body, target, source, text in TARGETS:
        verts, faces, _ = surfaces[body]
        p, moved = closest_point(np.array(target), np.asarray(verts), np.asarray(faces))
        n = order.get(lig, 0) + 1
        if body == "femur":               # the wrap sits between the two attachments
            out.append([lig, n, "sphere_wrap", "pelvis", *_fmt(centre), f"{radius:.4f}", "", "", "",
                        "", "", "", "anatomical_estimate", "ng2019hip",
                        "Wrap over the femoral head and capsule: a sphere about the hip centre, radius "
                        "= the measured femoral head radius (femur.csv) + 2 mm of capsule "
                        "(widgets/tools/place_ligaments.py)."])
            n += 1
        order[lig] = n
        out.append([lig, n, "fixed", body, *_fmt(p), "", "", "", "", "", "", "",
                    "anatomical_estimate", source,
                    f"{text} Target moved {moved * 1000:.1f} mm onto gait2392's {body} surface "
                    "(widgets/tools/place_ligaments.py)."])
    return out


def _fmt(v):
    return [f"{x:.4f}" for x in v]


def main():
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows())
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
