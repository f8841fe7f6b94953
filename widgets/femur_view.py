"""The femur explorer's picture: bones and muscle paths as plotly traces, kernel-free.

Everything a reader sees in the femur explorer is computed here from the hip model
(:mod:`widgets.model`); the live explorer (:mod:`widgets.explorers`) and the static book page
share these functions, so both show the same numbers.

- :func:`pose_state` evaluates one pose: paths, lengths, length changes, moment arms, actions.
- :func:`make_view_figure` / :func:`make_bar_figure` build the 3-D view and the ranked chart.
- :func:`changed_actions` lists the actions that flipped compared with standing.
- :class:`StaticExplorer` precomputes a grid of poses (hip flexion x hip rotation, plus the
  pose presets) at build time and embeds it, with a small script (:data:`EXPLORER_JS`), in the
  page; the page then needs no kernel and no network.

Colour encodes the % length change on a colour-blind-safe blue (shorter) - grey - orange
(longer) scale; the line style repeats it (thick solid = longer, thick dashed = shorter, thin
solid = within +-1 %), so colour is never the only channel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from . import plotly_setup
from .model import AXES as MODEL_AXES
from .model import ROLE_WORDS, HipModel, RANGES, WEAK_M
from .model.presets import presets as model_presets
from .model.data import read_table
from .model.bones import bone_surface

plotly_setup.activate()


#: Blue (shorter) - grey - orange (longer); Okabe & Ito colours, safe for colour blindness.
COLORSCALE = [
    [0.0, "#0072B2"],
    [0.25, "#56B4E9"],
    [0.5, "#9a9a9a"],
    [0.75, "#E69F00"],
    [1.0, "#D55E00"],
]
#: The colour scale saturates at +-PCT_LIMIT % (larger changes get the end colours).
PCT_LIMIT = 40.0
#: The ranked chart's fixed x range (%): the largest change in the model's range is below it.
BAR_LIMIT = 100.0
#: Changes smaller than this (in %) count as "about the same length".
SAME_PCT = 1.0
#: Line groups: (key, legend label, dash, width). The second channel next to colour.
GROUPS = (
    ("longer", "longer (thick solid line)", "solid", 9),
    ("shorter", "shorter (thick dashed line)", "dash", 9),
    ("same", f"within ±{SAME_PCT:g} % (thin line)", "solid", 4),
)
BAR_PATTERN = {"longer": "", "shorter": "/", "same": ""}

#: Named camera positions for the 3-D view (pelvis frame: x forward, y up, z to the right).
VIEWS = {
    "oblique": dict(eye=dict(x=0.72, y=0.22, z=0.8), up=dict(x=0, y=1, z=0),
                    center=dict(x=0, y=0, z=0)),
    "front": dict(eye=dict(x=1.1, y=0.05, z=0.0), up=dict(x=0, y=1, z=0),
                  center=dict(x=0, y=0, z=0)),
    "side": dict(eye=dict(x=0.0, y=0.05, z=1.1), up=dict(x=0, y=1, z=0),
                 center=dict(x=0, y=0, z=0)),
    "back": dict(eye=dict(x=-1.1, y=0.05, z=0.0), up=dict(x=0, y=1, z=0),
                 center=dict(x=0, y=0, z=0)),
    "top": dict(eye=dict(x=0.0, y=1.2, z=0.0), up=dict(x=1, y=0, z=0),
                center=dict(x=0, y=0, z=0)),
}
SCENE_RANGE = dict(x=(-0.30, 0.46), y=(-0.56, 0.20), z=(-0.22, 0.50))

#: Actions a reader can ask about in the action view: label -> (axis index, sign).
ACTIONS = {
    "flexion": (0, 1), "extension": (0, -1),
    "adduction": (1, 1), "abduction": (1, -1),
    "internal rotation": (2, 1), "external rotation": (2, -1),
    "knee flexion": (3, 1), "knee extension": (3, -1),
}
FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222")
BONE = "#d8ccb4"


# --------------------------------------------------------------------------- geometry
def _sphere(c, r, n_lat=8, n_lon=14, squash=(1.0, 1.0, 1.0)):
    lat = np.linspace(0, np.pi, n_lat + 1)
    lon = np.linspace(0, 2 * np.pi, n_lon, endpoint=False)
    v = [c + r * np.array([0.0, 1.0, 0.0]) * squash[1]]
    for t in lat[1:-1]:
        for p in lon:
            v.append(c + r * np.array([np.sin(t) * np.cos(p) * squash[0], np.cos(t) * squash[1],
                                       np.sin(t) * np.sin(p) * squash[2]]))
    v.append(c - r * np.array([0.0, 1.0, 0.0]) * squash[1])
    f = []
    for j in range(n_lon):  # top cap
        f.append((0, 1 + j, 1 + (j + 1) % n_lon))
    for i in range(n_lat - 2):
        a, b = 1 + i * n_lon, 1 + (i + 1) * n_lon
        for j in range(n_lon):
            jn = (j + 1) % n_lon
            f += [(a + j, b + j, b + jn), (a + j, b + jn, a + jn)]
    last = len(v) - 1
    a = 1 + (n_lat - 2) * n_lon
    for j in range(n_lon):
        f.append((a + j, last, a + (j + 1) % n_lon))
    return np.array(v), np.array(f)


def _cylinder(p, q, r, n=14):
    d = q - p
    d = d / np.linalg.norm(d)
    a = np.cross(d, [1.0, 0.0, 0.0] if abs(d[0]) < 0.9 else [0.0, 1.0, 0.0])
    a /= np.linalg.norm(a)
    b = np.cross(d, a)
    ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.cos(ang)[:, None] * a + np.sin(ang)[:, None] * b
    v = np.vstack([p + r * ring, q + r * ring])
    f = []
    for j in range(n):
        jn = (j + 1) % n
        f += [(j, n + j, n + jn), (j, n + jn, jn)]
    return v, np.array(f)


def _merge(parts):
    verts, faces, off = [], [], 0
    for v, f in parts:
        verts.append(v)
        faces.append(f + off)
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
            "tibia": _merge([(np.array(tv), np.array(tf)), (np.array(bv), np.array(bf))])}


#: Credit line for the drawn bones (their licence asks for it wherever they are shown).
BONE_CREDIT = ("Bone surfaces: OpenSim gait2392 model (Delp et al. 1990; OpenSim, Seth et al. 2018), "
               "CC BY 3.0.")


def read_pelvis() -> list[dict]:
    """Rows of ``widgets/data/pelvis.csv`` (schematic pelvis landmarks, drawing only)."""
    rows = [dict(r) for r in read_table("pelvis.csv")]
    for row in rows:
        row["xyz"] = np.array([float(row[k]) for k in ("x_m", "y_m", "z_m")])
        row["order"] = int(row["order"])
    return rows


def pelvis_traces() -> list:
    """A schematic right hemipelvis: ilium plate (mesh), outlines, and the socket rim."""
    rows = read_pelvis()
    part = {}
    for row in rows:
        part.setdefault(row["part"], []).append(row)
    for v in part.values():
        v.sort(key=lambda row: row["order"])
    ilium = np.array([row["xyz"] for row in part["ilium"]])
    centre = part["acetabulum"][0]["xyz"]
    # the ilium plate: a fan of triangles around the centre of its outline
    fan = np.vstack([ilium, ilium.mean(axis=0)])
    k = len(ilium)
    traces = [go.Mesh3d(
        x=fan[:, 0], y=fan[:, 1], z=fan[:, 2], i=[k] * k, j=list(range(k)),
        k=[(q + 1) % k for q in range(k)], color="#b9ad96",
        opacity=0.45, hoverinfo="skip", name="pelvis (schematic)", showlegend=False,
        flatshading=True,
    )]
    loop = [row["xyz"] for row in part["ilium"]] + [part["ilium"][0]["xyz"]]
    lower = ([part["ilium"][-1]["xyz"]] + [row["xyz"] for row in part["ischium"]]
             + [row["xyz"] for row in part["pubis"][:4]] + [part["ilium"][4]["xyz"]])
    # spine outline: the lumbar point (psoas origin) down the sacrum to the coccyx
    sacrum = [row["xyz"] for row in part["lumbar"] + part["sacrum"]]
    foramen = [part["ischium"][1]["xyz"], part["pubis"][4]["xyz"], part["pubis"][3]["xyz"]]
    # socket rim: a circle around the hip centre, facing out, forward and down
    n = np.array([0.35, -0.45, 0.82])
    n /= np.linalg.norm(n)
    a = np.cross(n, [0.0, 1.0, 0.0])
    a /= np.linalg.norm(a)
    b = np.cross(n, a)
    t = np.linspace(0, 2 * np.pi, 25)
    rim = centre + 0.03 * (np.cos(t)[:, None] * a + np.sin(t)[:, None] * b)
    xyz = []
    for line in (loop, lower, sacrum, foramen, list(rim)):
        xyz += list(line) + [np.full(3, np.nan)]
    xyz = np.array(xyz)
    traces.append(go.Scatter3d(
        x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], mode="lines",
        line=dict(color="#8a7d66", width=5), hoverinfo="skip", name="pelvis outline",
        showlegend=False, connectgaps=False,
    ))
    return traces


# ------------------------------------------------------------------------ one pose
def _transform(R, o, v):
    return v @ np.asarray(R).T + np.asarray(o)


@dataclass
class PoseState:
    """Everything the explorer shows for one pose (arrays over ``model.muscle_ids``)."""

    pose: tuple                 # flexion, adduction, rotation, knee (deg)
    paths: list                 # per muscle (k, 3) polyline, pelvis frame (m)
    length_m: np.ndarray
    change_mm: np.ndarray
    change_pct: np.ndarray
    ma_mm: np.ndarray           # (m, 4) flex, add, rot, knee, mm
    roles: np.ndarray           # (m, 4) ints -2..2
    actions: list               # words per muscle
    femur: tuple                # (R, origin) femur frame in the pelvis frame
    tibia: tuple                # (R, origin) tibia frame in the pelvis frame


def pose_state(model: HipModel, flexion=0.0, adduction=0.0, rotation=0.0, knee=0.0) -> PoseState:
    """Evaluate one pose for the explorer. Invalid angles raise the model's errors."""
    r = model.evaluate(flexion, adduction, rotation, knee)
    paths = model.muscle_paths(flexion, adduction, rotation, knee)
    Rf, of = model.femur_transform(flexion, adduction, rotation)
    Rt, ot = model.tibia_transform(knee)
    return PoseState(
        pose=(float(flexion), float(adduction), float(rotation), float(knee)),
        paths=[paths[m] for m in model.muscle_ids],
        length_m=r.length_m[0], change_mm=r.length_change_mm[0],
        change_pct=r.length_change_pct[0], ma_mm=r.moment_arms()[0] * 1000.0,
        roles=r.roles()[0], actions=r.actions()[0],
        femur=(Rf, of), tibia=(Rf @ Rt, Rf @ ot + of),
    )


