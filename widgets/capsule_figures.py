"""Figures of the capsule chapter.

* :func:`ligament_view`: the hip in 3-D with its four ligaments, each coloured by its strain,
  and the zona orbicularis, with a bar chart of the strains, for one posture. The book page
  computes every other posture in the browser (:mod:`widgets.capsule_view`); the live
  explorer (:mod:`widgets.capsule_explorer`) recomputes it in Python.
* :func:`make_rom_figure`: range of motion in each direction and what stops it, with a
  laxity slider and the cited norms (precomputed states).
* :func:`make_slack_zone_figure`: the rotation slack zone against hip flexion for the stiff,
  typical and lax hips, with the cadaver measurement.
* :func:`make_kneeling_figure`: ligament strains and posterior muscle length changes at the
  start and the rocked-back end of the kneeling glute mobilisation.

Taut and slack are told apart by colour AND a second channel: in 3-D the strain colour scale
(blue slack, grey at the slack length, orange to vermillion taut; Okabe-Ito colours) plus the
line (thick solid = taut, thin dashed = slack); in bar charts the colour plus a pattern
(hatched = slack).
"""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import bones_view as bv
from . import capsule as topic
from . import femur_view as fv
from .figures import OKABE_ITO, set_alt_text
from .model import RANGES, HipModel
from .model.bones import bone_surface
from .model.capsule import CapsuleModel, laxity_levels

FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222")
BONE = "#d8ccb4"
RING = "#555555"
#: Credit line for the drawn bones (their licence asks for it wherever they are shown).
BONE_CREDIT = bv.BONE_CREDIT
#: Colour and bar pattern per ligament (two channels), in the model's ligament order.
LIGAMENT_STYLE = {
    "iliofemoral_lateral": (OKABE_ITO[1], ""),
    "iliofemoral_medial": (OKABE_ITO[4], "/"),
    "pubofemoral": (OKABE_ITO[2], "x"),
    "ischiofemoral": (OKABE_ITO[3], "."),
}
FEMUR_TOP_Y = -0.12          # draw the femur above this (femur frame, m): the hip end
SCENE = dict(x=(-0.145, 0.005), y=(-0.15, 0.0), z=(0.01, 0.16))   # around the hip, m
#: Named camera positions of the 3-D view (pelvis frame: x forward, y up, z to the right).
VIEWS = {
    "front-side": dict(eye=dict(x=1.05, y=0.25, z=0.6), up=dict(x=0, y=1, z=0), center=dict(x=0, y=0, z=0)),
    "front": dict(eye=dict(x=1.25, y=0.1, z=0.0), up=dict(x=0, y=1, z=0), center=dict(x=0, y=0, z=0)),
    "back": dict(eye=dict(x=-1.25, y=0.1, z=0.0), up=dict(x=0, y=1, z=0), center=dict(x=0, y=0, z=0)),
    "below": dict(eye=dict(x=0.3, y=-1.2, z=0.35), up=dict(x=1, y=0, z=0), center=dict(x=0, y=0, z=0)),
}
CAMERA = VIEWS["front-side"]

#: Strain colour scale: the femur explorer's blue - grey - orange - vermillion (Okabe-Ito),
#: blue = slack, grey = at the slack length, orange to vermillion = taut; it saturates at
#: +-STRAIN_LIMIT_PCT (a ligament's strain goes far lower when it is slack, which matters less).
STRAIN_COLORSCALE = fv.COLORSCALE
STRAIN_LIMIT_PCT = 20.0
STRAIN_TICKS = ["≤ −20 slack", "−10", "0", "+10", "≥ +20 taut"]
#: Second channel of the 3-D lines: (width, dash) when taut and when slack.
LINE_STYLE = {"taut": (10, "solid"), "slack": (6, "dash")}
#: Second channel of the strain bars: hatched when slack.
BAR_PATTERN = {"taut": "", "slack": "/"}
#: The strain bars' fixed axis (%), so postures can be compared; longer bars stop there.
BAR_RANGE = (-40.0, 40.0)
#: Laxity steps of the explorers' laxity sliders (the stiff, typical and lax hips are buttons).
LAXITY_STEP = 0.002


def _pose_label(pose):
    f, a, r, k = (pose[k] for k in ("flexion", "adduction", "rotation", "knee"))
    return f"flexion {f:g}°, adduction {a:g}°, rotation {r:g}°, knee {k:g}°"


