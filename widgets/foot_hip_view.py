"""Chapter 4's figures and its single-leg-stance page, kernel-free.

- :func:`make_chain_figure`: the hip model's bones and gluteal paths in 3-D, with an eversion
  slider switching states precomputed from :class:`widgets.model.chain.FootHipChain` (drawn
  with the femur explorer's own bone meshes, colours and line styles).
- :func:`make_rotation_band_figure`, :func:`make_length_band_figure`: the chain's rotations
  and gluteal length changes against eversion, with the coupling's reported spread as a band.
- :class:`StancePage`: controls, a free-body diagram drawn to scale and read-outs, computed in
  the page by ``widgets/static/stance.js`` from data the Python model makes at build time.
  :func:`fbd_figure` draws the same diagram in Python (the page's first picture and the live
  notebook); the script's ``figureSpec`` mirrors it (a test compares them).
- :func:`make_weakness_figure`: the abductor force needed against trunk lean and pelvic drop.
"""

from __future__ import annotations

import json
from html import escape

import numpy as np
import plotly.graph_objects as go

from . import bones_view as bv
from . import femur_view as fv
from . import plotly_setup
from .figures import OKABE_ITO, set_alt_text
from .model import HipModel
from .model.chain import FootHipChain
from .model.stance import LIMITS, StanceModel
from .pages import script_tag, style_tag

plotly_setup.activate()

FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222")
DASHES = ("solid", "dash", "dot")
MARKERS = ("circle", "square", "diamond")
#: Colour scale of the chain's 3-D view: the gluteal parts change by a few per cent here.
CHAIN_PCT_LIMIT = 8.0
#: Camera of the chain's 3-D view: from behind and a little to the side, close to the hip.
CHAIN_CAMERA = dict(eye=dict(x=-0.95, y=0.2, z=0.5), up=dict(x=0, y=1, z=0),
                    center=dict(x=0.0, y=0.08, z=0.12))
GROUPS_OF_PARTS = {
    "Gluteus medius": ("gluteus_medius_anterior", "gluteus_medius_middle", "gluteus_medius_posterior"),
    "Gluteus minimus": ("gluteus_minimus_anterior", "gluteus_minimus_middle", "gluteus_minimus_posterior"),
    "Gluteus maximus": ("gluteus_maximus_superior", "gluteus_maximus_middle", "gluteus_maximus_inferior"),
}


# --------------------------------------------------------------------- the chain
def _glute_state(model: HipModel, rotation: float, adduction: float = 0.0):
    """The femur explorer's pose state with only the gluteal paths drawn."""
    st = fv.pose_state(model, 0.0, adduction, rotation, 0.0)
    keep = set(sum(GROUPS_OF_PARTS.values(), ()))
    st.paths = [p if m in keep else np.empty((0, 3)) for m, p in zip(model.muscle_ids, st.paths)]
    return st


def _rounded(v, digits):
    """Coordinates to 0.01 mm and colour values to 0.01 %: the page embeds every slider state
    as text, where full double precision would triple its size."""
    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
        return np.round(v, digits)
    return v


