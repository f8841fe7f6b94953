"""Figures and tables of chapter 1 (the gluteal muscles), kernel-free, plus its live explorer.

Every function takes a model and computes what it shows when it is called (at build time on
the book page). The 3-D figures reuse the femur explorer's bones and pelvis
(:mod:`widgets.femur_view`), so they follow the model's bone geometry when it changes.

- :func:`make_attachment_figure`: where each gluteal part and deep rotator attaches, and which
  way it pulls on the femur (3-D, menu by muscle group).
- :func:`make_rotation_figure`: rotation moment arm against hip flexion for each part, its
  sign changes, OpenSim gait2392 and published points (menu by muscle).
- :func:`make_exercise_figure`: the exercise presets drawn on the model, gluteal parts coloured
  and dashed by length change (menu by exercise).
- :func:`action_table_md`, :func:`antagonist_table_md`, :func:`exercise_table_md`,
  :func:`crossing_table_md`: Markdown tables with the model's numbers.
- :func:`glutes_explorer`: ipywidgets explorer of actions and antagonists at any pose (live).
"""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go

from . import bones_view as bv
from . import femur_view as fv
from . import glutes
from .figures import DASHES, FONT, OKABE_ITO, set_alt_text
from .model import STRONG_M, WEAK_M, HipModel
from .model.presets import preset

#: One colour per muscle group (colour-blind-safe), dash per part within a group.
GROUP_COLOURS = dict(zip(glutes.GROUPS, OKABE_ITO))
#: Length-change categories: (colour, dash, width) — colour and line style both encode it.
LENGTH_STYLE = {
    "longer": ("#D55E00", "solid", 9),
    "shorter": ("#0072B2", "dash", 9),
    "about the same": ("#7a7a7a", "solid", 3),
}
#: A closer view from behind and outside, centred near the hip, so the gluteal lines are large enough to read.
HIP_CAMERA = dict(eye=dict(x=-0.45, y=0.2, z=0.45), up=dict(x=0, y=1, z=0),
                  center=dict(x=0.0, y=0.2, z=0.05))
_SCENE = dict(
    aspectmode="manual",
    aspectratio={k: (v[1] - v[0]) / 0.8 for k, v in fv.SCENE_RANGE.items()},
    xaxis=dict(visible=False, range=fv.SCENE_RANGE["x"]),
    yaxis=dict(visible=False, range=fv.SCENE_RANGE["y"]),
    zaxis=dict(visible=False, range=fv.SCENE_RANGE["z"]),
    dragmode="orbit",
)


def _menu(buttons, active=0):
    return [dict(type="dropdown", direction="down", buttons=buttons, active=active, x=0,
                 xanchor="left", y=1.02, yanchor="bottom", bgcolor="#f2f2f2",
                 bordercolor="#555555", font=dict(size=13), showactive=True)]


def _bone_trace(name, verts, faces):
    return go.Mesh3d(name=name, x=verts[:, 0], y=verts[:, 1], z=verts[:, 2], i=faces[:, 0],
                     j=faces[:, 1], k=faces[:, 2], color=bv.BONE, opacity=1.0, hoverinfo="skip",
                     showlegend=False, lighting=dict(ambient=0.55, diffuse=0.7, specular=0.1))