def femur_top_mesh():
    """The hip end of gait2392's femur (the measured femur, femur frame, m): vertices above
    :data:`FEMUR_TOP_Y` and the faces among them. Returns (vertices (n, 3), faces (k, 3))."""
    v, f, _ = bone_surface("femur_r")
    v, f = np.asarray(v), np.asarray(f)
    keep = v[:, 1] > FEMUR_TOP_Y
    faces = f[keep[f].all(axis=1)]
    index = -np.ones(len(v), int)
    index[np.flatnonzero(keep)] = np.arange(keep.sum())
    return v[keep], index[faces]


def ligament_state(cap: CapsuleModel, pose: dict, femur_verts) -> dict:
    """Everything the ligament figure draws for one pose (pelvis frame, m); ``femur_verts``
    are the measured femur's (:func:`femur_top_mesh`), reshaped here as the model's femur."""
    r = cap.evaluate(**pose)
    paths = cap.polylines(**pose)
    rot, origin = cap.femur_transform(pose["flexion"], pose["adduction"], pose["rotation"])
    return {
        "strain_pct": 100 * r.strain[0], "force_n": r.force_n[0], "length_mm": 1000 * r.length_m[0],
        "paths": [paths[i] for i in cap.ids],
        "femur": cap.femur.transform(femur_verts) @ rot.T + origin,
        "ring": cap.zona_orbicularis(pose["flexion"], pose["adduction"], pose["rotation"]),
    }


def state_word(strain_pct: float) -> str:
    """``"taut"`` when the strain is above 0, else ``"slack"`` (the model's definition)."""
    return "taut" if strain_pct > 0 else "slack"


def strain_colour(strain_pct: float) -> str:
    """The strain colour scale's colour (``#rrggbb``) for a strain in %."""
    return fv.scale_colour(STRAIN_COLORSCALE, (float(strain_pct) + STRAIN_LIMIT_PCT) / (2 * STRAIN_LIMIT_PCT))


def ligament_text(name: str, strain_pct: float, length_mm: float, force_n: float) -> str:
    """Hover text of one ligament (HTML, as plotly shows it); the page script writes the same."""
    return (f"<b>{escape(name)}</b><br>{state_word(strain_pct)}: strain {strain_pct:+.1f} %<br>"
            f"length {length_mm:.1f} mm, force {force_n:.0f} N")


UNIT = 1e4   # the 3-D scene is drawn in units of 0.1 mm, sent as 16-bit integers (compact)


def _q(a):
    """Metres -> scene units (0.1 mm) as int16: plotly ships them as compact binary arrays."""
    return np.round(np.asarray(a, float) * UNIT).astype(np.int16)


def ligament_traces(cap, st, names):
    """Per ligament, the moving parts of its 3-D line: points (scene units), hover text and
    line (colour from the strain, width and dash from taut/slack)."""
    out = []
    for j, lig in enumerate(cap.ids):
        p = st["paths"][j]
        s = float(st["strain_pct"][j])
        width, dash = LINE_STYLE[state_word(s)]
        out.append(dict(x=_q(p[:, 0]), y=_q(p[:, 1]), z=_q(p[:, 2]),
                        line=dict(color=strain_colour(s), width=width, dash=dash),
                        text=ligament_text(names[lig], s, st["length_mm"][j], st["force_n"][j])))
    return out


def bar_length(strain_pct: float) -> float:
    """A strain bar's length (%): the strain, cut at the chart's ends (:data:`BAR_RANGE`) so
    that the bar's label, which gives the whole strain, stays on the chart."""
    return min(max(float(strain_pct), BAR_RANGE[0]), BAR_RANGE[1])


def bar_trace(cap, st, names):
    """The strain bars' moving parts: length (:func:`bar_length`), colour from the strain,
    hatched when slack, and the strain in words."""
    s = [float(v) for v in st["strain_pct"]]
    return dict(x=[bar_length(v) for v in s], y=[names[i] for i in cap.ids],
                marker=dict(color=[strain_colour(v) for v in s],
                            pattern=dict(shape=[BAR_PATTERN[state_word(v)] for v in s])),
                text=[f"{v:+.1f} % ({state_word(v)})" for v in s])


#: Trace numbers in the ligament figure of the parts that move with the pose.
FEMUR_TRACE, RING_TRACE, FIRST_LIGAMENT_TRACE = 1, 2, 3


def bar_trace_index(n_ligaments):
    return FIRST_LIGAMENT_TRACE + n_ligaments + 4


