"""The femur explorer's picture: bones and muscle paths as plotly traces, kernel-free.

Everything a reader sees in the femur explorer is computed here from the hip model
(:mod:`widgets.model`); the live explorer (:mod:`widgets.explorers`) and the static book page
share these functions, so both show the same numbers.

- :func:`pose_state` evaluates one pose: paths, lengths, length changes, moment arms, actions.
- :func:`make_view_figure` / :func:`make_bar_figure` build the 3-D view and the ranked chart;
  the bones are drawn by :mod:`widgets.bones_view` (gait2392's surfaces, the femur reshaped
  by the model's own femur transform; shared with the other chapters' 3-D figures).
- :func:`changed_actions` lists the actions that flipped compared with standing;
  :func:`action_table` the muscles that produce and oppose one action.
- :class:`StaticExplorer` is the explorer for a page without a kernel: the whole model runs
  in the page. :func:`explorer_data` exports the model's path data
  (:meth:`~widgets.model.hip.PathModel.export_kernel_data`) and the drawing data as JSON;
  ``widgets/static/pathkernel.js`` (the path kernel) and ``widgets/static/femur_explorer.js``
  (the page; helpers shared with the capsule explorer in ``explorer_common.js``) evaluate
  any pose and femur shape in the browser and update only the traces that change.

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
from .model import FEMUR_RANGES, ROLE_WORDS, STRONG_M, HipModel, RANGES, WEAK_M
from .bones_view import (BONE, BONE_CREDIT, LANDMARKS, LIGHT_POSITION, LIGHTING, MEMBRANE,  # noqa: F401
                         PELVIS_BONES, bone_meshes, landmark_points, merge_meshes,
                         obturator_membrane, pelvis_meshes, pelvis_traces, place, read_pelvis)
from .model.bones import bone_surface
from .model.presets import presets as model_presets
from .model.data import read_table
from .model.femur import femur_angles
from .pages import script_tag, static_text, style_tag

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
#: Colour bar labels (at -40, -20, 0, 20, 40 %); the short ones are for phone screens.
COLORBAR_TICKS = ["≤ −40 shorter", "−20", "0", "+20", "≥ +40 longer"]
COLORBAR_TICKS_SHORT = ["≤ −40", "−20", "0", "+20", "≥ +40"]
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
SCENE_RANGE = dict(x=(-0.30, 0.46), y=(-0.56, 0.24), z=(-0.22, 0.50))

#: Actions a reader can ask about in the action view: label -> (axis index, sign).
ACTIONS = {
    "flexion": (0, 1), "extension": (0, -1),
    "adduction": (1, 1), "abduction": (1, -1),
    "internal rotation": (2, 1), "external rotation": (2, -1),
    "knee flexion": (3, 1), "knee extension": (3, -1),
}
FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222")
#: Shading of the bone surfaces: mostly ambient, so no side of a bone turns black.


def landmark_annotations(model: HipModel, st: "PoseState", visible: bool = False) -> list[dict]:
    """3-D annotations labelling :func:`landmark_points` at this pose (pelvis frame)."""
    out = []
    for p in landmark_points(model):
        xyz = p["xyz"] if p["body"] == "pelvis" else place(*st.femur, p["xyz"][None])[0]
        out.append(dict(x=float(xyz[0]), y=float(xyz[1]), z=float(xyz[2]), text=p["label"],
                        ax=p["ax"], ay=p["ay"], showarrow=True, arrowhead=2, arrowwidth=1.5,
                        arrowcolor="#222222", font=dict(size=12, color="#111111"),
                        bgcolor="rgba(255,255,255,0.85)", bordercolor="#555555",
                        borderwidth=1, visible=visible))
    return out


# ------------------------------------------------------------------------ one pose


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
        v = place(*getattr(st, bone), meshes[bone][0])
        out[bone] = dict(x=v[:, 0], y=v[:, 1], z=v[:, 2])
    return out


def apply_view_updates(fig, trace_index: dict, updates: dict) -> None:
    """Write :func:`view_trace_updates` into a live ``FigureWidget`` (call it inside the
    figure's ``batch_update()`` so the front end gets one message)."""
    for name, props in updates.items():
        t = fig.data[trace_index[name]]
        t.x, t.y, t.z = props["x"], props["y"], props["z"]
        if "text" in props:
            t.text, t.customdata = props["text"], props["customdata"]
            t.line.color, t.marker.color = props["line_color"], props["marker_color"]


def _pose_title(pose, label=None):
    f, a, r, k = pose
    s = (f"hip flexion {f:g}°, adduction {a:g}°, rotation {r:g}°, knee flexion {k:g}°")
    return s if label is None else f"{label}: {s}"


def make_view_figure(model: HipModel, st: PoseState, height: int = 560, meshes=None,
                     title: str | None = None) -> go.Figure:
    """3-D view: pelvis, femur, tibia and every muscle path coloured by % length change.

    Traces by name: ``pelvis`` (fixed bones), ``femur``, ``tibia``, ``muscles longer`` /
    ``shorter`` / ``same`` (+ legend entries), ``colour scale``. The landmarks of
    :data:`LANDMARKS` are scene annotations, hidden until asked for. ``title`` defaults to the
    pose in words."""
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
            lighting=LIGHTING, lightposition=LIGHT_POSITION, **upd[bone]))
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
                                  ticktext=COLORBAR_TICKS))))
    axis = dict(visible=False, showspikes=False)
    fig.update_layout(
        height=height, font=FONT, template="simple_white",
        margin=dict(l=0, r=0, t=40, b=0),
        title=dict(text=_pose_title(st.pose) if title is None else title, x=0.01, y=0.98,
                   font=dict(size=14)),
        legend=dict(orientation="h", x=0.0, y=0.0, yanchor="bottom", bgcolor="rgba(255,255,255,0.7)"),
        uirevision="femur-explorer",
        scene=dict(
            aspectmode="manual",
            aspectratio={k: (v[1] - v[0]) / 0.8 for k, v in SCENE_RANGE.items()},
            xaxis=dict(axis, range=SCENE_RANGE["x"]),
            yaxis=dict(axis, range=SCENE_RANGE["y"]),
            zaxis=dict(axis, range=SCENE_RANGE["z"]),
            camera=VIEWS["oblique"], dragmode="orbit",
            annotations=landmark_annotations(model, st, visible=False),
        ),
    )
    return fig