# ---------------------------------------------------------------- attachments
def make_attachment_figure(model: HipModel, height: int = 600) -> go.Figure:
    """Standing pose: each gluteal part and deep rotator as a line from its pelvic attachment
    (circle) to its femoral attachment (diamond), with a cone at the femoral end pointing the
    way the muscle pulls the femur. A menu shows one group or all."""
    groups = glutes.muscles_by_group(model)
    paths = model.muscle_paths()
    meshes = bv.bone_meshes(model)
    R, o = model.femur_transform()
    fig = go.Figure()
    for t in bv.pelvis_traces():
        fig.add_trace(t)
    fig.add_trace(_bone_trace("femur", bv.place(R, o, meshes["femur"][0]), meshes["femur"][1]))
    fixed = len(fig.data)
    owner = []  # group of each added trace
    for g, ids in groups.items():
        colour = GROUP_COLOURS[g]
        tips, dirs, names = [], [], []
        for k, mid in enumerate(ids):
            p = paths[mid]
            name = model.muscle_info(mid)["name"]
            fig.add_trace(go.Scatter3d(
                name=name, legendgroup=g, x=p[:, 0], y=p[:, 1], z=p[:, 2], mode="lines+markers",
                line=dict(color=colour, width=7, dash=DASHES[k % len(DASHES)]),
                marker=dict(size=[6] + [2] * (len(p) - 2) + [6], color=colour,
                            symbol=["circle"] + ["circle"] * (len(p) - 2) + ["diamond"]),
                hovertemplate=f"<b>{escape(name)}</b><br>circle: pelvic attachment<br>"
                              "diamond: femoral attachment<extra></extra>"))
            owner.append(g)
            d = p[-2] - p[-1]
            tips.append(p[-1])
            dirs.append(d / np.linalg.norm(d))
            names.append(name)
        tips, dirs = np.array(tips), np.array(dirs)
        fig.add_trace(go.Cone(
            name=f"{g}: pull on the femur", x=tips[:, 0], y=tips[:, 1], z=tips[:, 2],
            u=dirs[:, 0], v=dirs[:, 1], w=dirs[:, 2], anchor="tail", sizemode="absolute",
            sizeref=0.018, showscale=False, colorscale=[[0, colour], [1, colour]],
            text=names, hovertemplate="%{text}: pulls the femur this way<extra></extra>"))
        owner.append(g)
    buttons = [dict(label="All four groups", method="restyle",
                    args=[{"visible": [True] * (fixed + len(owner))}])]
    for g in groups:
        buttons.append(dict(label=g[0].upper() + g[1:], method="restyle",
                            args=[{"visible": [True] * fixed + [o_ == g for o_ in owner]}]))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", margin=dict(l=0, r=0, t=60, b=0),
        title=dict(text="Attachments and lines of pull, standing (right hip, this model)",
                   x=0.01, y=0.99, font=dict(size=14)),
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", font=dict(size=11),
                    bgcolor="rgba(255,255,255,0.7)"),
        scene=dict(_SCENE, camera=fv.VIEWS["back"]), updatemenus=_menu(buttons))
    set_alt_text(fig, (
        "Three-dimensional view from behind of the right hip in standing: a schematic pelvis, "
        "the femur and one line per muscle part from its attachment on the pelvis (circle) to "
        "its attachment on the femur (diamond), with a cone at the femoral end showing the "
        "direction of pull. Gluteus maximus lines run down and outward behind the hip; gluteus "
        "medius and minimus fan down from the side of the pelvis to the greater trochanter; "
        "the deep rotators run nearly horizontally from the back of the pelvis to the back of "
        "the greater trochanter. A menu shows one muscle group at a time."))
    return fig


