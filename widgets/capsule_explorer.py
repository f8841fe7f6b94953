"""Live explorers of the capsule chapter (ipywidgets + plotly FigureWidget, need a kernel).

* :class:`CapsuleExplorer`: move the hip and change the capsule's laxity; the ligaments, their
  strains and the range of motion in every direction update at once.
* :class:`RangeForm`: enter your own measured ranges and compare them with the cited norms and
  with the model's stiff, typical and lax hips.

Never display these on a book page; the book shows :mod:`widgets.capsule_figures` and the
ligament explorer of :mod:`widgets.capsule_view`, which computes in the page.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from . import capsule as topic
from . import capsule_figures as cf
from .model import RANGES, HipModel
from .model.capsule import LAXITY_RANGE, CapsuleModel, laxity_levels

__all__ = ["CapsuleExplorer", "capsule_explorer", "RangeForm", "range_form"]

_LABELS = {"flexion": "Hip flexion (°)", "adduction": "Hip adduction (°)",
           "rotation": "Hip rotation (°)", "knee": "Knee flexion (°)"}
_HELP = {"flexion": "+ flexion, − extension", "adduction": "+ adduction, − abduction",
         "rotation": "+ internal, − external", "knee": "+ knee bent"}


class CapsuleExplorer:
    """The capsular ligaments, live: sliders for the four joint angles and the laxity; every
    change recomputes the ligaments (3-D view and strain bars) and the readouts (strain and
    force of each ligament; range of motion at this posture and laxity, and what stops it).

    ``explorer.set_pose(...)``/``explorer.set_laxity(x)`` drive it from code; invalid values
    raise the model's errors and change nothing."""

    def __init__(self, model: HipModel | None = None, height: int = 560):
        self.model = model or HipModel()
        self.cap = CapsuleModel(1.0, self.model.anteversion_deg, self.model.neck_shaft_deg)
        self.names = {i: self.cap.info(i)["short_name"] for i in self.cap.ids}
        self.long_names = {i: self.cap.info(i)["name"] for i in self.cap.ids}
        self.femur_verts, self.femur_faces = cf.femur_top_mesh()
        self._pose = {"flexion": 0.0, "adduction": 0.0, "rotation": 0.0, "knee": 0.0}
        self._hold = False
        style, layout = {"description_width": "9rem"}, ipw.Layout(width="28rem")
        self.controls = {k: ipw.FloatSlider(value=0.0, min=lo, max=hi, step=1.0,
                                            description=_LABELS[k], tooltip=_HELP[k],
                                            readout_format=".0f", style=style, layout=layout)
                         for k, (lo, hi) in RANGES.items()}
        lo, hi = LAXITY_RANGE
        self.controls["laxity"] = ipw.FloatSlider(
            value=1.0, min=lo, max=hi, step=cf.LAXITY_STEP, description="Laxity", readout_format=".3f",
            tooltip="scale on every slack length: 1 typical, lower stiffer, higher laxer",
            style=style, layout=layout, continuous_update=False)
        for c in self.controls.values():
            c.observe(self._on_control, names="value")
        levels = laxity_levels()
        self.level_buttons = ipw.ToggleButtons(
            options=[(f"{k} ({v:g})", v) for k, v in levels.items()], value=1.0,
            description="Capsule", style={"button_width": "8rem"})
        self.level_buttons.observe(self._on_level, names="value")
        self.status, self.strains, self.rom = ipw.HTML(), ipw.HTML(), ipw.HTML()
        state = cf.ligament_state(self.cap, self._pose, self.femur_verts)
        base = cf.ligament_view(self.cap, state, self.names, self.femur_faces, height)
        try:
            self.figure = go.FigureWidget(base)       # plotly >= 6 needs anywidget for this
            self.live_figure = True
        except ImportError:
            self.figure, self.live_figure = base, False
        self._output = ipw.Output()
        self._apply(state)
        self.widget = ipw.VBox([
            ipw.HBox([ipw.VBox([self.controls[k] for k in RANGES]),
                      ipw.VBox([self.controls["laxity"], self.level_buttons])],
                     layout=ipw.Layout(flex_flow="row wrap")),
            self.status, self.figure if self.live_figure else self._output,
            ipw.HBox([self.strains, self.rom], layout=ipw.Layout(flex_flow="row wrap")),
        ])

    # --------------------------------------------------------------- interface
    @property
    def pose(self) -> dict:
        return dict(self._pose)

    @property
    def laxity(self) -> float:
        return self.cap.laxity

    def set_pose(self, flexion=None, adduction=None, rotation=None, knee=None):
        """Move the hip (degrees); unspecified angles keep their value."""
        new = dict(self._pose)
        for k, v in (("flexion", flexion), ("adduction", adduction), ("rotation", rotation),
                     ("knee", knee)):
            if v is not None:
                new[k] = v
        self.cap.evaluate(**new)                         # the model's checks, before any change
        self._pose = {k: float(v) for k, v in new.items()}
        self._sync_controls()
        self._apply()

    def set_laxity(self, laxity):
        """Change the capsule's laxity (see :data:`widgets.model.capsule.LAXITY_RANGE`)."""
        self.cap = self.cap.with_laxity(laxity)          # raises on a bad value, nothing changes
        self._sync_controls()
        self._apply()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ----------------------------------------------------------------- events
    def _sync_controls(self):
        self._hold = True
        try:
            for k, v in self._pose.items():
                self.controls[k].value = v
            self.controls["laxity"].value = self.cap.laxity
        finally:
            self._hold = False

    def _on_control(self, change):
        if self._hold:
            return
        if change["owner"] is self.controls["laxity"]:
            self.set_laxity(float(change["new"]))
        else:
            self.set_pose(**{k: c.value for k, c in self.controls.items() if k in RANGES})

    def _on_level(self, change):
        if change["new"] is not None and not self._hold:
            self.set_laxity(float(change["new"]))

    # ----------------------------------------------------------------- update
    def _apply(self, state=None):
        st = state or cf.ligament_state(self.cap, self._pose, self.femur_verts)
        self.state = st
        fig = self.figure
        n = len(self.cap.ids)
        lig = cf.ligament_traces(self.cap, st, self.names)
        bar = cf.bar_trace(self.cap, st, self.names)
        ctx = fig.batch_update() if self.live_figure else _nullcontext()
        with ctx:
            f = fig.data[cf.FEMUR_TRACE]
            f.x, f.y, f.z = (cf._q(st["femur"][:, i]) for i in range(3))
            r = fig.data[cf.RING_TRACE]
            r.x, r.y, r.z = (cf._q(st["ring"][:, i]) for i in range(3))
            for j, d in enumerate(lig):
                t = fig.data[cf.FIRST_LIGAMENT_TRACE + j]
                t.x, t.y, t.z, t.text = d["x"], d["y"], d["z"], d["text"]
                t.line.color, t.line.width, t.line.dash = (d["line"][k] for k in ("color", "width", "dash"))
            b = fig.data[cf.bar_trace_index(n)]
            b.x, b.text = bar["x"], bar["text"]
            b.marker.color, b.marker.pattern.shape = bar["marker"]["color"], bar["marker"]["pattern"]["shape"]
        self._readouts()
        if not self.live_figure:
            from IPython import get_ipython

            if get_ipython() is not None:
                bundle = fig._repr_mimebundle_()
                self._output.outputs = ({"output_type": "display_data", "data": bundle,
                                         "metadata": {}},)

    def _readouts(self):
        st, cap = self.state, self.cap
        levels = {v: k for k, v in laxity_levels().items()}
        word = levels.get(round(cap.laxity, 4))
        self.status.value = (f"<b>Posture:</b> {escape(cf._pose_label(self._pose))}; "
                             f"<b>laxity</b> {cap.laxity:g}" + (f" ({word})" if word else "")
                             + " — results of this model, not measurements.")
        rows = "".join(
            f"<tr><td>{escape(self.long_names[i])}</td><td>{st['strain_pct'][j]:+.1f} %</td>"
            f"<td>{'taut' if st['strain_pct'][j] > 0 else 'slack'}</td>"
            f"<td>{st['force_n'][j]:.0f} N</td></tr>" for j, i in enumerate(cap.ids))
        self.strains.value = ("<table><tr><th>Ligament</th><th>Strain</th><th>State</th>"
                              f"<th>Force</th></tr>{rows}</table>")
        held = {k: v for k, v in self._pose.items()}
        rom = cap.rom_all(**held)
        lines = []
        for d, r in rom.items():
            what = d.replace("_", " ")
            if r.angle_deg is None:
                lines.append(f"<tr><td>{what}</td><td>≥ {abs(r.limit_deg):g}°</td>"
                             "<td>not stopped by the capsule</td></tr>")
            else:
                lines.append(f"<tr><td>{what}</td><td>{r.magnitude_deg:.0f}°</td>"
                             f"<td>{escape(self.long_names[r.limiter])}</td></tr>")
        self.rom.value = ("<b>Range of motion from 0 of each angle, the others held here "
                          "(5 N m)</b><table><tr><th>Direction</th><th>Range</th><th>Stopped by</th>"
                          f"</tr>{''.join(lines)}</table>")


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def capsule_explorer(model: HipModel | None = None, **kwargs) -> CapsuleExplorer:
    """The live capsule explorer (display it in a notebook)."""
    return CapsuleExplorer(model, **kwargs)


