"""Convert gait2392's bone surfaces (VTK XML PolyData, .vtp) into compact package data.

    python widgets/tools/import_bones.py [--geometry ../shared/reference/opensim/geometry]

Writes ``widgets/data/bones/<bone>.json``: vertices (m, in the gait2392 body frame: x
forward, y up, z right) and triangles (polygons fan-triangulated), with provenance. The
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geometry", default=str(ROOT.parent / "shared/reference/opensim/geometry"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (file, body) in BONES.items():
        path = Path(args.geometry) / file
        verts, tris = read_vtp(path)
        data = {
            "name": name, "body": body, "units": "m",
            "frame": f"gait2392 {body} body frame (x forward, y up, z right)",
            "source_file": f"opensim-models/Geometry/{file}",
            "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "derived_by": "widgets/tools/import_bones.py",
            "licence": "CC BY 3.0", "credit": CREDIT,
            "vertices": verts, "faces": tris,
        }
        (OUT / f"{name}.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")
        print(f"{name}: {len(verts)} vertices, {len(tris)} triangles")


if __name__ == "__main__":
    main()