def scale_colour(colorscale, t: float) -> str:
    """The colour of a plotly colour scale at ``t`` in [0, 1] (clipped), as ``#rrggbb``: linear
    in RGB between the stops, as plotly draws a colour scale (``widgets/static/explorer_common.js``
    has the same function, ``scaleColour``, for the in-page explorers)."""
    t = min(max(float(t), 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(colorscale, colorscale[1:]):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            a = [int(c0[i:i + 2], 16) for i in (1, 3, 5)]
            b = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
            return "#" + "".join(f"{int(np.floor(x + f * (y - x) + 0.5)):02x}" for x, y in zip(a, b))
    return colorscale[-1][1]


def pct_colour(pct: float) -> str:
    """The colour scale's colour for a % length change, as ``#rrggbb``, saturating at
    +-PCT_LIMIT (what plotly draws for a colour scale; the bars get explicit colours, which
    plotly draws faster with patterns)."""
    return scale_colour(COLORSCALE, (float(pct) + PCT_LIMIT) / (2 * PCT_LIMIT))


def bar_data(names, st: PoseState) -> dict:
    """Ranked bar chart data: sorted from most shortened to most lengthened."""
    order = np.argsort(st.change_pct, kind="stable")
    pct = st.change_pct[order]
    return dict(
        y=[names[j] for j in order],
        x=[float(v) for v in pct],
        color=[pct_colour(v) for v in pct],
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
        marker=dict(color=b["color"], line=dict(color="#333333", width=0.8),
                    # shorter bars: stripes in the bar's own colour (thick enough to show it)
                    pattern=dict(shape=b["pattern"], fillmode="replace", size=6, solidity=0.5)),
    ))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", showlegend=False,
        margin=dict(l=10, r=20, t=60, b=50), bargap=0.25,
        title=dict(text="Length change from standing, ranked<br><sup>hatched = shorter, "
                        "solid = longer (this model)</sup>", x=0.01, y=0.98),
        # one fixed scale for every pose, so bars can be compared between poses
        xaxis=dict(title="length change (%)", range=[-BAR_LIMIT, BAR_LIMIT], zeroline=True,
                   zerolinewidth=2, zerolinecolor="#444444"),
        # categories in the order of the data (sorted): re-ranking needs no layout change
        yaxis=dict(categoryorder="trace", automargin=True, tickfont=dict(size=11)),
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


def action_html(names, st: PoseState, action: str) -> str:
    """The action view in words (HTML): who produces and who opposes ``action`` at this pose,
    by moment arm. The static page's script writes exactly the same text."""
    t = action_table(names, st, action)

    def rows(items):
        return "".join(f"<li>{escape(n)} ({v:.0f} mm)</li>" for n, v in items) or "<li>none</li>"

    return (f"<b>{escape(action.capitalize())} at this pose</b> (moment arm, this model):<br>"
            f"produce it:<ul class='hip-produce'>{rows(t['produce'])}</ul>"
            f"oppose it:<ul class='hip-oppose'>{rows(t['oppose'])}</ul>")


def femur_status(anteversion_deg: float, neck_shaft_deg: float) -> str:
    """The femur's angles in words, next to gait2392's own and the population means (plain
    text; the static page's script writes the same)."""
    ref = femur_angles()
    return (f"femur anteversion {anteversion_deg:.1f}°, neck-shaft {neck_shaft_deg:.1f}° (this "
            f"model; gait2392's own femur measures {ref['anteversion']['model']:.1f}° and "
            f"{ref['neck_shaft']['model']:.1f}°; for comparison, the mean of 375 adult femurs "
            f"is {ref['anteversion']['population']:.1f}° and "
            f"{ref['neck_shaft']['population']:.1f}°, Toogood et al. 2009)")


def read_presets() -> list[dict]:
    """The pose presets as dicts with the table's column names (from :mod:`widgets.model.presets`,
    which checks the table)."""
    return [dict(id=p.id, label=p.label, flexion_deg=p.flexion, adduction_deg=p.adduction,
                 rotation_deg=p.rotation, knee_deg=p.knee, basis=p.basis, source=p.source,
                 note=p.note) for p in model_presets()]


# ------------------------------------------------------------------ static explorer
#: The explorer's controls: URL-fragment / input name, label, help, unit (the femur angles
#: are the model's keyword arguments ``anteversion_deg`` and ``neck_shaft_deg``).
CONTROLS = (
    ("flexion", "Hip flexion", "0° = standing; + flexion (thigh forwards), − extension"),
    ("adduction", "Hip adduction", "+ adduction (thigh inwards), − abduction"),
    ("rotation", "Hip rotation", "+ internal (knee cap turns in), − external"),
    ("knee", "Knee flexion", "0° = straight; + bent"),
    ("anteversion", "Femoral anteversion", "neck turned forwards (+) relative to the knee"),
    ("neck_shaft", "Neck-shaft angle", "angle between the femoral neck and the shaft"),
)


def _control_ranges() -> dict:
    out = dict(RANGES)
    out["anteversion"] = FEMUR_RANGES["anteversion_deg"]
    out["neck_shaft"] = FEMUR_RANGES["neck_shaft_deg"]
    return out


def _flat(a, nd=6):
    return [round(float(v), nd) for v in np.asarray(a, float).ravel()]


def explorer_data(model: HipModel) -> dict:
    """Everything the static explorer's page script needs (JSON-ready): the model's path data
    for ``pathkernel.js`` (:meth:`~widgets.model.hip.PathModel.export_kernel_data`), the
    measured femur's and the tibia's surfaces (the kernel reshapes and moves them), the
    landmarks, presets, words and thresholds. Numbers and words are the Python model's; the
    page computes every pose from these."""
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    ranges = _control_ranges()
    default = {"flexion": 0.0, "adduction": 0.0, "rotation": 0.0, "knee": 0.0,
               "anteversion": model.anteversion_deg, "neck_shaft": model.neck_shaft_deg}
    fv_, _, _ = bone_surface("femur_r")
    tibia, _ = bone_meshes(model)["tibia"]
    femur_rows = {r["name"]: r for r in read_table("femur.csv")}
    marks = []
    for p in landmark_points(model):
        if p["body"] == "femur":            # the measured femur's point; the page reshapes it
            row = femur_rows.get(p["id"])
            xyz = np.zeros(3) if row is None else np.array([float(row[c]) for c in ("x_m", "y_m", "z_m")])
        else:
            xyz = p["xyz"]
        marks.append(dict(id=p["id"], label=p["label"], body=p["body"], xyz=_flat(xyz)))
    ref = femur_angles()
    presets = []
    for row in read_presets():
        pose = [float(row[k]) for k in ("flexion_deg", "adduction_deg", "rotation_deg", "knee_deg")]
        presets.append(dict(id=row["id"], label=row["label"], basis=row["basis"],
                            source=row["source"], note=row["note"], pose=pose))
    return {
        "kernel": model.export_kernel_data(),
        "names": names,
        "notes": [model.muscle_info(m)["note"] for m in model.muscle_ids],
        "controls": [dict(name=n, label=label, help=help_, min=ranges[n][0], max=ranges[n][1],
                          value=default[n]) for n, label, help_ in CONTROLS],
        "default": default,
        "role_words": [list(ROLE_WORDS[a]) for a in MODEL_AXES],
        "weak_m": WEAK_M, "strong_m": STRONG_M,
        "same_pct": SAME_PCT, "groups": [g[0] for g in GROUPS], "bar_pattern": BAR_PATTERN,
        "colorscale": COLORSCALE, "pct_limit": PCT_LIMIT,
        "actions": {k: list(v) for k, v in ACTIONS.items()},
        "views": VIEWS,
        "presets": presets,
        "femur_mesh": _flat(fv_),
        "tibia_mesh": _flat(tibia),
        "landmarks": marks,
        "landmark_offsets": [list(offset) for _, _, offset in LANDMARKS],
        "colorbar_ticks": COLORBAR_TICKS, "colorbar_ticks_short": COLORBAR_TICKS_SHORT,
        "femur_ref": {k: {"model": v["model"], "population": v["population"]} for k, v in ref.items()},
    }


class StaticExplorer:
    """The femur explorer for a page without a kernel: the whole model runs in the page.

    The page carries the model's path data (:func:`explorer_data`, made from the same tables
    the Python model reads) and two scripts, ``widgets/static/pathkernel.js`` (the path
    kernel, proven equal to the Python model by the tests) and
    ``widgets/static/femur_explorer.js`` (controls, readouts and figure updates). Every control
    of the live explorer is there: hip flexion, adduction, rotation, knee flexion, femoral
    anteversion and neck-shaft angle (1-degree steps over the model's ranges), presets, reset,
    camera views, landmark labels, muscle details, the flip readout and the action view. The
    pose is also read from and written to the URL fragment
    (``#flexion=90&adduction=0&rotation=-30&knee=0&anteversion=9.7&neck_shaft=129.2``).

    >>> ex = StaticExplorer()
    >>> [c["name"] for c in ex.data["controls"]][:4]
    ['flexion', 'adduction', 'rotation', 'knee']
    """

    VIEW_ID = "hip-explorer-view"
    BAR_ID = "hip-explorer-bars"
    TITLE = "Right hip in this model (drag to turn the view)"

    def __init__(self, model: HipModel | None = None):
        self.model = model or HipModel()
        m = self.model
        self.names = [m.muscle_info(i)["name"] for i in m.muscle_ids]
        self.notes = [m.muscle_info(i)["note"] for i in m.muscle_ids]
        self.meshes = bone_meshes(m)
        self.initial = pose_state(m)
        self.neutral = self.initial
        self.data = explorer_data(m)

    # ------------------------------------------------------------------ html
    def data_json(self) -> str:
        # "</" cannot end the <script> element the JSON sits in
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")

    def view_figure(self) -> go.Figure:
        from .figures import set_alt_text

        fig = make_view_figure(self.model, self.initial, meshes=self.meshes, title=self.TITLE)
        set_alt_text(fig, ALT_VIEW)
        return fig

    def bar_figure(self) -> go.Figure:
        from .figures import set_alt_text

        fig = make_bar_figure(self.model, self.initial)
        set_alt_text(fig, ALT_BARS)
        return fig

    def _slider(self, c) -> str:
        shown = f"{c['value']:.1f}" if c["name"] in ("anteversion", "neck_shaft") else None
        return slider_html("hip-x", c, shown=shown)

    def _controls(self) -> str:
        controls = {c["name"]: c for c in self.data["controls"]}
        pose = "".join(self._slider(controls[n]) for n in ("flexion", "adduction", "rotation", "knee"))
        femur = "".join(self._slider(controls[n]) for n in ("anteversion", "neck_shaft"))
        opts = "".join(f'<option value="{escape(p["id"])}">{escape(p["label"])}</option>'
                       for p in self.data["presets"])
        views = "".join(f'<button type="button" class="hip-x-view" data-view="{v}" '
                        f'aria-pressed="{str(v == "oblique").lower()}">{v}</button>' for v in VIEWS)
        st = self.initial
        status = (f"Pose: {_pose_title(st.pose)}; "
                  f"{femur_status(self.model.anteversion_deg, self.model.neck_shaft_deg)}.")
        return f"""
<div class="hip-x" id="hip-x">
<fieldset class="hip-x-controls"><legend>Pose (right hip and knee)</legend>{pose}</fieldset>
<fieldset class="hip-x-controls"><legend>Femur shape</legend>{femur}
<div class="hip-x-row"><button type="button" id="hip-x-femur-population">Population mean femur</button>
<button type="button" id="hip-x-femur-default">This model's femur</button></div></fieldset>
<div class="hip-x-row"><label for="hip-x-preset">Pose preset</label>
<select id="hip-x-preset"><option value="">(choose a pose)</option>{opts}</select>
<button type="button" id="hip-x-reset">Reset</button></div>
<p id="hip-x-preset-note" class="hip-x-help"></p>
<div class="hip-x-row" role="group" aria-label="Camera view"><span>View:</span>{views}
<label class="hip-x-check"><input type="checkbox" id="hip-x-labels"> Label landmarks</label></div>
<p id="hip-x-notice" class="hip-x-notice" role="alert" hidden></p>
<p id="hip-x-status" class="hip-x-status" aria-live="polite">{escape(status)}</p>
</div>"""

    def view_html(self) -> str:
        """Controls + 3-D view (one plotly figure): the first output on the page."""
        return (style_tag("femur_explorer.css") + self._controls()
                + figure_html(self.view_figure(), self.VIEW_ID)
                + f'<p class="hip-x-credit">{escape(BONE_CREDIT)}</p>')

    def bars_html(self) -> str:
        """Ranked bar chart + readouts + data + scripts: the second output on the page."""
        st = self.initial
        piri = list(self.model.muscle_ids).index("piriformis")
        muscles = "".join(f'<option value="{j}"{" selected" if j == piri else ""}>{escape(n)}</option>'
                          for j, n in enumerate(self.names))
        actions = "".join(f'<option value="{escape(a)}"{" selected" if a == "external rotation" else ""}>'
                          f"{escape(a)}</option>" for a in ACTIONS)
        readout = (
            '<div class="hip-x-readout">'
            '<div class="hip-x-row"><label for="hip-x-muscle">Details for one muscle</label> '
            f'<select id="hip-x-muscle">{muscles}</select></div>'
            f'<p id="hip-x-detail">{muscle_details(self.names[piri], self.notes[piri], st, piri)}</p>'
            '<div class="hip-x-row"><label for="hip-x-action">Action</label> '
            f'<select id="hip-x-action">{actions}</select></div>'
            f'<div id="hip-x-action-view">{action_html(self.names, st, "external rotation")}</div>'
            '<h4 class="hip-x-h">Actions that flipped compared with standing</h4>'
            '<ul id="hip-x-flips"><li>none</li></ul></div>')
        return (figure_html(self.bar_figure(), self.BAR_ID) + readout
                + f'<script type="application/json" id="hip-x-data">{self.data_json()}</script>'
                + script_tag("pathkernel.js") + script_tag("explorer_common.js")
                + script_tag("femur_explorer.js"))

    def outputs(self):
        """The two IPython display objects the book page shows, in order."""
        from IPython.display import HTML

        return HTML(self.view_html()), HTML(self.bars_html())


def slider_html(prefix: str, c: dict, step: float = 1, shown: str | None = None) -> str:
    """One labelled ``<input type="range">`` row of an in-page explorer (the femur explorer's
    style, ``femur_explorer.css``): ``c`` has ``name`` (the input's name; ids are
    ``{prefix}-{name}``), ``label``, ``help``, ``min``, ``max``, ``value`` and optionally
    ``unit`` (default "°"); ``shown`` is the value as first written next to the slider."""
    n, value, unit = c["name"], c["value"], c.get("unit", "°")
    shown = f"{value:g}" if shown is None else shown
    return (f'<div class="hip-x-row"><label for="{prefix}-{n}">{escape(c["label"])}</label>'
            f'<input type="range" id="{prefix}-{n}" name="{n}" min="{c["min"]:g}" '
            f'max="{c["max"]:g}" step="{step:g}" value="{value:g}" aria-describedby="{prefix}-{n}-help">'
            f'<output id="{prefix}-{n}-out" for="{prefix}-{n}">{shown}{unit}</output>'
            f'<span id="{prefix}-{n}-help" class="hip-x-help">{escape(c["help"])} '
            f'({c["min"]:g}{unit} to {c["max"]:g}{unit})</span></div>')


def figure_html(fig: go.Figure, div_id: str) -> str:
    alt = (fig.layout.meta or {}).get("alt", "")
    html = pio.to_html(fig, include_plotlyjs=False, full_html=False, auto_play=False,
                       config=plotly_setup.PLOTLY_CONFIG, div_id=div_id,
                       default_height=fig.layout.height or 450)
    return f'<div class="hip-figure" role="figure" aria-label="{escape(alt, quote=True)}">{html}</div>'


ALT_VIEW = ("Three-dimensional drawing of a right hip seen from the front and side: the pelvis, "
            "sacrum and lower spine, the femur and the upper tibia and fibula, and about thirty "
            "muscle paths drawn as lines. Each line is coloured by how much longer (orange, "
            "solid) or shorter (blue, dashed) the muscle is than in standing; muscles within 1 "
            "percent are thin grey lines. The lines and bones move when the pose or femur "
            "controls change.")
ALT_BARS = ("Horizontal bar chart ranking every muscle by its length change from standing, in "
            "percent, from most shortened (bottom, blue, hatched) to most lengthened (top, "
            "orange, solid), with the change in millimetres written next to each bar.")

#: The page script (kept as a name for code that inlined it; the file is the source).
EXPLORER_JS = static_text("femur_explorer.js")