def make_chain_figure(chain: FootHipChain, eversion=np.arange(0.0, 20.01, 2.0), height=600):
    """3-D bones and gluteal paths; a slider over calcaneal eversion (central coupling)."""
    model = chain.hip
    eversion = np.asarray(eversion, float)
    res = chain.evaluate(eversion)
    names = [model.muscle_info(m)["name"] for m in model.muscle_ids]
    meshes = bv.bone_meshes(model)
    rot = res.femur_rotation_deg[:, 1]
    states = [_glute_state(model, float(r)) for r in rot]
    fig = fv.make_view_figure(model, states[0], height=height, meshes=meshes)
    index = {t.name: i for i, t in enumerate(fig.data)}
    for name in ("muscles longer", "muscles shorter", "muscles same"):
        fig.data[index[name]].update(line_cmin=-CHAIN_PCT_LIMIT, line_cmax=CHAIN_PCT_LIMIT,
                                     marker_cmin=-CHAIN_PCT_LIMIT, marker_cmax=CHAIN_PCT_LIMIT)
    lim = CHAIN_PCT_LIMIT
    fig.data[index["colour scale"]].marker.update(
        cmin=-lim, cmax=lim, colorbar=dict(tickvals=[-lim, -lim / 2, 0, lim / 2, lim],
                                           ticktext=[f"≤ −{lim:g} shorter", f"−{lim / 2:g}", "0",
                                                     f"+{lim / 2:g}", f"≥ +{lim:g} longer"]))
    moving = [index[n] for n in ("muscles longer", "muscles shorter", "muscles same", "femur", "tibia")]
    lo, hi = chain.ratios("tibia_per_eversion")[[0, 2]]

    def title(i):
        t = res.tibia_rotation_deg[i]
        return (f"Calcaneal eversion {eversion[i]:g}° → tibia and femur turned in {t[1]:.1f}° "
                f"(band {t[0]:.1f}–{t[2]:.1f}°)")

    steps = []
    for i, st in enumerate(states):
        upd = fv.view_trace_updates(names, st, meshes)
        keys = ("x", "y", "z", "text", "customdata", "line.color", "marker.color")
        data = {k: [] for k in keys}
        for n in ("muscles longer", "muscles shorter", "muscles same", "femur", "tibia"):
            u = upd[n]
            for k in keys:     # bones have no text or colours: None leaves nothing to keep
                v = u.get({"line.color": "line_color", "marker.color": "marker_color"}.get(k, k))
                data[k].append(_rounded(v, 5 if k in ("x", "y", "z") else 2))
        steps.append(dict(label=f"{eversion[i]:g}°", method="update",
                          args=[data, {"title.text": title(i)}, moving]))
    fig.update_layout(
        title=dict(text=title(0)),
        scene_camera=CHAIN_CAMERA,
        sliders=[dict(active=0, steps=steps, x=0.02, len=0.96, y=0.0, yanchor="top",
                      currentvalue=dict(prefix="calcaneal eversion (arch drop): ", font=dict(size=13)),
                      pad=dict(t=10, b=10))],
        margin=dict(l=0, r=0, t=40, b=70), uirevision="foot-hip-chain",
    )
    set_alt_text(fig, (
        "Three-dimensional drawing of a right hip seen from behind: schematic pelvis, femur and "
        "upper tibia, and the nine gluteal parts drawn as lines. A slider sets calcaneal eversion "
        f"from {eversion[0]:g} to {eversion[-1]:g} degrees; the femur and tibia turn inward by "
        f"the coupling's central value ({chain.coupling['tibia_per_eversion']['value']:g} degree per "
        "degree) and each gluteal line is coloured by its length change, orange and solid when "
        "longer, blue and dashed when shorter."))
    return fig


def _band(fig, x, lo, mid, hi, name, color, dash, marker, row=None, col=None, showlegend=True,
          group=None, visible=True):
    kw = dict(row=row, col=col) if row else {}
    rgba = "rgba({},{},{},0.18)".format(*(int(color[i:i + 2], 16) for i in (1, 3, 5)))
    fig.add_trace(go.Scatter(x=np.concatenate([x, x[::-1]]), y=np.concatenate([hi, lo[::-1]]),
                             fill="toself", fillcolor=rgba, line=dict(width=0), hoverinfo="skip",
                             name=f"{name}: spread of the coupling", legendgroup=group or name,
                             showlegend=False, visible=visible), **kw)
    fig.add_trace(go.Scatter(x=x, y=mid, mode="lines+markers", name=name, legendgroup=group or name,
                             line=dict(color=color, dash=dash, width=3),
                             marker=dict(symbol=marker, size=7, color=color),
                             customdata=np.stack([lo, hi], axis=1), showlegend=showlegend,
                             visible=visible,
                             hovertemplate=(f"<b>{name}</b><br>eversion %{{x:g}}°<br>%{{y:.1f}} "
                                            "(band %{customdata[0]:.1f} to %{customdata[1]:.1f})"
                                            "<extra></extra>")), **kw)


