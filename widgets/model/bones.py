"""Bone surfaces (gait2392's, CC BY 3.0) and plain mesh geometry: sections and distances.

The surfaces are package data (``widgets/data/bones/*.json``, made by
``widgets/tools/import_bones.py``): vertices in metres in the gait2392 body frames (the same
frames as the muscle path points) and triangles.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

BONES = ("pelvis_r", "pelvis_l", "sacrum", "lumbar", "femur_r", "tibia_r", "fibula_r")


@lru_cache(maxsize=None)
def bone_surface(name: str):
    """Vertices (n, 3) in metres (body frame), triangles (k, 3) and metadata (source, licence,
    credit) of one of gait2392's bone surfaces: see :data:`BONES`."""
    if name not in BONES:
        raise ValueError(f"unknown bone surface {name!r}; valid: {', '.join(BONES)}")
    text = resources.files("widgets").joinpath("data", "bones", f"{name}.json").read_text()
    data = json.loads(text)
    verts = np.array(data.pop("vertices"), float)
    faces = np.array(data.pop("faces"), int)
    verts.flags.writeable = faces.flags.writeable = False
    return verts, faces, data


def edges_of(faces):
    """The unique edges (k, 2) of a triangle mesh."""
    e = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    return np.unique(e, axis=0)


def section(verts, edges, point, normal):
    """Cross-section of a closed surface by a plane: (centroid, area) of the section polygon.

    ``edges`` (k, 2) are the surface's edges (:func:`edges_of`). The polygon's corners are where
    the plane cuts them, ordered by angle around their mean (fine for the convex-ish sections
    of a long bone). Area in m^2; (None, 0.0) when the plane misses the surface."""
    normal = normal / np.linalg.norm(normal)
    e = edges
    s = (verts - point) @ normal
    cut = s[e[:, 0]] * s[e[:, 1]] < 0
    a, b = verts[e[cut, 0]], verts[e[cut, 1]]
    t = (s[e[cut, 0]] / (s[e[cut, 0]] - s[e[cut, 1]]))[:, None]
    pts = a + t * (b - a)
    if len(pts) < 3:
        return None, 0.0
    m = pts.mean(axis=0)
    u = np.cross(normal, [1.0, 0.0, 0.0] if abs(normal[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(normal, u)
    pu, pv = (pts - m) @ u, (pts - m) @ v
    order = np.argsort(np.arctan2(pv, pu))
    pu, pv = pu[order], pv[order]
    qu, qv = np.roll(pu, -1), np.roll(pv, -1)
    cross = pu * qv - qu * pv
    area = cross.sum() / 2
    cu = ((pu + qu) * cross).sum() / (6 * area)
    cv = ((pv + qv) * cross).sum() / (6 * area)
    return m + cu * u + cv * v, abs(area)


def surface_distance(points, verts, faces):
    """Distance (m) from each point (n, 3) to the nearest point of a triangle mesh (exact
    point-triangle distance, vectorised over triangles)."""
    p = np.atleast_2d(np.asarray(points, float))
    a, b, c = (np.asarray(verts)[np.asarray(faces)[:, i]] for i in range(3))
    out = np.empty(len(p))
    for i, q in enumerate(p):
        out[i] = np.sqrt(_closest_sq(q, a, b, c).min())
    return out


def _closest_sq(p, a, b, c):
    """Squared distance from p to each triangle (a, b, c): clamp the plane projection's
    barycentric coordinates, else take the nearest edge."""
    ab, ac = b - a, c - a
    n = np.cross(ab, ac)
    nn = np.einsum("ij,ij->i", n, n)
    ok = nn > 1e-30
    ap = p - a
    # barycentric coordinates of the projection
    d00, d01, d11 = (np.einsum("ij,ij->i", ab, ab), np.einsum("ij,ij->i", ab, ac),
                     np.einsum("ij,ij->i", ac, ac))
    d20, d21 = np.einsum("ij,ij->i", ap, ab), np.einsum("ij,ij->i", ap, ac)
    den = np.where(ok, d00 * d11 - d01 * d01, 1.0)
    v = (d11 * d20 - d01 * d21) / den
    w = (d00 * d21 - d01 * d20) / den
    inside = ok & (v >= 0) & (w >= 0) & (v + w <= 1)
    plane = np.where(inside, (np.einsum("ij,ij->i", ap, n) ** 2) / np.where(ok, nn, 1.0), np.inf)

    def seg(p0, p1):
        d = p1 - p0
        t = np.clip(np.einsum("ij,ij->i", p - p0, d) / np.maximum(np.einsum("ij,ij->i", d, d), 1e-30), 0, 1)
        q = p0 + t[:, None] * d - p
        return np.einsum("ij,ij->i", q, q)

    return np.minimum(plane, np.minimum(seg(a, b), np.minimum(seg(b, c), seg(c, a))))


def hole_rim(verts, faces, centre, normal, n_dirs=48, depth=0.04, iterations=50):
    """Rim of a hole through a mesh (e.g. the obturator foramen of a hip bone) around ``centre``.

    Looking along ``normal`` (orthographic), the rim point in each of ``n_dirs`` directions is
    the first mesh edge a ray from ``centre`` meets, among edges within ``depth`` of the plane
    through ``centre``; it is a point of the surface (on that edge). The viewing direction is
    then replaced by the normal of the plane fitted to the rim, until it settles, so the result
    does not depend on the starting direction's details. Returns (rim points (n_dirs, 3),
    unit normal). Raises ValueError if some direction meets no edge (no hole there)."""
    verts = np.asarray(verts, float)
    faces = np.asarray(faces)
    c = np.asarray(centre, float)
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    edges = np.vstack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    angles = np.linspace(0.0, 2 * np.pi, n_dirs, endpoint=False)
    for _ in range(iterations):
        a = np.cross(n, [0.0, 1.0, 0.0])
        a /= np.linalg.norm(a)
        b = np.cross(n, a)
        p2 = np.c_[(verts - c) @ a, (verts - c) @ b]
        near = np.abs((verts - c) @ n)[edges].min(axis=1) < depth
        e = edges[near]
        p0, d01 = p2[e[:, 0]], p2[e[:, 1]] - p2[e[:, 0]]
        rim = []
        for th in angles:
            d = np.array([np.cos(th), np.sin(th)])
            # s d = p0 + t d01, s > 0, 0 <= t <= 1
            den = -d[0] * d01[:, 1] + d[1] * d01[:, 0]
            with np.errstate(divide="ignore", invalid="ignore"):
                s = (-p0[:, 0] * d01[:, 1] + p0[:, 1] * d01[:, 0]) / den
                t = (d[0] * p0[:, 1] - d[1] * p0[:, 0]) / den
            ok = np.isfinite(s) & (s > 0) & (t >= 0) & (t <= 1)
            if not ok.any():
                raise ValueError(f"no hole around {c.tolist()}: the ray at {np.degrees(th):.0f} deg meets no edge")
            i = np.flatnonzero(ok)[np.argmin(s[ok])]
            rim.append(verts[e[i, 0]] + t[i] * (verts[e[i, 1]] - verts[e[i, 0]]))
        rim = np.array(rim)
        new = np.linalg.svd(rim - rim.mean(axis=0))[2][2]
        new *= np.sign(new @ n)
        if np.linalg.norm(new - n) < 1e-9:
            break
        n = new
    return rim, n