def ligament_view(cap: CapsuleModel, st: dict, names: dict, femur_faces, height: int = 760,
                  credit: bool = True):
    """The ligament figure for one posture: pelvis, femur, zona orbicularis, the ligaments
    (trace names ``ligament <id>``), their labels, the taut/slack legend, the strain colour
    bar and the strain bars. The explorers update the moving traces (:data:`FEMUR_TRACE`,
    :data:`RING_TRACE`, the ligaments from :data:`FIRST_LIGAMENT_TRACE`, and
    :func:`bar_trace_index`). The scene is in units of 0.1 mm (:data:`UNIT`). ``credit``:
    write the bones' credit line in the figure (a page that writes it below can say no)."""
    fig = make_subplots(rows=2, cols=1, row_heights=[0.72, 0.28], vertical_spacing=0.04,
                        specs=[[{"type": "scene"}], [{"type": "xy"}]])
    pv, pf, _ = bone_surface("pelvis_r")
    pv, pf = np.asarray(pv), np.asarray(pf)
    fig.add_trace(go.Mesh3d(x=_q(pv[:, 0]), y=_q(pv[:, 1]), z=_q(pv[:, 2]),
                            i=pf[:, 0].astype(np.int16), j=pf[:, 1].astype(np.int16),
                            k=pf[:, 2].astype(np.int16), color=BONE, opacity=0.55, hoverinfo="skip",
                            name="pelvis", showlegend=False, flatshading=True), 1, 1)
    fig.add_trace(go.Mesh3d(x=_q(st["femur"][:, 0]), y=_q(st["femur"][:, 1]),
                            z=_q(st["femur"][:, 2]), i=femur_faces[:, 0].astype(np.int16),
                            j=femur_faces[:, 1].astype(np.int16), k=femur_faces[:, 2].astype(np.int16),
                            color=BONE, opacity=1.0, hoverinfo="skip",
                            name="femur", showlegend=False,
                            lighting=dict(ambient=0.55, diffuse=0.7, specular=0.1)), 1, 1)
    fig.add_trace(go.Scatter3d(x=_q(st["ring"][:, 0]), y=_q(st["ring"][:, 1]),
                               z=_q(st["ring"][:, 2]), mode="lines", name="zona orbicularis",
                               line=dict(color=RING, width=4, dash="dot"), hoverinfo="name",
                               showlegend=True), 1, 1)
    for lig, d in zip(cap.ids, ligament_traces(cap, st, names)):
        fig.add_trace(go.Scatter3d(mode="lines", hovertemplate="%{text}<extra></extra>",
                                   showlegend=False, name=f"ligament {lig}", **d), 1, 1)
    origins = np.array([st["paths"][j][0] for j in range(len(cap.ids))])
    fig.add_trace(go.Scatter3d(x=_q(origins[:, 0]), y=_q(origins[:, 1]), z=_q(origins[:, 2]),
                               mode="text", text=[names[i] for i in cap.ids], hoverinfo="skip",
                               textfont=dict(size=11, color="#222222"), showlegend=False,
                               name="labels"), 1, 1)
    # legend entries for the two states (line style; the colour bar gives the strain)
    for label, key in (("taut: thick solid line", "taut"), ("slack: thin dashed line", "slack")):
        width, dash = LINE_STYLE[key]
        fig.add_trace(go.Scatter3d(x=[None], y=[None], z=[None], mode="lines", name=label,
                                   line=dict(color="#555555", width=width, dash=dash),
                                   hoverinfo="skip", showlegend=True), 1, 1)
    # the strain colour scale, on an invisible point at the hip centre
    hc = _q(cap.hip_centre)
    lim = STRAIN_LIMIT_PCT
    fig.add_trace(go.Scatter3d(
        name="colour scale", x=[int(hc[0])], y=[int(hc[1])], z=[int(hc[2])], mode="markers",
        hoverinfo="skip", showlegend=False,
        marker=dict(size=1, opacity=0, color=[0.0], colorscale=STRAIN_COLORSCALE, cmin=-lim, cmax=lim,
                    showscale=True,
                    colorbar=dict(title=dict(text="strain (%)"), len=0.5, y=0.7, thickness=14, x=1.0,
                                  tickvals=[-lim, -lim / 2, 0, lim / 2, lim], ticktext=STRAIN_TICKS))), 1, 1)
    b = bar_trace(cap, st, names)
    fig.add_trace(go.Bar(orientation="h", name="strain", showlegend=False, textposition="auto",
                         hovertemplate="%{y}: %{text}<extra></extra>", **b), 2, 1)
    axis = dict(visible=False, showspikes=False)
    fig.update_layout(
        height=height, font=FONT, template="simple_white",
        margin=dict(l=0, r=10, t=40, b=10),
        legend=dict(orientation="h", x=0.0, xanchor="left", y=1.0, yanchor="bottom",
                    bgcolor="rgba(255,255,255,0.7)"),
        uirevision="capsule-ligaments",
        scene=dict(aspectmode="manual",
                   aspectratio={k: (v[1] - v[0]) / 0.15 for k, v in SCENE.items()},
                   xaxis=dict(axis, range=[v * UNIT for v in SCENE["x"]]),
                   yaxis=dict(axis, range=[v * UNIT for v in SCENE["y"]]),
                   zaxis=dict(axis, range=[v * UNIT for v in SCENE["z"]]),
                   camera=CAMERA, dragmode="orbit",
                   domain=dict(x=[0.0, 0.9], y=[0.37, 1.0])),
        xaxis=dict(title=dict(text="strain (%): below 0 slack (hatched), above 0 taut; "
                                   "bars stop at the chart's ends", standoff=4),
                   range=list(BAR_RANGE), zeroline=True, zerolinewidth=2, domain=[0.25, 1.0]),
        yaxis=dict(autorange="reversed", domain=[0.1, 0.33]),
    )
    if credit:
        fig.add_annotation(text=BONE_CREDIT, x=0.0, y=0.36, xref="paper", yref="paper",
                           showarrow=False, font=dict(size=10, color="#555555"), xanchor="left")
    return fig