def group_of(pct: float) -> str:
    return "same" if abs(pct) < SAME_PCT else ("longer" if pct > 0 else "shorter")


def muscle_text(name: str, st: PoseState, j: int) -> str:
    """Hover text of one muscle at one pose (HTML, as plotly shows it)."""
    ma = st.ma_mm[j]
    return (f"<b>{escape(name)}</b><br>length {st.length_m[j] * 1000:.0f} mm "
            f"({st.change_mm[j]:+.1f} mm, {st.change_pct[j]:+.1f} %)<br>"
            f"moment arms (mm): flex {ma[0]:+.1f}, add {ma[1]:+.1f}, rot {ma[2]:+.1f}, "
            f"knee {ma[3]:+.1f}<br>{escape(st.actions[j])}")


def muscle_details(name: str, note: str, st: PoseState, j: int) -> str:
    """The "details for one muscle" readout: :func:`muscle_text` plus the muscle's note from
    ``muscles.csv`` (what the model simplifies about it) when it has one."""
    text = muscle_text(name, st, j)
    return text + (f'<br><small class="hip-x-note">{escape(note, quote=False)}</small>' if note else "")


def group_data(names, st: PoseState) -> dict:
    """Per line group: x, y, z (NaN between muscles), colour values, hover text, muscle index.

    Numeric arrays are numpy arrays (plotly validates them much faster than lists)."""
    parts = {g[0]: [] for g in GROUPS}
    for j, p in enumerate(st.paths):
        parts[group_of(st.change_pct[j])].append(j)
    out = {}
    for key, js in parts.items():
        if not js:
            out[key] = dict(x=np.array([]), y=np.array([]), z=np.array([]), c=np.array([]),
                            text=[], idx=np.array([], int))
            continue
        xyz = np.vstack([np.vstack([st.paths[j], np.full((1, 3), np.nan)]) for j in js])
        counts = [len(st.paths[j]) + 1 for j in js]          # + the gap after each muscle
        idx = np.repeat(js, counts)
        text = []
        for j, n in zip(js, counts):
            text += [muscle_text(names[j], st, j)] * (n - 1) + [""]
        out[key] = dict(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2],
                        c=np.asarray(st.change_pct)[idx], text=text, idx=idx)
    return out