# ------------------------------------------------------------ rotation vs flexion
def make_rotation_figure(model: HipModel, initial: str = "piriformis", height: int = 560) -> go.Figure:
    """Rotation moment arm (mm, + internal) against hip flexion for one muscle at a time
    (menu): this model (line), OpenSim gait2392 (dashed, squares), published values
    (stars, where verified) and the model's zero crossings (crosses on the zero line)."""
    ids = glutes.chapter_muscles(model)
    if initial not in ids:
        raise ValueError(f"initial={initial!r} is not one of: {', '.join(ids)}")
    x = np.arange(glutes.CROSSING_RANGE[0], glutes.CROSSING_RANGE[1] + 1e-9, 2.5)
    r = model.evaluate(flexion=x, muscles=ids)
    ref = glutes.reference_rotation_curves(model, ids)
    cross = glutes.crossings(model, ids)
    lit = glutes.literature_points()
    fig, owner = go.Figure(), []
    ymax = 10.0
    for j, mid in enumerate(ids):
        name = model.muscle_info(mid)["name"]
        show = mid == initial
        y = r.ma_rot_m[:, j] * 1000
        ymax = max(ymax, float(np.abs(y).max()))
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines", name="this model", visible=show,
            line=dict(color=OKABE_ITO[0], width=3),
            hovertemplate=f"{escape(name)}, this model<br>flexion %{{x:.0f}}°: %{{y:+.1f}} mm<extra></extra>"))
        owner.append(mid)
        if mid in ref:
            rx, ry = ref[mid]
            ymax = max(ymax, float(np.abs(ry).max()))
            fig.add_trace(go.Scatter(
                x=rx, y=ry, mode="lines+markers", name="OpenSim gait2392", visible=show,
                line=dict(color=OKABE_ITO[1], width=2, dash="dash"),
                marker=dict(symbol="square", size=6, color=OKABE_ITO[1]),
                hovertemplate=f"{escape(name)}, gait2392<br>flexion %{{x:.0f}}°: %{{y:+.1f}} mm<extra></extra>"))
            owner.append(mid)
        pts = [p for p in lit if p["muscle"] == mid]
        if pts:
            fig.add_trace(go.Scatter(
                x=[p["flexion_deg"] for p in pts], y=[p["ma_rot_mm"] for p in pts],
                mode="markers", name="Delp et al. 1999, as quoted (McLean 2007)", visible=show,
                marker=dict(symbol="star", size=15, color=OKABE_ITO[2], line=dict(color="#222", width=1)),
                hovertemplate="published value (secondary source)<br>flexion %{x:.0f}°: %{y:+.0f} mm<extra></extra>"))
            owner.append(mid)
        if cross[mid]:
            fig.add_trace(go.Scatter(
                x=cross[mid], y=[0.0] * len(cross[mid]), mode="markers+text",
                name="sign change (this model)", visible=show,
                text=[f"{c:.0f}°" for c in cross[mid]], textposition="top center",
                marker=dict(symbol="x", size=13, color="#000000"),
                hovertemplate="changes sign at %{x:.1f}° of flexion<extra></extra>"))
            owner.append(mid)
    lim = 1.15 * ymax
    buttons = [dict(label=model.muscle_info(m)["name"], method="restyle",
                    args=[{"visible": [o == m for o in owner]}]) for m in ids]
    fig.update_layout(
        height=height, font=FONT, template="simple_white", hovermode="closest",
        margin=dict(l=80, r=20, t=110, b=110),
        title=dict(text="Hip rotation moment arm against flexion<br><sup>adduction, rotation "
                        "and knee at 0°</sup>", x=0.01, xanchor="left", yref="container",
                   y=0.97, yanchor="top"),
        legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"),
        xaxis=dict(title="hip flexion (°)", dtick=15, range=[-3, glutes.CROSSING_RANGE[1] + 3]),
        yaxis=dict(title="moment arm (mm)<br><sup>+ internal · − external rotator</sup>",
                   range=[-lim, lim], zeroline=True, zerolinewidth=2, zerolinecolor="#444444"),
        updatemenus=_menu(buttons, ids.index(initial)),
        annotations=[
            dict(text="▲ internal rotator", xref="paper", yref="paper", x=1, y=0.98,
                 xanchor="right", showarrow=False, font=dict(size=12)),
            dict(text="▼ external rotator", xref="paper", yref="paper", x=1, y=0.02,
                 xanchor="right", showarrow=False, font=dict(size=12))])
    set_alt_text(fig, (
        "Line chart of one muscle's hip rotation moment arm in millimetres against hip flexion "
        "from 0 to 120 degrees, chosen from a menu of the gluteal parts and deep rotators. A "
        "solid line shows this model, a dashed line with squares OpenSim's gait2392 model, "
        "stars published values where available, and crosses on the zero line the flexion "
        "angles where the model's moment arm changes sign. Above zero the muscle rotates the "
        "thigh inwards, below zero outwards."))
    return fig


# ------------------------------------------------------------------- exercises
def _length_style(pct):
    return LENGTH_STYLE[glutes.length_word(pct)]