# ------------------------------------------------------------------ range of motion
ROM_ROWS = (  # (label, direction, hip flexion for the test)
    ("Flexion", "flexion", 0.0),
    ("Extension", "extension", 0.0),
    ("Adduction", "adduction", 0.0),
    ("Abduction", "abduction", 0.0),
    ("Internal rotation, hip straight", "internal_rotation", 0.0),
    ("External rotation, hip straight", "external_rotation", 0.0),
    ("Internal rotation, hip bent 90°", "internal_rotation", 90.0),
    ("External rotation, hip bent 90°", "external_rotation", 90.0),
)


def rom_table(model: HipModel, laxity: float) -> list[dict]:
    """One dict per row of :data:`ROM_ROWS`: range (deg), limiter id, and whether the range
    reached the model's limit without the capsule stopping it."""
    cap = topic.capsule_for(model, laxity)
    out = []
    for label, d, f in ROM_ROWS:
        r = cap.rom(d, flexion=f)
        out.append({"label": label, "direction": d, "flexion": f,
                    "range_deg": abs(r.limit_deg) if r.angle_deg is None else r.magnitude_deg,
                    "stopped": r.angle_deg is not None, "limiter": r.limiter})
    return out


def laxity_steps():
    """Laxity values of the ROM figure's slider: the stiff, typical and lax hips and evenly
    spaced values a little beyond them."""
    lv = laxity_levels()
    vals = set(np.round(np.linspace(lv["stiff"] - 0.02, lv["lax"] + 0.02, 11), 3)) | set(lv.values())
    return sorted(float(v) for v in vals)