def view_trace_updates(model_names, st: PoseState, meshes) -> dict:
    """New data for the moving traces of the 3-D view, keyed by trace name."""
    out = {}
    for (key, *_), g in zip(GROUPS, group_data(model_names, st).values()):
        out[f"muscles {key}"] = dict(x=g["x"], y=g["y"], z=g["z"], text=g["text"],
                                     customdata=g["idx"], line_color=g["c"], marker_color=g["c"])
    for bone in ("femur", "tibia"):
        v = _transform(*getattr(st, bone), meshes[bone][0])
        out[bone] = dict(x=v[:, 0], y=v[:, 1], z=v[:, 2])
    return out


def _pose_title(pose, label=None):
    f, a, r, k = pose
    s = (f"hip flexion {f:g}°, adduction {a:g}°, rotation {r:g}°, knee flexion {k:g}°")
    return s if label is None else f"{label}: {s}"


def make_view_figure(model: HipModel, st: PoseState, height: int = 560, meshes=None) -> go.Figure:
    """3-D view: pelvis, femur, tibia and every muscle path coloured by % length change."""
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    meshes = meshes or bone_meshes(model)
    upd = view_trace_updates(names, st, meshes)
    fig = go.Figure()
    for t in pelvis_traces():
        fig.add_trace(t)
    for bone in ("femur", "tibia"):
        faces = meshes[bone][1]
        fig.add_trace(go.Mesh3d(
            name=bone, i=faces[:, 0], j=faces[:, 1], k=faces[:, 2], color=BONE, opacity=1.0,
            flatshading=False, hoverinfo="skip", showlegend=False,
            lighting=dict(ambient=0.55, diffuse=0.7, specular=0.1), **upd[bone]))
    for n, (key, label, dash, width) in enumerate(GROUPS):
        u = upd[f"muscles {key}"]
        fig.add_trace(go.Scatter3d(
            name=f"muscles {key}", legendgroup=key, mode="lines+markers",
            x=u["x"], y=u["y"], z=u["z"], text=u["text"], customdata=u["customdata"],
            hovertemplate="%{text}<extra></extra>", connectgaps=False,
            line=dict(color=u["line_color"], colorscale=COLORSCALE, cmin=-PCT_LIMIT,
                      cmax=PCT_LIMIT, width=width, dash=dash),
            marker=dict(size=2.5, color=u["marker_color"], colorscale=COLORSCALE,
                        cmin=-PCT_LIMIT, cmax=PCT_LIMIT),
            showlegend=False,
        ))
        # legend entry with a plain colour (scatter3d legends cannot show a colour scale)
        fig.add_trace(go.Scatter3d(
            name=label, legendgroup=key, mode="lines", x=[None], y=[None], z=[None],
            line=dict(color="#555555", width=width, dash=dash), hoverinfo="skip",
            showlegend=True))
    # the colour scale, on an invisible point at the hip centre (always present)
    hc = model.hip_centre
    fig.add_trace(go.Scatter3d(
        name="colour scale", x=[hc[0]], y=[hc[1]], z=[hc[2]], mode="markers",
        hoverinfo="skip", showlegend=False,
        marker=dict(size=1, opacity=0, color=[0.0], colorscale=COLORSCALE, cmin=-PCT_LIMIT,
                    cmax=PCT_LIMIT, showscale=True,
                    colorbar=dict(title=dict(text="length<br>change (%)"), len=0.6,
                                  thickness=14, x=1.0, tickvals=[-40, -20, 0, 20, 40],
                                  ticktext=["≤ −40 shorter", "−20", "0", "+20",
                                            "≥ +40 longer"]))))
    axis = dict(visible=False, showspikes=False)
    fig.update_layout(
        height=height, font=FONT, template="simple_white",
        margin=dict(l=0, r=0, t=40, b=0),
        title=dict(text=_pose_title(st.pose), x=0.01, y=0.98, font=dict(size=14)),
        legend=dict(orientation="h", x=0.0, y=0.0, yanchor="bottom", bgcolor="rgba(255,255,255,0.7)"),
        uirevision="femur-explorer",
        scene=dict(
            aspectmode="manual",
            aspectratio={k: (v[1] - v[0]) / 0.8 for k, v in SCENE_RANGE.items()},
            xaxis=dict(axis, range=SCENE_RANGE["x"]),
            yaxis=dict(axis, range=SCENE_RANGE["y"]),
            zaxis=dict(axis, range=SCENE_RANGE["z"]),
            camera=VIEWS["oblique"], dragmode="orbit",
        ),
    )
    return fig