class RangeForm:
    """A small form: type the ranges you measured (degrees; leave blank to skip), press
    Compare, and read how they sit against the cited norms and the model."""

    def __init__(self, model: HipModel | None = None):
        self.model = model or HipModel()
        style = {"description_width": "26rem"}
        self.inputs = {tid: ipw.Text(value="", placeholder="degrees", description=label,
                                     style=style, layout=ipw.Layout(width="36rem"))
                       for tid, label, *_ in topic.MEASUREMENT_TESTS}
        self.button = ipw.Button(description="Compare", icon="check")
        self.button.on_click(lambda _: self.compare())
        self.result = ipw.HTML()
        self.widget = ipw.VBox([*self.inputs.values(), self.button, self.result])

    def values(self) -> dict:
        """The entered values as numbers (blank = skipped); a clear error for anything else."""
        out = {}
        for tid, box in self.inputs.items():
            text = box.value.strip().replace("°", "")
            if not text:
                continue
            try:
                out[tid] = float(text)
            except ValueError:
                raise ValueError(f"{box.description}: {box.value!r} is not a number of degrees") from None
        return out

    def compare(self, values: dict | None = None) -> list[dict]:
        """Compare ``values`` (default: what is typed in the form) and show the result."""
        try:
            values = self.values() if values is None else values
            rows = topic.compare_measurements(values, self.model)
        except ValueError as exc:
            self.result.value = f"<p><b>Please check:</b> {escape(str(exc))}</p>"
            return []
        self.result.value = format_comparison(rows)
        return rows

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def format_comparison(rows: list[dict]) -> str:
    """The comparison as an HTML table with a sentence per row."""
    if not rows:
        return "<p>Type at least one range (in degrees) and press Compare.</p>"
    out = ["<table><tr><th>Test</th><th>Yours</th><th>Cited mean(s)</th><th>Model, typical hip</th>"
           "<th>Model laxity that matches yours</th></tr>"]
    for r in rows:
        norms = "; ".join(f"{v:g}° ({escape(pos)})" for pos, v, _ in r["norms"]) or \
            "no verified norm in the course"
        typ = "not stopped by the capsule" if r["typical"] is None else f"{r['typical']:.0f}°"
        lax = escape(r["note"]) if r["laxity"] is None else (
            f"{r['laxity']:g}" + (f" ({escape(r['note'])})" if r["note"] else ""))
        out.append(f"<tr><td>{escape(r['label'])}</td><td>{r['value']:g}°</td><td>{norms}</td>"
                   f"<td>{typ}</td><td>{lax}</td></tr>")
    out.append("</table><p>Norms are group means: half of healthy people lie above them. A range "
               "far from the mean is worth a look by a professional only together with pain, "
               "giving way or a difference between your two hips. The model's laxity is what "
               "this simplified model would need to match your number, not a diagnosis.</p>")
    return "".join(out)


def range_form(model: HipModel | None = None) -> RangeForm:
    """The compare-your-range form (display it in a notebook)."""
    return RangeForm(model)