def make_rotation_band_figure(chain: FootHipChain, eversion=np.arange(-10.0, 20.01, 1.0), height=420):
    """Tibial (= femoral, in this model) internal rotation against eversion, with the band."""
    res = chain.evaluate(eversion)
    x = res.eversion_deg
    fig = go.Figure()
    t = res.tibia_rotation_deg
    _band(fig, x, t[:, 0], t[:, 1], t[:, 2], "tibia and femur (this model: the femur turns with the tibia)",
          OKABE_ITO[0], "solid", "circle")
    c = chain.coupling["tibia_per_eversion"]
    fig.update_layout(
        height=height, template="simple_white", font=FONT, margin=dict(l=70, r=20, t=70, b=110),
        title=dict(text=f"Internal rotation per degree of eversion: {c['value']:g} "
                        f"(band {c['low']:g}–{c['high']:g})<br><sup>cadaver coupling, "
                        "Fischer et al. 2018; not a walking value</sup>", x=0.01),
        xaxis=dict(title="calcaneal eversion (°)  − inversion · + eversion", zeroline=True),
        yaxis=dict(title="internal rotation (°)<br><sup>+ inward · − outward</sup>", zeroline=True),
        legend=dict(orientation="h", y=-0.3, x=0), hovermode="closest")
    set_alt_text(fig, (
        "Line chart with a shaded band: internal rotation of the tibia, and in this model the "
        "femur, against calcaneal eversion from −10 to 20 degrees. The line rises "
        f"{c['value']:g} degree per degree of eversion; the band spans {c['low']:g} to "
        f"{c['high']:g} degree per degree, the cadaver study's spread."))
    return fig


def make_length_band_figure(chain: FootHipChain, eversion=np.arange(0.0, 20.01, 1.0), height=480):
    """Length change of the gluteal parts against eversion, with the coupling band; a menu
    picks gluteus medius, minimus or maximus."""
    res = chain.evaluate(eversion)
    x = res.eversion_deg
    fig = go.Figure()
    visible = []
    for g, (group, parts) in enumerate(GROUPS_OF_PARTS.items()):
        for k, m in enumerate(parts):
            j = res.muscle_ids.index(m)
            d = res.length_change_mm[:, j]
            name = chain.hip.muscle_info(m)["name"]
            _band(fig, x, d[:, 0], d[:, 1], d[:, 2], name, OKABE_ITO[(3 * g + k) % len(OKABE_ITO)],
                  DASHES[k], MARKERS[k], group=name, visible=(g == 0))
            visible += [g] * 2
    buttons = [dict(label=group, method="restyle",
                    args=[{"visible": [v == g for v in visible]}])
               for g, group in enumerate(GROUPS_OF_PARTS)]
    fig.update_layout(
        height=height, template="simple_white", font=FONT, margin=dict(l=70, r=20, t=110, b=120),
        title=dict(text="Gluteal length change as the arch drops<br><sup>this model; central "
                        "coupling (line) and its spread (band); hip adduction 0°</sup>",
                   x=0.01, y=0.97, yanchor="top", yref="container"),
        xaxis=dict(title="calcaneal eversion (°)"),
        yaxis=dict(title="length change from standing (mm)<br><sup>+ longer · − shorter</sup>",
                   zeroline=True, zerolinewidth=2, zerolinecolor="#444444"),
        legend=dict(orientation="h", y=-0.3, x=0), hovermode="closest",
        updatemenus=[dict(type="dropdown", buttons=buttons, active=0, x=0, xanchor="left",
                          y=1.04, yanchor="bottom", bgcolor="#f2f2f2", bordercolor="#555555",
                          font=dict(size=13))])
    set_alt_text(fig, (
        "Line chart with shaded bands: length change in millimetres of the three parts of "
        "gluteus medius (a menu switches to gluteus minimus or maximus) against calcaneal "
        "eversion from 0 to 20 degrees, in this model. Parts behind the hip's rotation axis get "
        "longer and parts in front get shorter as the femur turns inward; each band shows the "
        "range given by the coupling's spread. Each part has its own colour, dash and marker."))
    return fig


# ------------------------------------------------------------------- the stance page
SCALE_M_PER_BW = 0.18          # drawing scale of the force arrows: 1 body weight = 0.18 m
SCALE_BAR_AT = (0.15, -0.95)
FBD_RANGE = dict(x=(-0.8, 0.7), y=(-0.9, 0.95))
COLORS = {"weight": "#0072B2", "load": "#56B4E9", "cane": "#009E73", "abductors": "#D55E00",
          "joint": "#CC79A7", "body": "#555555"}
SHANK_LENGTH_M = 0.43          # drawing only: gait2392's ankle lies about 0.43 m below its knee


