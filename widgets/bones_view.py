"""The bones every 3-D figure of the course draws: gait2392's surfaces (CC BY 3.0), kernel-free.

- :func:`bone_meshes`: the femur (reshaped by the model's own femur transform, so another
  anteversion or neck-shaft angle twists the drawn bone exactly as it moves the attachments)
  and the tibia with fibula; :func:`pelvis_meshes` / :func:`pelvis_traces`: the hip bones,
  sacrum, lumbar spine and the obturator membrane drawn across the foramen.
- :func:`place`: points of a body frame placed in the pelvis frame.
- :data:`LANDMARKS` / :func:`landmark_points`: named points a chapter can label.
- :data:`BONE_CREDIT`: the credit line the surfaces' licence asks for wherever they are shown.

Used by the femur explorer (:mod:`widgets.femur_view`) and the chapters' 3-D figures.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from .model import HipModel
from .model.bones import bone_surface, hole_rim
from .model.data import read_table

BONE = "#d8ccb4"
LIGHTING = dict(ambient=0.62, diffuse=0.55, specular=0.08, roughness=0.7, fresnel=0.1)
LIGHT_POSITION = dict(x=0.5e5, y=1e5, z=0.75e5)


def place(R, o, v):
    """Points ``v`` (n, 3) of a body frame in the pelvis frame, given the body's rotation ``R``
    and origin ``o`` there."""
    return v @ np.asarray(R).T + np.asarray(o)


def merge_meshes(parts):
    """Several (vertices, faces) meshes as one, faces renumbered."""
    verts, faces, off = [], [], 0
    for v, f in parts:
        verts.append(np.asarray(v, float))
        faces.append(np.asarray(f) + off)
        off += len(v)
    return np.vstack(verts), np.vstack(faces)


def bone_meshes(model: HipModel) -> dict:
    """The femur and the tibia with fibula as triangle meshes, metres: gait2392's bone surfaces
    (CC BY 3.0, see :data:`BONE_CREDIT`), the femur in the femur frame reshaped by the model's
    own femur transform (so a changed anteversion or neck-shaft angle twists the drawn bone
    exactly as it moves the muscle attachments), the tibia and fibula in the tibia frame.
    Returns ``{"femur": (vertices (n, 3), faces (k, 3)), "tibia": (...)}``."""
    fv_, ff, _ = bone_surface("femur_r")
    tv, tf, _ = bone_surface("tibia_r")
    bv, bf, _ = bone_surface("fibula_r")
    return {"femur": (model.femur.transform(fv_), np.array(ff)),
            "tibia": merge_meshes([(tv, tf), (bv, bf)])}


#: Credit line for the drawn bones (their licence asks for it wherever they are shown).
BONE_CREDIT = ("Bone surfaces: OpenSim gait2392 model (Delp et al. 1990; OpenSim, Seth et al. 2018), "
               "CC BY 3.0.")

#: The pelvis-frame surfaces drawn around the hip (all gait2392's, CC BY 3.0): both hip bones,
#: the sacrum and the lumbar spine (L5/S1 to L1; ``widgets/tools/import_bones.py``).
PELVIS_BONES = ("pelvis_r", "pelvis_l", "sacrum", "lumbar")
MEMBRANE = "#b07f86"


def obturator_membrane():
    """The obturator membrane across the right obturator foramen, as a triangle fan (m).

    gait2392's hip bone is a surface with a hole at the foramen; the membrane that closes it in
    the body is not part of it. The rim is found on the bone surface by
    :func:`widgets.model.bones.hole_rim` around the midpoint of the two obturator origins (the
    internus on its inner surface, the externus on its outer surface and the bony margin),
    starting from a lateral view; the membrane is the fan from the rim's centroid. Drawing
    only: no path depends on it. Returns (vertices (n, 3), faces (k, 3))."""
    verts, faces = _membrane()
    return verts.copy(), faces.copy()


@lru_cache(maxsize=1)
def _membrane():
    rows = read_table("path_points.csv")
    origins = [np.array([float(r[c]) for c in ("x_m", "y_m", "z_m")]) for r in rows
               if r["muscle"] in ("obturator_internus", "obturator_externus") and r["order"] == "1"]
    v, f, _ = bone_surface("pelvis_r")
    rim, _ = hole_rim(v, f, np.mean(origins, axis=0), [0.0, 0.0, 1.0])
    k = len(rim)
    verts = np.vstack([rim, rim.mean(axis=0)])
    faces = np.array([[k, i, (i + 1) % k] for i in range(k)])
    verts.flags.writeable = faces.flags.writeable = False
    return verts, faces


def pelvis_meshes() -> dict:
    """The fixed surfaces of the 3-D view in the pelvis frame (m): gait2392's hip bones, sacrum
    and lumbar spine, and the obturator membrane (:func:`obturator_membrane`).
    Returns ``{name: (vertices (n, 3), faces (k, 3))}``."""
    out = {name: tuple(np.array(a) for a in bone_surface(name)[:2]) for name in PELVIS_BONES}
    out["obturator_membrane"] = obturator_membrane()
    return out


def read_pelvis() -> list[dict]:
    """Rows of ``widgets/data/pelvis.csv`` (pelvis landmarks with sources, drawing only)."""
    rows = [dict(r) for r in read_table("pelvis.csv")]
    for row in rows:
        row["xyz"] = np.array([float(row[k]) for k in ("x_m", "y_m", "z_m")])
        row["order"] = int(row["order"])
    return rows


def pelvis_traces() -> list:
    """The fixed bones as one mesh (``pelvis``): hip bones, sacrum, lumbar spine (bone colour)
    and the obturator membrane (its own colour)."""
    meshes = pelvis_meshes()
    v, f = merge_meshes(meshes.values())
    colours = []
    for name, (_, faces) in meshes.items():
        colours += [MEMBRANE if name == "obturator_membrane" else BONE] * len(faces)
    return [go.Mesh3d(
        name="pelvis", x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1], k=f[:, 2],
        facecolor=colours, flatshading=False, hoverinfo="skip", showlegend=False,
        lighting=LIGHTING, lightposition=LIGHT_POSITION)]


#: Landmarks a chapter can point at (the toggle "Label landmarks"): (id, label, offset of the
#: label from the point in pixels). Pelvic ones are rows of pelvis.csv, femoral ones of femur.csv
#: ("femoral_head" = the head centre, the femur frame's origin).
LANDMARKS = (
    ("iliac_crest_anterior", "iliac crest", (-20, -95)),
    ("asis", "ASIS", (85, -60)),
    ("aiis", "AIIS", (110, -15)),
    ("greater_sciatic_notch", "greater sciatic notch", (-120, -45)),
    ("ischial_spine", "ischial spine", (-115, 5)),
    ("ischial_tuberosity", "ischial tuberosity", (-80, 60)),
    ("femoral_head", "femoral head", (-35, -140)),
    ("greater_trochanter", "greater trochanter", (95, 35)),
    ("lesser_trochanter", "lesser trochanter", (30, 95)),
)


def landmark_points(model: HipModel) -> list[dict]:
    """The landmarks of :data:`LANDMARKS`: ``id``, ``label``, ``body`` ("pelvis" or "femur"),
    ``xyz`` (in that body's frame, m; femoral points on this model's femur) and the label
    offset ``ax``, ``ay`` (pixels)."""
    pelvis = {r["id"]: r["xyz"] for r in read_pelvis()}
    femur = {"femoral_head": np.zeros(3)}
    femur.update({k: c for k, (c, _) in model.femur.landmarks().items()})
    out = []
    for lid, label, (ax, ay) in LANDMARKS:
        body = "pelvis" if lid in pelvis else "femur"
        xyz = pelvis[lid] if body == "pelvis" else femur[lid]
        out.append(dict(id=lid, label=label, body=body, xyz=np.asarray(xyz, float), ax=ax, ay=ay))
    return out
