"""Convert gait2392's bone surfaces (VTK XML PolyData, .vtp) into compact package data.

    python widgets/tools/import_bones.py [--geometry ../shared/reference/opensim/geometry]
                                         [--spine path/to/hat_spine.vtp]

Writes ``widgets/data/bones/<bone>.json``: vertices (m, in the gait2392 body frame: x
forward, y up, z right) and triangles (polygons fan-triangulated), with provenance.

``lumbar.json`` is the lumbar part of gait2392's spine surface (``hat_spine.vtp``, same
repository and commit; pass its path with ``--spine`` when it is not in the geometry folder):
the five lumbar vertebrae and the discs below them (L5/S1 up to L1), i.e. the connected
pieces of the surface whose centroid lies below ``LUMBAR_TOP_M`` in the torso frame, moved
into the pelvis frame by gait2392's back joint at zero lumbar angles (``BACK_OFFSET_M``).
gait2392 has no lumbar body; the course draws it so the psoas origin has its spine. The
meshes are CC BY 3.0 (Delp et al. 1990; the OpenSim project, Seth et al. 2018): every page
that draws them credits them. Coordinates are copied unchanged, so the muscle path points
(also in gait2392's body frames) sit on them as they do in OpenSim.
"""

import argparse
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "widgets" / "data" / "bones"
BONES = {  # output name: (file, gait2392 body)
    "pelvis_r": ("pelvis.vtp", "pelvis"),
    "pelvis_l": ("l_pelvis.vtp", "pelvis"),
    "sacrum": ("sacrum.vtp", "pelvis"),
    "femur_r": ("femur_r.vtp", "femur_r"),
    "tibia_r": ("tibia_r.vtp", "tibia_r"),
    "fibula_r": ("fibula.vtp", "tibia_r"),
}
# gait2392's back joint: torso frame = pelvis frame + this translation when the lumbar angles
# are 0 (CustomJoint "back", PhysicalOffsetFrame pelvis_offset).
BACK_OFFSET_M = (-0.1007, 0.0815, 0.0)
# Pieces of hat_spine whose centroid is below this height in the torso frame: L5/S1 disc up to
# L1 (the T12/L1 disc is at 0.135).
LUMBAR_TOP_M = 0.125
CREDIT = ("Bone surface from OpenSim's gait2392 model (Delp et al. 1990, doi 10.1109/10.102791; "
          "OpenSim, Seth et al. 2018, doi 10.1371/journal.pcbi.1006223), opensim-org/opensim-models "
          "Geometry/, commit 20a888b; licensed CC BY 3.0.")


def read_vtp(path):
    """Vertices (list of [x, y, z]) and triangles (list of [i, j, k]) of a .vtp file."""
    piece = ET.parse(path).getroot().find("PolyData/Piece")
    pts = [float(v) for v in piece.find("Points/DataArray").text.split()]
    verts = [pts[i:i + 3] for i in range(0, len(pts), 3)]
    arrays = {a.get("Name"): [int(v) for v in a.text.split()] for a in piece.find("Polys")}
    conn, offsets = arrays["connectivity"], arrays["offsets"]
    tris, start = [], 0
    for end in offsets:
        poly = conn[start:end]
        tris += [[poly[0], poly[k], poly[k + 1]] for k in range(1, len(poly) - 1)]
        start = end
    return verts, tris


def pieces(n_verts, tris):
    """Connected pieces of a triangle mesh: a list of vertex-index lists."""
    parent = list(range(n_verts))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b, c in tris:
        for x, y in ((a, b), (b, c)):
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[rx] = ry
    out = {}
    for i in range(n_verts):
        out.setdefault(find(i), []).append(i)
    return list(out.values())


def lumbar_spine(path):
    """The lumbar pieces of hat_spine.vtp in the pelvis frame (see the module docstring)."""
    verts, tris = read_vtp(path)
    keep = sorted(i for piece in pieces(len(verts), tris)
                  if sum(verts[i][1] for i in piece) / len(piece) < LUMBAR_TOP_M for i in piece)
    new = {old: k for k, old in enumerate(keep)}
    out_v = [[round(v + o, 6) for v, o in zip(verts[i], BACK_OFFSET_M)] for i in keep]
    out_t = [[new[i] for i in t] for t in tris if t[0] in new]
    return out_v, out_t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geometry", default=str(ROOT.parent / "shared/reference/opensim/geometry"))
    ap.add_argument("--spine", default=None,
                    help="hat_spine.vtp (default: in the geometry folder)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    jobs = [(name, Path(args.geometry) / file, body, read_vtp, "gait2392 {body} body frame")
            for name, (file, body) in BONES.items()]
    spine = Path(args.spine) if args.spine else Path(args.geometry) / "hat_spine.vtp"
    jobs.append(("lumbar", spine, "pelvis", lumbar_spine,
                 "gait2392 pelvis body frame (torso frame moved by the back joint at zero "
                 "lumbar angles)"))
    for name, path, body, reader, frame in jobs:
        verts, tris = reader(path)
        data = {
            "name": name, "body": body, "units": "m",
            "frame": frame.format(body=body) + " (x forward, y up, z right)",
            "source_file": f"opensim-models/Geometry/{path.name}",
            "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "derived_by": "widgets/tools/import_bones.py",
            "licence": "CC BY 3.0", "credit": CREDIT,
            "vertices": verts, "faces": tris,
        }
        (OUT / f"{name}.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")
        print(f"{name}: {len(verts)} vertices, {len(tris)} triangles")


if __name__ == "__main__":
    main()