def stance_page_data(stance: StanceModel) -> dict:
    """Everything the page's script needs, computed by the Python model at build time."""
    knee = stance.hip.tibia_transform(0.0)[1]
    return {
        "body": {k: float(v) for k, v in stance.body.items()},
        "abductor": stance.abductor_table(),
        "limits": {k: list(v) for k, v in LIMITS.items()},
        "scale_m_per_bw": SCALE_M_PER_BW, "scale_bar_at": list(SCALE_BAR_AT),
        "thigh_length_m": float(-knee[1]), "shank_length_m": SHANK_LENGTH_M,
        "cane_slider_max": 300,
        "defaults": {"stance-mass": round(stance.default_body_mass), "stance-lean": 0,
                     "stance-load": 0, "stance-load-side": "opposite", "stance-cane": 0,
                     "stance-cane-side": "opposite", "stance-adduction": 0, "stance-strength": 100},
    }


def _label(name, newtons, bw):
    short = "trunk, head, arms" if name == "trunk, head and arms" else name
    return f"{short}: {int(np.floor(newtons + 0.5))} N ({newtons / bw:.2f} × BW)"


def fbd_spec(data: dict, inputs: dict, res) -> dict:
    """Traces and annotations of the free-body diagram (the script's ``figureSpec``)."""
    p = res.points
    s = data["scale_m_per_bw"] / res.body_weight_n
    add = np.radians(inputs.get("adduction", 0.0))
    thigh, shank = data["thigh_length_m"], data["shank_length_m"]
    knee = (-thigh * np.sin(add), -thigh * np.cos(add))
    foot = (knee[0], knee[1] - shank)
    sw, sh, hl = p["swing_hip"], p["shoulder"], data["body"]["hand_lateral"]
    sh_l, sh_r = (sh[0] - hl, sh[1]), (sh[0] + hl, sh[1])
    pts = [sw, p["stance_hip"], None, p["back"], sh, p["head"], None, sh_l, sh_r, None,
           sh_l, p["hand_opposite"], None, sh_r, p["hand_stance"], None, (0.0, 0.0), knee, foot, None,
           sw, (sw[0], sw[1] - thigh), (sw[0] - 0.05, sw[1] - thigh - 0.3), None,
           (sw[0] / 2, sw[1] / 2), p["back"], None, p["abductor_origin"], p["abductor_insertion"]]
    body = dict(type="scatter", mode="lines", name="body (frontal plane, seen from behind)",
                x=[None if q is None else float(q[0]) for q in pts],
                y=[None if q is None else float(q[1]) for q in pts],
                line=dict(color=COLORS["body"], width=3), hoverinfo="skip")
    coms = [f for f in res.forces if f["vector"][0] == 0 and f["vector"][1] < 0]
    markers = dict(type="scatter", mode="markers", name="centres of mass",
                   x=[float(f["at"][0]) for f in coms], y=[float(f["at"][1]) for f in coms],
                   marker=dict(symbol="circle-cross-open", size=12, color=COLORS["weight"]),
                   text=[f["name"] for f in coms], hovertemplate="%{text}<extra></extra>")
    hip = dict(type="scatter", mode="markers", name="hip centre (pivot)", x=[0], y=[0],
               marker=dict(symbol="circle-open", size=16, color="#000000", line=dict(width=2)),
               hovertemplate="stance hip centre<extra></extra>")
    ann = []
    for f in res.forces:
        name = f["name"]
        c = COLORS.get(name, COLORS["weight"])
        mag = float(np.hypot(*f["vector"]))
        tail = f["at"]
        head = (tail[0] + f["vector"][0] * s, tail[1] + f["vector"][1] * s)
        if name in ("cane", "joint"):           # pushes: the arrow ends at the point
            head = f["at"]
            tail = (head[0] - f["vector"][0] * s, head[1] - f["vector"][1] * s)
        # the abductors' label gives their whole pull; the arrow shows its frontal-plane part
        shown = res.abductor_force_n if name == "abductors" else mag
        right = name in ("abductors", "joint") or tail[0] > 0.05
        ann.append(dict(x=float(head[0]), y=float(head[1]), ax=float(tail[0]), ay=float(tail[1]),
                        xref="x", yref="y", axref="x", ayref="y", showarrow=mag > 0, arrowhead=3,
                        arrowsize=1.2, arrowwidth=3.5 if name in ("abductors", "joint") else 2.5,
                        arrowcolor=c, text=_label(name, shown, res.body_weight_n) if mag > 0 else "",
                        name=name, font=dict(size=12, color=c),
                        xanchor="left" if right else "right",
                        bgcolor="rgba(255,255,255,0.85)"))
    sx, sy = data["scale_bar_at"]
    ann.append(dict(x=sx + data["scale_m_per_bw"], y=sy, ax=sx, ay=sy, xref="x", yref="y",
                    axref="x", ayref="y", showarrow=True, arrowhead=2, arrowwidth=2,
                    arrowcolor="#000000", text="scale: 1 × body weight", name="scale",
                    font=dict(size=12, color="#000000"), xanchor="left",
                    bgcolor="rgba(255,255,255,0.85)"))
    return {"data": [body, markers, hip], "annotations": ann}