def make_rom_figure(model: HipModel | None = None, height: int = 640) -> go.Figure:
    """Range of motion per direction at 5 N m, coloured and patterned by the ligament that
    stops it, with a laxity slider; in-vivo and cadaver norms as markers."""
    model = model or HipModel()
    levels = laxity_levels()
    names = {i: topic.capsule_for(model).info(i)["short_name"] for i in topic.capsule_for(model).ids}
    values = laxity_steps()
    labels = [row[0] for row in ROM_ROWS]
    tables = [rom_table(model, v) for v in values]
    fig = go.Figure()

    def bars(table):
        colours, patterns, text = [], [], []
        for row in table:
            if row["stopped"]:
                c, p = LIGAMENT_STYLE[row["limiter"]]
                text.append(f"{row['range_deg']:.0f}° – {names[row['limiter']]}")
            else:
                c, p = "#bbbbbb", "-"
                text.append(f"≥ {row['range_deg']:.0f}° – not stopped by the capsule")
            colours.append(c)
            patterns.append(p)
        return dict(x=[round(r["range_deg"], 1) for r in table], y=labels, text=text,
                    marker=dict(color=colours, pattern=dict(shape=patterns, fgcolor="#222222")))

    typical = values.index(1.0)
    fig.add_trace(go.Bar(orientation="h", name="this model", textposition="outside",
                         cliponaxis=False, showlegend=False, textfont=dict(size=12),
                         hovertemplate="%{y}: %{text}<extra></extra>", **bars(tables[typical])))
    # legend swatches: one per limiting ligament (colour + pattern)
    for lig, (c, p) in LIGAMENT_STYLE.items():
        fig.add_trace(go.Bar(x=[None], y=[None], orientation="h", name=f"stopped by {names[lig]}",
                             marker=dict(color=c, pattern=dict(shape=p, fgcolor="#222222")),
                             showlegend=True))
    # norms
    norm_rows = {("flexion", 0.0): "Flexion", ("extension", 0.0): "Extension",
                 ("adduction", 0.0): "Adduction", ("abduction", 0.0): "Abduction",
                 ("internal_rotation", 0.0): labels[4], ("external_rotation", 0.0): labels[5],
                 ("internal_rotation", 90.0): labels[6], ("external_rotation", 90.0): labels[7]}
    for kind, symbol, colour, label in (("mean", "diamond", "#000000", "people (mean)"),
                                        ("upper_bound", "line-ns-open", "#000000", "people (upper limit)"),
                                        ("cadaver_capsule", "x", OKABE_ITO[5], "cadaver capsule, about")):
        xs, ys, tx = [], [], []
        for n in topic.rom_norms():
            row = norm_rows.get((n["direction"], n["flexion_deg"]))
            if n["kind"] != kind or row is None:
                continue
            xs.append(n["value_deg"])
            ys.append(row)
            tx.append(f"{n['position']}: {n['value_deg']:g}° ({n['source']})")
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=label, text=tx,
                                     hovertemplate="%{text}<extra></extra>",
                                     marker=dict(symbol=symbol, size=12, color=colour,
                                                 line=dict(width=2, color=colour))))
    word = {v: k for k, v in levels.items()}
    steps = []
    for v, table in zip(values, tables):
        b = bars(table)
        steps.append(dict(method="restyle", label=f"{v:.3f}" + (f" ({word[v]})" if v in word else ""),
                          args=[{"x": [b["x"]], "text": [b["text"]],
                                 "marker.color": [b["marker"]["color"]],
                                 "marker.pattern.shape": [b["marker"]["pattern"]["shape"]]}, [0]]))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", barmode="overlay",
        margin=dict(l=10, r=10, t=90, b=10),
        xaxis=dict(title="range of motion (°) at a passive moment of 5 N m", range=[0, 185]),
        yaxis=dict(autorange="reversed", domain=[0.22, 1.0]),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        sliders=[dict(active=typical, steps=steps, x=0.0, len=1.0, y=0.08, yanchor="top",
                      currentvalue=dict(prefix="Laxity: "), pad=dict(t=10), font=dict(size=11))],
    )
    return set_alt_text(fig, (
        "Horizontal bar chart of the hip's range of motion in this model in eight directions at "
        "a passive moment of 5 newton metres. Each bar's colour and pattern name the ligament that "
        "stops the motion; grey striped bars were not stopped by the capsule within the model's "
        "range. Black diamonds mark mean ranges measured in people, a vertical mark the most "
        "flexion seen, and blue crosses approximate values from cadaver hips with only the capsule "
        "left. A slider changes the capsule's laxity from stiff to lax."))