def bar_data(names, st: PoseState) -> dict:
    """Ranked bar chart data: sorted from most shortened to most lengthened."""
    order = np.argsort(st.change_pct, kind="stable")
    pct = st.change_pct[order]
    return dict(
        y=[names[j] for j in order],
        x=[float(v) for v in pct],
        color=[float(v) for v in pct],
        pattern=[BAR_PATTERN[group_of(v)] for v in pct],
        text=[f"{st.change_pct[j]:+.1f} % ({st.change_mm[j]:+.0f} mm)" for j in order],
        hover=[muscle_text(names[j], st, j) for j in order],
    )


def make_bar_figure(model: HipModel, st: PoseState, height: int = 640) -> go.Figure:
    """Horizontal bars of every muscle's % length change, ranked; hatched = shorter."""
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    b = bar_data(names, st)
    fig = go.Figure(go.Bar(
        name="length change", orientation="h", x=b["x"], y=b["y"], text=b["text"],
        textposition="outside", cliponaxis=False, hovertext=b["hover"],
        hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(color=b["color"], colorscale=COLORSCALE, cmin=-PCT_LIMIT, cmax=PCT_LIMIT,
                    line=dict(color="#333333", width=0.8),
                    pattern=dict(shape=b["pattern"], fgcolor="#222222", size=6, solidity=0.25)),
    ))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", showlegend=False,
        margin=dict(l=10, r=20, t=60, b=50), bargap=0.25,
        title=dict(text="Length change from standing, ranked<br><sup>hatched = shorter, "
                        "solid = longer (this model)</sup>", x=0.01, y=0.98),
        # one fixed scale for every pose, so bars can be compared between poses
        xaxis=dict(title="length change (%)", range=[-BAR_LIMIT, BAR_LIMIT], zeroline=True,
                   zerolinewidth=2, zerolinecolor="#444444"),
        yaxis=dict(categoryorder="array", categoryarray=b["y"], automargin=True,
                   tickfont=dict(size=11)),
        uirevision="femur-explorer-bars",
    )
    return fig


# ------------------------------------------------------------------------ actions
def role_word(axis: int, role: int) -> str:
    pos, neg = ROLE_WORDS[MODEL_AXES[axis]]
    word = pos if role > 0 else neg
    return word if abs(role) == 2 else "weak " + word


def changed_actions(names, roles_neutral: np.ndarray, roles_now: np.ndarray) -> list[str]:
    """Actions that flipped direction compared with standing, e.g.
    ``"Piriformis: external rotator → internal rotator"``.

    Only flips count: an axis where the muscle has an action (>= the weak threshold) in both
    poses, with opposite signs. Muscles in model order; axes in the order flex, add, rot, knee.
    """
    out = []
    for j, name in enumerate(names):
        parts = []
        for ax in range(4):
            a, b = int(roles_neutral[j, ax]), int(roles_now[j, ax])
            if a * b < 0:
                parts.append(f"{role_word(ax, a)} → {role_word(ax, b)}")
        if parts:
            out.append(f"{name}: " + "; ".join(parts))
    return out


def action_table(names, st: PoseState, action: str) -> dict:
    """Muscles that produce and oppose one action at this pose, strongest first.

    Returns ``{"produce": [(name, ma_mm), ...], "oppose": [...]}``; only moment arms of at
    least the model's weak threshold count.
    """
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {sorted(ACTIONS)}; got {action!r}")
    ax, sign = ACTIONS[action]
    ma = st.ma_mm[:, ax] * sign
    weak = WEAK_M * 1000.0
    prod = [(names[j], float(ma[j])) for j in np.argsort(-ma, kind="stable") if ma[j] >= weak]
    opp = [(names[j], float(ma[j])) for j in np.argsort(ma, kind="stable") if ma[j] <= -weak]
    return {"produce": prod, "oppose": opp}