def fbd_figure(data: dict, inputs: dict, res, height=620) -> go.Figure:
    """The free-body diagram of single-leg stance, drawn to scale (lengths in m)."""
    spec = fbd_spec(data, inputs, res)
    fig = go.Figure([go.Scatter(**{k: v for k, v in t.items() if k != "type"}) for t in spec["data"]])
    fig.update_layout(
        height=height, template="simple_white", font=FONT, annotations=spec["annotations"],
        margin=dict(l=60, r=20, t=60, b=110), showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.14, yanchor="top"),
        title=dict(text="Free body: everything above the right (stance) hip<br><sup>seen from "
                        "behind; lengths to scale; arrows: 1 body weight = "
                        f"{int(data['scale_m_per_bw'] * 100)} cm</sup>", x=0.01),
        xaxis=dict(title="sideways (m): − toward the lifted leg · + outward on the stance side",
                   range=list(FBD_RANGE["x"]), zeroline=False, constrain="domain"),
        yaxis=dict(title="height above the hip centre (m)", range=list(FBD_RANGE["y"]),
                   scaleanchor="x", scaleratio=1, zeroline=False, constrain="domain"),
        hovermode="closest", uirevision="stance-fbd")
    set_alt_text(fig, (
        "Free-body diagram of a person standing on the right leg, seen from behind and drawn to "
        "scale: stick figure of pelvis, trunk, head, arms and legs; arrows for the weights of "
        "trunk, pelvis and lifted leg (blue, pointing down), any load (light blue) or cane push "
        "(green, pointing up), the abductors' pull on the pelvis (vermillion, thick, down and "
        "outward toward the femur) and the joint force of the femoral head on the pelvis "
        "(purple, thick, up and inward). Each arrow is labelled with its force in newtons and "
        "body weights, and its length is proportional to the force."))
    return fig


