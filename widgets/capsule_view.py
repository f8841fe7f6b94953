"""The capsule chapter's ligament explorer for the book page: the model runs in the page.

:class:`CapsulePage` writes the controls (hip flexion, adduction and rotation in 1-degree steps
over the model's ranges, the capsule's laxity, presets, reset, camera views), the 3-D figure
for standing (:func:`widgets.capsule_figures.ligament_view`), a readout and the model's data
(:func:`capsule_page_data`); ``widgets/static/pathkernel.js`` (the course's path kernel, the
same file the femur explorer uses) evaluates the ligament paths for every posture in the
browser, and ``widgets/static/capsule_explorer.js`` turns lengths into strains, taut/slack,
forces, colours and words exactly as this module and :mod:`widgets.capsule_figures` do in
Python (tests compare the two under node and in Chromium).

The posture and the laxity also live in the URL fragment:
``#flexion=-20&adduction=0&rotation=30&laxity=1``.
"""

from __future__ import annotations

import json
from html import escape

from . import capsule as topic
from . import capsule_figures as cf
from . import femur_view as fv
from .figures import set_alt_text
from .model import RANGES, HipModel
from .model.capsule import LAXITY_RANGE, CapsuleModel, laxity_levels
from .model.presets import preset
from .pages import script_tag, style_tag

#: The hip angles a reader sets (the knee does not change any ligament: none crosses it).
POSE = ("flexion", "adduction", "rotation")
CONTROLS = (
    ("flexion", "Hip flexion", "0° = standing; + flexion (thigh forwards), − extension"),
    ("adduction", "Hip adduction", "+ adduction (thigh inwards), − abduction"),
    ("rotation", "Hip rotation", "+ internal (knee cap turns in), − external"),
)
LAXITY_HELP = "scale on every ligament's slack length: 1 = typical, lower = stiffer, higher = laxer"
#: Presets offered on the page (``widgets/data/presets.csv``): the kneeling mobilisation's
#: start and end, and the bottom of a hip hinge.
PRESETS = (topic.KNEELING_START_PRESET, topic.KNEELING_END_PRESET, topic.HINGE_PRESET)


def pose_words(pose: dict) -> str:
    """The hip posture in words (the page script writes the same)."""
    return (f"hip flexion {pose['flexion']:g}°, adduction {pose['adduction']:g}°, "
            f"rotation {pose['rotation']:g}°")


def laxity_words(laxity: float) -> str:
    """The laxity, with its name when it is the model's stiff, typical or lax hip."""
    word = {v: k for k, v in laxity_levels().items()}.get(laxity)
    return f"laxity {laxity:g}" + (f" ({word} hip)" if word else "")


def status_text(pose: dict, laxity: float) -> str:
    """The readout's first line (plain text)."""
    return f"Posture: {pose_words(pose)}; {laxity_words(laxity)}. In this model:"


def readout_items(cap: CapsuleModel, pose: dict) -> list[str]:
    """One line per ligament (plain text): strain, taut or slack, and the force when taut."""
    r = cap.evaluate(**pose)
    out = []
    for j, lig in enumerate(cap.ids):
        s = 100 * float(r.strain[0, j])
        word = cf.state_word(s)
        force = f", pulling {float(r.force_n[0, j]):.0f} N" if word == "taut" else ""
        out.append(f"{cap.info(lig)['name']}: strain {s:+.1f} %, {word}{force}")
    return out


def _flat(a, nd=7):
    return [round(float(v), nd) for v in a.ravel()]


def capsule_page_data(cap: CapsuleModel) -> dict:
    """Everything the page script needs (JSON-ready), from the Python model: the ligaments'
    path data for ``pathkernel.js`` (:meth:`~widgets.model.hip.PathModel.export_kernel_data`),
    the slack lengths, stiffnesses and the force law's transition strain, the laxity's range,
    step and named levels, the controls, presets, the measured femur's hip end and the zona
    orbicularis ring (femur frame; the kernel reshapes and moves them), colours, line styles
    and camera views. ``cap`` must have laxity 1 (the page scales the slack lengths)."""
    if cap.laxity != 1.0:
        raise ValueError(f"cap.laxity must be 1 for the page data (the page sets the laxity); got {cap.laxity:g}")
    verts, _ = cf.femur_top_mesh()
    lo, hi = LAXITY_RANGE
    levels = laxity_levels()
    controls = [dict(name=n, label=label, help=help_, min=RANGES[n][0], max=RANGES[n][1], value=0.0)
                for n, label, help_ in CONTROLS]
    controls.append(dict(name="laxity", label="Laxity", help=LAXITY_HELP, min=lo, max=hi, value=1.0,
                         unit="", step=cf.LAXITY_STEP))
    presets = []
    for pid in PRESETS:
        p = preset(pid)
        presets.append(dict(id=p.id, label=p.label, basis=p.basis, source=p.source, note=p.note,
                            pose=[p.flexion, p.adduction, p.rotation]))
    return {
        "kernel": cap.export_kernel_data(),
        "ids": list(cap.ids),
        "names": [cap.info(i)["name"] for i in cap.ids],
        "short_names": [cap.info(i)["short_name"] for i in cap.ids],
        "slack_length_m": [float(v) for v in cap.base_slack_length_m],
        "stiffness_n": [float(v) for v in cap.stiffness_n],
        "transition_strain": float(cap.transition_strain),
        "levels": levels,
        "controls": controls,
        "default": {"flexion": 0.0, "adduction": 0.0, "rotation": 0.0, "laxity": 1.0},
        "presets": presets,
        "femur_mesh": _flat(verts),
        "ring": _flat(CapsuleModel.zona_orbicularis_ring()),
        "unit": cf.UNIT,
        "colorscale": cf.STRAIN_COLORSCALE, "strain_limit_pct": cf.STRAIN_LIMIT_PCT,
        "line_style": {k: list(v) for k, v in cf.LINE_STYLE.items()},
        "bar_pattern": cf.BAR_PATTERN, "bar_range": list(cf.BAR_RANGE),
        "views": cf.VIEWS,
    }