def action_code(ma_mm_row, roles_row) -> str:
    """Compact code of one muscle's action words (for the page script): one hex digit per
    part, strongest first, digit = axis * 4 + {-2: 0, -1: 1, 1: 2, 2: 3}[role]."""
    key = {-2: 0, -1: 1, 1: 2, 2: 3}
    order = sorted(range(4), key=lambda ax: -abs(ma_mm_row[ax]))
    return "".join("0123456789abcdef"[ax * 4 + key[int(roles_row[ax])]]
                   for ax in order if roles_row[ax] != 0)


# ------------------------------------------------------------------ static explorer
def _r(a, nd=1):
    return [round(float(v), nd) for v in np.asarray(a).ravel()]


def _state_json(st: PoseState) -> dict:
    return {
        "pose": list(st.pose),
        "n": [len(p) for p in st.paths],
        "xyz": _r(np.vstack(st.paths) * 1000.0, 1),
        "len": _r(st.length_m * 1000.0, 1),
        "dmm": _r(st.change_mm, 1),
        "pct": _r(st.change_pct, 2),
        "ma": _r(st.ma_mm, 1),
        "act": [action_code(st.ma_mm[j], st.roles[j]) for j in range(len(st.paths))],
        "femur": _r(np.concatenate([np.ravel(st.femur[0]), np.asarray(st.femur[1]) * 1000]), 5),
        "tibia": _r(np.concatenate([np.ravel(st.tibia[0]), np.asarray(st.tibia[1]) * 1000]), 5),
    }


def read_presets() -> list[dict]:
    """The pose presets as dicts with the table's column names (from :mod:`widgets.model.presets`,
    which checks the table)."""
    return [dict(id=p.id, label=p.label, flexion_deg=p.flexion, adduction_deg=p.adduction,
                 rotation_deg=p.rotation, knee_deg=p.knee, basis=p.basis, source=p.source,
                 note=p.note) for p in model_presets()]