def make_exercise_figure(model: HipModel, preset_ids=glutes.EXERCISES, height: int = 600) -> go.Figure:
    """The exercise presets drawn on the model: femur and shank in the pose, every gluteal part
    and deep rotator coloured and dashed by its length change from standing (orange solid =
    longer, blue dashed = shorter, thin grey = within ±1 %). A menu switches exercise."""
    ids = glutes.chapter_muscles(model)
    cols = [model.muscle_ids.index(m) for m in ids]
    meshes = bv.bone_meshes(model)
    states = []
    for pid in preset_ids:
        p = preset(pid)
        st = fv.pose_state(model, *p.pose)
        # 0.1 mm is plenty for drawing and keeps the page small
        femur = np.round(bv.place(*st.femur, meshes["femur"][0]), 4)
        tibia = np.round(bv.place(*st.tibia, meshes["tibia"][0]), 4)
        st.paths = [np.round(q, 4) for q in st.paths]
        states.append((p, st, femur, tibia))
    p0, st0, femur0, tibia0 = states[0]
    fig = go.Figure()
    for t in bv.pelvis_traces():
        fig.add_trace(t)
    first = len(fig.data)
    fig.add_trace(_bone_trace("femur", femur0, meshes["femur"][1]))
    fig.add_trace(_bone_trace("tibia", tibia0, meshes["tibia"][1]))

    def muscle_style(st, c):
        colour, dash, width = _length_style(st.change_pct[c])
        name = model.muscle_info(model.muscle_ids[c])["name"]
        text = f"{name}: {st.change_pct[c]:+.1f} % ({st.change_mm[c]:+.0f} mm) vs standing"
        return colour, dash, width, text

    for mid, c in zip(ids, cols):
        colour, dash, width, text = muscle_style(st0, c)
        p = st0.paths[c]
        fig.add_trace(go.Scatter3d(
            name=model.muscle_info(mid)["name"], x=p[:, 0], y=p[:, 1], z=p[:, 2], mode="lines",
            line=dict(color=colour, dash=dash, width=width), text=[text] * len(p),
            hovertemplate="%{text}<extra></extra>", showlegend=False))
    for key, (colour, dash, width) in LENGTH_STYLE.items():
        label = {"longer": "longer than standing (orange, solid)",
                 "shorter": "shorter (blue, dashed)",
                 "about the same": f"within ±{glutes.SAME_PCT:g} % (thin grey)"}[key]
        fig.add_trace(go.Scatter3d(name=label, x=[None], y=[None], z=[None], mode="lines",
                                   line=dict(color=colour, dash=dash, width=width),
                                   hoverinfo="skip", showlegend=True))
    traces = list(range(first, first + 2 + len(ids)))
    buttons = []
    for p, st, femur, tibia in states:
        data = {"x": [femur[:, 0], tibia[:, 0]], "y": [femur[:, 1], tibia[:, 1]],
                "z": [femur[:, 2], tibia[:, 2]], "line.color": [None, None],
                "line.dash": [None, None], "line.width": [None, None], "text": [None, None]}
        for c in cols:
            colour, dash, width, text = muscle_style(st, c)
            path = st.paths[c]
            for k in range(3):
                data["xyz"[k]].append(path[:, k])
            data["line.color"].append(colour)
            data["line.dash"].append(dash)
            data["line.width"].append(width)
            data["text"].append([text] * len(path))
        buttons.append(dict(label=p.label, method="update",
                            args=[data, {"title.text": _exercise_title(p)}, traces]))
    fig.update_layout(
        height=height, font=FONT, template="simple_white", margin=dict(l=0, r=0, t=110, b=0),
        title=dict(text=_exercise_title(p0), x=0.01, xanchor="left", yref="container", y=0.98,
                   yanchor="top", font=dict(size=14)),
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", bgcolor="rgba(255,255,255,0.7)"),
        scene=dict(_SCENE, camera=HIP_CAMERA), updatemenus=_menu(buttons))
    set_alt_text(fig, (
        "Three-dimensional view of the right hip in an exercise position chosen from a menu "
        "(clamshell, side-lying leg raise, single-leg deadlift, split squat, hip thrust, glute "
        "bridge, lateral band walk, deep squat and the kneeling glute mobilisation). The femur "
        "and shank are drawn in the pose; each gluteal part and deep rotator is a line, thick "
        "orange and solid where it is longer than in standing, thick blue and dashed where it "
        "is shorter, and thin grey where it is within one percent. Hovering a line gives the "
        "percentage change."))
    return fig