ALT = ("Three-dimensional view of a right hip from the front and side: the hip bone drawn "
       "see-through, the upper femur, the four capsular ligaments drawn as lines from the rim "
       "of the socket over the femoral head to the femur, and the zona orbicularis as a dotted "
       "ring round the femoral neck. Each ligament is coloured by its strain, blue when slack, "
       "grey at its slack length, orange to vermillion when stretched; taut ligaments are thick "
       "solid lines, slack ones thin dashed lines. Below, a bar chart gives each ligament's "
       "strain, hatched when slack. The femur and the ligaments move when the hip controls "
       "change; the colours and bars change with the laxity too.")


class CapsulePage:
    """The ligament explorer as the book page shows it (no kernel: the model runs in the page).

    >>> page = CapsulePage()
    >>> [c["name"] for c in page.data["controls"]]
    ['flexion', 'adduction', 'rotation', 'laxity']
    """

    VIEW_ID = "cap-explorer-view"
    PREFIX = "cap-x"

    def __init__(self, model: HipModel | None = None):
        self.model = model or HipModel()
        self.cap = CapsuleModel(1.0, self.model.anteversion_deg, self.model.neck_shaft_deg)
        self.data = capsule_page_data(self.cap)
        self.pose = dict(self.data["default"])
        del self.pose["laxity"]

    def figure(self):
        verts, faces = cf.femur_top_mesh()
        names = dict(zip(self.cap.ids, self.data["short_names"]))
        st = cf.ligament_state(self.cap, dict(self.pose, knee=0.0), verts)
        return set_alt_text(cf.ligament_view(self.cap, st, names, faces, credit=False), ALT)

    def data_json(self) -> str:
        # "</" cannot end the <script> element the JSON sits in
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")

    def _controls(self) -> str:
        x = self.PREFIX
        c = {d["name"]: d for d in self.data["controls"]}
        hip = "".join(fv.slider_html(x, c[n]) for n in POSE)
        laxity = fv.slider_html(x, c["laxity"], step=c["laxity"]["step"])
        levels = "".join(f'<button type="button" class="hip-x-view {x}-level" data-laxity="{v:g}" '
                         f'aria-pressed="{str(v == 1.0).lower()}">{escape(k)} ({v:g})</button>'
                         for k, v in self.data["levels"].items())
        opts = "".join(f'<option value="{escape(p["id"])}">{escape(p["label"])}</option>'
                       for p in self.data["presets"])
        views = "".join(f'<button type="button" class="hip-x-view {x}-view" data-view="{v}" '
                        f'aria-pressed="{str(v == "front-side").lower()}">{v}</button>'
                        for v in self.data["views"])
        return f"""
<div class="hip-x" id="{x}">
<fieldset class="hip-x-controls"><legend>Right hip</legend>{hip}</fieldset>
<fieldset class="hip-x-controls"><legend>Capsule</legend>{laxity}
<div class="hip-x-row" role="group" aria-label="Capsule of the model's stiff, typical or lax hip">
<span>Model hips:</span>{levels}</div></fieldset>
<div class="hip-x-row"><label for="{x}-preset">Pose preset</label>
<select id="{x}-preset"><option value="">(choose a pose)</option>{opts}</select>
<button type="button" id="{x}-reset">Reset</button></div>
<p id="{x}-preset-note" class="hip-x-help"></p>
<div class="hip-x-row" role="group" aria-label="Camera view"><span>View:</span>{views}</div>
<p id="{x}-notice" class="hip-x-notice" role="alert" hidden></p>
</div>"""

    def _readout(self) -> str:
        x = self.PREFIX
        items = "".join(f"<li>{escape(t)}</li>" for t in readout_items(self.cap, dict(self.pose, knee=0.0)))
        return (f'<div class="hip-x-readout" id="{x}-readout" aria-live="polite">'
                f'<p id="{x}-status" class="hip-x-status">{escape(status_text(self.pose, 1.0))}</p>'
                f'<ul id="{x}-strains">{items}</ul></div>')

    def html(self) -> str:
        """Controls, 3-D figure, bone credit, readout, data and scripts: one page output."""
        return (style_tag("femur_explorer.css") + self._controls()
                + fv.figure_html(self.figure(), self.VIEW_ID)
                + f'<p class="hip-x-credit">{escape(cf.BONE_CREDIT)}</p>' + self._readout()
                + f'<script type="application/json" id="{self.PREFIX}-data">{self.data_json()}</script>'
                + script_tag("pathkernel.js") + script_tag("explorer_common.js")
                + script_tag("capsule_explorer.js"))

    def output(self):
        """The IPython display object the book page shows."""
        from IPython.display import HTML

        return HTML(self.html())