class StaticExplorer:
    """The femur explorer for a page without a kernel.

    Every state (a grid of hip flexion x hip rotation with adduction and knee at 0, plus
    each pose preset) is computed from the model when the page is built and embedded in the
    page as JSON; :data:`EXPLORER_JS` switches between states in the browser.

    >>> ex = StaticExplorer(flexion_step=10, rotation_step=10)
    >>> len(ex.data["states"]) == 13 * 9 + len(ex.data["presets"])
    True
    """

    VIEW_ID = "hip-explorer-view"
    BAR_ID = "hip-explorer-bars"

    def __init__(self, model: HipModel | None = None, flexion=(0, 120), rotation=(-40, 40),
                 flexion_step=10, rotation_step=10):
        self.model = model or HipModel()
        for name, (lo, hi) in (("flexion", flexion), ("rotation", rotation)):
            vlo, vhi = RANGES[name]
            if lo < vlo or hi > vhi:
                raise ValueError(f"{name} grid {lo}..{hi} leaves the model's range {vlo}..{vhi}")
        self.flexion = np.arange(flexion[0], flexion[1] + 1e-9, flexion_step)
        self.rotation = np.arange(rotation[0], rotation[1] + 1e-9, rotation_step)
        m = self.model
        self.names = [m.muscle_info(i)["name"] for i in m.muscle_ids]
        self.notes = [m.muscle_info(i)["note"] for i in m.muscle_ids]
        self.meshes = bone_meshes(m)
        states = []
        for f in self.flexion:
            for r in self.rotation:
                states.append(_state_json(pose_state(m, f, 0.0, r, 0.0)))
        presets = []
        for row in read_presets():
            pose = [float(row[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
            presets.append(dict(id=row["id"], label=row["label"], basis=row["basis"],
                                source=row["source"], note=row["note"], state=len(states)))
            states.append(_state_json(pose_state(m, *pose)))
        neutral = pose_state(m, 0, 0, 0, 0)
        self.neutral = neutral
        self.initial = pose_state(m, 0, 0, 0, 0)
        self.data = {
            "names": self.names,
            "notes": self.notes,
            "ids": list(m.muscle_ids),
            "flexion": _r(self.flexion, 3), "rotation": _r(self.rotation, 3),
            "neutral_roles": [int(v) for v in neutral.roles.ravel()],
            "role_words": [list(ROLE_WORDS[a]) for a in MODEL_AXES],
            "femur_v": _r(self.meshes["femur"][0] * 1000.0, 2),
            "tibia_v": _r(self.meshes["tibia"][0] * 1000.0, 2),
            "same_pct": SAME_PCT, "groups": [g[0] for g in GROUPS],
            "bar_pattern": BAR_PATTERN,
            "views": VIEWS,
            "presets": presets, "states": states,
        }

    # ------------------------------------------------------------------ html
    def data_json(self) -> str:
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False)

    def view_figure(self) -> go.Figure:
        fig = make_view_figure(self.model, self.initial, meshes=self.meshes)
        # The page shows metres as mm in its script; keep the figure in metres like the model.
        from .figures import set_alt_text

        set_alt_text(fig, ALT_VIEW)
        return fig

    def bar_figure(self) -> go.Figure:
        from .figures import set_alt_text

        fig = make_bar_figure(self.model, self.initial)
        set_alt_text(fig, ALT_BARS)
        return fig

    def _controls(self) -> str:
        f0, f1 = self.flexion[0], self.flexion[-1]
        r0, r1 = self.rotation[0], self.rotation[-1]
        fs = float(self.flexion[1] - self.flexion[0])
        rs = float(self.rotation[1] - self.rotation[0])
        opts = "".join(
            f'<option value="{escape(p["id"])}">{escape(p["label"])}</option>'
            for p in self.data["presets"])
        views = "".join(
            f'<button type="button" class="hip-x-view" data-view="{v}">{v}</button>'
            for v in VIEWS)
        return f"""
<fieldset class="hip-x-controls">
<legend>Move the thigh (right hip; adduction 0°, knee straight)</legend>
<div class="hip-x-row"><label for="hip-x-flexion">Hip flexion</label>
<input type="range" id="hip-x-flexion" min="{f0:g}" max="{f1:g}" step="{fs:g}" value="0"
 aria-describedby="hip-x-flexion-help">
<output id="hip-x-flexion-out" for="hip-x-flexion">0°</output>
<span id="hip-x-flexion-help" class="hip-x-help">0° = standing; + = flexion (thigh forwards)</span></div>
<div class="hip-x-row"><label for="hip-x-rotation">Hip rotation</label>
<input type="range" id="hip-x-rotation" min="{r0:g}" max="{r1:g}" step="{rs:g}" value="0"
 aria-describedby="hip-x-rotation-help">
<output id="hip-x-rotation-out" for="hip-x-rotation">0°</output>
<span id="hip-x-rotation-help" class="hip-x-help">+ = internal (knee cap turns in), − = external</span></div>
<div class="hip-x-row"><label for="hip-x-preset">Pose preset</label>
<select id="hip-x-preset"><option value="">(choose a pose)</option>{opts}</select>
<button type="button" id="hip-x-reset">Reset to standing</button></div>
<div class="hip-x-row" role="group" aria-label="Camera view"><span>View:</span>{views}</div>
<p id="hip-x-status" class="hip-x-status" aria-live="polite">{escape(_pose_title(self.initial.pose, "Standing"))}</p>
</fieldset>"""

    def view_html(self) -> str:
        """Controls + 3-D view (one plotly figure) — the first output on the page."""
        return _STYLE + self._controls() + _figure_html(self.view_figure(), self.VIEW_ID)

    def bars_html(self) -> str:
        """Ranked bar chart + readouts + data + script — the second output on the page."""
        readout = (
            '<div class="hip-x-readout" aria-live="polite">'
            '<h4 class="hip-x-h">Actions that flipped compared with standing</h4>'
            '<ul id="hip-x-flips"><li>none (this is the standing pose)</li></ul>'
            '<label for="hip-x-muscle">Details for one muscle:</label> '
            '<select id="hip-x-muscle">'
            + "".join(f'<option value="{j}">{escape(n)}</option>' for j, n in enumerate(self.names))
            + '</select><p id="hip-x-detail"></p></div>')
        return (_figure_html(self.bar_figure(), self.BAR_ID) + readout
                + f'<script type="application/json" id="hip-x-data">{self.data_json()}</script>'
                + f"<script>{EXPLORER_JS}</script>")

    def outputs(self):
        """The two IPython display objects the book page shows, in order."""
        from IPython.display import HTML

        return HTML(self.view_html()), HTML(self.bars_html())


def _figure_html(fig: go.Figure, div_id: str) -> str:
    alt = (fig.layout.meta or {}).get("alt", "")
    html = pio.to_html(fig, include_plotlyjs=False, full_html=False, auto_play=False,
                       config=plotly_setup.PLOTLY_CONFIG, div_id=div_id,
                       default_height=fig.layout.height or 450)
    return f'<div class="hip-figure" role="figure" aria-label="{escape(alt, quote=True)}">{html}</div>'


ALT_VIEW = ("Three-dimensional drawing of a right hip seen from the front and side: a schematic "
            "pelvis, a simplified femur and upper tibia, and about thirty muscle paths drawn as "
            "lines. Each line is coloured by how much longer (orange, solid) or shorter (blue, "
            "dashed) the muscle is than in standing; muscles within 1 percent are thin grey "
            "lines. The lines and bones move when the hip flexion and rotation controls "
            "change.")
ALT_BARS = ("Horizontal bar chart ranking every muscle by its length change from standing, in "
            "percent, from most shortened (bottom, blue, hatched) to most lengthened (top, "
            "orange, solid), with the change in millimetres written next to each bar.")

_STYLE = """<style>
.hip-x-controls{border:1px solid #bbb;border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}
.hip-x-controls legend{font-weight:600;font-size:.95rem;padding:0 .3rem}
.hip-x-row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:.25rem 0}
.hip-x-row label{min-width:7.5rem;font-weight:600}
.hip-x-row input[type=range]{flex:1 1 12rem;max-width:22rem}
.hip-x-row output{min-width:3.5rem;font-variant-numeric:tabular-nums;font-weight:600}
.hip-x-help{font-size:.85rem;color:#444}
.hip-x-row button,.hip-x-row select{font-size:.9rem;padding:.15rem .5rem}
.hip-x-status{margin:.3rem 0 0 0;font-size:.9rem}
.hip-x-readout{font-size:.92rem}
.hip-x-h{font-size:1rem;margin:.6rem 0 .2rem 0}
.hip-x-note{color:#444}
</style>"""

#: Page script of the static explorer. Pure functions are exported for tests under node.
EXPLORER_JS = r"""
(function () {
  "use strict";
  var HEX = "0123456789abcdef";
  var ROLE_OF = [-2, -1, 1, 2];

  function roleWord(words, axis, role) {
    var w = words[axis][role > 0 ? 0 : 1];
    return Math.abs(role) === 2 ? w : "weak " + w;
  }
  // Action words from a code (see femur_view.action_code): same text as the model's describe().
  function describe(words, code) {
    if (!code) { return "no clear action at this pose"; }
    var parts = [];
    for (var i = 0; i < code.length; i++) {
      var d = HEX.indexOf(code[i]);
      parts.push(roleWord(words, Math.floor(d / 4), ROLE_OF[d % 4]));
    }
    return parts.join(", ");
  }
  function rolesFromCode(code) {
    var r = [0, 0, 0, 0];
    for (var i = 0; i < code.length; i++) {
      var d = HEX.indexOf(code[i]);
      r[Math.floor(d / 4)] = ROLE_OF[d % 4];
    }
    return r;
  }
  // Same rule as femur_view.changed_actions: an axis flips when both poses have an action
  // and the signs differ.
  function changedActions(data, state) {
    var out = [];
    for (var j = 0; j < data.names.length; j++) {
      var now = rolesFromCode(state.act[j]), parts = [];
      for (var ax = 0; ax < 4; ax++) {
        var a = data.neutral_roles[4 * j + ax], b = now[ax];
        if (a * b < 0) {
          parts.push(roleWord(data.role_words, ax, a) + " \u2192 " + roleWord(data.role_words, ax, b));
        }
      }
      if (parts.length) { out.push(data.names[j] + ": " + parts.join("; ")); }
    }
    return out;
  }
  function stateIndex(data, flexion, rotation) {
    var i = data.flexion.indexOf(flexion), k = data.rotation.indexOf(rotation);
    if (i < 0 || k < 0) { throw new Error("no precomputed state for " + flexion + ", " + rotation); }
    return i * data.rotation.length + k;
  }
  function nearest(values, v) {
    var best = values[0];
    values.forEach(function (x) { if (Math.abs(x - v) < Math.abs(best - v)) { best = x; } });
    return best;
  }
  function sign(v, d) { return (v >= 0 ? "+" : "\u2212") + Math.abs(v).toFixed(d); }
  function fmt(v, d) { return v < 0 ? "\u2212" + Math.abs(v).toFixed(d) : v.toFixed(d); }
  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function groupOf(data, pct) {
    return Math.abs(pct) < data.same_pct ? "same" : (pct > 0 ? "longer" : "shorter");
  }
  function muscleText(data, st, j) {
    var ma = st.ma.slice(4 * j, 4 * j + 4);
    return "<b>" + escapeHtml(data.names[j]) + "</b><br>length " + st.len[j].toFixed(0) +
      " mm (" + sign(st.dmm[j], 1) + " mm, " + sign(st.pct[j], 1) + " %)<br>moment arms (mm): flex " +
      sign(ma[0], 1) + ", add " + sign(ma[1], 1) + ", rot " + sign(ma[2], 1) + ", knee " +
      sign(ma[3], 1) + "<br>" + describe(data.role_words, st.act[j]);
  }
  // The details readout: muscleText plus the muscle's note (same as femur_view.muscle_details).
  function muscleDetails(data, st, j) {
    var note = data.notes[j];
    return muscleText(data, st, j) +
      (note ? '<br><small class="hip-x-note">' + escapeHtml(note) + "</small>" : "");
  }
  function transform(m, v) {  // m: R (9, row-major) + origin (mm); v: flat xyz (mm)
    var x = [], y = [], z = [];
    for (var i = 0; i < v.length; i += 3) {
      x.push((m[0] * v[i] + m[1] * v[i + 1] + m[2] * v[i + 2] + m[9]) / 1000);
      y.push((m[3] * v[i] + m[4] * v[i + 1] + m[5] * v[i + 2] + m[10]) / 1000);
      z.push((m[6] * v[i] + m[7] * v[i + 1] + m[8] * v[i + 2] + m[11]) / 1000);
    }
    return [x, y, z];
  }
  // Data for the three muscle line groups (x, y, z in metres, colour = % change).
  function groups(data, st) {
    var g = {}, off = 0;
    data.groups.forEach(function (k) { g[k] = {x: [], y: [], z: [], c: [], text: [], idx: []}; });
    for (var j = 0; j < data.names.length; j++) {
      var d = g[groupOf(data, st.pct[j])], txt = muscleText(data, st, j);
      for (var p = 0; p < st.n[j]; p++, off += 3) {
        d.x.push(st.xyz[off] / 1000); d.y.push(st.xyz[off + 1] / 1000); d.z.push(st.xyz[off + 2] / 1000);
        d.c.push(st.pct[j]); d.text.push(txt); d.idx.push(j);
      }
      d.x.push(null); d.y.push(null); d.z.push(null);  // a gap between muscles
      d.c.push(st.pct[j]); d.text.push(""); d.idx.push(j);
    }
    return g;
  }
  function bars(data, st) {
    var order = st.pct.map(function (v, j) { return j; });
    order.sort(function (a, b) { return st.pct[a] - st.pct[b] || a - b; });
    return {
      y: order.map(function (j) { return data.names[j]; }),
      x: order.map(function (j) { return st.pct[j]; }),
      pattern: order.map(function (j) { return data.bar_pattern[groupOf(data, st.pct[j])]; }),
      text: order.map(function (j) { return sign(st.pct[j], 1) + " % (" + sign(st.dmm[j], 0) + " mm)"; }),
      hover: order.map(function (j) { return muscleText(data, st, j); })
    };
  }
  var api = {describe: describe, rolesFromCode: rolesFromCode, changedActions: changedActions,
             stateIndex: stateIndex, groups: groups, bars: bars, transform: transform,
             nearest: nearest, muscleText: muscleText, muscleDetails: muscleDetails};
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  // ---------------------------------------------------------------- page wiring
  var el = function (id) { return document.getElementById(id); };
  var data = JSON.parse(el("hip-x-data").textContent);
  var view = el("hip-explorer-view"), barsDiv = el("hip-explorer-bars");
  var flex = el("hip-x-flexion"), rot = el("hip-x-rotation"), preset = el("hip-x-preset");
  var traceIndex = function (gd, name) {
    for (var i = 0; i < gd.data.length; i++) { if (gd.data[i].name === name) { return i; } }
    return -1;
  };
  var current = null;

  function show(stateIdx, label) {
    var st = data.states[stateIdx];
    current = stateIdx;
    var g = groups(data, st), idx = [], upd = {x: [], y: [], z: [], text: [], customdata: [],
      "line.color": [], "marker.color": []};
    data.groups.forEach(function (k) {
      var d = g[k];
      idx.push(traceIndex(view, "muscles " + k));
      upd.x.push(d.x); upd.y.push(d.y); upd.z.push(d.z); upd.text.push(d.text);
      upd.customdata.push(d.idx); upd["line.color"].push(d.c); upd["marker.color"].push(d.c);
    });
    var fem = transform(st.femur, data.femur_v), tib = transform(st.tibia, data.tibia_v);
    idx.push(traceIndex(view, "femur"), traceIndex(view, "tibia"));
    upd.x.push(fem[0], tib[0]); upd.y.push(fem[1], tib[1]); upd.z.push(fem[2], tib[2]);
    ["text", "customdata", "line.color", "marker.color"].forEach(function (k) {
      upd[k].push(undefined, undefined);  // undefined = leave the bones' attribute alone
    });
    var p = st.pose;
    var title = (label ? label + ": " : "") + "hip flexion " + fmt(p[0], 0) + "\u00b0, adduction " +
      fmt(p[1], 0) + "\u00b0, rotation " + fmt(p[2], 0) + "\u00b0, knee flexion " + fmt(p[3], 0) + "\u00b0";
    // one restyle + one relayout per figure: colours, bars and readouts always show one pose
    Plotly.update(view, upd, {"title.text": title}, idx);
    var b = bars(data, st);
    Plotly.update(barsDiv, {x: [b.x], y: [b.y], text: [b.text], hovertext: [b.hover],
      "marker.color": [b.x], "marker.pattern.shape": [b.pattern]},
      {"yaxis.categoryarray": b.y}, [0]);
    el("hip-x-status").textContent = title;
    var flips = changedActions(data, st), ul = el("hip-x-flips");
    ul.innerHTML = "";
    (flips.length ? flips : ["none"]).forEach(function (t) {
      var li = document.createElement("li"); li.textContent = t; ul.appendChild(li);
    });
    showDetail();
    view.setAttribute("data-state", String(stateIdx));
  }
  function showDetail() {
    var j = parseInt(el("hip-x-muscle").value, 10), st = data.states[current];
    el("hip-x-detail").innerHTML = muscleDetails(data, st, j);
  }
  function onSlider() {
    var f = parseFloat(flex.value), r = parseFloat(rot.value);
    el("hip-x-flexion-out").textContent = fmt(f, 0) + "\u00b0";
    el("hip-x-rotation-out").textContent = fmt(r, 0) + "\u00b0";
    flex.setAttribute("aria-valuetext", fmt(f, 0) + " degrees flexion");
    rot.setAttribute("aria-valuetext", fmt(r, 0) + " degrees " + (r > 0 ? "internal" : r < 0 ? "external" : "") + " rotation");
    preset.value = "";
    show(stateIndex(data, f, r), null);
  }
  function onPreset() {
    var p = data.presets.filter(function (q) { return q.id === preset.value; })[0];
    if (!p) { return; }
    var st = data.states[p.state];
    flex.value = String(nearest(data.flexion, st.pose[0]));
    rot.value = String(nearest(data.rotation, st.pose[2]));
    el("hip-x-flexion-out").textContent = fmt(st.pose[0], 0) + "\u00b0";
    el("hip-x-rotation-out").textContent = fmt(st.pose[2], 0) + "\u00b0";
    show(p.state, p.label + " (basis: " + p.basis + ")");
  }
  flex.addEventListener("input", onSlider);
  rot.addEventListener("input", onSlider);
  preset.addEventListener("change", onPreset);
  el("hip-x-muscle").addEventListener("change", showDetail);
  el("hip-x-reset").addEventListener("click", function () {
    flex.value = "0"; rot.value = "0"; onSlider();
  });
  Array.prototype.forEach.call(document.querySelectorAll(".hip-x-view"), function (b) {
    b.addEventListener("click", function () {
      Plotly.relayout(view, {"scene.camera": data.views[b.getAttribute("data-view")]});
    });
  });
  current = stateIndex(data, 0, 0);
  showDetail();
  view.setAttribute("data-state", String(current));
  window.hipExplorer = {data: data, api: api, show: show};
})();
"""