def _exercise_title(p) -> str:
    basis = "angles partly measured" if p.basis == "measured" else "angles estimated"
    return (f"{escape(p.label)}<br><sup>flexion {p.flexion:g}°, adduction {p.adduction:g}°, "
            f"rotation {p.rotation:g}°, knee {p.knee:g}° ({basis})</sup>")


# ------------------------------------------------------------------- tables
def _fmt(v):
    """Signed whole number with a real minus sign; 0 without a sign."""
    return "0" if round(float(v)) == 0 else f"{v:+.0f}".replace("-", "−")


def action_table_md(model: HipModel, flexion=glutes.TABLE_FLEXION) -> str:
    """Markdown: each part's moment arms (mm) at the given flexion angles about the three hip
    axes; ⇄ marks an action that changes sign between those angles."""
    rows = glutes.action_rows(model, flexion)
    angles = " / ".join(f"{f:g}°" for f in flexion)
    head = ("| muscle part | flexion (+) / extension (−) | adduction (+) / abduction (−) | "
            "internal (+) / external (−) rotation |")
    lines = [f"*Moment arms in mm at {angles} of hip flexion, this model.*", "", head,
             "|---|---|---|---|"]
    for row in rows:
        cells = []
        for axis in ("flex", "add", "rot"):
            text = " / ".join(_fmt(v) for v in row["ma_mm"][axis])
            cells.append(f"**{text} ⇄**" if row["flips"][axis] else text)
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def antagonist_table_md(model: HipModel, axis: str, flexion=glutes.TABLE_FLEXION,
                        threshold_m: float = STRONG_M) -> str:
    """Markdown: for one hip axis, which muscles produce each of its two actions at each
    flexion angle (moment arm at least ``threshold_m``): each column is the other's antagonists."""
    if axis not in glutes.AXIS_ACTIONS:
        raise ValueError(f"axis={axis!r} is not one of: {', '.join(glutes.AXIS_ACTIONS)}")
    a, b = glutes.AXIS_ACTIONS[axis]
    chapter = set(glutes.chapter_muscles(model))
    lines = [f"| hip flexion | {a} | {b} (antagonists of {a}) |", "|---|---|---|"]

    def names(items):
        out = []
        for mid, mm in items:
            n = model.muscle_info(mid)["name"]
            out.append((f"**{n}**" if mid in chapter else n) + f" {mm:.0f}")
        return ", ".join(out) if out else "none"

    for f in flexion:
        res = glutes.antagonists(model, a, {"flexion": f}, threshold_m=threshold_m)
        opp = sorted(res["oppose"], key=lambda t: t[1])
        lines.append(f"| {f:g}° | {names(res['produce'])} | {names([(m, -v) for m, v in opp])} |")
    return "\n".join(lines)


def crossing_table_md(model: HipModel) -> str:
    """Markdown: where each part's rotation moment arm changes sign (this model and gait2392)."""
    ids = glutes.chapter_muscles(model)
    cross = glutes.crossings(model, ids)
    ref = glutes.reference_crossings(glutes.reference_rotation_curves(model, ids))
    lines = ["| muscle part | standing | at 90° | sign change (this model) | sign change (gait2392) |",
             "|---|---|---|---|---|"]
    r = model.evaluate(flexion=[0.0, 90.0], muscles=ids)

    def word(v):
        if abs(v) < WEAK_M:
            return "little rotation"
        return "internal" if v > 0 else "external"

    def fmt(c):
        return ", ".join(f"{v:.0f}°" for v in c) if c else "none in 0–120°"

    for j, mid in enumerate(ids):
        refc = fmt(ref[mid]) if mid in ref else "not in gait2392"
        lines.append(f"| {model.muscle_info(mid)['name']} | {word(r.ma_rot_m[0, j])} "
                     f"({_fmt(r.ma_rot_m[0, j] * 1000)} mm) | {word(r.ma_rot_m[1, j])} "
                     f"({_fmt(r.ma_rot_m[1, j] * 1000)} mm) | {fmt(cross[mid])} | {refc} |")
    return "\n".join(lines)