class StancePage:
    """Controls, free-body diagram and read-outs for the book page (no kernel needed)."""

    FIG_ID = "stance-fbd"

    def __init__(self, stance: StanceModel | None = None):
        self.stance = stance or StanceModel()
        self.data = stance_page_data(self.stance)
        self.initial_inputs = dict(body_mass=float(self.data["defaults"]["stance-mass"]), lean=0.0,
                                   load=0.0, load_side="opposite", cane=0.0, cane_side="opposite",
                                   adduction=0.0, pelvic_drop=0.0)
        self.initial = self.stance.solve(**{k: v for k, v in self.initial_inputs.items()})

    def figure(self):
        return fbd_figure(self.data, self.initial_inputs, self.initial)

    def _controls(self):
        L = LIMITS

        def slider(key, label, lo, hi, step, value, help_):
            return (f'<div class="hip-x-row"><label for="stance-{key}">{label}</label>'
                    f'<input type="range" id="stance-{key}" min="{lo:g}" max="{hi:g}" step="{step:g}" '
                    f'value="{value:g}" aria-describedby="stance-{key}-help">'
                    f'<output id="stance-{key}-out" for="stance-{key}"></output>'
                    f'<span id="stance-{key}-help" class="hip-x-help">{help_}</span></div>')

        def side(key, label):
            return (f'<div class="hip-x-row"><label for="stance-{key}">{label}</label>'
                    f'<select id="stance-{key}"><option value="opposite">opposite hand (lifted-leg side)</option>'
                    f'<option value="stance">hand on the stance side</option></select></div>')

        d = self.data["defaults"]
        return (
            '<fieldset class="hip-x-controls"><legend>Stand on the right leg</legend>'
            + slider("mass", "Body mass", 40, 120, 1, d["stance-mass"], "gait2392's adult: 75 kg")
            + slider("lean", "Trunk lean", L["lean"][0], L["lean"][1], 1, 0,
                     "+ toward the stance leg, − away from it")
            + slider("load", "Load in one hand", 0, 30, 0.5, 0, "a bag held at the side")
            + side("load-side", "Load held in the")
            + slider("cane", "Cane push", 0, self.data["cane_slider_max"], 5, 0, "N, straight down on the cane")
            + side("cane-side", "Cane held in the")
            + slider("adduction", "Hip adduction", L["adduction"][0], L["adduction"][1], 1, 0,
                     "+ thigh angled in (knee toward the midline), − out; pelvis level")
            + slider("strength", "Abductor strength", 10, 100, 5, 100,
                     "% of the moment this posture needs")
            + '<div class="hip-x-row"><button type="button" id="stance-reset">Reset</button></div>'
            + '</fieldset>')

    def _readouts(self):
        rows = [("Abductor force", "stance-abductor"), ("Hip joint force", "stance-joint"),
                ("Abductor moment arm (hip model, this pose)", "stance-ma"),
                ("Body-weight moment arm", "stance-bwma"),
                ("With the strength set above", "stance-weak")]
        items = "".join(f'<tr><th scope="row">{escape(a)}</th><td id="{b}"></td></tr>' for a, b in rows)
        # a heading rather than a <caption>: the theme's dark caption colours fail contrast
        return ('<div class="hip-x-readout" aria-live="polite">'
                '<p class="hip-x-h" id="stance-readout-title">This model, for the posture set above</p>'
                f'<table class="stance-table" aria-labelledby="stance-readout-title">{items}</table>'
                '<p id="stance-directions"></p><p id="stance-note" class="hip-x-status"></p></div>')

    def html(self) -> str:
        return (style_tag("femur_explorer.css") + self._controls() + fv.figure_html(self.figure(), self.FIG_ID)
                + self._readouts()
                + f'<script type="application/json" id="stance-data">{json.dumps(self.data, separators=(",", ":"))}</script>'
                + script_tag("stance.js"))

    def output(self):
        from IPython.display import HTML

        return HTML(self.html())


def make_weakness_figure(stance: StanceModel, fraction=0.5, height=420) -> go.Figure:
    """Abductor force needed (body weights) against trunk lean toward the stance side and
    against a pelvic drop on the lifted side, with the force weakened abductors could make."""
    angles = np.arange(0.0, 20.01, 1.0)
    base = stance.solve()
    lean = [stance.solve(lean=a).abductor_force_bw for a in angles]
    drop = [stance.solve(pelvic_drop=a).abductor_force_bw for a in angles]
    cap = fraction * base.abductor_force_bw
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=angles, y=lean, name="trunk lean toward the stance leg",
                             mode="lines+markers", line=dict(color=OKABE_ITO[0], width=3),
                             marker=dict(symbol="circle", size=7),
                             hovertemplate="lean %{x:g}°: %{y:.2f} × BW<extra></extra>"))
    fig.add_trace(go.Scatter(x=angles, y=drop, name="pelvis dropping on the lifted side",
                             mode="lines+markers", line=dict(color=OKABE_ITO[1], width=3, dash="dash"),
                             marker=dict(symbol="square", size=7),
                             hovertemplate="drop %{x:g}°: %{y:.2f} × BW<extra></extra>"))
    fig.add_trace(go.Scatter(x=[angles[0], angles[-1]], y=[cap, cap], mode="lines",
                             name=f"what abductors at {fraction:.0%} strength can pull",
                             line=dict(color="#000000", width=2, dash="dot"), hoverinfo="skip"))
    fig.update_layout(
        height=height, template="simple_white", font=FONT, margin=dict(l=70, r=20, t=70, b=120),
        title=dict(text="Abductor force needed on one leg<br><sup>this model; trunk carried with "
                        "the pelvis when it drops</sup>", x=0.01),
        xaxis=dict(title="angle (°)"), yaxis=dict(title="abductor force (× body weight)", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.25, x=0))
    set_alt_text(fig, (
        "Line chart of the abductor force needed in single-leg stance, in body weights, against "
        "an angle from 0 to 20 degrees, in this model. The solid line (trunk lean toward the "
        "stance leg) falls steeply; the dashed line (pelvis dropping on the lifted side) rises. "
        f"A dotted horizontal line marks what abductors at {fraction:.0%} strength can pull: "
        "only the lean line crosses below it."))
    return fig