# --------------------------------------------------------------------- slack zone
def make_slack_zone_figure(model: HipModel | None = None, height: int = 430) -> go.Figure:
    """The range of rotation in which every ligament is slack, against hip flexion."""
    model = model or HipModel()
    levels = laxity_levels()
    flex = np.arange(RANGES["flexion"][0], 120.1, 2.5)
    fig = go.Figure()
    styles = {"stiff": (OKABE_ITO[1], "dash"), "typical": (OKABE_ITO[0], "solid"),
              "lax": (OKABE_ITO[2], "dot")}
    for name in ("lax", "typical", "stiff"):
        cap = topic.capsule_for(model, levels[name])
        zones = [cap.slack_zone(float(f)) for f in flex]
        keep = [z is not None for z in zones]
        xs = flex[keep]
        lo = np.array([z[0] for z in zones if z is not None])
        hi = np.array([z[1] for z in zones if z is not None])
        colour, dash = styles[name]
        if name == "typical":   # the typical zone shaded: a closed outline, edge to edge
            fig.add_trace(go.Scatter(x=np.r_[xs, xs[::-1]], y=np.r_[hi, lo[::-1]], fill="toself",
                                     fillcolor="rgba(0,114,178,0.15)", line=dict(width=0),
                                     hoverinfo="skip", showlegend=False))
        for edge, word, show in ((hi, "up to %{y:.0f}° internal", True),
                                 (lo, "down to %{y:.0f}° (negative = external)", False)):
            fig.add_trace(go.Scatter(x=xs, y=edge, mode="lines", legendgroup=name, showlegend=show,
                                     line=dict(color=colour, dash=dash, width=3),
                                     name=f"{name} (laxity {levels[name]:g})",
                                     hovertemplate=f"{name}, flexion %{{x}}°: slack {word}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[30, 30], y=[-25, 25], mode="markers", name="cadaver hips: 50 ± 10° wide in mid-range",
                             marker=dict(symbol="diamond", size=11, color="#000000"),
                             error_y=dict(type="constant", value=5, color="#000000"),
                             hovertemplate="van Arkel et al. 2015: up to 50 ± 10° un-resisted<extra></extra>"))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", margin=dict(l=10, r=10, t=20, b=10),
        xaxis=dict(title="hip flexion (°), extension negative", range=[-30, 120]),
        yaxis=dict(title="hip rotation (°), internal positive", range=[-62, 62], zeroline=True),
        legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"))
    fig.add_annotation(x=95, y=-60, text="−60° is the model's limit: slack at least that far",
                       showarrow=False, yshift=12, font=dict(size=11, color="#444444"))
    return set_alt_text(fig, (
        "Line chart: for each hip flexion angle from 30 degrees of extension to 130 degrees of "
        "flexion, the upper and lower edges of the range of rotation in which no ligament is "
        "taut, for the stiff (dashed), typical (solid, shaded between) and lax (dotted) hips. The "
        "slack range is widest in mid-flexion and closes towards full extension and deep flexion; "
        "its middle moves from internal rotation in extension to external rotation in flexion. "
        "Two black diamonds at 30 degrees mark the cadaver measurement."))


# ------------------------------------------------------------------ mobilisation
def make_kneeling_figure(model: HipModel | None = None, height: int = 560) -> go.Figure:
    """Strain of each ligament and length change of the posterior muscles at the start (hands
    and knees) and the end (rocked back) of the kneeling glute mobilisation."""
    model = model or HipModel()
    k = topic.kneeling_loads(model)
    cap = topic.capsule_for(model)
    lig_names = [cap.info(i)["short_name"] for i in cap.ids]
    mus = list(k["muscle_pct"])
    mus_names = [model.muscle_info(m)["name"] for m in mus]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.3,
                        subplot_titles=("Ligament strain (%)", "Muscle length change from standing (%)"))
    for n, (label, pattern, colour) in enumerate((("start: hands and knees", "", OKABE_ITO[0]),
                                                  ("end: rocked back", "/", OKABE_ITO[1]))):
        fig.add_trace(go.Bar(orientation="h", y=lig_names, x=[round(k["strain_pct"][i][n], 1) for i in cap.ids],
                             name=label, legendgroup=label, marker=dict(color=colour, pattern=dict(shape=pattern)),
                             hovertemplate="%{y}: %{x:+.1f} %<extra>" + label + "</extra>"), 1, 1)
        fig.add_trace(go.Bar(orientation="h", y=mus_names, x=[round(k["muscle_pct"][m][n], 1) for m in mus],
                             name=label, legendgroup=label, showlegend=False,
                             marker=dict(color=colour, pattern=dict(shape=pattern)),
                             hovertemplate="%{y}: %{x:+.1f} %<extra>" + label + "</extra>"), 1, 2)
    fig.update_layout(height=height, font=FONT, template="simple_white", barmode="group",
                      margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", x=0, y=-0.12, yanchor="top"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(zeroline=True, zerolinewidth=2)
    fig.add_vline(x=0, line_width=1, row=1, col=1)
    return set_alt_text(fig, (
        "Two grouped bar charts. Left: strain of the four capsular ligaments with the hip at about "
        "90 degrees (hands and knees, plain bars) and about 120 degrees of flexion (rocked back, "
        "striped bars); only the ischiofemoral ligament at the back reaches positive strain. "
        "Right: length change from standing of the gluteal, deep rotator and hamstring muscles in "
        "the same two positions."))