def exercise_table_md(model: HipModel, preset_ids=glutes.EXERCISES) -> str:
    """Markdown: length change (%) of each gluteal part in each exercise preset, with the
    preset's basis (measured with its citation, or estimate)."""
    lc = glutes.length_changes(model, preset_ids)
    groups = glutes.muscles_by_group(model)
    head = ["exercise (pose)", "angles"] + [g for g in glutes.GROUPS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, pid in enumerate(lc["presets"]):
        p = preset(pid)
        basis = (f"measured hip flexion {{cite:p}}`{p.source}`" if p.basis == "measured"
                 else "estimate")
        cells = [p.label, basis]
        for g in glutes.GROUPS:
            vals = [lc["pct"][i, lc["muscles"].index(m)] for m in groups[g]]
            cells.append(" / ".join(_fmt(v) for v in vals))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def order_note(model: HipModel) -> str:
    """The order of the parts in each cell of :func:`exercise_table_md`."""
    parts = []
    for g, ids in glutes.muscles_by_group(model).items():
        names = [model.muscle_info(m)["name"] for m in ids]
        parts.append(f"{g}: " + ", ".join(names))
    return "; ".join(parts)


# ------------------------------------------------------------------- live explorer
def antagonist_html(model: HipModel, pose: dict) -> str:
    """HTML tables of the producers and antagonists of all six hip actions at one pose."""
    chapter = set(glutes.chapter_muscles(model))
    out = ["<table><thead><tr><th>action</th><th>produced by (mm)</th>"
           "<th>opposed by (mm)</th></tr></thead><tbody>"]

    def cell(items):
        if not items:
            return "none"
        return ", ".join((f"<b>{escape(model.muscle_info(m)['name'])}</b>" if m in chapter
                          else escape(model.muscle_info(m)["name"])) + f" {abs(v):.0f}"
                         for m, v in items)

    for action in glutes.ACTIONS:
        res = glutes.antagonists(model, action, pose)
        out.append(f"<tr><td>{escape(action)}</td><td>{cell(res['produce'])}</td>"
                   f"<td>{cell(res['oppose'])}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def glutes_explorer(model: HipModel | None = None):
    """Live explorer: sliders for the four joint angles (limits = the model's ranges) and a
    preset menu; shows which muscles produce and which oppose each hip action at that pose
    (gluteal parts and deep rotators in bold). Returns the ipywidgets layout."""
    import ipywidgets as ipw

    from .model import RANGES
    from .model.presets import presets

    model = model or HipModel()
    sliders = {k: ipw.FloatSlider(value=0.0, min=lo, max=hi, step=1.0, description=k,
                                  continuous_update=False)
               for k, (lo, hi) in RANGES.items()}
    menu = ipw.Dropdown(options=[("(choose a pose)", "")] + [(p.label, p.id) for p in presets()],
                        value="", description="preset")
    out = ipw.HTML()

    def update(*_):
        pose = {k: s.value for k, s in sliders.items()}
        out.value = (f"<p>hip flexion {pose['flexion']:g}°, adduction {pose['adduction']:g}°, "
                     f"rotation {pose['rotation']:g}°, knee {pose['knee']:g}° "
                     f"(moment arms of at least {WEAK_M * 1000:g} mm, this model)</p>"
                     + antagonist_html(model, pose))

    def on_preset(change):
        if change["new"]:
            p = preset(change["new"])
            for k, v in p.angles.items():
                sliders[k].value = v

    for s in sliders.values():
        s.observe(update, names="value")
    menu.observe(on_preset, names="value")
    update()
    return ipw.VBox([menu, *sliders.values(), out])
