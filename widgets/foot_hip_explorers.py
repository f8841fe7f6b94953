"""Chapter 4, live (ipywidgets + plotly FigureWidget) for JupyterLab, Binder and JupyterHub.

- :class:`ChainExplorer`: calcaneal eversion, the coupling (low, central or high) and hip
  adduction -> the model's bones and gluteal paths in 3-D and every gluteal part's length
  change and abduction moment arm.
- :class:`StanceExplorer`: body mass, trunk lean, load and cane (either hand), hip adduction,
  rotation, pelvic drop and abductor strength -> free-body diagram, forces and levers.

Both recompute the models on every change; never display them on a book page (the book shows
:mod:`widgets.foot_hip_view`). Drive them from code with ``set(...)``: invalid values raise
the model's error and change nothing.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw
import plotly.graph_objects as go

from . import bones_view as bv
from . import femur_view as fv
from .foot_hip_view import _glute_state, fbd_figure, fbd_spec, stance_page_data
from .model.chain import BANDS, EVERSION_RANGE, FootHipChain
from .model.stance import LIMITS, SIDES, StanceModel

__all__ = ["ChainExplorer", "StanceExplorer"]
STYLE = {"description_width": "11rem"}
WIDE = ipw.Layout(width="32rem")


def _figure_widget(fig):
    """A FigureWidget when anywidget is installed; else the plain figure (redrawn by hand)."""
    try:
        return go.FigureWidget(fig), True
    except ImportError:
        return fig, False


def _show(output, fig):
    """Put a plain figure into an Output widget (the fallback without anywidget)."""
    from IPython import get_ipython

    if get_ipython() is not None:
        output.outputs = ({"output_type": "display_data", "data": fig._repr_mimebundle_(),
                           "metadata": {}},)


class ChainExplorer:
    """The foot-hip chain, live."""

    def __init__(self, chain: FootHipChain | None = None, height=560):
        self.chain = chain or FootHipChain()
        self.model = self.chain.hip
        self.names = [self.model.muscle_info(m)["name"] for m in self.model.muscle_ids]
        self.meshes = bv.bone_meshes(self.model)
        lo, hi = EVERSION_RANGE
        self.eversion = ipw.FloatSlider(value=0.0, min=lo, max=hi, step=1.0, style=STYLE, layout=WIDE,
                                        description="Calcaneal eversion (°)", readout_format=".0f")
        self.coupling = ipw.ToggleButtons(options=[("low", 0), ("central", 1), ("high", 2)], value=1,
                                          description="Coupling", style={"button_width": "5rem"})
        self.adduction = ipw.FloatSlider(value=0.0, min=-20, max=20, step=1.0, style=STYLE, layout=WIDE,
                                         description="Hip adduction (°)", readout_format=".0f")
        self._hold = False
        for w in (self.eversion, self.coupling, self.adduction):
            w.observe(lambda _: None if self._hold else self._update(), names="value")
        fig = fv.make_view_figure(self.model, _glute_state(self.model, 0.0), height=height,
                                  meshes=self.meshes)
        fig.update_layout(scene_camera=fv.VIEWS["back"])
        self.view, self.live = _figure_widget(fig)
        self._out = ipw.Output()
        self._trace = {t.name: i for i, t in enumerate(self.view.data)}
        self.readout = ipw.HTML()
        self.result = None
        self._update()
        self.widget = ipw.VBox([self.eversion, self.coupling, self.adduction, self.readout,
                                self.view if self.live else self._out])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def set(self, eversion=None, coupling=None, adduction=None):
        """Set the controls (degrees; coupling 'low', 'mid' or 'high')."""
        ev = self.eversion.value if eversion is None else eversion
        add = self.adduction.value if adduction is None else adduction
        band = self.coupling.value if coupling is None else BANDS.index(coupling) \
            if coupling in BANDS else None
        if band is None:
            raise ValueError(f"coupling={coupling!r}: use one of {', '.join(BANDS)}")
        self.chain.evaluate([ev], adduction=add)           # raises for bad input
        self._hold = True
        try:
            self.eversion.value, self.adduction.value, self.coupling.value = float(ev), float(add), band
        finally:
            self._hold = False
        self._update()

    def _update(self):
        band = self.coupling.value
        r = self.chain.evaluate([self.eversion.value], adduction=self.adduction.value)
        self.result = r
        rot = float(r.femur_rotation_deg[0, band])
        st = _glute_state(self.model, rot, self.adduction.value)
        upd = fv.view_trace_updates(self.names, st, self.meshes)
        if self.live:
            with self.view.batch_update():
                fv.apply_view_updates(self.view, self._trace, upd)
        else:
            for name, props in upd.items():
                t = self.view.data[self._trace[name]]
                t.update(x=props["x"], y=props["y"], z=props["z"])
            _show(self._out, self.view)
        t = r.tibia_rotation_deg[0]
        rows = "".join(
            f"<tr><td>{escape(self.model.muscle_info(m)['name'])}</td>"
            f"<td>{r.length_change_mm[0, j, band]:+.1f} mm</td>"
            f"<td>{r.abduction_moment_arm_mm[0, j, band]:.1f} mm</td></tr>"
            for j, m in enumerate(r.muscle_ids))
        self.readout.value = (
            f"<b>Tibia and femur turned in {t[band]:+.1f}°</b> (band {t[0]:+.1f} to {t[2]:+.1f}°; "
            "cadaver coupling, an upper bound for the femur)<table><tr><th>part</th>"
            "<th>length change</th><th>abduction moment arm</th></tr>" + rows + "</table>")


class StanceExplorer:
    """Single-leg stance, live: every change re-solves the statics on the hip model."""

    def __init__(self, stance: StanceModel | None = None):
        self.stance = stance or StanceModel()
        self.data = stance_page_data(self.stance)

        def slider(desc, lo, hi, step, value):
            return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc,
                                   style=STYLE, layout=WIDE, continuous_update=True)

        L = LIMITS
        self.controls = {
            "body_mass": slider("Body mass (kg)", 40, 120, 1, round(self.stance.default_body_mass)),
            "lean": slider("Trunk lean (°, + to stance)", *L["lean"], 1, 0),
            "load": slider("Load in one hand (kg)", 0, 30, 0.5, 0),
            "load_side": ipw.ToggleButtons(options=list(SIDES), value="opposite", description="Load in"),
            "cane": slider("Cane push (N)", 0, 300, 5, 0),
            "cane_side": ipw.ToggleButtons(options=list(SIDES), value="opposite", description="Cane in"),
            "adduction": slider("Hip adduction (°)", *L["adduction"], 1, 0),
            "rotation": slider("Hip rotation (°, + internal)", *L["rotation"], 1, 0),
            "pelvic_drop": slider("Pelvic drop (°)", -10, 10, 1, 0),
        }
        self.strength = slider("Abductor strength (%)", 10, 100, 5, 100)
        self._hold = False
        for w in list(self.controls.values()) + [self.strength]:
            w.observe(self._on_change, names="value")
        self.result = self.stance.solve(**self.inputs())
        self.view, self.live = _figure_widget(fbd_figure(self.data, self.inputs(), self.result))
        self._out = ipw.Output()
        self.readout = ipw.HTML()
        self._update()
        self.widget = ipw.VBox([ipw.VBox(list(self.controls.values()) + [self.strength]),
                                self.readout, self.view if self.live else self._out])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def inputs(self) -> dict:
        return {k: (w.value if isinstance(w.value, str) else float(w.value))
                for k, w in self.controls.items()}

    def set(self, **values):
        """Set controls by name (``body_mass``, ``lean``, ``load``, ``load_side``, ``cane``,
        ``cane_side``, ``adduction``, ``rotation``, ``pelvic_drop``, ``strength`` in %)."""
        strength = values.pop("strength", self.strength.value)
        unknown = [k for k in values if k not in self.controls]
        if unknown:
            raise ValueError(f"unknown control(s) {unknown}; valid: {', '.join(self.controls)}, strength")
        if not 10 <= strength <= 100:
            raise ValueError(f"strength={strength}: use 10 to 100 (% of the moment needed)")
        self.stance.solve(**{**self.inputs(), **values})        # raises for bad input
        self._hold = True
        try:
            for k, v in values.items():
                self.controls[k].value = v
            self.strength.value = strength
        finally:
            self._hold = False
        self._update()

    def _on_change(self, change):
        if self._hold:
            return
        try:
            self._update()
        except (ValueError, TypeError) as exc:
            self.readout.value = f"<b>Not shown:</b> {escape(str(exc))}"

    def _update(self):
        inp = self.inputs()
        r = self.result = self.stance.solve(**inp)
        spec = fbd_spec(self.data, inp, r)
        if self.live:
            with self.view.batch_update():
                for t, new in zip(self.view.data, spec["data"]):
                    t.x, t.y = new["x"], new["y"]
                self.view.layout.annotations = spec["annotations"]
        else:
            self.view = fbd_figure(self.data, inp, r)
            _show(self._out, self.view)
        frac = self.strength.value / 100
        weak = ""
        if frac < 1 and not r.adductors_needed:
            w = self.stance.weakness(frac, **{k: v for k, v in inp.items()})
            weak = ("<br><b>Lean needed at this strength:</b> "
                    + (f"{w.lean_needed_deg:.1f}° toward the stance leg" if w.lean_needed_deg is not None
                       else "more than the model's 20°")
                    + ("; no pelvic drop helps (the need rises with every degree)"
                       if w.drop_needed_deg is None else f"; a {w.drop_needed_deg:.0f}° drop would do"))
        note = ("<br><i>The weight passes outside the hip: the abductors are silent and this "
                "model cannot balance the pelvis.</i>") if r.adductors_needed else ""
        self.readout.value = (
            f"<b>Abductor force</b> {r.abductor_force_n:.0f} N = {r.abductor_force_bw:.2f} × body weight "
            f"(line of pull {r.abductor_angle_deg:.0f}° from vertical)<br>"
            f"<b>Hip joint force</b> {r.joint_force_n:.0f} N = {r.joint_force_bw:.2f} × body weight "
            f"({abs(r.joint_force_angle_deg):.0f}° from vertical)<br>"
            f"<b>Levers</b>: abductors {r.abductor_moment_arm_m * 1000:.1f} mm (hip model, this pose), "
            f"body weight {r.body_weight_moment_arm_m * 1000:.1f} mm" + weak + note)


def chain_explorer(**kwargs) -> ChainExplorer:
    return ChainExplorer(**kwargs)


def stance_explorer(**kwargs) -> StanceExplorer:
    return StanceExplorer(**kwargs)

